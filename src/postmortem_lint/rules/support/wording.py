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

from postmortem_lint.model import Document, Problem
from postmortem_lint.regex import LazyPattern, compiled, lazy

_NOT_NAMES = r"(?:The|This|That|It|There|We|Our|Which|What|When|If|Because|Since|After|As)\b"
_NAME = rf"(?:@[A-Za-z0-9][\w-]{{0,38}}|(?!{_NOT_NAMES})[A-Z][a-z]{{1,20}})"
_ROLE = (
    r"(?i:the|an?|our|one)\s+(?:on-?call\s+|new\s+|junior\s+|senior\s+|responsible\s+)?"
    r"(?:engineer|developer|dev|operator|admin(?:istrator)?|intern|employee|person|reviewer|author|sre|"
    r"contractor|team\s+member|colleague|staff\s+member)"
)
PRONOUN = r"(?i:he|she|they|someone|somebody|nobody|no\s+one|I|you|we)"
PERSON = rf"(?:{_NAME}|{_ROLE}|\b{PRONOUN})"
_BEFORE = 120  # characters before a match that `unless_before` looks at
SINGLE_PERSON = rf"(?:{_NAME}|{_ROLE}|\b(?:he|she|someone|somebody))"


class AuthoredProse:
    """A document's prose outside quotes (what the authors wrote themselves), read once for all the
    rules that search it: code, comments and quoted chat logs are left out by the reader's model.

    Its ASCII texts (nearly all) are also lowered and joined, so that a rule's hint scans them in
    one case-sensitive pass (several times faster than IGNORECASE); other texts are searched one by one.
    """

    def __init__(self, document: Document) -> None:
        self.prose = [p for p in document.prose if not p.quoted]
        texts = [p.text for p in self.prose]
        joined = "\n".join(texts)
        self.unfolded = [] if joined.isascii() else [i for i, text in enumerate(texts) if not text.isascii()]
        if self.unfolded:
            for i in self.unfolded:
                texts[i] = ""
            joined = "\n".join(texts)
        self.folded = joined.lower()
        self.starts = list(accumulate([len(text) + 1 for text in texts[:-1]], initial=0))


class Prefilter:
    """A cheap first test that a line may match: one of `words` in it, any case (`words` are lower
    case, separated by "|"; a space stands for any whitespace). The search groups them by their first
    letter ("f(?:ault|orgot)"): a third faster than trying each word at each letter that may start one."""

    def __init__(self, words: str) -> None:
        by_first: dict[str, list[str]] = {}
        for word in words.split("|"):
            by_first.setdefault(word[0], []).append(re.escape(word[1:]).replace(r"\ ", r"\s+"))
        hints = "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in by_first.items())
        self._lower = compiled(hints)
        self._any_case = lazy(hints, re.IGNORECASE)  # also folds `ſ` and `ı`, which lower() keeps

    def texts(self, authored: AuthoredProse) -> list[int]:
        """Indexes of the prose texts with a hint word."""
        prose = authored.prose
        touched = dict.fromkeys(i for i in authored.unfolded if self._any_case().search(prose[i].text))
        starts = authored.starts
        for m in self._lower.finditer(authored.folded):
            first, last = bisect_right(starts, m.start()) - 1, bisect_right(starts, m.end() - 1) - 1
            touched.update(dict.fromkeys(range(first, last + 1)))
        return sorted(touched)


def findings(
    authored: AuthoredProse,
    patterns: tuple[LazyPattern, ...],
    explain: str,
    unless_before: LazyPattern | None = None,
    prefilter: Prefilter | None = None,
) -> Iterator[Problem]:
    """One problem per source line: the earliest match on it, quoted, followed by `explain`.

    Each paragraph is searched whole, so a phrase broken across a soft line break is found, and
    reported at the line where it starts. A match is dropped when `unless_before` matches the text
    in front of it (a negation, say). `prefilter` must accept every text that a pattern matches: other
    texts are skipped unsearched, and without such texts the patterns are not even compiled.
    """
    indexes = range(len(authored.prose)) if prefilter is None else prefilter.texts(authored)
    if not indexes:
        return
    ready = [pattern() for pattern in patterns]
    for index in indexes:
        prose = authored.prose[index]
        text = prose.text
        first: dict[int, tuple[int, int, str]] = {}  # line -> (column, start, words)
        for pattern in ready:
            for m in pattern.finditer(text):
                before = text[max(0, m.start() - _BEFORE) : m.start()]  # bounded: linear in the text
                if unless_before is not None and unless_before().search(before):
                    continue
                line, column = prose.position(m.start() + len(m[0]) - len(m[0].lstrip(" .;:-")))
                if line not in first or column < first[line][0]:
                    first[line] = (column, m.start(), " ".join(m[0].strip(" .;:-").split()))
        for line in sorted(first):
            column, _, words = first[line]
            yield Problem(line, f'"{words}" {explain}', column=column)
