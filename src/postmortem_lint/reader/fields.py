"""Summary fields: `- Key: value` bullets, `**Key:** value` lines, `### Date` headings and front matter."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from postmortem_lint.markup import normalise_label, plain
from postmortem_lint.model import Section, SummaryField
from postmortem_lint.reader.blocks import Block
from postmortem_lint.reader.vocabulary import Vocabulary
from postmortem_lint.regex import compiled

# `Key: value`, `**Key:** value`, `**Key**: value`; keys are short so prose is not taken for a field
KEY_VALUE = compiled(
    r"^\s*(?:\*\*|__)?(?P<key>[A-Za-z][\w /()'&-]{0,38}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)(?=\s|$)"
    r"[ \t]*(?P<value>.*)$"
)
# sections whose `Key: value` lines are data of their own (timeline entries, action items)
_NOT_FIELDS = frozenset({"timeline", "action_items"})
_UNKNOWN_KEY_WORDS = 4  # a longer key that is not a known field name is the start of a sentence


def from_front_matter(
    data: Mapping[str, Any], lines: Mapping[str, int], vocabulary: Vocabulary
) -> dict[str, SummaryField]:
    """A key named like the field itself wins over an alias (`title:` over an issue template's `name:`)."""
    found: dict[str, SummaryField] = {}
    exact = sorted(data, key=lambda label: normalise_label(str(label)) != vocabulary.field_key(str(label)))
    for label in exact:
        key = vocabulary.field_key(str(label))
        found.setdefault(key, SummaryField(key, str(label), data[label], lines.get(label, 1)))
    return found


def from_blocks(
    blocks: Sequence[Block], owner: Mapping[int, Section], vocabulary: Vocabulary
) -> Iterator[SummaryField]:
    """Fields in the preamble and summary-like sections; unknown keys only in the preamble and summary."""
    for index, block in enumerate(blocks):
        section = owner.get(index)
        if section is not None and section.kind in _NOT_FIELDS:
            continue
        if block.kind == "heading":
            found = _heading_field(blocks, owner, index, vocabulary)
            if found is not None:
                yield found
            continue
        if block.kind not in ("paragraph", "item") or block.level or block.quoted:
            continue
        free = section is None or section.kind == "summary" or is_preamble(section)
        for offset, line in enumerate(block.text.split("\n")):
            m = KEY_VALUE.match(line) if ":" in line else None  # every key ends with a colon
            if m is None:
                continue
            value = plain(m["value"])
            if vocabulary.is_field_label(m["key"]) or (
                free and value and len(m["key"].split()) <= _UNKNOWN_KEY_WORDS
            ):
                key = vocabulary.field_key(m["key"])
                yield SummaryField(key, plain(m["key"]), value, block.line + offset)


def is_preamble(section: Section) -> bool:
    """The part under the document's title heading, before the first section heading."""
    return section.kind is None and section.parent is None and section.level == 1


def _heading_field(
    blocks: Sequence[Block], owner: Mapping[int, Section], index: int, vocabulary: Vocabulary
) -> SummaryField | None:
    """`### Date` over `2026-08-19` (the SRE-book layout): the heading names the field, the text below it
    is its value."""
    heading = blocks[index]
    if heading.level == 1 or not vocabulary.is_field_label(heading.text):  # "# Title" names the document
        return None
    if vocabulary.section_kind(heading.text) is not None:
        return None
    section = owner.get(index)
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    value = ""
    if following is not None and following.kind == "paragraph" and owner.get(index + 1) is section:
        value = plain(following.text)
    key = vocabulary.field_key(heading.text)
    return SummaryField(key, plain(heading.text).rstrip(" :"), value, heading.line)
