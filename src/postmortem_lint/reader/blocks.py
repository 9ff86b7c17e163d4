"""Markdown to a flat list of blocks (headings, paragraphs, list items, table rows) with source lines,
the prose a reader reads, and the parts that are no prose (code blocks and spans, HTML comments).

Only markdown-it's block pass runs over the whole text; the inline pass, for speed, only where a
code span or a comment may be (a backtick, `<!--`), with only the rules that decide those (text,
escapes, code spans, autolinks, inline HTML), and only where more than backticks decide: in text
with backticks but no `\\` or `<`, code spans are paired directly, as the inline pass pairs them.
Block text is the Markdown source of the inline content with HTML comments blanked, and `plain()`
strips the rest of what a reader would not see. Reference links (`[text][label]`, `[label]`) are
rewritten to inline links so their targets stay visible.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from postmortem_lint.model import Hidden, HiddenKind, Prose
from postmortem_lint.regex import compiled, lazy

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

    from postmortem_lint.model import Section


_NOT_NEWLINE = compiled(r"[^\n]")  # blanked, keeping the line breaks

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
_BOLD_ONLY = compiled(r"^(\*\*|__)(?P<text>[^*_\n]{1,80}?)\1\s*:?$")
# `**Key:** rest`, `**Key**: rest`, `**Key**` alone on its line; the key is short and has no markup
_LABEL = compiled(r"^(\*\*|__)(?P<label>[^*_\n:]{1,60}?)\s*(?P<c1>:?)\1[ \t]*(?P<c2>:?)[ \t]*")
_REFERENCE = lazy(r"(?<![\\!\]])\[(?P<text>[^\[\]\n]{1,300})\](?:\[(?P<label>[^\[\]\n]{0,200})\])?(?![(:\[])")


_BACKTICKS = compiled(r"``*")  # a run of backticks; "`+" as written, but "`" first lets re skip to it
_CELL_PADDING = 200  # spaces and pipe before a table cell's text, at the most, for its column


def parse(text: str, line_offset: int = 0) -> tuple[list[Block], list[Prose], list[Hidden]]:
    """The blocks, the prose and the hidden parts of `text`, the document from line `line_offset + 1`
    on (after its front matter)."""
    env: dict[str, Any] = {}
    tokens = _parser().parse(text, env)
    walker = _Walker(line_offset, env.get("references") or {}, text.split("\n"))
    blocks = list(walker.walk(tokens))
    return blocks, walker.prose, sorted(walker.hidden, key=lambda h: (h.line, h.column))


def parse_blocks(text: str, line_offset: int = 0) -> list[Block]:
    return parse(text, line_offset)[0]


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    """The inline rules that decide what is a code span or a comment, each recording where it is."""
    from markdown_it import MarkdownIt  # noqa: PLC0415  (as in _parser)
    from markdown_it.rules_inline import backtick, html_inline  # noqa: PLC0415

    md = MarkdownIt("commonmark")
    md.inline.ruler.enableOnly(["text", "newline", "escape", "backticks", "autolink", "html_inline"])
    md.inline.ruler2.enableOnly([])
    md.inline.ruler.at("backticks", _recording(backtick, "code_inline", "code_span"))
    md.inline.ruler.at("html_inline", _recording(html_inline, "html_inline", "comment"))
    return md


def _recording(rule: Any, token_type: str, kind: HiddenKind) -> Any:
    """`rule`, noting in the environment each span of `kind` it reads (offsets in the inline source)."""

    def record(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        made = len(state.tokens) > count and state.tokens[-1].type == token_type
        if made and (kind == "code_span" or state.src.startswith("<!--", start)):
            state.env["spans"].append((start, state.pos, kind))
        return True

    return record


def _inline_hidden(content: str) -> list[tuple[int, int, HiddenKind]]:
    """Code spans and HTML comments in inline Markdown, as (start, end, kind) offsets."""
    if "`" not in content and "<!--" not in content:
        return []
    if "<" not in content and "\\" not in content:
        return _code_spans(content)
    return _parsed_spans(content)


def _parsed_spans(content: str) -> list[tuple[int, int, HiddenKind]]:
    """Code spans and HTML comments as markdown-it's inline rules find them."""
    md = _inline_parser()
    env: dict[str, Any] = {"spans": []}
    md.inline.parse(content, md, env, [])
    spans: list[tuple[int, int, HiddenKind]] = env["spans"]
    return spans


def _code_spans(content: str) -> list[tuple[int, int, HiddenKind]]:
    """The code spans of inline Markdown without escapes, autolinks or HTML (no `\\`, no `<`), where
    only backticks decide: the inline parser's answer without its per-character work. As CommonMark
    pairs them, a run of backticks opens a span that the next run of the same length closes; a run
    with no such closer is text."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(content)]
    closer = [-1] * len(runs)  # for each run, the next run of its length: found right to left, linear
    nearest: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        closer[index] = nearest.get(end - start, -1)
        nearest[end - start] = index
    spans: list[tuple[int, int, HiddenKind]] = []
    index = 0
    while index < len(runs):
        if closer[index] == -1:
            index += 1
        else:
            spans.append((runs[index][0], runs[closer[index]][1], "code_span"))
            index = closer[index] + 1
    return spans


def _blank(text: str, spans: list[tuple[int, int, HiddenKind]], kinds: tuple[HiddenKind, ...]) -> str:
    """`text` with the spans of `kinds` replaced by spaces (line breaks kept: offsets and lines hold).
    The spans come in order and do not overlap: one pass."""
    pieces: list[str] = []
    done = 0
    for start, end, kind in spans:
        if kind in kinds:
            pieces += (text[done:start], _NOT_NEWLINE.sub(" ", text[start:end]))
            done = end
    return "".join(pieces) + text[done:]


def _comments(source: str) -> Iterator[tuple[int, int]]:
    """Offsets of the HTML comments in a raw HTML block; an unclosed one runs to the block's end."""
    done = 0
    while (start := source.find("<!--", done)) != -1:
        end = source.find("-->", start + 4)
        done = len(source) if end == -1 else end + 3
        yield start, done


class _Walker:
    """markdown-it's block tokens to blocks, keeping track of the lists and quotes being read."""

    def __init__(self, offset: int, references: Mapping[str, Any], lines: list[str]) -> None:
        self.offset = offset
        self.references = references
        self.lines = lines  # the parsed text's lines: line n of the document is lines[n - 1 - offset]
        self.prose: list[Prose] = []
        self.hidden: list[Hidden] = []
        self.cell_from = 0  # in a table row: where in its line the next cell's text is looked for
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
                parent_type = tokens[i - 1].type
                content = self._read_inline(tok, parent_type)
                if self.references and "[" in content:
                    content = _resolve(content, self.references)
                if parent_type in ("th_open", "td_open"):
                    row_cells.append(content.strip())
                elif parent_type == "heading_open" and heading:
                    level, start = heading
                    yield Block("heading", start, content.strip(), level=level, last_line=start)
                    heading = None
                elif parent_type == "paragraph_open":
                    last = (tok.map[1] + self.offset) if tok.map else line
                    block = self._paragraph(content, line, last)
                    if block is not None and block.pseudo:  # `**Impact**` alone: a title too
                        self.prose[-1] = self.prose[-1]._replace(heading=True)
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
            elif ttype in ("fence", "code_block") and tok.map:
                last = tok.map[1] + self.offset
                self.hidden.append(Hidden("code_block", line, 0, last, -1))
            elif ttype == "html_block" and tok.map and "<!--" in tok.content:
                self._html_comments(tok.map[0], tok.map[1])
            elif ttype == "tr_open":
                self.cell_from = 0
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

    def _read_inline(self, token: Token, parent_type: str) -> str:
        """Record the token's prose and hidden spans; its content with HTML comments blanked."""
        content = token.content
        if not token.map:
            return content
        first = token.map[0]
        lines = self.lines
        if parent_type in ("th_open", "td_open"):  # a cell: its text is in the row's line, after the last
            source = lines[first] if first < len(lines) else ""
            # looked for near where the last cell ended: a cell written otherwise (`\|`) costs no rescan
            window = self.cell_from + len(content) + _CELL_PADDING
            column = source.find(content, self.cell_from, window) if content else -1
            columns: tuple[int, ...] = (max(column, 0),)
            self.cell_from = (column if column >= 0 else self.cell_from) + len(content)
            starts: tuple[int, ...] = (0,)  # a cell is one line
        elif "\n" not in content:  # most paragraphs, items and headings: one line
            columns = (_column(lines[first] if first < len(lines) else "", content),)
            starts = (0,)
        else:
            parts = content.split("\n")
            columns = tuple(
                _column(lines[first + i] if first + i < len(lines) else "", part)
                for i, part in enumerate(parts)
            )
            offsets = [0]
            for part in parts[:-1]:
                offsets.append(offsets[-1] + len(part) + 1)
            starts = tuple(offsets)
        spans = _inline_hidden(content)
        line = first + 1 + self.offset
        text = content
        if spans:
            for start, end, kind in spans:
                (start_line, start_column), (end_line, end_column) = (
                    _place(offset, line, starts, columns) for offset in (start, end)
                )
                self.hidden.append(Hidden(kind, start_line, start_column, end_line, end_column))
            text = _blank(content, spans, ("code_span", "comment"))
        if len(starts) > 1:
            text = text.replace("\n", " ")
        heading = parent_type == "heading_open"
        self.prose.append(Prose(line, text, starts, columns, self.quote_depth > 0, heading))
        return _blank(content, spans, ("comment",)) if spans else content

    def _html_comments(self, first: int, end: int) -> None:
        """Record the comments in the raw HTML block on (0-based) lines `first` to `end - 1`."""
        lines = self.lines[first:end]
        starts = [0]
        for text in lines[:-1]:
            starts.append(starts[-1] + len(text) + 1)
        columns = [0] * len(lines)
        for start, stop in _comments("\n".join(lines)):
            (line, column), (last, last_column) = (
                _place(offset, first + 1 + self.offset, starts, columns) for offset in (start, stop)
            )
            self.hidden.append(Hidden("comment", line, column, last, last_column))

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


def _column(source: str, part: str) -> int:
    """Where `part` of an inline text starts in its source line: container markers (`> `, `- `,
    indentation) come before it."""
    if source.endswith(part):
        return len(source) - len(part)
    return max(source.find(part), 0)


def _place(offset: int, line: int, starts: Sequence[int], columns: Sequence[int]) -> tuple[int, int]:
    """(line, 0-based column) of `offset` in an inline text that starts on `line`."""
    part = bisect_right(starts, offset) - 1
    return line + part, columns[part] + offset - starts[part]


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

    return _REFERENCE().sub(link, content)
