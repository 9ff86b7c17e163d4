"""What the section rules (PM005, PM205, PM206) share: when a section is blank, or says nothing."""

from __future__ import annotations

import re

from postmortem_lint.markup import plain
from postmortem_lint.model import Document, Section
from postmortem_lint.regex import compiled

_BREAK = compiled(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")  # one line
_DISMISSAL = compiled(
    r"^(?:[-*+]\s*)?(?:none|n/?a|nothing|not applicable|no(?:ne)? (?:\w+ ){0,3}(?:identified|known|found))"
    r"(?: (?:went|worked) well| to report| identified)?\W*$",
    re.IGNORECASE,
)


def is_blank(text: str) -> bool:
    """No content a reader sees: whitespace and horizontal rules only (section text comes from the
    reader without its HTML comments)."""
    return all(not line.strip() or _BREAK.match(line) for line in text.split("\n"))  # stops at content


def dismissive(text: str) -> bool:
    """ "None", "N/A", "Nothing went well": a section filled in only to say it has nothing."""
    return bool(_DISMISSAL.match(plain(text)))


def nothing_written(
    document: Document, kind: str, *, missing_reported: bool, blank_reported: bool
) -> tuple[bool, list[Section]]:
    """Whether the review says nothing under `kind` that no other rule reports, and its sections.

    Nothing is said when there is no such section, or one whose prose only says "None" (a code
    block or a table is something said); but a missing section is left to the rule that reports it
    when `missing_reported`, and an empty heading when `blank_reported`.
    """
    sections = document.sections_of(kind)
    if any(not is_blank(s.text) for s in sections):
        return dismissive(" ".join(p.text for p in document.prose_of(kind))), sections
    if not sections:
        return not missing_reported, sections
    return not blank_reported, sections
