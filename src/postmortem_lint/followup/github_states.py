"""The states of action items' GitHub issues, read in as few requests as the API allows.

One paged listing of the issues labelled `postmortem-action` (every state) finds the issues the Action
opened, by the marker in their bodies, and any linked issue that carries the label. Linked issues
(`#123`, or a URL into the same repository) that the listing did not hold are read from one more
listing of all issues, newest first, stopping at the page that reaches the oldest of them. Never one
GET per item, never the search API (its index lags behind).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from postmortem_lint.followup.model import IssueState
from postmortem_lint.github.client import GitHubClient
from postmortem_lint.github.identity import app_bot
from postmortem_lint.github.issues import READ, Tracked, list_tracked, tracked
from postmortem_lint.regex import compiled

_URL = compiled(r"^https?://[^/\s]+/(?P<repository>[^/\s]+/[^/\s]+)/(?:issues|pull)/(?P<number>\d+)$")


@dataclass(frozen=True)
class IssueStates:
    """Issue states by marker key and by number, and the requests it took to read them."""

    repository: str
    by_key: dict[str, IssueState]
    by_number: dict[int, IssueState]
    requests: int

    def find(self, key: str, issue: str | None) -> IssueState | None:
        """The item's issue: the one it links (in this repository), else the one carrying its marker."""
        number = linked_number(issue, self.repository)
        if number is not None:
            return self.by_number.get(number)
        return None if issue else self.by_key.get(key)


def linked_number(issue: str | None, repository: str) -> int | None:
    """`#123`, or an issue URL into `repository`, as 123; None for anything else."""
    if not issue:
        return None
    if issue.startswith("#") and issue[1:].isdigit():
        return int(issue[1:])
    url = _URL.match(issue)
    if url and url["repository"].lower() == repository.lower():
        return int(url["number"])
    return None


def read_states(client: GitHubClient, repository: str, linked: Iterable[str | None]) -> IssueStates:
    """States of the labelled issues, plus those of the `linked` references the listing lacks.

    A marked issue counts when the token's own identity opened it, or the Action's bot (the app of
    `--app-slug`, github-actions by default): a report run with a personal token still finds the
    issues the Action opened. Only the repository's own workflows write as that bot (a fork's pull
    request gets a read-only token), and the report only reads; an outsider's marked decoy still counts
    for nothing."""
    before = client.requests_sent
    listing = list_tracked(client, repository, also=(app_bot(client),))
    numbers = dict(listing.numbers)
    wanted = {n for n in (linked_number(i, repository) for i in linked) if n is not None} - set(numbers)
    if wanted:
        oldest, remaining = min(wanted), set(wanted)
        query = {"state": "all", "sort": "created", "direction": "desc"}
        for issue in client.paginate(f"/repos/{repository}/issues", query, permission=READ):
            this = tracked(issue)
            if this is not None:
                numbers.setdefault(this.number, this)
                remaining.discard(this.number)
            number = issue.get("number") if isinstance(issue, dict) else None
            # numbers grow with creation: below the oldest wanted, every later one is older still
            if not remaining or (isinstance(number, int) and number <= oldest):
                break
    return IssueStates(
        repository,
        {key: _state(t) for key, t in listing.tracked.items()},
        {number: _state(t) for number, t in numbers.items()},
        client.requests_sent - before,
    )


def _state(found: Tracked) -> IssueState:
    closed = None
    if found.closed_at:
        try:
            closed = dt.datetime.fromisoformat(found.closed_at.replace("Z", "+00:00")).date()
        except ValueError:
            closed = None
    return IssueState(
        found.number,
        found.url,
        found.state,
        found.state_reason,
        closed,
        found.labels,
        found.comments,
        found.assignees,
    )
