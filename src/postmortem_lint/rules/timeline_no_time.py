"""A timeline entry has no readable time.

Each entry of a timeline should say when it happened, so the timeline shows how long detection,
diagnosis and recovery took. Times may be written 14:02, 2:02 PM, 14:02 UTC or with a date
(2026-08-19 14:02). A date alone is not a time, nor is a placeholder such as "HH:mm"; for a timeline
that spans days, give the time of day too, or disable the rule for the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    for entry in ctx.document.timeline:
        if entry.time is None:
            quoted = entry.text if len(entry.text) <= 60 else entry.text[:57] + "..."
            yield Problem(
                entry.line,
                f'timeline entry "{quoted}" has no time: start it with one (e.g. "14:02 UTC")',
            )


RULE = Rule(
    id="PM203",
    name="timeline-no-time",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace("- 14:31 rollback started", "- rollback started"),
    good=COMPLETE,
)
