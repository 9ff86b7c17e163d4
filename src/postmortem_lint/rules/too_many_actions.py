"""More open action items than a team will finish (more than 5 by default).

A long list of follow-ups looks thorough, but the items past the first few are rarely done, and
five unfinished tasks teach less than two completed ones. Keep open the few items that prevent a
recurrence or shorten the next response; move nice-to-haves to the backlog, merge overlapping
items, and mark the ones already done as done (`- [x]`). Option `max-open` (default 5) sets the
limit. The finding is reported once, at the action-items heading.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.action_items import open_items

_EXTRA = "".join(
    f"- [ ] {action} — @maria — due 2026-09-15\n"
    for action in (
        "Add a runbook step for rolling back payment-gateway",
        "Alert when checkout p99 latency is above 2 s for 5 minutes",
        "Add a staging check that the pool size matches production",
        "Record gateway queue depth on the checkout dashboard",
    )
)


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    limit = max(int(options["max-open"]), 0)
    items = open_items(ctx.document)
    if len(items) <= limit:
        return
    headings = [s.line for s in ctx.document.sections_of("action_items")]
    yield Problem(
        min(headings, default=items[0].line),
        f"{len(items)} open action items, more than {limit}: keep open the few that prevent a "
        "recurrence, move the rest to the backlog (five unfinished tasks teach less than two completed ones)",
    )


RULE = Rule(
    id="PM107",
    name="too-many-actions",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE + _EXTRA,
    good=COMPLETE,
    options={"max-open": 5},
)
