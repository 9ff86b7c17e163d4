"""A standard or deep review (tier 2 or 3) has an action-items section without any action items.

A review that changes nothing has not finished: the point of the postmortem is the follow-up
work. This fires when the action-items section is there but no item can be read from it: it is
empty, or holds only template guidance (an italic paragraph, an HTML comment) or empty table rows.
A document without the section gets PM001 (missing-section) instead, and a tier-1 recap is not
checked. Items already done count as items.

Fix: write each follow-up as a list item or table row, e.g.
`- [ ] Add alert for gateway queue depth above 200 — @maria — due 2026-09-01`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.markup import plain
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE

_ACTIONS = COMPLETE[COMPLETE.index("- [ ] Add alert") :]


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    document = ctx.document
    sections = document.sections_of("action_items")
    if document.tier < 2 or document.actions or not sections:
        return
    first = min(sections, key=lambda s: s.line)
    example = '"- [ ] <the change> — @owner — due YYYY-MM-DD"'
    if not any(plain(s.text) for s in sections):  # nothing a reader sees (HTML comments count as empty)
        message = f"is empty: tier {document.tier} needs at least one action item, e.g. {example}"
    else:
        message = (
            f"has no action item, only text or empty rows: write each action as a list item, e.g. {example}"
        )
    yield Problem(first.line, f'"{first.title}" {message}')


RULE = Rule(
    id="PM108",
    name="no-action-items",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace(_ACTIONS, "_List each follow-up with its owner and due date._\n"),
    good=COMPLETE,
)
