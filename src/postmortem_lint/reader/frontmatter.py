"""YAML front matter, read safely: anchors and aliases are refused before anything is built."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, Any]
    lines: dict[str, int]  # top-level key -> line in the file
    end_line: int  # the closing `---`


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
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

    yaml = YAML(typ="safe", pure=True)
    try:
        for event in yaml.parse(source):
            anchored = isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor
            if isinstance(event, AliasEvent) or anchored:
                line = first_line + (event.start_mark.line if event.start_mark else 0)
                raise FrontMatterError(line, "front matter uses YAML anchors or aliases, which are refused")
        data = yaml.load(source)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise FrontMatterError(line, f"invalid front matter: {problem}") from None
    except YAMLError as exc:
        raise FrontMatterError(first_line, f"invalid front matter: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(first_line, "front matter must be a mapping of keys to values")
    lines = {}
    for number, text in enumerate(source.splitlines(), start=first_line):
        key = text.split(":", 1)[0].strip()
        if key in data and key not in lines and not text[:1].isspace():
            lines[key] = number
    return FrontMatter({str(k): v for k, v in data.items()}, lines, first_line + source.count("\n"))
