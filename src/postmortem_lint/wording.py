"""Who is being talked about: the patterns blame and hindsight rules share.

A "person" is an @handle, a pronoun, a role ("the on-call engineer") or a capitalised name; the rules
pair these with verbs only people do (forgot, should have known), so tools and systems that
"didn't restart" are never read as people.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem_lint.model import Document, Problem

_NOT_NAMES = r"(?:The|This|That|It|There|We|Our|Which|What|When|If|Because|Since|After|As)\b"
_NAME = rf"(?:@[A-Za-z0-9][\w-]{{0,38}}|(?!{_NOT_NAMES})[A-Z][a-z]{{1,20}})"
_ROLE = (
    r"(?i:the|an?|our|one)\s+(?:on-?call\s+|new\s+|junior\s+|senior\s+|responsible\s+)?"
    r"(?:engineer|developer|dev|operator|admin(?:istrator)?|intern|employee|person|reviewer|author|sre|"
    r"contractor|team\s+member|colleague|staff\s+member)"
)
PRONOUN = r"(?i:he|she|they|someone|somebody|nobody|no\s+one|I|you|we)"
PERSON = rf"(?:{_NAME}|{_ROLE}|\b{PRONOUN})"
SINGLE_PERSON = rf"(?:{_NAME}|{_ROLE}|\b(?:he|she|someone|somebody))"
_CODE_SPAN = re.compile(r"`[^`\n]{0,500}`")


def narrative_lines(document: Document) -> Iterator[tuple[int, str]]:
    """Lines the authors wrote themselves: no code, no quoted chat logs, no comments, no code spans."""
    for number, line in document.prose_lines():
        stripped = line.lstrip()
        if stripped.startswith((">", "<!--")) or line.startswith("    "):
            continue
        yield number, _CODE_SPAN.sub(" ", line)


class Hint:
    """A cheap first test that a line may match: one of `words` (a lower-case regex) in it, any case.

    ASCII lines (nearly all) are lowered and searched case-sensitively, several times faster than
    an IGNORECASE search; other lines get the IGNORECASE search, which also folds `ſ` and `K`.
    """

    def __init__(self, words: str) -> None:
        self._lower = re.compile(words)
        self._any_case = re.compile(words, re.IGNORECASE)

    def __call__(self, line: str) -> bool:
        if line.isascii():
            return self._lower.search(line.lower()) is not None
        return self._any_case.search(line) is not None


def findings(
    document: Document,
    patterns: tuple[re.Pattern[str], ...],
    explain: str,
    unless_before: re.Pattern[str] | None = None,
    hint: Hint | None = None,
) -> Iterator[Problem]:
    """One problem per narrative line: the earliest match, quoted, followed by `explain`.

    A match is dropped when `unless_before` matches the text in front of it (a negation, say).
    `hint` must accept every line that a pattern matches: other lines are skipped unsearched.
    """
    for number, line in narrative_lines(document):
        if hint is not None and not hint(line):
            continue
        found = [m for m in (p.search(line) for p in patterns) if m]
        if found:
            first = min(found, key=lambda m: m.start())
            if unless_before is not None and unless_before.search(line[: first.start()]):
                continue
            words = first.group(0).strip(" .;:-")
            yield Problem(number, f'"{words}" {explain}', column=first.start() + 1)
