"""A summary field the review tier needs is missing.

Every tier needs the incident `date` and `severity`; tier 3 also `coordinator`, `follow_up_owner`
and `teams`. Write them in front matter (`severity: SEV2`) or as `- Severity: SEV2` bullets or
`**Severity:** SEV2` lines near the top.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    yield from ctx.schema_violations.missing_fields


RULE = Rule(
    id="PM002",
    name="missing-field",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace("severity: SEV2\n", ""),
    good=COMPLETE,
)
