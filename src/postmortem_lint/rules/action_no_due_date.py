"""An open action item has no due date.

Without a date an action item drifts behind feature work until the incident happens again. Give
every open item one calendar date by which it will be done: `due 2026-09-01`, `(due: Sep 1,
2026)`, `by 2026-09-01`, a `Due` table column, or the middle bracket of `[Owner] [Due] [Fix]`.
Done items need no date. An item whose due date is written but is not a calendar date ("next
sprint", "Q3") is reported by PM104 (action-bad-due-date) instead.

Fix: add a date within the completion window for the incident's severity (see PM104), e.g.
`— due 2026-09-01`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.action_items import example_due, open_items, quoted_item


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    example = example_due(ctx.document, ctx.config)
    for item in open_items(ctx.document):
        if item.due_text is None:
            yield Problem(
                item.line, f"{quoted_item(item)} has no due date: add one calendar date, e.g. {example}"
            )


RULE = Rule(
    id="PM103",
    name="action-no-due-date",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace(" — due 2026-09-10", ""),
    good=COMPLETE,
)
