"""Who is being talked about: the patterns blame and hindsight rules share.

A "person" is an @handle, a pronoun, a role ("the on-call engineer") or a capitalised name; the rules
pair these with verbs only people do (forgot, should have known), so tools and systems that
"didn't restart" are never read as people.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate

from postmortem_lint.lazy_regex import LazyPattern, lazy_compile
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
        yield number, _CODE_SPAN.sub(" ", line) if "`" in line else line


class Narrative:
    """A document's narrative lines, read once for all the rules that search them.

    Their ASCII lines (nearly all) are also lowered and joined, so that a rule's hint scans them in
    one case-sensitive pass (several times faster than IGNORECASE); other lines are searched one by one.
    """

    def __init__(self, document: Document) -> None:
        self.lines = list(narrative_lines(document))
        texts = [line for _, line in self.lines]
        self.unfolded = [i for i, text in enumerate(texts) if not text.isascii()]
        for i in self.unfolded:
            texts[i] = ""
        self.folded = "\n".join(texts).lower()
        self.starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))


class Hint:
    """A cheap first test that a line may match: one of `words` (a lower-case regex) in it, any case."""

    def __init__(self, words: str) -> None:
        self._lower = re.compile(words)
        self._any_case = lazy_compile(words, re.IGNORECASE)  # also folds `ſ` and `ı`, which lower() keeps

    def lines(self, narrative: Narrative) -> list[int]:
        """Indexes of the lines with a hint word: each line a match touches (one across lines touches
        all of them, so that no word of a line's own is lost inside it)."""
        lines = narrative.lines
        touched = dict.fromkeys(i for i in narrative.unfolded if self._any_case().search(lines[i][1]))
        starts = narrative.starts
        for m in self._lower.finditer(narrative.folded):
            first, last = bisect_right(starts, m.start()) - 1, bisect_right(starts, m.end() - 1) - 1
            touched.update(dict.fromkeys(range(first, last + 1)))
        return sorted(touched)


def findings(
    narrative: Narrative,
    patterns: tuple[LazyPattern, ...],
    explain: str,
    unless_before: LazyPattern | None = None,
    hint: Hint | None = None,
) -> Iterator[Problem]:
    """One problem per narrative line: the earliest match, quoted, followed by `explain`.

    A match is dropped when `unless_before` matches the text in front of it (a negation, say).
    `hint` must accept every line that a pattern matches: other lines are skipped unsearched, and
    without such lines the patterns are not even compiled.
    """
    indexes = range(len(narrative.lines)) if hint is None else hint.lines(narrative)
    if not indexes:
        return
    compiled = [pattern() for pattern in patterns]
    for index in indexes:
        number, line = narrative.lines[index]
        found = [m for m in (p.search(line) for p in compiled) if m]
        if found:
            first = min(found, key=lambda m: m.start())
            if unless_before is not None and unless_before().search(line[: first.start()]):
                continue
            words = first.group(0).strip(" .;:-")
            yield Problem(number, f'"{words}" {explain}', column=first.start() + 1)
