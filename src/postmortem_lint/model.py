"""The document model: what the reader found in one postmortem, every element with its source line.

Rules and the schema see only this model, never Markdown, so a new input form needs reader work only.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from postmortem_lint.dates import parse_date
from postmortem_lint.markup import plain
from postmortem_lint.regex import compiled


class Problem(NamedTuple):
    """Something a rule (or the reader) has to say about one line of a document."""

    line: int
    message: str
    column: int = 1


_LABEL = compiled(r"^\s*[^:\n]{1,60}?:(?:\*\*|__)?")  # `**Impact:**`, `**Impact**:`, `Impact:` before a value


def _unlabelled(prose: Prose, title: str) -> Prose:
    """`prose` with its leading label blanked when the label is `title` (the section it opened)."""
    m = _LABEL.match(prose.text)
    if m is None or plain(m[0]).rstrip(" :").lower() != title.lower():
        return prose
    return prose._replace(text=" " * m.end() + prose.text[m.end() :])


HiddenKind = Literal["front_matter", "code_block", "code_span", "comment"]


class Hidden(NamedTuple):
    """A part of the source that is no prose: front matter, a code block or span, an HTML comment.

    Recorded once by the reader from markdown-it's tokens; every rule that reads prose or visible
    lines gets them through the model, so code and comments are the same for all of them. (This and
    the other per-element records of the model are named tuples: defined in a fifth of a dataclass's
    time, which a one-file run pays at start-up.)
    """

    kind: HiddenKind
    line: int
    column: int  # 0-based, in `line`
    end_line: int
    end_column: int  # 0-based and exclusive, in `end_line`; -1: to the end of the line


class Prose(NamedTuple):
    """What a reader reads as one run of text: a paragraph, a heading, a table cell.

    `text` is the inline Markdown with code spans and HTML comments blanked (spaces, so offsets
    hold) and soft line breaks as spaces, so a phrase broken across lines reads whole.
    """

    line: int
    text: str
    starts: tuple[int, ...]  # offset in `text` where each source line's part begins (the first is 0)
    columns: tuple[int, ...]  # 0-based column in its source line where each part begins
    quoted: bool = False  # inside a blockquote (a quoted chat log, an email)
    heading: bool = False  # a heading's text: a title, not a statement

    @property
    def end_line(self) -> int:
        return self.line + len(self.starts) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """The source line and 1-based column of `text[offset]`."""
        part = bisect_right(self.starts, offset) - 1
        return self.line + part, self.columns[part] + offset - self.starts[part] + 1


@dataclass
class Section:
    """A heading and the lines up to the next heading of the same or a higher level."""

    title: str
    # canonical name ("impact", "action_items", ...); an unrecognised subheading inherits its parent's
    kind: str | None
    level: int
    line: int
    end_line: int  # last line that belongs to this section, nested subsections included
    text: str = ""  # the section's own body text (subsections excluded), Markdown source
    parent: Section | None = field(default=None, repr=False)

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()

    @property
    def top(self) -> Section:
        """The outermost section of this kind: "### Short-term" under "## Action Items" is part of it."""
        section = self
        while section.parent is not None and section.parent.kind == section.kind:
            section = section.parent
        return section


class SummaryField(NamedTuple):
    """A `Key: value` fact about the incident (front matter, bullet, or bold-key paragraph)."""

    key: str  # canonical key ("date", "severity", ...) or the written key normalised
    label: str  # the key as written
    value: Any  # str, or a list/number when it came from front matter
    line: int


class ImpactField(NamedTuple):
    """One of the guide's impact fields: `Customer impact: ...`, `Internal impact: ...`,
    `Security/data impact: ...`, wherever it is written."""

    aspect: str  # "customer", "internal" or "security"
    text: str  # the value as a reader sees it
    line: int
    column: int


class TimelineEntry(NamedTuple):
    """One entry of a timeline, with the time and date read from it."""

    line: int
    text: str
    time: dt.time | None
    date: dt.date | None
    timezone: str | None
    time_text: str | None  # the time as written, for messages
    section_line: int = 0  # the heading of the timeline it belongs to: a document may have several


class ActionItem(NamedTuple):
    """One action item as written, with its parts read out (markers removed from `text`)."""

    line: int
    text: str  # the action itself, markers (owner, due date, done, issue link) removed
    raw: str  # the item as written
    owners: tuple[str, ...]
    due: dt.date | None
    due_text: str | None  # the due date as written, also when it is not a calendar date
    done: bool
    issue: str | None
    id: str
    section: str  # title of the heading the item sits under
    # a conscious decision not to do it (`- [-]`, `Won't do: reason`, `Deprioritized: reason`)
    deprioritized: bool = False
    reason: str = ""  # why, as written after the deprioritized marker
    prompts: tuple[str, ...] = ()  # template prompts still in it ("[Owner]"): PM004's, not yet an item

    @property
    def closed(self) -> bool:
        """Done or consciously deprioritized: nothing is left to do, so no owner or due date is needed."""
        return self.done or self.deprioritized

    @property
    def owner(self) -> str | None:
        return ", ".join(self.owners) if self.owners else None


@dataclass
class Document:
    path: str
    line_count: int
    title: str | None = None
    title_line: int = 1
    front_matter: dict[str, Any] | None = None
    fields: dict[str, SummaryField] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    unreadable: Problem | None = None
    text: str = ""
    front_matter_end: int = 0  # line of the closing `---` of front matter, 0 without front matter
    impact: list[ImpactField] = field(default_factory=list)
    prose: list[Prose] = field(default_factory=list)  # in source order
    hidden: list[Hidden] = field(default_factory=list)  # in source order

    @property
    def tier(self) -> int:
        """The review tier as written, or 2 (the standard postmortem) when absent or unreadable."""
        return parse_tier(self.field_value("tier")) or 2

    def field_value(self, key: str) -> Any:
        found = self.fields.get(key)
        return None if found is None else found.value

    def sections_of(self, kind: str) -> list[Section]:
        return [s for s in self.sections if s.kind == kind]

    def prose_of(self, kind: str) -> list[Prose]:
        """The prose under the sections of `kind`, their subsections included, headings not. A
        `**Impact:** ...` label or `Impact: ...` field that stands for a section is its own prose,
        the label blanked (columns hold): what it says is the value."""
        sections = self.sections_of(kind)
        spans: list[tuple[int, int]] = []  # merged line ranges, in order: linear in sections and prose
        for section in sections:
            if spans and section.line <= spans[-1][1] + 1:
                spans[-1] = (spans[-1][0], max(spans[-1][1], section.end_line))
            else:
                spans.append((section.line, section.end_line))
        found: list[Prose] = []
        index = 0
        for prose in self.prose:
            while index < len(spans) and spans[index][1] < prose.line:
                index += 1
            if index == len(spans):
                break
            if spans[index][0] <= prose.line and not prose.heading:
                found.append(prose)
        titles = {s.line: s.title for s in sections}
        return [_unlabelled(p, titles[p.line]) if p.line in titles else p for p in found]

    def visible_lines(self, hide: Collection[HiddenKind]) -> list[str]:
        """The lines (`[n - 1]` is line n) with the hidden parts of the `hide` kinds blanked: a part
        of a line becomes as many spaces, so columns hold, and a line left blank becomes ""."""
        lines = self.text.split("\n")
        parts: dict[int, list[tuple[int, int]]] = {}  # line -> hidden (start, end) columns, in order
        for part in self.hidden:
            if part.kind in hide:
                for number in range(part.line, part.end_line + 1):
                    start = part.column if number == part.line else 0
                    end = part.end_column if number == part.end_line and part.end_column >= 0 else -1
                    parts.setdefault(number, []).append((start, end))
        for number, spans in parts.items():  # each line rebuilt once: linear however many parts it has
            text = lines[number - 1]
            pieces: list[str] = []
            done = 0
            for start, end in spans:
                stop = len(text) if end < 0 else end
                pieces += (text[done:start], " " * (stop - start))
                done = max(done, stop)
            blanked = "".join(pieces) + text[done:]
            lines[number - 1] = blanked if blanked.strip() else ""
        return lines

    @property
    def recognised(self) -> bool:
        return any(s.kind for s in self.sections)

    @property
    def incident_date(self) -> dt.date | None:
        value = self.field_value("date")
        if isinstance(value, dt.datetime):  # a front-matter timestamp
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_date(str(value)) if value is not None else None


def parse_tier(value: Any) -> int | None:
    """`2`, `"2"`, `"tier 2"` -> 2; anything else -> None."""
    text = str(value).strip().lower().removeprefix("tier").strip()
    return int(text) if text.isdigit() else None
