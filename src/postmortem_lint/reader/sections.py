"""Headings (real and bold-only pseudo headings) to nested sections with canonical kinds."""

from __future__ import annotations

from collections.abc import Sequence

from postmortem_lint.markup import plain
from postmortem_lint.model import Section
from postmortem_lint.reader.blocks import Block
from postmortem_lint.vocabulary import Vocabulary


def build_sections(
    blocks: Sequence[Block], lines: Sequence[str], vocabulary: Vocabulary
) -> tuple[list[Section], dict[int, Section]]:
    """The sections, and for every block (by index) the innermost section it belongs to."""
    sections: list[Section] = []
    owner: dict[int, Section] = {}
    stack: list[Section] = []
    real_level = 0  # level of the last real heading; pseudo headings nest one below it
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            level = real_level + 1 if block.pseudo else block.level
            if not block.pseudo:
                real_level = block.level
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            kind = vocabulary.section_kind(block.text)
            if kind is None and parent is not None:
                kind = parent.kind
            section = Section(plain(block.text), kind, level, block.line, block.line, parent=parent)
            sections.append(section)
            stack.append(section)
        if stack:
            owner[index] = stack[-1]
    _set_extents(sections, lines)
    return sections, owner


def _set_extents(sections: list[Section], lines: Sequence[str]) -> None:
    last = len(lines)
    for i, section in enumerate(sections):
        own_end = sections[i + 1].line - 1 if i + 1 < len(sections) else last
        section.text = "\n".join(lines[section.line : own_end]).strip() if own_end > section.line else ""
        later = (s for s in sections[i + 1 :] if s.level <= section.level)
        section.end_line = next((s.line - 1 for s in later), last)
