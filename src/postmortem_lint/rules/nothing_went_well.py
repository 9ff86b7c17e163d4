"""The review records nothing that worked well.

Every response has something that worked: the alert that fired, the rollback that was quick, the
person who knew the system. Writing it down is how it survives the next reorganisation; a review
that lists only failures also reads as blame. The guide calls this section underrated.

Fires for a standard or deep review (tier 2 and 3; a tier 1 recap is exempt) whose "What Worked
Well" section (also read as "What went well", "What went right") only says "None" or "Nothing
went well", or is missing while PM001 (which reports missing sections) is off; an empty heading
is PM005's. Fix it by writing at least what ended the incident: the alert, the rollback, the
person who knew the system.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules import empty_section, missing_section
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.section_content import nothing_written

_ADVICE = "name what helped (the alert that fired, the quick rollback, the runbook)"


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    document = ctx.document
    if document.tier < 2:
        return
    nothing, sections = nothing_written(
        document,
        "what_worked_well",
        missing_reported=ctx.defers(RULE, missing_section.RULE),
        blank_reported=ctx.defers(RULE, empty_section.RULE),
    )
    if not nothing:
        return
    if sections:
        yield Problem(sections[0].line, f'"{sections[0].title}" says nothing worked well: {_ADVICE}')
    else:
        yield Problem(document.title_line, f'no "What Worked Well" section: add one and {_ADVICE}')


RULE = Rule(
    id="PM206",
    name="nothing-went-well",
    severity=Severity.INFO,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace("- The checkout 5xx alert fired within 7 minutes.\n", "Nothing went well.\n"),
    good=COMPLETE,
    defers_to=(missing_section.RULE, empty_section.RULE),
)
