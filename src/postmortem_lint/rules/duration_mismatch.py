"""The stated duration differs from the timeline's span by more than 25%.

When the `duration` field says "47 minutes" but the timeline runs from 14:02 to 16:30, one of them is
wrong, and readers will quote the wrong one. A timeline often starts with the lead-up (a certificate
expiring hours before anyone noticed) or ends with the clean-up, so the duration may be any natural
span of it: from the first entry, or the first entry that detects or shows the impact ("alert fires",
"errors spike"), to an entry that resolves it ("resolved", "mitigated", "back to baseline") or the
last entry. The rule warns only when none of these is within the tolerance. Correct the duration, or
the times. Option `tolerance` (default 0.25) is the accepted relative difference.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.reader.durations import minutes
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.chronology import natural_spans, span_minutes


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    stated = ctx.document.fields.get("duration")
    if stated is None:
        return
    claimed = minutes(stated.value)
    span = span_minutes(ctx.clocked)
    if not claimed or span is None:
        return
    tolerance = float(options["tolerance"])
    if all(abs(claimed - natural) / claimed > tolerance for natural in natural_spans(ctx.clocked)):
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
