"""A timeline entry is earlier than the one before it.

A timeline is read top to bottom; an entry out of order hides what was known when. Dates written on
entries or on a date line above them ("2026-08-19 (all times UTC)") are taken into account, and an
undated step from late evening to early morning (23:50, then 00:10) counts as the next day. Move the
entry to its place, or fix its time or date.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.chronology import time_as_written


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    for clocked in ctx.clocked:
        if clocked.out_of_order and clocked.previous is not None:
            yield Problem(
                clocked.entry.line,
                f"timeline entry at {time_as_written(clocked.entry)} comes after one at "
                f"{time_as_written(clocked.previous)} (line {clocked.previous.line}): move it to its place "
                "or correct its time",
            )


RULE = Rule(
    id="PM202",
    name="timeline-out-of-order",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace("- 14:31 rollback started", "- 13:31 rollback started"),
    good=COMPLETE,
)
