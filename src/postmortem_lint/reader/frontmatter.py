"""YAML front matter, read safely: anchors and aliases are refused before anything is built.

Every failure is a `FrontMatterError` with a line in the file, never an exception from the YAML
library: syntax errors, alias bombs, nesting deep enough to exhaust the composer's recursion,
values YAML accepts but Python cannot build (`date: 2026-13-45`, an integer of 5,000 digits), and
front matter too long to parse quickly.
A file that opens `---` and never closes it has no front matter: it is read as Markdown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from postmortem_lint.regex import compiled

_OPEN = compiled(r"\A---[ \t]*\r?\n")
_CLOSE = compiled(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
MAX_DEPTH = 20  # nested mappings and lists; real front matter uses two or three
MAX_CHARS = 64 * 1024  # real front matter is a few hundred bytes; pure-Python YAML reads ~200 KB/s


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class UnsafeYAML(FrontMatterError):
    """Anchors, aliases or deep nesting: refused before the YAML is built (alias bombs, recursion)."""

    def __init__(self, line: int, message: str, *, aliases: bool) -> None:
        super().__init__(line, message)
        self.aliases = aliases


class FrontMatter(NamedTuple):
    """The YAML front matter read: its data, and the line of each top-level key."""

    data: dict[str, Any]
    lines: dict[str, int]  # top-level key -> line in the file


def split(text: str) -> tuple[str, int] | None:
    """The YAML source and the line of its closing delimiter, when the file starts with `---`."""
    opened = _OPEN.match(text)
    if not opened:
        return None
    closed = _CLOSE.search(text, opened.end())
    if not closed:
        return None
    return text[opened.end() : closed.start()], text.count("\n", 0, closed.start()) + 1


def parse(source: str, first_line: int = 2) -> FrontMatter:
    """Parse front matter that starts at `first_line`; errors carry the file's line number."""
    if len(source) > MAX_CHARS:
        raise FrontMatterError(
            first_line,
            f"front matter is longer than {MAX_CHARS // 1024} KB; move long text into the Markdown",
        )
    data = simple(source)
    if data is None:
        data = _load(source, first_line)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else "a single value"
        raise FrontMatterError(
            first_line,
            f"front matter must be `key: value` lines, not {what} (a file that starts with `---` "
            "opens YAML front matter)",
        )
    lines = {}
    for number, text in enumerate(source.split("\n"), start=first_line):
        key = text.split(":", 1)[0].strip().strip("\"'")
        if key in data and key not in lines and not text[:1].isspace():
            lines[key] = number
    return FrontMatter({str(k): v for k, v in data.items()}, lines)


def _load(source: str, first_line: int) -> Any:
    """The YAML parser's reading, refusing anchors, aliases and deep nesting first."""
    # Here, not at the top: ruamel.yaml is about 15 ms to import, and flat front matter is read
    # without it (`simple`), as are documents without front matter.
    from ruamel.yaml import YAML  # noqa: PLC0415
    from ruamel.yaml.error import MarkedYAMLError, YAMLError  # noqa: PLC0415
    from ruamel.yaml.reader import ReaderError  # noqa: PLC0415

    last_line = first_line + source.rstrip().count("\n")  # the last line with YAML on it

    def at(mark: Any) -> int:
        # past the end means "unexpected end", and ruamel also breaks lines at U+0085, U+2028 and
        # U+2029: keep the line inside the block
        return min(first_line + mark.line, last_line) if mark else first_line

    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _constructor()
    try:
        refuse_unsafe(yaml.parse(source), at)
        return yaml.load(source)
    except MarkedYAMLError as exc:
        problem = ", ".join(filter(None, (exc.context, exc.problem))) or "invalid YAML"
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and mark.index >= len(source.rstrip()):
            mark = exc.context_mark  # an unexpected end: point at what was left open
        raise FrontMatterError(at(mark), f"invalid front matter: {problem}") from None
    except ReaderError as exc:
        line = first_line + source.count("\n", 0, exc.position)
        raise FrontMatterError(
            line, f"invalid front matter: character U+{exc.character:04X} is not allowed in YAML"
        ) from None
    except YAMLError as exc:
        raise FrontMatterError(first_line, f"invalid front matter: {str(exc).splitlines()[0]}") from None


# The flat front matter nearly every postmortem has, in forms whose YAML reading is certain.
_KEY = r"[A-Za-z_][A-Za-z0-9_-]{0,63}"
# YAML reads these as this very text (trailing spaces trimmed): a letter first, or a digit first and
# a space later (no number or date has one; a timestamp with a space needs a colon)
_PLAIN = r"[A-Za-z][A-Za-z0-9 _./()+,'-]{0,300}|[0-9][A-Za-z0-9_./()+,'-]{0,30} [A-Za-z0-9 _./()+,'-]{0,300}"
_QUOTED = r"\"[^\"\\]{0,300}\"|'[^']{0,300}'"  # no escapes, no doubled quotes
_SCALAR = rf"{_PLAIN}|{_QUOTED}|0|[1-9][0-9]{{0,17}}|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}"
_FLOW_WORD = rf"[A-Za-z][A-Za-z0-9 _./-]{{0,100}}|{_QUOTED}"
_ENTRY = compiled(
    rf"(?P<key>{_KEY}):(?: +(?:(?P<scalar>{_SCALAR})"
    rf"|\[ *(?P<flow>(?:{_FLOW_WORD})(?: *, *(?:{_FLOW_WORD}))*)? *\]))? *"
)
_FLOW_ITEM = compiled(rf"(?:{_FLOW_WORD})(?= *(?:,|$))")
_LIST_ITEM = compiled(rf"(?P<indent> *)- +(?P<scalar>{_SCALAR}) *")
_RESERVED = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})


class _NotSimple(Exception):
    """The front matter needs the YAML parser."""


def simple(source: str) -> dict[str, Any] | None:
    """`key: value` lines and one-level lists, read without the YAML parser; None: not that simple.

    Plain words (never a reserved word such as `no` or `null`), quoted strings without escapes,
    whole numbers and ISO dates; anything else (comments after values, anchors, nesting, duplicate
    keys, tabs) goes to the parser, so the result is always what YAML would build.
    """
    if not source.replace("\n", "").isprintable():  # tabs, other line breaks, what YAML refuses
        return None
    data: dict[str, Any] = {}
    items: list[Any] | None = None  # the block list under the last key, while it may grow
    indent = None
    try:
        for line in source.split("\n"):
            if not line.strip(" ") or line.lstrip(" ").startswith("#"):
                continue
            entry = _ENTRY.fullmatch(line)
            if entry is not None:
                key = entry["key"]
                if key in data or key.lower() in _RESERVED:
                    return None
                items = None
                if entry["scalar"] is not None:
                    data[key] = _scalar(entry["scalar"])
                elif entry["flow"] is not None:
                    data[key] = [_scalar(m[0]) for m in _FLOW_ITEM.finditer(entry["flow"])]
                elif line.rstrip(" ").endswith("]"):
                    data[key] = []
                else:
                    data[key] = None
                    items, indent = [], None
                continue
            item = _LIST_ITEM.fullmatch(line)
            if item is None or items is None or indent not in (None, item["indent"]):
                return None
            indent = item["indent"]
            items.append(_scalar(item["scalar"]))
            data[next(reversed(data))] = items
    except _NotSimple:
        return None
    return data


def _scalar(text: str) -> Any:
    text = text.rstrip(" ")
    if text[0] in "\"'":
        return text[1:-1]
    if not text[0].isdigit() or " " in text:
        if text.lower() in _RESERVED:
            raise _NotSimple
        return text
    if len(text) == 10 and text[4] == "-":
        try:
            return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            raise _NotSimple from None
    if not text.isdigit():  # "2026-08-19- ": a digit-led word that is neither a number nor a date
        raise _NotSimple
    return int(text)


def refuse_unsafe(events: Iterable[Any], at: Callable[[Any], int]) -> None:
    """Raise `UnsafeYAML` at the first anchor, alias (and so merge key) or too deep nesting.

    `events` come from a YAML parser's `parse()`, so nothing has been built yet; `at` turns a
    mark into a line of the file.
    """
    from ruamel.yaml.events import (  # noqa: PLC0415  (ruamel.yaml on demand, as in _load)
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        ScalarEvent,
    )

    depth = 0
    for event in events:
        anchored = isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor
        if isinstance(event, AliasEvent) or anchored:
            raise UnsafeYAML(
                at(event.start_mark),
                "front matter uses YAML anchors or aliases, which are refused; write the values out",
                aliases=True,
            )
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise UnsafeYAML(
                    at(event.start_mark),
                    f"front matter is nested more than {MAX_DEPTH} levels deep",
                    aliases=False,
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


@lru_cache(maxsize=1)
def _constructor() -> type:
    from ruamel.yaml.constructor import ConstructorError, SafeConstructor  # noqa: PLC0415  (as in _load)

    class Constructor(SafeConstructor):
        """The safe constructor, with values Python cannot build reported at their node."""

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep)
            except (ValueError, OverflowError) as exc:
                value = str(node.value)
                shown = value if len(value) <= 40 else value[:37] + "..."
                raise ConstructorError(None, None, f"cannot read {shown!r}: {exc}", node.start_mark) from None

    return Constructor
