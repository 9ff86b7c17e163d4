"""Headings, bold pseudo headings and bold labels to nested sections with canonical kinds.

A bold label that names a section (`- **Review actions**:`, `**Impact**: ...`) opens a section too:
one that holds its own text and nested items, or, when the label stands alone, what follows it up
to the next heading or label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from postmortem_lint.markup import normalise_label, plain
from postmortem_lint.model import Section
from postmortem_lint.reader.blocks import Block
from postmortem_lint.reader.fields import KEY_VALUE, is_preamble
from postmortem_lint.reader.timeline import is_stamp
from postmortem_lint.reader.vocabulary import Vocabulary


def build_sections(
    blocks: Sequence[Block], lines: Sequence[str], vocabulary: Vocabulary
) -> tuple[list[Section], dict[int, Section]]:
    """The sections, and for every block (by index) the innermost section it belongs to."""
    sections: list[Section] = []
    owner: dict[int, Section] = {}
    stack: list[Section] = []
    labelled: dict[int, Block] = {}  # id(section) -> the label block that opened it
    closed: set[int] = set()  # label sections whose end is known
    real_level = 0  # level of the last real heading; pseudo headings nest one below it
    for index, block in enumerate(blocks):
        if labelled:  # only label sections close before the next heading
            _close_labels(stack, labelled, closed, block)
        if block.kind == "heading":
            level = real_level + 1 if block.pseudo else block.level
            if not block.pseudo:
                real_level = block.level
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            kind = vocabulary.section_kind(block.text)
            if kind is None and sections and sections[-1].kind == "timeline" and is_stamp(block.text):
                kind = "timeline"  # "## July 22" after "## Timeline": a day of the timeline
            if kind is None and parent is not None:
                kind = parent.kind
            section = Section(plain(block.text), kind, level, block.line, block.line, parent=parent)
            sections.append(section)
            stack.append(section)
        elif block.label and (block.kind == "paragraph" or (block.kind == "item" and not block.level)):
            kind = vocabulary.section_kind(block.label, prefix=False)
            if kind is not None:
                parent = stack[-1] if stack else None
                level = parent.level + 1 if parent else 1
                section = Section(plain(block.label), kind, level, block.line, block.line, parent=parent)
                sections.append(section)
                stack.append(section)
                labelled[id(section)] = block
        if stack:
            owner[index] = stack[-1]
    _set_extents(sections, lines, labelled, closed)
    _root_causes_as_factors(sections)
    return sections, owner


def _root_causes_as_factors(sections: Sequence[Section]) -> None:
    """Beside a separate "Trigger" section, "Root Causes" holds the contributing factors (the Google
    layout): the guide's trigger event is the one, the root causes are the others."""
    tops = [s for s in sections if s.kind == "trigger" and s.top is s]
    has_factors = any(s.kind == "contributing_factors" for s in sections)
    if has_factors or not any(_names_trigger(s.title) for s in tops):
        return
    factors = {id(s) for s in tops if not _names_trigger(s.title)}
    for section in sections:
        if section.kind == "trigger" and id(section.top) in factors:
            section.kind = "contributing_factors"


def recap_impact(blocks: Sequence[Block], owner: Mapping[int, Section]) -> Section | None:
    """A tier-1 recap written as a title, a paragraph or two and its action items: the paragraphs
    before the first section state the impact, and stand for the Impact section."""
    recap = [
        block
        for index, block in enumerate(blocks)
        if block.kind == "paragraph"
        and not block.quoted
        and not block.label
        and (index not in owner or is_preamble(owner[index]))
        and not KEY_VALUE.match(block.text)
    ]
    if not recap:
        return None
    text = "\n\n".join(block.text for block in recap)
    return Section("Recap", "impact", 0, recap[0].line, recap[-1].last_line, text=text)


def _names_trigger(title: str) -> bool:
    return normalise_label(title).startswith("trigger")


def _close_labels(stack: list[Section], labelled: dict[int, Block], closed: set[int], block: Block) -> None:
    """Pop label sections that `block` is no longer part of."""
    while stack and id(stack[-1]) in labelled:
        label = labelled[id(stack[-1])]
        if _within(block, label):
            return
        stack[-1].end_line = max(label.span_end, block.line - 1)
        closed.add(id(stack.pop()))


def _within(block: Block, label: Block) -> bool:
    if label.body or label.children or label.kind == "paragraph":
        # the label's own text and nested items
        parent = block.parent
        while parent is not None and parent is not label:
            parent = parent.parent
        return parent is label
    # a label alone on its line: what follows, up to the next heading or bold label
    starts_new = block.kind == "heading" or (bool(block.label) and not block.level)
    return not starts_new


def _set_extents(
    sections: list[Section], lines: Sequence[str], labelled: dict[int, Block], closed: set[int]
) -> None:
    last = len(lines)
    children: dict[int, list[Section]] = {}
    # heading sections whose end is not known yet, levels rising: a section ends before the next
    # one of its level or higher, found in one pass (a scan per section is quadratic in headings)
    waiting: list[Section] = []
    for section in sections:
        if section.parent is not None:
            children.setdefault(id(section.parent), []).append(section)
        while waiting and waiting[-1].level >= section.level:
            waiting.pop().end_line = section.line - 1
        if id(section) not in labelled:
            waiting.append(section)
    for section in waiting:
        section.end_line = last
    for section in sections:  # parents first, so a parent's end is known
        if id(section) in labelled and id(section) not in closed:  # still open at the end
            section.end_line = section.parent.end_line if section.parent else last
    for section in sections:
        label = labelled.get(id(section))
        start = label.last_line + 1 if label else section.line + 1
        own: list[str] = [label.body] if label and label.body else []
        line = start
        for child in children.get(id(section), ()):
            own.extend(lines[line - 1 : child.line - 1])
            line = max(line, child.end_line + 1)
        own.extend(lines[line - 1 : section.end_line])
        section.text = "\n".join(own).strip()
