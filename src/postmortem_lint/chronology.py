"""Timeline entries on one clock: minutes since an epoch, with dates and midnight rollover handled.

An undated entry more than 12 hours "earlier" than the one before it is taken to be on the next day
(23:50, then 00:10); a smaller step back is out of order. A change of stated timezone, or another
timeline section, starts afresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from postmortem_lint.model import TimelineEntry

_DAY = 24 * 60
_ROLLOVER = 12 * 60


@dataclass(frozen=True)
class Placed:
    entry: TimelineEntry
    minute: int  # minutes since 0001-01-01, or since the first entry's day when no date is known
    previous: TimelineEntry | None  # the timed entry before it on the same clock
    out_of_order: bool


def place(entries: Sequence[TimelineEntry]) -> Iterator[Placed]:
    previous: Placed | None = None
    day = 0  # the day of the previous entry
    for entry in entries:
        if entry.time is None:
            continue
        if previous is not None and (
            _clock_changes(previous.entry, entry) or previous.entry.section_line != entry.section_line
        ):
            previous = None
        if entry.date is not None:
            day = entry.date.toordinal()
        minute = day * _DAY + entry.time.hour * 60 + entry.time.minute
        backwards = previous is not None and minute < previous.minute
        rolled_over = previous is not None and previous.minute - minute >= _ROLLOVER
        if backwards and entry.date is None and rolled_over:
            day += 1
            minute += _DAY
            backwards = False
        placed = Placed(entry, minute, previous.entry if previous else None, backwards)
        yield placed
        previous = placed  # after a step back, the next entry is compared with this one: one finding


def span_minutes(placed: Iterable[Placed]) -> int | None:
    """Minutes from the first to the last timed entry (as `place` gives them), or None with fewer than two."""
    minutes = [p.minute for p in placed if not p.out_of_order]
    return minutes[-1] - minutes[0] if len(minutes) >= 2 else None


def _clock_changes(before: TimelineEntry, after: TimelineEntry) -> bool:
    return bool(before.timezone and after.timezone and before.timezone != after.timezone)


def describe(entry: TimelineEntry) -> str:
    stamp = entry.time_text or (entry.time.strftime("%H:%M") if entry.time else "")
    when = f"{entry.date.isoformat()} {stamp}" if isinstance(entry.date, dt.date) else stamp
    return when.strip()
