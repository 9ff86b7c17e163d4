"""Two action items say the same thing.

A repeated item splits the work and the tracking: one copy gets done, the other stays open, or two
people do the same work. This fires on items with the same text once case, punctuation, markers
(owner, due date, issue link) and small words are set aside, on near-identical ones, and on the
same fix for the same component in other words: "Add a disk usage alert at 80% on the search nodes"
and "Alert when disk usage on the search hosts passes 80%". Words are compared by their stem
("alerting", "alerts" and "alert" are one) and by a short list of synonyms (alarm / page / alert,
host / server / node, migrate / move, add / create / set up / implement, "roll back" / rollback,
"write down" / document; an item that starts "Alert when" adds an alert). Two items are the same
when at least 80% of their words are shared (Jaccard similarity). The later item is reported,
naming the line of the earlier one; done items count too, since a done item repeated as open work is
the same work.

Fix: merge the two into one item, or reword them so the difference is plain.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.regex import compiled
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.action_items import quoted_item

SIMILAR = 0.8
INDEXED = 32  # earlier items a word leads to: a generated list of thousands stays linear
_WORD = compiled(r"\w+")
_STOP_WORDS = frozenset(
    _WORD.findall(
        "a an the and or of to for in on at by with from into onto as is are be been was were it its this "
        "that these those we our us they their there so such which when then than also any all some "
        "whenever once if how instead each every new"
    )
)
# phrases written as one word, before the words are split
_PHRASES = {"roll back": "rollback", "set up": "add", "write down": "document", "put in place": "add"}
_PHRASE = compiled(r"\b(?:" + "|".join(p.replace(" ", r"\s+") for p in _PHRASES) + r")\b", re.IGNORECASE)
# stems (see `_stem`) that mean the same fix
_SAME = {
    **dict.fromkeys(("creat", "introduc", "implement", "build", "establish", "put"), "add"),
    **dict.fromkeys(("alarm", "pag", "notif", "notifi"), "alert"),
    **dict.fromkeys(("host", "server", "instanc", "machin"), "nod"),
    **dict.fromkeys(("migrat", "relocat", "shift"), "mov"),
    **dict.fromkeys(("delet", "drop"), "remov"),
    **dict.fromkeys(("doc", "documentation"), "document"),
    **dict.fromkeys(("playbook",), "runbook"),
    **dict.fromkeys(("utiliz", "utilis", "utilization", "utilisation"), "usag"),
    **dict.fromkeys(("exceed", "pass", "reach", "over"), "abov"),
    **dict.fromkeys(("under",), "below"),
    **dict.fromkeys(("graph", "chart"), "dashboard"),
}
_VERB_NOUNS = frozenset({"alert"})  # an item starting with one of these adds one
_REPEATED = (
    "- [ ] Add an alert for payment-gateway queue depth above 200 for 5 minutes — @lee — due 2026-09-01\n"
)


def words(text: str) -> frozenset[str]:
    """The words that carry the meaning, by stem and synonym, small words dropped."""
    if " " in text:
        text = _PHRASE.sub(lambda m: _PHRASES[" ".join(m[0].lower().split())], text)
    found = [meaning for w in _WORD.findall(text) if (meaning := _meaning(w))]
    if found and found[0] in _VERB_NOUNS:
        found.append("add")  # "Alert when ...", "Page on-call when ..." add an alert
    return frozenset(found)


@lru_cache(maxsize=4096)  # words recur, within a document and across documents
def _meaning(word: str) -> str:
    """What one word counts as: its stem or the synonym's, "" for a small word."""
    lower = word.lower()
    if lower in _STOP_WORDS:
        return ""
    stem = _stem(lower)
    return _SAME.get(stem, stem)


def _stem(word: str) -> str:
    """ "alerts", "alerting", "alerted" -> "alert"; "usage" -> "usag", "logging" -> "log" (both sides
    of a comparison are stemmed alike, so a stem need not be a word)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    for ending in ("ing", "ed"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            word = word[: -len(ending)]
            if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]  # "logging" -> "log", but "stalled" -> "stall"
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


class Repeats(NamedTuple):
    earlier: list[int | None]  # for each set, the index of the first earlier set it repeats
    compared: int  # pairs whose similarity was computed: the work done


def repeats(sets: Sequence[frozenset[str]]) -> Repeats:
    """Which sets repeat an earlier one (Jaccard >= SIMILAR), without comparing every pair.

    Prefix filtering: with the words of each set ordered rarest first, two sets this similar share a
    word among the first `len - ceil(SIMILAR * len) + 1` of each, so only sets indexed under those
    words are candidates. A set that repeats another is not indexed itself (the earlier one stands
    for both); a word leads to at most INDEXED sets, so in a generated list of thousands a near repeat
    may go unnoticed, never an exact one (found by its words directly).
    """
    frequency = Counter(w for words_ in sets for w in words_)
    index: dict[str, list[int]] = {}
    first: dict[frozenset[str], int] = {}  # the same words again: found without the index
    earlier: list[int | None] = []
    compared = 0
    for position, current in enumerate(sets):
        ordered = sorted(current, key=lambda w: (frequency[w], w))
        prefix = ordered[: len(ordered) - math.ceil(SIMILAR * len(ordered)) + 1] if ordered else []
        found = first.get(current)
        candidates = sorted({c for w in prefix for c in index.get(w, ())}) if found is None else []
        for candidate in candidates:
            other = sets[candidate]
            if SIMILAR * len(current) <= len(other) <= len(current) / SIMILAR:
                compared += 1
                if similarity(current, other) >= SIMILAR:
                    found = candidate
                    break
        earlier.append(found)
        if found is None and current:
            first[current] = position
            for w in prefix:
                listed = index.setdefault(w, [])
                if len(listed) < INDEXED:
                    listed.append(position)
    return Repeats(earlier, compared)


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    items = [item for item in ctx.document.actions if not item.prompts]
    found = repeats([words(item.text) for item in items])
    for item, earlier in zip(items, found.earlier, strict=True):
        if earlier is not None:
            yield Problem(
                item.line,
                f"{quoted_item(item)} repeats the action item on line {items[earlier].line}: merge the two "
                "into one, or reword them so the difference is plain",
            )


RULE = Rule(
    id="PM109",
    name="duplicate-action",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE + _REPEATED,
    good=COMPLETE,
)
