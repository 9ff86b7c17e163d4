"""Whose comments and issues are ours: the token's own identity, against the fake GitHub server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from postmortem_lint.github.client import GitHubClient, GitHubError
from postmortem_lint.github.identity import Identity, own_identity
from tests.fake_github import FakeGitHub, serve


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with serve() as running:
        yield running


def client_for(fake: FakeGitHub, app_slug: str = "github-actions") -> GitHubClient:
    return GitHubClient(fake.token, fake.url, app_slug=app_slug, retries=0)


def test_the_workflow_token_is_the_actions_bot_asked_once_per_client(fake: FakeGitHub) -> None:
    with client_for(fake) as client:
        first, again = own_identity(client), own_identity(client)
    assert first == again == Identity("github-actions[bot]")
    assert [(r.path, r.status) for r in fake.requests] == [("/user", 403)]
    with client_for(fake) as other:
        own_identity(other)
    assert len(fake.requests) == 2  # remembered per client (per run), not across tokens


def test_the_bot_is_matched_by_login_and_nothing_else_is(fake: FakeGitHub) -> None:
    with client_for(fake) as client:
        me = own_identity(client)
    assert me.is_own(fake.user("github-actions[bot]"))
    assert me.is_own({"login": "GitHub-Actions[bot]", "id": 1})  # logins are case-insensitive
    for other in (fake.user("github-actions"), fake.user("mallory"), {"login": None}, None, "x"):
        assert not me.is_own(other)


def test_another_apps_installation_token_is_that_apps_bot(fake: FakeGitHub) -> None:
    with client_for(fake, app_slug="incident-helper") as client:
        me = own_identity(client)
    assert me == Identity("incident-helper[bot]")
    assert not me.is_own(fake.user("github-actions[bot]"))


def test_a_personal_token_is_its_user_matched_by_id(fake: FakeGitHub) -> None:
    fake.user_token("octo-bot")
    with client_for(fake) as client:
        me = own_identity(client)
    user = fake.user("octo-bot")
    assert me == Identity("octo-bot", user["id"])
    assert me.is_own(user)
    assert me.is_own({**user, "login": "renamed-octo-bot"})  # a rename keeps the ID
    assert not me.is_own({**user, "id": user["id"] + 1})  # a login taken over by someone else
    assert not me.is_own(fake.user("github-actions[bot]"))
    assert [(r.path, r.status) for r in fake.requests] == [("/user", 200)]


def test_a_bad_token_is_an_error_not_a_guess(fake: FakeGitHub) -> None:
    with GitHubClient("ghp_wrong", fake.url, retries=0) as client, pytest.raises(GitHubError) as caught:
        own_identity(client)
    assert caught.value.status == 401
    assert "ghp_wrong" not in str(caught.value)
