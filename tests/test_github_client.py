"""The GitHub API client against the fake GitHub server, over real HTTP.

Waiting goes through an injected clock, so rate limits of a minute or an hour cost nothing, and what
the client waited is asserted exactly (jitter is pinned to its maximum).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from postmortem_lint.github.client import (
    GitHubClient,
    GitHubError,
    RateLimitExceeded,
    RequestCapReached,
    WriteOutcomeUnknown,
)
from tests.fake_github import TOKEN, FakeGitHub, serve

COMMENTS = "/repos/acme/incidents/issues/7/comments"


class Clock:
    """Time that passes only when the client sleeps."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with serve() as running:
        running.add_pull_request(7, [("postmortems/a.md", "added")])
        yield running


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make_client(
    fake: FakeGitHub, clock: Clock, token: str = TOKEN, max_wait: float = 300.0, write_interval: float = 0.0
) -> GitHubClient:
    return GitHubClient(
        token,
        fake.url,
        max_wait=max_wait,
        write_interval=write_interval,
        sleep=clock.sleep,
        clock=clock.time,
        jitter=lambda: 1.0,
    )


@pytest.fixture
def client(fake: FakeGitHub, clock: Clock) -> Iterator[GitHubClient]:
    with make_client(fake, clock) as made:
        yield made


def test_requests_carry_token_media_type_version_and_user_agent(
    client: GitHubClient, fake: FakeGitHub
) -> None:
    client.get("/repos/acme/incidents/issues/7")
    headers = fake.requests[0].headers
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert headers["accept"] == "application/vnd.github+json"
    assert headers["x-github-api-version"] == "2022-11-28"
    assert headers["user-agent"].startswith("postmortem-lint/")


def test_pagination_follows_the_link_header_to_the_last_page(client: GitHubClient, fake: FakeGitHub) -> None:
    for number in range(8, 258):  # 250 issues, plus pull request 7
        fake.add_issue(number, f"issue {number}", state="closed" if number % 3 else "open")
    numbers = [issue["number"] for issue in client.paginate("/repos/acme/incidents/issues", {"state": "all"})]
    assert numbers == list(range(257, 6, -1))  # newest first, as GitHub lists them by default
    assert [(r.query.get("page"), r.query["per_page"], r.query["state"]) for r in fake.requests] == [
        (None, "100", "all"),
        ("2", "100", "all"),
        ("3", "100", "all"),
    ]


def test_the_fake_refuses_more_than_100_per_page_like_github(client: GitHubClient) -> None:
    with pytest.raises(GitHubError) as caught:
        client.get(COMMENTS, {"per_page": 101})
    assert caught.value.status == 422


def test_a_next_link_to_another_host_is_not_followed(client: GitHubClient, fake: FakeGitHub) -> None:
    for index in range(150):
        fake.add_comment(7, f"comment {index}")
    fake.foreign_next_link = True
    with pytest.raises(GitHubError, match="refusing to follow a link outside"):
        list(client.paginate(COMMENTS))
    assert len(fake.requests) == 1


def test_a_next_link_that_loops_back_ends_in_a_clear_error(client: GitHubClient, fake: FakeGitHub) -> None:
    for index in range(150):
        fake.add_comment(7, f"comment {index}")
    fake.looping_next_link = True  # every page's `next` is page 1 again
    with pytest.raises(GitHubError) as caught:
        list(client.paginate(COMMENTS))
    assert str(caught.value) == (
        f"GET {COMMENTS}: GitHub's `next` link leads back to a page already read (page 2); stopping"
    )
    assert [r.query.get("page") for r in fake.requests] == [None, "1"]  # the first page, named twice


def test_a_list_stops_at_the_page_cap(fake: FakeGitHub, clock: Clock) -> None:
    for index in range(300):
        fake.add_comment(7, f"comment {index}")
    with GitHubClient(TOKEN, fake.url, max_pages=3, sleep=clock.sleep, clock=clock.time) as client:
        assert len(list(client.paginate(COMMENTS))) == 300  # three full pages: within the cap
        fake.add_comment(7, "one more, on a fourth page")
        with pytest.raises(GitHubError, match=r"more than 3 pages; stopping$"):
            list(client.paginate(COMMENTS))
    assert len(fake.requests) == 3 + 3


def test_server_errors_are_retried_with_growing_backoff(
    client: GitHubClient, fake: FakeGitHub, clock: Clock
) -> None:
    fake.inject("GET", "/issues/7$", "502", times=3)
    assert client.get("/repos/acme/incidents/issues/7")["number"] == 7
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert [r.status for r in fake.requests] == [502, 502, 502, 200]


def test_a_request_cap_counts_retries_and_pages_and_sends_nothing_past_it(
    client: GitHubClient, fake: FakeGitHub
) -> None:
    fake.inject("GET", "/issues/7$", "502", times=3)
    with client.capped(3), pytest.raises(RequestCapReached, match="not sent, the request cap is reached"):
        client.get("/repos/acme/incidents/issues/7")  # the fourth attempt would pass the cap
    assert len(fake.requests) == 3
    for number in range(1, 151):
        fake.add_issue(number + 100, f"issue {number}", "")
    with client.capped(5):
        with client.capped(1), pytest.raises(RequestCapReached):  # nested: the tighter cap holds
            list(client.paginate("/repos/acme/incidents/issues"))
        assert client.requests_left == 4
        with pytest.raises(RequestCapReached, match="needs 5 requests, the cap leaves 4"):
            client.ensure(5, "the write-back")
        assert len(list(client.paginate("/repos/acme/incidents/issues"))) >= 150  # two pages fit
    assert len(fake.requests) == 3 + 1 + 2 and client.requests_left is None


def test_server_errors_end_in_one_clear_error_after_the_retries(
    client: GitHubClient, fake: FakeGitHub, clock: Clock
) -> None:
    fake.inject("GET", "/issues/7$", "500", times=10)
    with pytest.raises(GitHubError) as caught:
        client.get("/repos/acme/incidents/issues/7")
    assert caught.value.status == 500
    assert str(caught.value) == "GET /repos/acme/incidents/issues/7: 500 Server Error (5 attempts)"
    assert len(clock.sleeps) == 4


def test_a_dropped_connection_on_a_read_is_retried(client: GitHubClient, fake: FakeGitHub) -> None:
    fake.inject("GET", "/comments$", "drop")
    assert list(client.paginate(COMMENTS)) == []
    assert [r.method for r in fake.requests] == ["GET", "GET"]


@pytest.mark.parametrize(("kind", "applied"), [("drop", False), ("drop-after", True), ("502", False)])
def test_a_create_whose_answer_is_lost_is_not_repeated(
    client: GitHubClient, fake: FakeGitHub, kind: str, applied: bool
) -> None:
    fake.inject("POST", "/comments$", kind)
    with pytest.raises(WriteOutcomeUnknown, match="check before retrying"):
        client.post(COMMENTS, {"body": "hello"})
    assert len(fake.writes()) == 1
    assert fake.comments_on(7) == (["hello"] if applied else [])


def test_a_lost_update_is_retried_because_it_is_idempotent(client: GitHubClient, fake: FakeGitHub) -> None:
    comment_id = fake.add_comment(7, "old")
    fake.inject("PATCH", "/comments/", "drop-after")
    client.patch(f"/repos/acme/incidents/issues/comments/{comment_id}", {"body": "new"})
    assert fake.comments_on(7) == ["new"]
    assert len(fake.writes()) == 2


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("html-after", "GitHub's answer is not JSON"),
        ("list-after", "GitHub's answer is a list, not an object"),
        ("object-after", "GitHub's answer has no 'id' (an integer)"),
    ],
)
def test_a_success_that_is_not_the_object_asked_for_is_an_error_naming_the_request(
    client: GitHubClient, fake: FakeGitHub, kind: str, problem: str
) -> None:
    fake.inject("POST", "/comments$", kind)
    with pytest.raises(GitHubError) as raised:
        client.post(COMMENTS, {"body": "hello"}, needs={"id": int, "html_url": str})
    assert str(raised.value) == f"POST {COMMENTS}: {problem}"
    assert fake.comments_on(7) == ["hello"]  # it took effect: the caller looks before trying again


def test_a_listed_item_without_a_field_asked_for_is_an_error_naming_the_request(
    client: GitHubClient, fake: FakeGitHub
) -> None:
    fake.add_comment(7, "hello")
    assert [c["body"] for c in client.paginate(COMMENTS, needs={"id": int})] == ["hello"]
    with pytest.raises(GitHubError, match=f"^GET {COMMENTS}: an item of GitHub's answer has no 'number'"):
        list(client.paginate(COMMENTS, needs={"number": int}))


def test_secondary_rate_limit_waits_as_long_as_retry_after_says(
    client: GitHubClient, fake: FakeGitHub, clock: Clock
) -> None:
    fake.inject("POST", "/comments$", "secondary", retry_after=7)
    client.post(COMMENTS, {"body": "hello"})
    assert clock.sleeps == [7.0]
    assert [r.status for r in fake.writes()] == [403, 201]
    assert fake.comments_on(7) == ["hello"]


def test_secondary_rate_limit_without_retry_after_waits_at_least_a_minute_growing(
    client: GitHubClient, fake: FakeGitHub, clock: Clock
) -> None:
    fake.inject("GET", "/comments$", "secondary", times=2)
    list(client.paginate(COMMENTS))
    assert clock.sleeps == [60.0, 120.0]


def test_429_with_retry_after(client: GitHubClient, fake: FakeGitHub, clock: Clock) -> None:
    fake.inject("GET", "/comments$", "429", retry_after=3)
    list(client.paginate(COMMENTS))
    assert clock.sleeps == [3.0]


def test_exhausted_primary_limit_waits_until_the_reset(
    client: GitHubClient, fake: FakeGitHub, clock: Clock
) -> None:
    fake.inject("GET", "/comments$", "primary", reset=int(clock.now) + 120)
    list(client.paginate(COMMENTS))
    assert clock.sleeps == [121.0]  # until the reset, plus a second for clock skew


def test_waiting_stops_at_the_budget_with_a_clear_message(fake: FakeGitHub, clock: Clock) -> None:
    fake.inject("GET", "/comments$", "primary", reset=int(clock.now) + 3600)
    with make_client(fake, clock, max_wait=300) as client, pytest.raises(RateLimitExceeded) as caught:
        list(client.paginate(COMMENTS))
    assert str(caught.value) == (
        f"GET {COMMENTS}: GitHub rate limit (403): waiting 3601 s more would pass the wait budget of 300 s "
        "(0 s waited so far); stopping, re-run the job later"
    )
    assert clock.sleeps == []


def test_a_plain_403_is_a_permission_error_naming_the_permission(
    client: GitHubClient, fake: FakeGitHub, clock: Clock
) -> None:
    fake.read_only = True
    with pytest.raises(GitHubError) as caught:
        client.post(COMMENTS, {"body": "hello"}, permission="pull-requests: write")
    assert caught.value.status == 403
    assert str(caught.value) == (
        f"POST {COMMENTS}: 403 Resource not accessible by integration — "
        "the workflow's token needs `permissions: pull-requests: write`"
    )
    assert clock.sleeps == []
    assert len(fake.writes()) == 1


def test_404_names_the_permission(client: GitHubClient) -> None:
    with pytest.raises(GitHubError, match=r"404 Not Found — not found, or the token cannot see it") as caught:
        client.get("/repos/acme/incidents/issues/999", permission="issues: read")
    assert "`permissions: issues: read`" in str(caught.value)


def test_a_wrong_token_is_one_line_that_does_not_show_it(fake: FakeGitHub, clock: Clock) -> None:
    wrong = "ghp_wrongWrongWrong0123456789"
    with make_client(fake, clock, token=wrong) as client, pytest.raises(GitHubError) as caught:
        client.get("/repos/acme/incidents/issues/7")
    message = str(caught.value)
    assert caught.value.status == 401
    assert "\n" not in message
    assert "github-token" in message
    assert wrong not in message
    assert wrong not in repr(caught.value)
    assert wrong not in repr(client)


def test_the_token_is_redacted_even_when_the_server_repeats_it(
    client: GitHubClient, fake: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.inject("GET", "/comments$", "echo-token", times=10)
    with pytest.raises(GitHubError) as caught:
        list(client.paginate(COMMENTS))
    assert "upstream failed for Bearer ***" in str(caught.value)
    for text in (str(caught.value), repr(caught.value), repr(client), *capsys.readouterr()):
        assert TOKEN not in text


def test_write_requests_go_one_at_a_time(client: GitHubClient, fake: FakeGitHub) -> None:
    fake.write_delay = 0.05
    threads = [
        threading.Thread(target=client.post, args=(COMMENTS, {"body": f"comment {index}"}))
        for index in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(fake.comments_on(7)) == [f"comment {index}" for index in range(4)]
    assert fake.max_concurrent_writes == 1


def test_write_requests_are_spaced_by_the_interval_reads_are_not(fake: FakeGitHub, clock: Clock) -> None:
    with make_client(fake, clock, write_interval=5.0) as client:
        client.post(COMMENTS, {"body": "one"})
        list(client.paginate(COMMENTS))
        client.post(COMMENTS, {"body": "two"})
    assert clock.sleeps == [5.0]


def test_spacing_writes_is_not_charged_to_the_wait_budget(fake: FakeGitHub, clock: Clock) -> None:
    """Three hundred writes a second apart are pacing, not retrying: a 10 s budget is not used up."""
    with make_client(fake, clock, max_wait=10, write_interval=1.0) as client:
        for index in range(300):
            client.post(COMMENTS, {"body": f"comment {index}"})
    assert clock.sleeps == [1.0] * 299
    assert len(fake.comments_on(7)) == 300


def test_github_enterprise_server_api_path() -> None:
    clock = Clock()
    with serve(FakeGitHub(prefix="/api/v3")) as fake:
        fake.add_pull_request(7, [("postmortems/a.md", "modified")])
        assert fake.url.endswith("/api/v3")
        with make_client(fake, clock) as client:
            files = list(client.paginate("/repos/acme/incidents/pulls/7/files"))
    assert [f["filename"] for f in files] == ["postmortems/a.md"]
    assert fake.requests[0].path == "/repos/acme/incidents/pulls/7/files"


def test_the_fake_rejects_bodies_outside_githubs_schema(client: GitHubClient, fake: FakeGitHub) -> None:
    fake.expect_rejections = True
    with pytest.raises(GitHubError, match="'body' is a required property") as caught:
        client.post(COMMENTS, {"text": "hello"})
    assert caught.value.status == 422
    assert fake.comments_on(7) == []


def test_the_fakes_issue_endpoints_answer_within_githubs_schema(
    client: GitHubClient, fake: FakeGitHub
) -> None:
    """The endpoints issues on merge will use; `serve()` fails the test on any response outside the schema."""
    fake.assignable = {"maria"}
    fake.comparisons["a...b"] = [("postmortems/a.md", "modified")]
    repo = "/repos/acme/incidents"
    label = client.post(
        f"{repo}/labels", {"name": "postmortem-action", "color": "d93f0b", "description": "x"}
    )
    assert label["name"] == "postmortem-action"
    issue = client.post(
        f"{repo}/issues",
        {"title": "Add alert", "body": "<!-- m -->", "labels": ["postmortem-action"], "assignees": ["maria"]},
    )
    assert (issue["number"], issue["assignees"][0]["login"]) == (8, "maria")
    assert client.get(f"{repo}/assignees/maria") is None
    with pytest.raises(GitHubError, match="404"):
        client.get(f"{repo}/assignees/nobody")
    with pytest.raises(GitHubError, match="422 Validation Failed: assignees invalid"):
        client.post(f"{repo}/issues", {"title": "t", "assignees": ["nobody"]})
    with pytest.raises(GitHubError, match="already_exists"):
        client.post(f"{repo}/labels", {"name": "Postmortem-Action"})
    listed = list(client.paginate(f"{repo}/issues", {"state": "all", "labels": "postmortem-action"}))
    assert [i["number"] for i in listed] == [8]
    assert "pull_request" in client.get(f"{repo}/issues/7")
    assert [f["filename"] for f in client.get(f"{repo}/compare/a...b")["files"]] == ["postmortems/a.md"]
    assert [label["name"] for label in client.paginate(f"{repo}/labels")] == ["postmortem-action"]
