"""Summary fields: `- Key: value` bullets, `**Key:** value` lines and front matter."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from postmortem_lint.markup import plain
from postmortem_lint.model import Section, SummaryField
from postmortem_lint.reader.blocks import Block
from postmortem_lint.vocabulary import Vocabulary

# `Key: value`, `**Key:** value`, `**Key**: value`; keys are short so prose is not taken for a field
KEY_VALUE = re.compile(
    r"^\s*(?:\*\*|__)?(?P<key>[A-Za-z][\w /()'&-]{0,38}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)(?=\s|$)"
    r"[ \t]*(?P<value>.*)$"
)
# sections whose `Key: value` lines are data of their own (timeline entries, action items)
_NOT_FIELDS = frozenset({"timeline", "action_items"})


def from_front_matter(
    data: Mapping[str, Any], lines: Mapping[str, int], vocabulary: Vocabulary
) -> dict[str, SummaryField]:
    found: dict[str, SummaryField] = {}
    for label, value in data.items():
        key = vocabulary.field_key(label)
        found.setdefault(key, SummaryField(key, label, value, lines.get(label, 1)))
    return found


def from_blocks(
    blocks: Sequence[Block], owner: Mapping[int, Section], vocabulary: Vocabulary
) -> Iterator[SummaryField]:
    """Fields in the preamble and summary-like sections; unknown keys only outside other sections."""
    for index, block in enumerate(blocks):
        if block.kind not in ("paragraph", "item") or (block.kind == "item" and block.level):
            continue
        section = owner.get(index)
        if section is not None and section.kind in _NOT_FIELDS:
            continue
        free = section is None or section.kind in (None, "summary")
        for offset, line in enumerate(block.text.split("\n")):
            m = KEY_VALUE.match(line)
            if m and (free or vocabulary.is_field_label(m["key"])):
                key = vocabulary.field_key(m["key"])
                yield SummaryField(key, plain(m["key"]), plain(m["value"]), block.line + offset)
