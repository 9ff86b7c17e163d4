"""Timeline entries from bullets, numbered lists, tables, time headings and time-led lines.

An entry starts with its stamp: a clock time, optionally after a date or weekday
(`- 14:02 deploy`, `* [08:47] ...`, `- **16:58 UTC** - ...`, `| 2026-08-19 14:02 | ... |`, `### 14:08`).
A heading stamp takes the text below it; lines without a stamp continue the entry above them.
A line that is only a date ("2026-08-19 (all times UTC)") dates the entries below it, and a note
such as "All times in PT" sets their timezone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from postmortem_lint.dates import MONTH_NAMES, DateMatch, TimeMatch, find_date, find_time, stated_timezone
from postmortem_lint.markup import FOOTNOTE_REF, plain
from postmortem_lint.model import Section, TimelineEntry
from postmortem_lint.reader.blocks import Block, opens_section
from postmortem_lint.reader.vocabulary import Vocabulary
from postmortem_lint.regex import compiled

_TIME_WITHIN = 40  # a stamp's time starts this close to the start of the line
_LEAD = compiled(r"^[\s*_\[(~>|-]*")
_DAYS = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?"
    r"|sun(?:day)?"
)
# What may stand before an entry's time: a date in any form, a weekday, "at", "~". Each token is a
# whole word, a whole number or one character, so the pattern cannot backtrack.
_STAMP_PREFIX = compiled(
    r"^(?:[\s,./:()\[\]~*_|\-–—]|\d{1,4}(?:st|nd|rd|th)?\b|\b(?:"
    + MONTH_NAMES
    + "|"
    + _DAYS
    + r"|of|at|on|around|about|approx|approximately|ca|circa)\b)*$",
    re.IGNORECASE,
)
_DATE_LINE_PUNCT = " \t,.:;()-–—"
# what may follow a date on a line of its own, once _DATE_LINE_PUNCT is stripped: "(all times UTC)"
_DATE_LINE_NOTE = compiled(r"(?:all\s+)?times?\b[^)]*\)?", re.IGNORECASE)
_TIMES_WORD = compiled(r"\btimes?\b", re.IGNORECASE)
_EVENT_LEAD = " \t*_]):|-–—~,"
_SECOND_STAMP = compiled(r"^\(\s*[^()\n]{0,40}\)")  # "13:14 EDT (17:14 UTC): ..."
_PLACEHOLDER = compiled(r"\{\{[^{}\n]{0,200}\}\}")
_STAMP_HEADER = compiled(r"\b(?:time|date|when|timestamp|day)\b", re.IGNORECASE)
_YEAR = compiled(r"\b(?:19|20)\d{2}\b")
_NO_EVENT = frozenset({"", "...", "…", "-", "tbd", "todo"})


def is_stamp(text: str) -> bool:
    """True when `text` is only a date or time ("July 22", "2026-08-19", "Sep 27 2017 13:06")."""
    source = plain(text)
    if not any(c.isdigit() for c in source):
        return False
    for finder in (find_time, find_date):
        found = finder(source)
        if found is not None:
            source = source[: found.start] + " " + source[found.end :]
    return _STAMP_PREFIX.match(source) is not None


@dataclass
class _Draft:
    """An entry being read; its text grows while continuation lines follow."""

    line: int
    time: dt.time | None
    date: dt.date | None
    timezone: str | None
    time_text: str | None
    parts: list[str] = field(default_factory=list)
    stamped: bool = False  # a time or a date was written on the entry itself
    run: int = -1  # the list the entry is an item of
    heading: bool = False  # a time heading; the text below it follows its title


@dataclass
class _State:
    year: int | None = None  # the incident's, for "Jan 14" before any date with a year
    date: dt.date | None = None
    timezone: str | None = None
    section: Section | None = None
    columns: dict[tuple[str, ...], list[bool]] = field(default_factory=dict)


def read_timeline(
    blocks: Sequence[tuple[Block, Section]], vocabulary: Vocabulary, year: int | None = None
) -> Iterator[TimelineEntry]:
    """`blocks` are those of timeline sections, each with its (innermost) section; `year` the incident's."""
    drafts: list[_Draft] = []
    timelines: list[int] = []  # for each draft, the line of its timeline's heading
    state = _State(year)
    under_heading: tuple[_Draft, Section] | None = None  # a time heading collecting its text
    holders: set[int] = set()  # ids of items whose nested items are entries (labels, date items)
    run, previous_item = 0, False
    for block, innermost in blocks:
        _enter(state, innermost)
        if under_heading is not None and under_heading[1] is not innermost:
            under_heading = None
        is_item = block.kind == "item"
        if is_item and not previous_item:
            run += 1
        previous_item = is_item
        if block.kind == "heading":
            draft = _heading(block, state)
            if draft is not None:
                drafts.append(draft)
                under_heading = (draft, innermost)
        elif block.kind == "row":
            drafts.extend(_row(block, state, vocabulary))
        elif block.quoted:
            _note(plain(block.text), state)  # quotes under an entry are chat logs, not entries
        elif is_item:
            if opens_section(block, innermost):  # "- **Key events**": its items are the entries
                holders.add(id(block))
            elif not block.level or (block.parent is not None and id(block.parent) in holders):
                draft = _item(block, state, under_heading[0] if under_heading else None, holders)
                if draft is not None:
                    draft.run = run
                    drafts.append(draft)
        else:
            drafts.extend(_paragraph(block, state, under_heading[0] if under_heading else None))
        timelines.extend([state.section.line if state.section else 0] * (len(drafts) - len(timelines)))
    timed = any(d.stamped for d in drafts)
    untimed_runs = {d.run for d in drafts} - {d.run for d in drafts if d.stamped}
    for draft, timeline in zip(drafts, timelines, strict=True):
        if timed and draft.run >= 0 and draft.run in untimed_runs:
            continue  # a list of links or notes among timed entries
        text = " ".join(p for p in draft.parts if p)
        if draft.heading and len(draft.parts) > 1 and draft.parts[0][-1:].isalnum():
            text = f"{draft.parts[0]}: {' '.join(p for p in draft.parts[1:] if p)}"  # "### 07:30 - Report"
        yield TimelineEntry(
            draft.line, text, draft.time, draft.date, draft.timezone, draft.time_text, timeline
        )


def _enter(state: _State, innermost: Section) -> None:
    """Entering a timeline section: its title may set the date or the timezone."""
    section = innermost.top
    if state.section is section:
        return
    state.section = section
    state.timezone = stated_timezone(section.title) or state.timezone
    date = find_date(section.title)
    state.date = date.date if date else state.date


def _heading(block: Block, state: _State) -> _Draft | None:
    if _sets_date(block.text, state):
        return None
    text = plain(block.text)
    draft = _draft(block.line, text, state, anywhere=False)
    if draft is None or draft.time is None:
        if not _PLACEHOLDER.search(text):
            return None
        draft = _Draft(block.line, None, state.date, state.timezone, None)  # "### {{ hh:mm }}"
    draft.heading = True
    return draft


def _item(block: Block, state: _State, heading: _Draft | None, holders: set[int]) -> _Draft | None:
    text = plain(block.text)
    draft = _draft(block.line, text, state, anywhere=True)
    if heading is not None and (draft is None or draft.time is None):
        heading.parts.append(text)  # a bullet under "### 13:06" tells what happened then
        return None
    if draft is not None and draft.stamped and draft.time is None and _sets_date(text, state):
        holders.add(id(block))  # "- 2026-08-19" over the entries of that day
        return None
    return draft


def _paragraph(block: Block, state: _State, heading: _Draft | None) -> Iterator[_Draft]:
    """Lines that start with a stamp are entries; the lines after one continue it."""
    current: _Draft | None = None
    for offset, source in enumerate(block.text.split("\n")):
        text = plain(source)
        if not text or _sets_date(text, state) or _note(text, state):
            current = None
            continue
        draft = _draft(block.line + offset, text, state, anywhere=False)
        if draft is not None and draft.time is not None:
            current = draft
            yield draft
        elif current is not None:
            current.parts.append(text)
        elif heading is not None:
            heading.parts.append(text)


def _note(text: str, state: _State) -> bool:
    """A note that sets the timezone of what follows: "All times in PT", "(times in UTC)"."""
    if len(text) > 80 or not _TIMES_WORD.search(text) or find_time(text, _TIME_WITHIN) is not None:
        return False
    timezone = stated_timezone(text)
    if timezone is not None:
        state.timezone = timezone
    return timezone is not None


def _find_date(text: str, state: _State) -> DateMatch | None:
    """The first date in `text`; a month and day without a year take the year of the dates above
    (or the incident's)."""
    return find_date(text, year=state.date.year if state.date else state.year)


def _sets_date(text: str, state: _State) -> bool:
    source = plain(text)
    found = _find_date(source, state)
    if found is None or find_time(source) is not None:
        return False
    rest = source[: found.start] + source[found.end :]
    note = rest.strip(_DATE_LINE_PUNCT)
    if note and not _DATE_LINE_NOTE.fullmatch(note) and len(rest.split()) > 3:
        return False
    state.date = found.date
    state.timezone = stated_timezone(rest) or state.timezone
    return True


def _draft(line: int, text: str, state: _State, anywhere: bool) -> _Draft | None:
    """An entry for `text`, dated and zoned from what is written or from the lines above it.

    The time must lead (after at most a date, weekday or "at"); with `anywhere`, a date with a
    time right after it counts wherever it stands ("- Incident declared 2021-07-12 16:09").
    """
    lead = _LEAD.match(text)
    start = lead.end() if lead else 0
    found = find_time(text[start:], _TIME_WITHIN)
    if found is not None and _STAMP_PREFIX.match(text[start : start + found.start]):
        date = _find_date(text[start : start + found.start], state)
        return _timed(line, state, found, date, _event(text[start + found.end :]))
    date = find_date(text[start : start + _TIME_WITHIN])
    if date is not None and _STAMP_PREFIX.match(text[start : start + date.start]):
        state.date = date.date
        event = _event(text[start + date.end :])
        return _Draft(line, None, date.date, state.timezone, None, [event], stamped=True)
    if anywhere:
        date = find_date(text)
        after = find_time(text[date.end :], 3) if date else None
        if date is not None and after is not None:
            event = f"{text[: date.start].strip(_EVENT_LEAD)} {_event(text[date.end + after.end :])}"
            return _timed(line, state, after, date, event.strip())
    event = _event(text)
    if event.lower() in _NO_EVENT:
        return None
    return _Draft(line, None, state.date, state.timezone, None, [event])


def _timed(line: int, state: _State, found: TimeMatch, date: DateMatch | None, event: str) -> _Draft:
    """The entry for the time `found` (a range gives its start), written with `date` or under one."""
    if date is not None:
        state.date = date.date
    return _Draft(
        line, found.time, state.date, found.timezone or state.timezone, found.text, [event], stamped=True
    )


def _event(rest: str) -> str:
    """What happened: the text after the stamp, without a second stamp in parentheses."""
    event = (FOOTNOTE_REF.sub("", rest) if "[^" in rest else rest).lstrip(" \t*_]")
    second = _SECOND_STAMP.match(event.lstrip(_EVENT_LEAD))
    if second is not None and find_time(second.group(0)) is not None:
        event = event.lstrip(_EVENT_LEAD)[second.end() :]
    return event.lstrip(_EVENT_LEAD).strip()


def _row(block: Block, state: _State, vocabulary: Vocabulary) -> Iterator[_Draft]:
    """A table row: the time and date columns make the stamp, the others the event."""
    if not any(block.cells):
        return
    stamps = state.columns.get(block.header)
    if stamps is None:
        stamps = state.columns[block.header] = [
            vocabulary.timeline_column(h) is not None or _STAMP_HEADER.search(h) is not None
            for h in block.header
        ]
        zone = stated_timezone(" ".join(h for h, s in zip(block.header, stamps, strict=False) if s))
        state.timezone = zone or state.timezone
    if not any(stamps):
        stamps = [True] + [False] * (len(block.cells) - 1)
    stamp_parts: list[str] = []
    event_parts: list[str] = []
    for i, cell in enumerate(block.cells):
        if i < len(stamps) and stamps[i]:
            year = _YEAR.search(block.header[i]) if i < len(block.header) else None
            stamp_parts.append(f"{cell} {year.group(0)}" if year and not _YEAR.search(cell) else cell)
        else:
            event_parts.append(cell)
    stamp = plain(" ".join(stamp_parts))
    event = plain(" ".join(event_parts))
    if not event and _sets_date(stamp, state):
        return
    draft = _draft(block.line, f"{stamp} {event}", state, anywhere=False)
    if draft is not None:
        draft.parts = [event or draft.parts[0]]
        yield draft
