"""An open action item's due date is not a calendar date, or is outside the completion window.

"Next sprint", "Q3", "soon" or "TBD" cannot be tracked or missed, so they are no commitment. A
real date can still be wrong: before the incident (a typo, or a copied item), or later than the
completion window for the incident's severity. The window follows PagerDuty's and Atlassian's
published practice: SEV1 actions done within 15 days of the incident, SEV2 within 30, others
within 56. Change it with `due-windows` in the configuration (`due-windows: {SEV1: 10, default:
42}`). Without an incident date only the not-a-date check applies; done items are not checked.
A date written without its year ("Nov 6", "due Oct 28", an "Oct 28" table cell) is the first such
day on or after the incident date; without an incident date it is not a calendar date.

Fix: write one calendar date inside the window. Work that really takes longer is a project: split
off the part that prevents a recurrence now and track the rest in the backlog.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.action_items import (
    completion_window,
    example_due,
    open_items,
    quote,
    quoted_item,
)


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    window = completion_window(ctx.document, ctx.config)
    for item in open_items(ctx.document):
        if item.due_text is None:
            continue  # PM103's finding
        if item.due is None:
            yield Problem(
                item.line,
                f"{quoted_item(item)} is due {quote(item.due_text, 30)}, which is not a calendar date: "
                f"write one date, e.g. {example_due(ctx.document, ctx.config)}",
            )
        elif window is None:
            continue
        elif item.due < window.incident:
            yield Problem(
                item.line,
                f"{quoted_item(item)} is due {item.due}, before the incident ({window.incident}): "
                "correct the date",
            )
        elif item.due > window.last_day:
            days = (item.due - window.incident).days
            kind = f"{window.severity} actions" if window.severity in ctx.config.due_windows else "actions"
            yield Problem(
                item.line,
                f"{quoted_item(item)} is due {item.due}, {days} days after the incident; {kind} are due "
                f"within {window.days} days (by {window.last_day}): bring it forward or split off "
                "what can be done by then",
            )


RULE = Rule(
    id="PM104",
    name="action-bad-due-date",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace("due 2026-09-10", "due next sprint"),
    good=COMPLETE,
)
