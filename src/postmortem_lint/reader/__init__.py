"""Read one postmortem file into the document model; never raises on bad input."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path

from postmortem_lint.markup import plain
from postmortem_lint.model import Document, Hidden, Problem, Section
from postmortem_lint.reader import frontmatter
from postmortem_lint.reader.actions import read_actions
from postmortem_lint.reader.blocks import Block, parse
from postmortem_lint.reader.fields import from_blocks, from_front_matter
from postmortem_lint.reader.impact import read_impact_fields
from postmortem_lint.reader.sections import build_sections, recap_impact
from postmortem_lint.reader.timeline import read_timeline
from postmortem_lint.reader.vocabulary import Vocabulary

MAX_BYTES = 2 * 1024 * 1024
# non-blocking, so opening a FIFO nobody writes to cannot hang the run; binary, so Windows keeps CRLF.
# Directories are refused by `os.read` itself ("Is a directory").
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_NOT_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)  # a socket cannot even be opened ("No such device or address")
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def read_path(path: str | Path, vocabulary: Vocabulary, display: str | None = None) -> Document:
    name = display or str(path)
    data = read_file(path)
    if isinstance(data, str):
        return _unreadable(name, 1, f"cannot read file: {data}")
    return read_bytes(data, name, vocabulary)


def read_file(path: str | Path) -> bytes | str:
    """The bytes of a regular file (MAX_BYTES + 1 at the most, enough to tell it is too large), or
    why it cannot be read."""
    try:
        handle = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError as exc:
        if Path(path).is_symlink():
            return f"broken symbolic link to {Path(path).readlink()}"
        return exc.strerror or str(exc)
    except OSError as exc:
        return exc.strerror or str(exc)
    try:
        mode = os.fstat(handle).st_mode
        kind = next((kind for test, kind in _NOT_FILES if test(mode)), None)
        if kind is not None:
            return f"it is {kind}, not a regular file"
        data = b""  # os.read rather than a file object: a third faster, and this runs for every file
        while len(data) <= MAX_BYTES and (chunk := os.read(handle, MAX_BYTES + 1 - len(data))):
            data += chunk
        return data
    except OSError as exc:  # a directory: "Is a directory"
        return exc.strerror or str(exc)
    finally:
        os.close(handle)


def read_bytes(data: bytes, name: str, vocabulary: Vocabulary) -> Document:
    if len(data) > MAX_BYTES:
        return _unreadable(name, 1, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; not read")
    encoding = next((encoding for bom, encoding in _WIDE_BOMS if data.startswith(bom)), None)
    if encoding is not None:
        return _unreadable(name, 1, f"file is encoded as {encoding}; save it as UTF-8")
    if b"\x00" in data:
        return _unreadable(
            name, _line_at(data, data.index(b"\x00")), "binary content (NUL byte); not a Markdown text file"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _unreadable(
            name,
            _line_at(data, exc.start),
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        )
    return read_text(text, name, vocabulary)


def _line_at(data: bytes, offset: int) -> int:
    """The line of byte `offset`, counting line ends as `read_text` does (CRLF, LF or a lone CR)."""
    return data.count(b"\n", 0, offset) + data.count(b"\r", 0, offset) - data.count(b"\r\n", 0, offset) + 1


def read_text(text: str, name: str, vocabulary: Vocabulary) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    document = Document(path=name, line_count=len(lines), text=text)
    body, offset = text, 0
    split = frontmatter.split(text)
    if split is not None:
        source, end_line = split
        try:
            matter = frontmatter.parse(source)
        except frontmatter.FrontMatterError as exc:
            document.unreadable = Problem(exc.line, exc.message)
            return document
        document.front_matter = matter.data
        document.fields = from_front_matter(matter.data, matter.lines, vocabulary)
        offset = document.front_matter_end = end_line
        body = "\n".join(lines[end_line:])
        document.hidden.append(Hidden("front_matter", 1, 0, end_line, -1))

    blocks, document.prose, hidden = parse(body, offset)
    document.hidden += hidden
    sections, owner = build_sections(blocks, document.visible_lines({"comment"}), vocabulary)
    for found in from_blocks(blocks, owner, vocabulary):
        document.fields.setdefault(found.key, found)
    sections += _field_sections(document, sections, vocabulary)
    if document.tier == 1 and not any(s.kind == "impact" for s in sections):
        recap = recap_impact(blocks, owner)
        sections += [recap] if recap else []
    document.sections = sorted(sections, key=lambda s: s.line)

    of_kind: dict[str | None, list[tuple[Block, Section]]] = {}  # the blocks of each section kind, in order
    for index, block in enumerate(blocks):
        if (section := owner.get(index)) is not None:
            of_kind.setdefault(section.kind, []).append((block, section))

    incident = document.incident_date
    year = incident.year if incident else None
    document.timeline = list(read_timeline(of_kind.get("timeline", []), vocabulary, year))
    document.actions = read_actions(of_kind.get("action_items", []), vocabulary, incident)
    document.impact = list(read_impact_fields(of_kind.get("impact", []), document.fields, lines))
    headings = [b for b in blocks if b.kind == "heading" and not b.pseudo]
    top = min(headings, key=lambda b: (b.level, b.line), default=None)
    title = document.fields.get("title")
    if top is not None:
        document.title, document.title_line = plain(top.text), top.line
    if title is not None and title.value:
        document.title = str(title.value)
        document.title_line = top.line if top is not None else title.line
    return document


def _field_sections(document: Document, sections: list[Section], vocabulary: Vocabulary) -> Iterator[Section]:
    """`**Impact:** ...` or `- Trigger: ...` written as a field stands for that section."""
    present = {s.kind for s in sections}
    for found in document.fields.values():
        kind = vocabulary.section_kind(found.label)
        value = found.value
        if isinstance(value, Mapping):  # `impact:` holding `customer:`, `internal:`, ... in front matter
            value = "\n".join(f"{key}: {inner}" for key, inner in value.items())
        if kind is not None and kind not in present and isinstance(value, str):
            present.add(kind)
            yield Section(found.label, kind, 0, found.line, found.line, text=value)


def _unreadable(name: str, line: int, message: str) -> Document:
    return Document(path=name, line_count=0, unreadable=Problem(line, message))
