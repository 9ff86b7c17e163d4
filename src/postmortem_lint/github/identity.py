"""Who the token acts as: the only author whose comments and issues postmortem-lint trusts as its own.

A marker in a comment or issue body can be typed by anyone who can comment, so a marked comment or
issue counts as ours only when its author is this identity; an outsider's is never edited, deleted,
closed or counted.

How it is found (one request a run, then remembered for the client):
- `GET /user` answers for a user's token (a personal access token, classic or fine-grained, or an
  OAuth token): the identity is that user, matched by ID (logins can be renamed and reused).
- An installation token (a GitHub App's, which is what a workflow's `GITHUB_TOKEN` is) is no user:
  GitHub answers 403 "Resource not accessible by integration". It acts as the app's bot user,
  `<app-slug>[bot]`. `GET /app` would name the app, but it takes the app's JWT, never an installation
  token, so the slug is given instead (the client's `app_slug`, the `--app-slug` option):
  `github-actions` for the workflow token (the default), or the slug of your own app
  (actions/create-github-app-token outputs it as `app-slug`). The bot is matched by login, as its ID
  differs between github.com and each GitHub Enterprise Server. Every workflow of the
  repository that writes with its `GITHUB_TOKEN` writes as `github-actions[bot]`; those are the
  repository's own workflows (a fork's pull request gets a read-only token), so they are trusted alike.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from postmortem_lint.github.client import GitHubClient, GitHubError

_NOT_A_USER = "resource not accessible by integration"
_known: weakref.WeakKeyDictionary[GitHubClient, Identity] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Identity:
    login: str
    id: int | None = None  # None for an app's bot: matched by login

    def is_own(self, user: Any) -> bool:
        """Whether a `user` object from GitHub (a comment's or issue's `user`) is this identity."""
        if not isinstance(user, dict):
            return False
        if self.id is not None:
            return user.get("id") == self.id and isinstance(user.get("id"), int)
        login = user.get("login")
        return isinstance(login, str) and login.casefold() == self.login.casefold()

    def wrote(self, thing: Any) -> bool:
        """Whether a comment, issue or pull request object from GitHub was written by this identity."""
        return isinstance(thing, dict) and self.is_own(thing.get("user"))


def own_identity(client: GitHubClient) -> Identity:
    """The identity `client`'s token acts as; asked once per client."""
    known = _known.get(client)
    if known is None:
        known = _known[client] = _ask(client)
    return known


def app_bot(client: GitHubClient) -> Identity:
    """The bot of the app `client` names (`--app-slug`): whom the Action's installation token acts as."""
    return Identity(f"{client.app_slug}[bot]")


def _ask(client: GitHubClient) -> Identity:
    try:
        user = client.get("/user", needs={"login": str, "id": int})
    except GitHubError as exc:
        if exc.status == 403 and _NOT_A_USER in str(exc).lower():
            return app_bot(client)
        raise
    return Identity(user["login"], user["id"])
