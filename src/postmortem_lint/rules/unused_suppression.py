"""A suppression comment suppressed nothing, or names a rule that does not exist.

`<!-- postmortem-lint disable PM105 -->` ... `<!-- postmortem-lint enable PM105 -->` silence rules
between them, `disable-next-line` the next non-blank line, `disable-file` the whole file; without
IDs they silence every rule. Rule names work as well as IDs. Once the text is fixed, remove the
comment: a stale suppression would hide the next real problem. Reported by the linter after all
other rules have run.
"""

from __future__ import annotations

from postmortem_lint.findings import Severity
from postmortem_lint.rules.base import Rule
from postmortem_lint.rules.examples import COMPLETE

RULE = Rule(
    id="PM900",
    name="unused-suppression",
    severity=Severity.WARNING,
    check=None,
    doc=__doc__ or "",
    bad=COMPLETE.replace("## Summary\n", "<!-- postmortem-lint disable-next-line PM105 -->\n## Summary\n"),
    good=COMPLETE,
    meta=True,
)
