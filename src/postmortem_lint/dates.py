"""Dates and times as people write them in postmortems.

Every pattern here is linear (no nested quantifiers), so hostile input cannot make it backtrack.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"

_DATE_PATTERNS = (
    re.compile(r"(?<![\d])(?P<year>\d{4})[-/.](?P<mnum>\d{1,2})[-/.](?P<day>\d{1,2})(?![\d])"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})" + _ORD + r",?\s+(?P<year>\d{4})\b", re.IGNORECASE),
    re.compile(
        r"\b(?P<day>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b",
        re.IGNORECASE,
    ),
    re.compile(r"(?<![\d/])(?P<mnum>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})(?![\d])"),
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})(?![\d])"),
)

_TZ = (
    r"(?P<tz>UTC|GMT|Z|[PMCE][SD]?T|CES?T|BST|IST|AES?T|AED?T|JST|KST|SGT|HKT|NZS?T|NZDT|WES?T|EES?T"
    r"|[+-]\d{2}:?\d{2})"
)
_TIME = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?|\s*(?P<ampm2>[ap]\.?m\.?))(?![\w])(?:\s*\(?" + _TZ + r"\b\)?)?",
    re.IGNORECASE,
)
_TIMEZONE_ONLY = re.compile(r"\b" + _TZ + r"\b")
_ALL_TZ = re.compile(r"\ball\s+times?\s+(?:are\s+|in\s+)*" + _TZ + r"\b", re.IGNORECASE)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DateMatch(Match):
    date: dt.date


@dataclass(frozen=True)
class TimeMatch(Match):
    time: dt.time
    timezone: str | None


def find_date(text: str) -> DateMatch | None:
    """The first calendar date in `text`, in any of the forms above."""
    best: DateMatch | None = None
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            month = int(m["mnum"]) if m.groupdict().get("mnum") else _MONTHS[m["month"].lower()]
            try:
                value = dt.date(int(m["year"]), month, int(m["day"]))
            except ValueError:
                continue
            if best is None or m.start() < best.start:
                best = DateMatch(m.start(), m.end(), m.group(0), value)
            break
    return best


def parse_date(text: str) -> dt.date | None:
    found = find_date(text)
    return found.date if found else None


def find_time(text: str, within: int | None = None) -> TimeMatch | None:
    """The first clock time in `text` (optionally starting in its first `within` characters)."""
    for m in _TIME.finditer(text):
        if within is not None and m.start() > within:
            return None
        ampm = (m["ampm"] or m["ampm2"] or "").replace(".", "").lower()
        if m["minute"] is None and not ampm:
            continue
        hour, minute = int(m["hour"]), int(m["minute"] or 0)
        if ampm:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        if hour > 23 or minute > 59:
            continue
        second = int(m["second"] or 0)
        tz = m["tz"].upper() if m["tz"] else None
        return TimeMatch(m.start(), m.end(), m.group(0).strip(), dt.time(hour, minute, min(second, 59)), tz)
    return None


def stated_timezone(text: str) -> str | None:
    """A timezone a heading or note sets for what follows ("Timeline (UTC)", "All times in PT")."""
    m = _ALL_TZ.search(text) or _TIMEZONE_ONLY.search(text)
    return m["tz"].upper() if m else None
