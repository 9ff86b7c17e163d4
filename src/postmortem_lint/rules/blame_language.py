"""A person is blamed for the incident.

Blame makes people hide what they know, and the next postmortem is less honest. Describe what the
system allowed and what would make the mistake impossible or harmless, not who made it: "the deploy
script ran against production without a confirmation step" rather than "because Dave forgot to
check the environment". Fires on "X's fault", "because <person> forgot / did not check",
"careless", "negligent", "incompetent", "sloppy", and "human error" given as the cause ("root cause:
human error", "due to human error", "The cause was human error", "**Cause:** Human error during the
migration"). Each paragraph is read whole, so a phrase broken across lines is found. Quoted chat logs
(`>` lines), code blocks, `code spans` and HTML comments are not checked.
Being accountable is fine: "@maria owns the fix" is not blame.
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
from postmortem_lint.rules.support.wording import PERSON, SINGLE_PERSON, Prefilter, findings

_LAPSE = (
    r"(?:forgot|neglected|ignored|overlooked|(?:didn't|did\s+not|failed\s+to|never)\s+"
    r"(?:check|test|review|notice|read|follow|verify|ask|look|update|tell|confirm|double-check))"
)
_PATTERNS = (  # compiled for the first line with a hint word (see `findings`)
    lazy(r"\b\w+(?:'s|s')\s+fault\b|\bfault\s+of\s+" + PERSON, re.IGNORECASE),
    lazy(r"\b(?i:because|since|as|when|after)\s+" + SINGLE_PERSON + r"\s+" + _LAPSE),
    lazy(r"(?:^|[.;:]\s+|\s-\s)" + SINGLE_PERSON + r"\s+(?:simply\s+|just\s+)?(?:forgot|neglected)\b"),
    lazy(
        r"\b(?:careless(?:ly|ness)?|negligen(?:t|ce)|incompeten(?:t|ce)|sloppy|reckless(?:ly)?|"
        r"irresponsible|dropped\s+the\s+ball)\b",
        re.IGNORECASE,
    ),
    lazy(  # "due to human error", "the cause was human error", "**Cause:** Human error ..."
        r"\b(?:caused\s+by|due\s+to|because\s+of|result\s+of|(?:root\s+)?cause[*_]*\s*(?:was|is|:)[*_]*)\s*"
        r"(?:an?\s+|the\s+)?(?:simple\s+)?human\s+error\b",
        re.IGNORECASE,
    ),
)
_NEGATED = lazy(r"\b(?:not|never|no|isn't|wasn't)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


_EXPLAIN = (
    "blames a person: describe what the system allowed and what would make the mistake impossible or harmless"
)

_PREFILTER = Prefilter(  # every pattern needs one of these
    "fault|forgot|neglect|ignored|overlooked|didn't|did not|failed to|never|careless|negligen|incompeten|"
    "sloppy|reckless|irresponsible|dropped the ball|human error"
)


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    yield from findings(ctx.authored_prose, _PATTERNS, _EXPLAIN, unless_before=_NEGATED, prefilter=_PREFILTER)


RULE = Rule(
    id="PM301",
    name="blame-language",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace(
        "The v2.14 deploy lowered", "Because Dave forgot to check the diff, the v2.14 deploy lowered"
    ),
    good=COMPLETE,
)
