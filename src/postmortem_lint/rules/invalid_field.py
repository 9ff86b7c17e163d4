"""A field or element does not have the form the schema asks for.

The incident date must be a calendar date, the severity SEV0-SEV9 or P0-P9 ("SEV-2" and "sev 2"
are read as SEV2), the tier 1, 2 or 3, lists such as `systems` and `themes` non-empty. A team's
extra schema (configuration) reports its own violations here too, at the offending element's line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    yield from ctx.schema_violations.invalid_fields


RULE = Rule(
    id="PM003",
    name="invalid-field",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace("severity: SEV2", "severity: pretty bad"),
    good=COMPLETE,
)
