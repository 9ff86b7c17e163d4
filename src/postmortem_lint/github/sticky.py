"""One comment per pull request, found again by a hidden marker and kept up to date.

Only a marked comment written by the token's own identity (identity.py) is ours: anyone can type the
marker, and an outsider's marked comment is never updated, deleted or counted.

Updated only when its text changed (an identical re-run makes no write request). When a create's answer
is lost (`WriteOutcomeUnknown`), the comments are listed again before anything is retried, so a comment
GitHub did create is updated rather than duplicated. Extra marked comments, left by two runs that raced
without a `concurrency:` group, are deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from postmortem_lint.github.client import GitHubClient, GitHubError, WriteOutcomeUnknown
from postmortem_lint.github.identity import Identity, own_identity

READ = "pull-requests: read"
WRITE = "pull-requests: write"
_ATTEMPTS = 3
_LINKED = {"html_url": str}  # what a write of the comment must answer: its URL is the step's output


@dataclass(frozen=True)
class Outcome:
    # "created", "updated", "unchanged", "absent" (nothing to say and nothing there),
    # and with dry_run "would create" or "would update"
    action: str
    url: str | None = None


def upsert(
    client: GitHubClient,
    repository: str,
    number: int,
    body: str,
    *,
    marker: str,
    create: bool = True,
    dry_run: bool = False,
) -> Outcome:
    """Make the marked comment on issue/PR `number` read `body`; with `create=False` only update one."""
    comments = f"/repos/{repository}/issues/{number}/comments"
    me = own_identity(client)
    for _ in range(_ATTEMPTS):
        listed = client.paginate(comments, permission=READ, needs={"id": int})
        ours = [c for c in listed if _ours(c, marker, me)]
        if ours:
            keep = ours[0]
            if not dry_run:
                for extra in ours[1:]:
                    client.delete(f"/repos/{repository}/issues/comments/{extra['id']}", permission=WRITE)
            if _same(keep.get("body"), body):
                return Outcome("unchanged", keep.get("html_url"))
            if dry_run:
                return Outcome("would update", keep.get("html_url"))
            updated = client.patch(
                f"/repos/{repository}/issues/comments/{keep['id']}",
                {"body": body},
                permission=WRITE,
                needs=_LINKED,
            )
            return Outcome("updated", updated["html_url"])
        if not create:
            return Outcome("absent")
        if dry_run:
            return Outcome("would create")
        try:
            created = client.post(comments, {"body": body}, permission=WRITE, needs=_LINKED)
        except WriteOutcomeUnknown:
            continue  # list again: it may be there
        return Outcome("created", created["html_url"])
    raise GitHubError(f"could not confirm the comment on #{number} after {_ATTEMPTS} attempts")


def _ours(comment: Any, marker: str, me: Identity) -> bool:
    return me.wrote(comment) and str(comment.get("body") or "").startswith(marker)


def _same(existing: Any, body: str) -> bool:
    return isinstance(existing, str) and existing.replace("\r\n", "\n").strip() == body.strip()
