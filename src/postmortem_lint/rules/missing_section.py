"""A section the review tier needs is missing.

Tier 1 (short recap) needs Impact and Action Items; tier 2 (standard, the default) the whole
template: Summary, Impact, Timeline, Trigger Event, Contributing Factors, What Worked Well, What
Slowed Response, Action Items; tier 3 also Lessons Learned. Common alternative headings count
("Root Cause" for Trigger Event, "Follow-ups" or "Remediation" for Action Items, ...), and so does a
`**Impact:** ...` line. Beside a separate "Trigger" section, "Root Causes" is read as the contributing
factors (the Google layout). A file with no recognised section at all gets this finding once, at line 1.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE

NOT_A_POSTMORTEM = (
    "no postmortem sections found (expected headings such as Summary, Impact, Timeline, "
    "Action Items); if this is not a postmortem, exclude it from the hook's files pattern"
)


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    if not ctx.document.recognised:
        yield Problem(1, NOT_A_POSTMORTEM)
        return
    yield from ctx.schema_violations.missing_sections


RULE = Rule(
    id="PM001",
    name="missing-section",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace(
        "## Impact\n\n- 18% of checkout requests failed with HTTP 502 for 47 minutes.\n\n", ""
    ),
    good=COMPLETE,
)
