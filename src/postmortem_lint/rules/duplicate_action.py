"""Two action items say the same thing.

A repeated item splits the work and the tracking: one copy gets done, the other stays open, or two
people do the same work. This fires on items with the same text once case, punctuation, markers
(owner, due date, issue link) and small words are set aside, and on near-identical ones: at least
80% of their words shared (Jaccard similarity of the word sets). The later item is reported,
naming the line of the earlier one; done items count too, since a done item repeated as open work
is the same work.

Fix: merge the two into one item, or reword them so the difference is plain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.actions_util import describe
from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE

SIMILAR = 0.8
_WORD = re.compile(r"\w+")
_STOP_WORDS = frozenset(
    _WORD.findall(
        "a an the and or of to for in on at by with from into onto as is are be been was were it its this "
        "that these those we our us they their there so such which when then than also any all some",
    )
)
_REPEATED = (
    "- [ ] Add an alert for payment-gateway queue depth above 200 for 5 minutes — @lee — due 2026-09-01\n"
)


def words(text: str) -> frozenset[str]:
    """The words that carry the meaning: lower case, small words dropped, a plural `s` dropped."""
    found = (w.lower() for w in _WORD.findall(text))
    return frozenset(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in found
        if w not in _STOP_WORDS
    )


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    seen: list[tuple[int, frozenset[str]]] = []
    for item in ctx.document.actions:
        current = words(item.text)
        if not current or item.prompts:
            continue
        earlier = next((line for line, other in seen if similarity(current, other) >= SIMILAR), None)
        if earlier is not None:
            yield Problem(
                item.line,
                f"{describe(item)} repeats the action item on line {earlier}: merge the two into one, "
                "or reword them so the difference is plain",
            )
        else:
            seen.append((item.line, current))


RULE = Rule(
    id="PM109",
    name="duplicate-action",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE + _REPEATED,
    good=COMPLETE,
)
