"""The stated duration differs from the timeline's span by more than 25%.

When the `duration` field says "47 minutes" but the timeline runs from 14:02 to 16:30, one of them is
wrong, and readers will quote the wrong one. The span is measured from the first to the last timed
entry. Correct the duration, or the times. Option `tolerance` (default 0.25) is the accepted relative
difference.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.chronology import span_minutes
from postmortem_lint.durations import minutes
from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    stated = ctx.document.fields.get("duration")
    if stated is None:
        return
    claimed = minutes(stated.value)
    span = span_minutes(ctx.placed)
    if not claimed or span is None:
        return
    if abs(claimed - span) / claimed > float(options["tolerance"]):
        yield Problem(
            stated.line,
            f'duration "{stated.value}" ({claimed:g} min) differs from the timeline, which spans '
            f"{span} min: correct the duration or the timeline's times",
        )


RULE = Rule(
    id="PM204",
    name="duration-mismatch",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace("duration: 47 minutes", "duration: 3 hours"),
    good=COMPLETE,
    options={"tolerance": 0.25},
)
