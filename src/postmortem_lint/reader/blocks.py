"""Markdown to a flat list of blocks (headings, paragraphs, list items, table rows) with source lines.

Only markdown-it's block pass runs: inline parsing is skipped for speed, so block text is the
Markdown source of the inline content and `plain()` strips what a reader would not see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

BlockKind = Literal["heading", "paragraph", "item", "row"]


@dataclass
class Block:
    kind: BlockKind
    line: int
    text: str
    level: int = 0  # heading level; list depth (0 = top) for items
    cells: tuple[str, ...] = ()  # table rows
    header: tuple[str, ...] = ()  # table rows: the table's header cells
    parent: Block | None = field(default=None, repr=False)  # items: the enclosing item
    children: list[Block] = field(default_factory=list, repr=False)  # items: nested items
    extra: list[str] = field(default_factory=list, repr=False)  # items: later paragraphs
    pseudo: bool = False  # headings: a paragraph that is only bold text


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    md.core.ruler.disable(["inline", "text_join"])
    return md


_BOLD_ONLY = re.compile(r"^(\*\*|__)(?P<text>[^*_\n]{1,80}?)\1\s*:?$")


def parse_blocks(text: str, line_offset: int = 0) -> list[Block]:
    return list(_walk(_parser().parse(text), line_offset))


def _walk(tokens: list[Token], offset: int) -> Iterator[Block]:
    item_stack: list[Block | None] = []  # list items being read; None until their first paragraph
    item_lines: list[int] = []
    header: tuple[str, ...] = ()
    row_cells: list[str] = []
    row_line = 0
    in_head = False
    pending_heading: tuple[int, int] | None = None
    for i, tok in enumerate(tokens):
        line = (tok.map[0] + 1 + offset) if tok.map else 0
        ttype = tok.type
        if ttype == "heading_open":
            pending_heading = (int(tok.tag[1]), line)
        elif ttype == "list_item_open":
            item_stack.append(None)
            item_lines.append(line)
        elif ttype == "list_item_close":
            done = item_stack.pop()
            start = item_lines.pop()
            if done is None:  # an empty item ("- "): still an item, with no text
                yield _new_item("", start, item_stack)
        elif ttype == "thead_open":
            in_head = True
        elif ttype == "thead_close":
            in_head = False
        elif ttype == "tr_open":
            row_cells, row_line = [], line
        elif ttype == "tr_close":
            if in_head:
                header = tuple(row_cells)
            else:
                yield Block("row", row_line, " | ".join(row_cells), cells=tuple(row_cells), header=header)
        elif ttype == "inline":
            content = tok.content
            parent_type = tokens[i - 1].type
            if parent_type in ("th_open", "td_open"):
                row_cells.append(content.strip())
            elif parent_type == "heading_open" and pending_heading:
                yield Block("heading", pending_heading[1], content.strip(), level=pending_heading[0])
                pending_heading = None
            elif parent_type == "paragraph_open":
                if item_stack and item_stack[-1] is None:
                    block = _new_item(content, item_lines[-1], item_stack)
                    item_stack[-1] = block
                    yield block
                elif item_stack:
                    current = item_stack[-1]
                    if current is not None:
                        current.extra.append(content)
                else:
                    bold = _BOLD_ONLY.match(content.strip())
                    if bold:
                        yield Block("heading", line, bold["text"].strip().rstrip(":"), pseudo=True)
                    else:
                        yield Block("paragraph", line, content)


def _new_item(text: str, line: int, stack: list[Block | None]) -> Block:
    parent = next((b for b in reversed(stack[:-1]) if b is not None), None)
    depth = sum(1 for b in stack[:-1] if b is not None)
    block = Block("item", line, text, level=depth, parent=parent)
    if parent is not None:
        parent.children.append(block)
    return block
