"""The impact is stated without a figure.

"API issues occurred" tells a reader nothing about how bad it was. Say how long, how many, how much,
or who: a duration, a percentage, a count of users or requests, money, or the named customers or
teams affected ("18% of checkout requests failed for 47 minutes", "3 enterprise customers could not
log in"). The rule looks at the Impact section (or an `Impact:` field) and is satisfied by any number,
number word ("three", "half", "all"), or currency amount in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.markup import plain
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE

_FIGURE = re.compile(
    r"\d|[$€£¥]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundreds?|thousands?|millions?|dozens?|half|quarter|all|every|none|no one|nobody|"
    r"single|double|twice)\b",
    re.IGNORECASE,
)


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    sections = ctx.document.sections_of("impact")
    text = plain(" ".join(s.text for s in sections))
    if text and not _FIGURE.search(text):
        quoted = text if len(text) <= 60 else text[:57] + "..."
        yield Problem(
            sections[0].line,
            f'impact "{quoted}" has no figure: say how long, how many, how much or who was '
            'affected (e.g. "18% of checkout requests failed for 47 minutes")',
        )


RULE = Rule(
    id="PM201",
    name="impact-not-concrete",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace(
        "- 18% of checkout requests failed with HTTP 502 for 47 minutes.", "- Checkout had API issues."
    ),
    good=COMPLETE,
)
