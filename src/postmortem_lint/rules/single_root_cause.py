"""The trigger or root cause stands alone: no contributing factors are written.

Incidents rarely have one cause. The trigger (the deploy, the expired certificate) is what set the
incident off; the contributing factors are what let it happen, made it worse or slowed its
detection, and they are where most of the lasting fixes are. A review that stops at "the root
cause was X" fixes X and leaves the conditions for the next incident in place.

Fires for a standard or deep review (tier 2 and 3) whose one trigger or root-cause section has
content while the contributing factors say "None" or "N/A" (or are missing while PM001, which
reports missing sections, is off). Not a single cause: a root cause and a separate trigger, a
root-cause section listing several causes, or one that says what contributed to or prolonged the
incident. An empty contributing-factors heading is PM005's. Fix it by writing the contributing
factors: what made the trigger possible, what made it worse, what made it slower to notice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.regex import compiled
from postmortem_lint.rules import empty_section, missing_section
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.section_content import is_blank, nothing_written

_TOP_ITEM = compiled(r"^(?:[-*+]|\d{1,9}[.)])\s+\S", re.MULTILINE)
# the root-cause text itself goes into what made it worse
_FACTOR_WORDS = compiled(
    r"\b(?:contribut\w*|exacerbat\w*|compounded|prolonged|aggravat\w*|made (?:it|this|things) worse)\b",
    re.IGNORECASE,
)


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    document = ctx.document
    if document.tier < 2:
        return
    triggers = [s for s in document.sections_of("trigger") if not is_blank(s.text)]
    if len(triggers) != 1 or len(_TOP_ITEM.findall(triggers[0].text)) > 1:
        return  # none, or several causes: a root cause and a trigger, or a list of causes
    if _FACTOR_WORDS.search(triggers[0].text):
        return
    if nothing_written(
        document,
        "contributing_factors",
        missing_reported=ctx.defers(RULE, missing_section.RULE),
        blank_reported=ctx.defers(RULE, empty_section.RULE),
    )[0]:
        yield Problem(
            triggers[0].line,
            f'"{triggers[0].title}" has no contributing factors beside it: write what made it possible, '
            'worse, or slower to notice under "Contributing Factors"',
        )


RULE = Rule(
    id="PM205",
    name="single-root-cause",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace(
        "- The pool size is set per environment and staging uses 5.\n- No alert on gateway queue depth.\n",
        "None.\n",
    ),
    good=COMPLETE,
    defers_to=(missing_section.RULE, empty_section.RULE),
)
