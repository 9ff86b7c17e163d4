"""Timeline entries from bullets, numbered lists, tables, time headings and time-led lines.

A line that is only a date ("2026-08-19 (all times UTC)") dates the entries below it; a heading or
note such as "All times in PT" sets their timezone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from postmortem_lint.dates import find_date, find_time, stated_timezone
from postmortem_lint.markup import plain
from postmortem_lint.model import Section, TimelineEntry
from postmortem_lint.reader.blocks import Block
from postmortem_lint.vocabulary import Vocabulary

_TIME_WITHIN = 24  # a time further into the line than this is part of the event, not its stamp
_LEAD = re.compile(r"^[\s*_\[(~>|-]*")
_DATE_LINE_REST = re.compile(r"^[\s,.:;()\-–—]*(?:\(?(?:all\s+)?times?\b[^)]*\)?)?[\s,.:;()\-–—]*$", re.I)


class _State:
    def __init__(self, timezone: str | None) -> None:
        self.date: dt.date | None = None
        self.timezone = timezone


def read_timeline(blocks: Sequence[tuple[Block, Section]], vocabulary: Vocabulary) -> Iterator[TimelineEntry]:
    """`blocks` are those of timeline sections, each with its (innermost) section."""
    states: dict[int, _State] = {}
    dating_items: set[int] = set()
    pending_heading: TimelineEntry | None = None
    for block, innermost in blocks:
        section = innermost
        while section.parent is not None and section.parent.kind == section.kind:
            section = section.parent
        state = states.get(id(section))
        if state is None:
            state = states[id(section)] = _State(stated_timezone(section.title))
            date = find_date(section.title)
            state.date = date.date if date else None
        if pending_heading is not None:
            text = plain(block.text.split("\n")[0]) if block.kind == "paragraph" else ""
            yield _with_text(pending_heading, text)
            pending_heading = None
            if text:
                continue
        if block.kind == "row":
            yield from _row(block, state, vocabulary)
        elif block.kind == "item":
            if block.level and (block.parent is None or id(block.parent) not in dating_items):
                continue  # a detail of the entry above
            if _sets_date(block.text, state):
                dating_items.add(id(block))
                continue
            yield _entry(block.line, block.text, state)
        elif block.kind == "heading":
            if _sets_date(block.text, state):
                continue
            entry = _entry(block.line, block.text, state)
            if entry.time is not None:
                if entry.text:
                    yield entry
                else:
                    pending_heading = entry
        else:
            for offset, line in enumerate(block.text.split("\n")):
                if _sets_date(line, state):
                    continue
                tz = stated_timezone(line) if "time" in line.lower() else None
                if tz and find_time(line, _TIME_WITHIN) is None:
                    state.timezone = tz
                    continue
                entry = _entry(block.line + offset, line, state)
                if entry.time is not None:
                    yield entry
    if pending_heading is not None:
        yield pending_heading


def _sets_date(text: str, state: _State) -> bool:
    source = plain(text)
    found = find_date(source)
    if found is None or find_time(source[found.end :], _TIME_WITHIN) is not None:
        return False
    rest = source[: found.start] + source[found.end :]
    if not _DATE_LINE_REST.match(rest) and len(rest.split()) > 3:
        return False
    state.date = found.date
    state.timezone = stated_timezone(rest) or state.timezone
    return True


def _entry(line: int, source: str, state: _State) -> TimelineEntry:
    text = plain(source.split("\n", maxsplit=1)[0])
    lead = _LEAD.match(text)
    start = lead.end() if lead else 0
    date = find_date(text[start : start + _TIME_WITHIN])
    time_at = start + date.end if date and date.start == 0 else start
    found = find_time(text[time_at:], _TIME_WITHIN)
    if found is None:
        return TimelineEntry(line, text, None, date.date if date else state.date, state.timezone, None)
    event = text[time_at + found.end :].lstrip(" \t*_]):|-–—~").strip()
    event = re.sub(r"^-\s*\d{1,2}:\d{2}\S*\s*", "", event)  # the end of a range "13:30-13:45"
    return TimelineEntry(
        line,
        event,
        found.time,
        date.date if date else state.date,
        found.timezone or state.timezone,
        found.text,
    )


def _with_text(entry: TimelineEntry, text: str) -> TimelineEntry:
    return TimelineEntry(entry.line, text, entry.time, entry.date, entry.timezone, entry.time_text)


def _row(block: Block, state: _State, vocabulary: Vocabulary) -> Iterator[TimelineEntry]:
    roles = [vocabulary.timeline_column(h) for h in block.header]
    stamp_cells = [c for c, role in zip(block.cells, roles, strict=False) if role]
    if not stamp_cells:
        stamp_cells = list(block.cells[:1])
    event_cells = [c for c in block.cells if c not in stamp_cells]
    if not any(plain(c) for c in block.cells):
        return
    if not event_cells and _sets_date(" ".join(stamp_cells), state):
        return
    entry = _entry(block.line, " ".join(stamp_cells), state)
    yield _with_text(entry, plain(" ".join(event_cells)) or entry.text)
