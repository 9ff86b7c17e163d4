"""Hindsight judges people by what only became clear afterwards.

"Should have known", "could have caught it", "would have noticed", "failed to" applied to people
read as verdicts and hide why the choice made sense at the time. Say what the person knew and saw
then, and what would have made the problem visible: "the dashboard showed only the 5-minute
average, so the spike did not stand out". Counterfactuals about systems ("an alert on queue depth
would have fired at 14:05") are fine and not reported. Each paragraph is read whole ("should have" at
the end of one line and "known" on the next is found); quoted chat logs, code and HTML comments are
not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.regex import lazy
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.wording import PERSON, Prefilter, findings

_PATTERNS = (  # compiled for the first line with a hint word (see `findings`)
    lazy(r"\bshould(?:'ve|\s+have)\s+known\b", re.IGNORECASE),
    lazy(
        PERSON + r"\s+(?:\w+ly\s+)?(?:should|could|would)(?:'ve|\s+have)\s+(?:been\s+)?"
        r"(?:known|noticed|caught|seen|spotted|realized|realised|checked|tested|asked|verified|reviewed|"
        r"read|double-checked|prevented|avoided|stopped|more\s+careful|careful|aware)\b"
    ),
    lazy(PERSON + r"\s+(?:\w+ly\s+)?failed\s+to\b"),
)


_EXPLAIN = (
    "judges with hindsight: say what was known and seen at the time, and what would have made the problem "
    "visible"
)

_PREFILTER = Prefilter("should|could|would|failed")  # every pattern needs one of these


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    yield from findings(ctx.authored_prose, _PATTERNS, _EXPLAIN, prefilter=_PREFILTER)


RULE = Rule(
    id="PM302",
    name="hindsight-language",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace(
        "- No alert on gateway queue depth.",
        "- No alert on gateway queue depth; the on-call engineer should have noticed the queue.",
    ),
    good=COMPLETE,
)
