"""Markdown to a flat list of blocks (headings, paragraphs, list items, table rows) with source lines.

Only markdown-it's block pass runs: inline parsing is skipped for speed, so block text is the
Markdown source of the inline content and `plain()` strips what a reader would not see. Reference
links (`[text][label]`, `[label]`) are rewritten to inline links so their targets stay visible.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from postmortem_lint.model import Section

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
    last_line: int = 0  # last line of the block's own text (an item's first paragraph)
    ordered: bool = False  # items: in a numbered list
    quoted: bool = False  # inside a blockquote
    # items: a bullet list written straight after a numbered list without indentation, read as
    # the details of the numbered item above it when that item is a bold title or ends with ":"
    # (markdown-it makes it a list of its own)
    attached: bool = False
    label: str = ""  # a bold lead-in ("**Impact**: ...", "- **Key events**"), without colon
    body: str = ""  # the text after the bold lead-in

    @property
    def span_end(self) -> int:
        """Last line of the block including nested items."""
        return max([self.last_line, *(c.span_end for c in self.children)])


def opens_section(block: Block, section: Section) -> bool:
    """True for the bold-label block that opened `section` (`- **Review actions**: ...`)."""
    return bool(block.label) and block.kind != "heading" and section.line == block.line


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Here, not at the top: markdown-it is about 25 ms to import, and a cache hit reads no Markdown.
    from markdown_it import MarkdownIt  # noqa: PLC0415

    md = MarkdownIt("commonmark").enable("table")
    md.core.ruler.disable(["inline", "text_join"])
    return md


# token types with nothing to do: the inline token after an opening one carries the content
_PASSED = frozenset(
    {"paragraph_open", "paragraph_close", "heading_close", "th_open", "th_close", "td_open", "td_close"}
)
_BOLD_ONLY = re.compile(r"^(\*\*|__)(?P<text>[^*_\n]{1,80}?)\1\s*:?$")
# `**Key:** rest`, `**Key**: rest`, `**Key**` alone on its line; the key is short and has no markup
_LABEL = re.compile(r"^(\*\*|__)(?P<label>[^*_\n:]{1,60}?)\s*(?P<c1>:?)\1[ \t]*(?P<c2>:?)[ \t]*")
_REFERENCE = re.compile(
    r"(?<![\\!\]])\[(?P<text>[^\[\]\n]{1,300})\](?:\[(?P<label>[^\[\]\n]{0,200})\])?(?![(:\[])"
)


def parse_blocks(text: str, line_offset: int = 0) -> list[Block]:
    env: dict[str, Any] = {}
    tokens = _parser().parse(text, env)
    return list(_Walker(line_offset, env.get("references") or {}).walk(tokens))


class _Walker:
    """markdown-it's block tokens to blocks, keeping track of the lists and quotes being read."""

    def __init__(self, offset: int, references: Mapping[str, Any]) -> None:
        self.offset = offset
        self.references = references
        self.items: list[Block | None] = []  # list items being read; None until their first paragraph
        self.item_lines: list[int] = []
        self.ordered: list[bool] = []
        self.quote_depth = 0
        self.last_numbered: Block | None = None  # the last top-level numbered item
        self.attach_to: Block | None = None  # the numbered item a bullet list is attached to

    def walk(self, tokens: list[Token]) -> Iterator[Block]:
        header: tuple[str, ...] = ()
        row_cells: list[str] = []
        row_line = 0
        in_head = False
        heading: tuple[int, int] | None = None
        ttype = ""
        for i, tok in enumerate(tokens):
            previous, ttype = ttype, tok.type
            if ttype in _PASSED:
                continue
            line = (tok.map[0] + 1 + self.offset) if tok.map else 0
            if ttype == "inline":
                content = tok.content
                if self.references and "[" in content:
                    content = _resolve(content, self.references)
                parent_type = tokens[i - 1].type
                if parent_type in ("th_open", "td_open"):
                    row_cells.append(content.strip())
                elif parent_type == "heading_open" and heading:
                    level, start = heading
                    yield Block("heading", start, content.strip(), level=level, last_line=start)
                    heading = None
                elif parent_type == "paragraph_open":
                    last = (tok.map[1] + self.offset) if tok.map else line
                    block = self._paragraph(content, line, last)
                    if block is not None:
                        yield block
            elif ttype == "heading_open":
                heading = (int(tok.tag[1]), line)
            elif ttype in ("bullet_list_open", "ordered_list_open"):
                self.ordered.append(ttype == "ordered_list_open")
                if not self.items and ttype == "bullet_list_open" and previous == "ordered_list_close":
                    self.attach_to = _introduces(self.last_numbered)
            elif ttype in ("bullet_list_close", "ordered_list_close"):
                self.ordered.pop()
                if not self.items:
                    self.attach_to = None
            elif ttype == "list_item_open":
                self.items.append(None)
                self.item_lines.append(line)
            elif ttype == "list_item_close":
                if self.items[-1] is None:  # an empty item ("- "): still an item, with no text
                    yield self._item("", self.item_lines[-1], self.item_lines[-1])
                self.items.pop()
                self.item_lines.pop()
            elif ttype in ("blockquote_open", "blockquote_close"):
                self.quote_depth += 1 if ttype == "blockquote_open" else -1
            elif ttype in ("thead_open", "thead_close"):
                in_head = ttype == "thead_open"
            elif ttype == "tr_open":
                row_cells, row_line = [], line
            elif ttype == "tr_close":
                if in_head:
                    header = tuple(row_cells)
                else:
                    yield Block(
                        "row",
                        row_line,
                        " | ".join(row_cells),
                        cells=tuple(row_cells),
                        header=header,
                        last_line=row_line,
                        quoted=self.quote_depth > 0,
                    )

    def _paragraph(self, content: str, line: int, last: int) -> Block | None:
        """The block a paragraph makes: a list item's text, a pseudo heading or a plain paragraph."""
        if self.items and self.items[-1] is None:
            block = self._item(content, self.item_lines[-1], last)
            self.items[-1] = block
            _set_label(block)
            if not block.level and block.ordered and not block.attached:
                self.last_numbered = block
            return block
        if self.items:
            current = self.items[-1]
            if current is not None:
                current.extra.append(content)
            return None
        bold = _BOLD_ONLY.match(content.strip())
        if bold:
            text = bold["text"].strip().rstrip(":")
            return Block("heading", line, text, pseudo=True, last_line=last, quoted=self.quote_depth > 0)
        block = Block("paragraph", line, content, last_line=last, quoted=self.quote_depth > 0)
        _set_label(block)
        return block

    def _item(self, text: str, line: int, last: int) -> Block:
        parent: Block | None = None  # the innermost enclosing item with text
        depth = 0  # how many enclosing items have text
        for enclosing in self.items[:-1]:
            if enclosing is not None:
                parent, depth = enclosing, depth + 1
        attached = self.attach_to is not None and parent is None
        if self.attach_to is not None:
            parent = parent or self.attach_to
            depth += 1
        block = Block(
            "item",
            line,
            text,
            level=depth,
            parent=parent,
            ordered=self.ordered[-1],
            attached=attached,
            last_line=last,
            quoted=self.quote_depth > 0,
        )
        if parent is not None:
            parent.children.append(block)
        return block


def _introduces(block: Block | None) -> Block | None:
    """`block` if it reads as the title of details below it (`**Title**`, "... as follows:")."""
    if block is not None and (block.label or block.text.rstrip().endswith(":")):
        return block
    return None


def _set_label(block: Block) -> None:
    m = _LABEL.match(block.text) if block.text.startswith(("**", "__")) else None
    if m is None:
        return
    rest = block.text[m.end() :]
    if m["c1"] or m["c2"] or not rest.strip() or rest.startswith("\n"):
        block.label = m["label"].strip()
        block.body = rest.strip()


def _resolve(content: str, references: Mapping[str, Any]) -> str:
    """`[text][label]`, `[text][]` and `[label]` with a definition become `[text](href)`."""
    from markdown_it.common.utils import normalizeReference  # noqa: PLC0415  (as in _parser)

    def link(m: re.Match[str]) -> str:
        label = m["label"] or m["text"]
        found = references.get(normalizeReference(label))
        return f"[{m['text']}]({found['href']})" if found else m.group(0)

    return _REFERENCE.sub(link, content)
