"""A section heading has nothing under it.

An empty heading is a question the review never answered: "What Worked Well" with nothing below
it reads as "nothing", which is rarely true. A heading counts as empty when no text, list, table,
image or code block follows it before the next heading; an HTML comment (template guidance) is not
content. A heading whose subsections have content is not empty, and when a heading and all its
subsections are empty only the top one is reported (the document title is no section: its empty
sections are reported one by one).

A section that holds only template prompts (`[Two or three sentences ...]`, an empty `-` bullet)
is PM004's, and a missing section PM001's. Fix it by writing the section, or by deleting the
heading when the section does not apply to this incident.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem, Section
from postmortem_lint.regex import compiled
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.section_content import is_blank

_SETEXT = compiled(r"^ {0,3}(?:=+|-+)[ \t]*(?:\n|$)")
_ATX = compiled(r"^ {0,3}#")


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    headings = [s for s in ctx.document.sections if s.level > 0]  # level 0: a `**Impact:** ...` field
    children: dict[int, list[Section]] = {}
    for section in headings:
        if section.parent is not None:
            children.setdefault(id(section.parent), []).append(section)
    empty: dict[int, bool] = {}
    for section in reversed(headings):  # children come after their parent
        below = children.get(id(section), [])
        empty[id(section)] = is_blank(_body(section, ctx.lines)) and all(empty[id(c)] for c in below)
    title = next((s for s in headings if s.line == ctx.document.title_line and s.parent is None), None)
    for section in headings:
        parent = section.parent
        top = parent is None or parent is title or not empty[id(parent)]
        if empty[id(section)] and top and section is not title:
            yield Problem(section.line, _message(section, len(children.get(id(section), []))))


def _body(section: Section, lines: list[str]) -> str:
    """The section's text without the underline of a setext (`Title` over `-----`) heading."""
    text = section.text
    if not _ATX.match(lines[section.line - 1]) and _SETEXT.match(text):
        return _SETEXT.sub("", text, count=1)
    return text


def _message(section: Section, subsections: int) -> str:
    fix = "write it" if section.kind else "write it, or delete the heading if it does not apply"
    if subsections:
        also = f"and its {subsections} subsection{'s' if subsections > 1 else ''} have"
        return f'section "{section.title}" {also} nothing under them: {fix}'
    return f'section "{section.title}" has nothing under it: {fix}'


RULE = Rule(
    id="PM005",
    name="empty-section",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace(
        "- The rollback runbook pointed at the old deploy tool.\n", "<!-- What got in the way? -->\n"
    ),
    good=COMPLETE,
)
