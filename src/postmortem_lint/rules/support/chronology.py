"""Timeline entries on one clock: minutes since an epoch, with dates and midnight rollover handled.

An undated entry more than 12 hours "earlier" than the one before it is taken to be on the next day
(23:50, then 00:10); a smaller step back is out of order. A change of stated timezone, or another
timeline section, starts afresh.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from postmortem_lint.model import TimelineEntry
from postmortem_lint.regex import lazy

_DETECTION = lazy(
    r"\b(?:detect\w*|alert\w*|alarm\w*|paged|notic\w+|report(?:ed|s)?|impact\w*|outage|errors?|"
    r"fail(?:ed|ing|ures?)|down|degrad\w*|unavailable|spikes?|elevated|symptoms?|"
    r"incident (?:declared|opened))\b",
    re.IGNORECASE,
)
_RESOLUTION = lazy(
    r"\b(?:resolved|resolution|recovered|recovery complete\w*|restored|mitigated|fixed|"
    r"back to (?:normal|baseline)|stable|stabili[sz]ed|all[ -]clear|healthy|ended)\b",
    re.IGNORECASE,
)
_DAY = 24 * 60
_ROLLOVER = 12 * 60


class ClockedEntry(NamedTuple):
    entry: TimelineEntry
    minute: int  # minutes since 0001-01-01, or since the first entry's day when no date is known
    previous: TimelineEntry | None  # the timed entry before it on the same clock
    out_of_order: bool


def clock(entries: Sequence[TimelineEntry]) -> Iterator[ClockedEntry]:
    previous: ClockedEntry | None = None
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
        placed = ClockedEntry(entry, minute, previous.entry if previous else None, backwards)
        yield placed
        previous = placed  # after a step back, the next entry is compared with this one: one finding


def span_minutes(placed: Iterable[ClockedEntry]) -> int | None:
    """Minutes from the first to the last timed entry (as `clock` gives them), or None with fewer than two."""
    minutes = [p.minute for p in placed if not p.out_of_order]
    return minutes[-1] - minutes[0] if len(minutes) >= 2 else None


def natural_spans(placed: Iterable[ClockedEntry]) -> Iterator[int]:
    """Minutes of each span a stated duration may mean: from the first entry, or from the first entry
    that detects or shows the impact, to a resolution entry or the last entry.

    A timeline often starts with the lead-up (a certificate expiring at 00:00) and ends with the
    clean-up, while the duration counts from detection to resolution. The whole span comes first, so
    that a reader who only needs one that agrees does not have the entries searched.
    """
    ordered = [p for p in placed if not p.out_of_order]
    if len(ordered) < 2:
        return
    if ordered[-1].minute > ordered[0].minute:
        yield ordered[-1].minute - ordered[0].minute
    detected = next((p.minute for p in ordered if _DETECTION().search(p.entry.text)), None)
    starts = {ordered[0].minute} | ({detected} if detected is not None else set())
    ends = {ordered[-1].minute} | {p.minute for p in ordered if _RESOLUTION().search(p.entry.text)}
    yield from {end - start for start in starts for end in ends if end > start}


def _clock_changes(before: TimelineEntry, after: TimelineEntry) -> bool:
    return bool(before.timezone and after.timezone and before.timezone != after.timezone)


def time_as_written(entry: TimelineEntry) -> str:
    stamp = entry.time_text or (entry.time.strftime("%H:%M") if entry.time else "")
    when = f"{entry.date.isoformat()} {stamp}" if isinstance(entry.date, dt.date) else stamp
    return when.strip()
