"""Dates and times as people write them in postmortems.

Every pattern here is linear on hostile input: no nested quantifiers, and optional parts that start
with whitespace are tried once per candidate, so a failed attempt scans a bounded stretch.

Decisions the tests pin down: years are 1900-2099 (so `1.12.3000` is no date); `12/01/2026` is US
month-first, but `19/09/2023` (no month 19) is day-first; `13:30-13:45` is a range whose match
covers both ends, so a glued `-hh:mm` is an offset only after seconds (`16:58:12-07:00`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from postmortem_lint.regex import compiled

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
MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))  # a regex alternation, longest first
# A pattern that opens with a lookahead for the characters it can start with (a digit, the months'
# initials) is searched far quicker: other characters are passed at once, not tried in each branch.
_INITIALS = "".join(sorted({name[0] for name in _MONTHS}))
_MONTH = r"(?=[" + _INITIALS + r"])(?<![a-z])(?P<month>" + MONTH_NAMES + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

# "19. April", "Oct 31": a date without its year
_MONTH_DAY = compiled(
    r"(?=[\d" + _INITIALS + r"])"
    r"\b(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<m1>" + MONTH_NAMES + r")"
    r"|(?P<m2>" + MONTH_NAMES + r")\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)
_ANY_YEAR = compiled(r"(?:19|20)\d{2}")  # every form has one: text without one skips five patterns
_US = compiled(r"(?<![\d/])(?P<mnum>\d{1,2})/(?P<day>\d{1,2})/" + _YEAR + r"(?!\d)")
_DATE_PATTERNS = (
    compiled(r"(?<![\d.])" + _YEAR + r"[-/.](?P<mnum>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d|\.\d)"),
    # "Jan 14, 2026"; a range "January 14-19, 2026" gives its first day
    compiled(
        _MONTH + r"\s+(?P<day>\d{1,2})" + _ORD + r"(?:\s?[-–]\s?\d{1,2}" + _ORD + r")?,?\s+" + _YEAR + r"\b",
        re.IGNORECASE,
    ),
    compiled(
        r"\b(?P<day>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b",
        re.IGNORECASE,
    ),
    _US,
    compiled(r"(?<![\w.])(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\." + _YEAR + r"(?!\d|\.\d)"),
)

_OFFSET = r"(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}"
_ZONES = r"UTC|GMT|[PMCE][SD]?T|CES?T|BST|IST|AES?T|AED?T|JST|KST|SGT|HKT|NZS?T|NZDT|WES?T|EES?T"
_AMPM = r"[ap]\.?m\.?"
# The hour's first digit comes first, so a search skips to digits at once; the lookbehind after it
# says what may not stand before the hour (a digit or ":").
_TIME = compiled(
    r"(?P<hour>\d(?<![\d:]\d)\d?)"
    r"(?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d{1,9})?(?P<offset>[+-]\d{2}:?\d{2}(?![\d:]))?)?"
    r"(?:\s*(?P<ampm>" + _AMPM + r"))?|\s*(?P<ampm2>" + _AMPM + r"))"
    r"(?=z\b|\W|$)"
    # the end of a range: 13:30-13:45, 3pm – 4pm, 13:30 to 13:45
    r"(?:\s*(?:[-–—]|to)\s*\d{1,2}(?::\d{2}(?::\d{2})?(?:\s*" + _AMPM + r")?|\s*" + _AMPM + r")(?!\w|:\d))?"
    r"(?:\s*(?P<paren>\()?(?P<tz>" + _OFFSET + "|" + _ZONES + r"|Z)(?!\w)(?(paren)\)))?",
    re.IGNORECASE,
)
_TIMEZONE_ONLY = compiled(r"(?<![\w+-])(?P<tz>" + _OFFSET + "|" + _ZONES + r")(?!\w)")
_ALL_TZ = compiled(
    r"\ball\s+times?\s+(?:are\s+|in\s+)*(?P<tz>" + _OFFSET + "|" + _ZONES + r")(?!\w)", re.IGNORECASE
)


class DateMatch(NamedTuple):
    """A calendar date found in a text, at `start:end` (`text` as written)."""

    start: int
    end: int
    text: str
    date: dt.date


class TimeMatch(NamedTuple):
    """A time of day found in a text, at `start:end` (`text` as written), with its zone if one is given."""

    start: int
    end: int
    text: str
    time: dt.time
    timezone: str | None


def find_date(text: str, year: int | None = None, on_or_after: dt.date | None = None) -> DateMatch | None:
    """The first calendar date in `text`, in any of the forms above. Without one, a month and day
    ("Nov 6", "19. April") is read in `year`, or else as the first such day `on_or_after`."""
    found = _find_full_date(text)
    if found is not None or (year is None and on_or_after is None):
        return found
    m = _MONTH_DAY.search(text)
    if m is None:
        return None
    month, day = _MONTHS[(m["m1"] or m["m2"]).lower()], int(m["d1"] or m["d2"])
    years = (year,) if year is not None else (on_or_after.year, on_or_after.year + 1) if on_or_after else ()
    for candidate in years:
        try:
            value = dt.date(candidate, month, day)
        except ValueError:  # no such day ("Feb 30", "Feb 29" outside a leap year)
            continue
        if on_or_after is None or value >= on_or_after:
            return DateMatch(m.start(), m.end(), m.group(0), value)
    return None


def _find_full_date(text: str) -> DateMatch | None:
    best: DateMatch | None = None
    if not _ANY_YEAR.search(text):
        return None
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            month = int(m["mnum"]) if "mnum" in pattern.groupindex else _MONTHS[m["month"].lower()]
            day = int(m["day"])
            if pattern is _US and month > 12:
                month, day = day, month
            try:
                value = dt.date(int(m["year"]), month, day)
            except ValueError:
                continue
            if best is None or m.start() < best.start:
                best = DateMatch(m.start(), m.end(), m.group(0), value)
            break
        if best is not None and best.start == 0:
            break  # no later form can start earlier
    return best


def parse_date(text: str) -> dt.date | None:
    found = find_date(text)
    return found.date if found else None


def find_time(text: str, within: int | None = None) -> TimeMatch | None:
    """The first clock time in `text` (optionally starting in its first `within` characters).

    A range ("13:30-13:45") gives its start; the match covers the whole range and its timezone.
    """
    for m in _TIME.finditer(text):
        if within is not None and m.start() > within:
            return None
        hour, minute, second = int(m["hour"]), int(m["minute"] or 0), int(m["second"] or 0)
        ampm = (m["ampm"] or m["ampm2"] or "").replace(".", "").lower()
        if ampm:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        if hour > 23 or minute > 59 or second > 60:  # 60: a leap second, read as :59
            continue
        tz = m["offset"] or m["tz"]
        return TimeMatch(
            m.start(),
            m.end(),
            m.group(0).strip(),
            dt.time(hour, minute, min(second, 59)),
            tz.upper() if tz else None,
        )
    return None


def stated_timezone(text: str) -> str | None:
    """A timezone a heading or note sets for what follows ("Timeline (UTC)", "All times in PT")."""
    m = _ALL_TZ.search(text) or _TIMEZONE_ONLY.search(text)
    return m["tz"].upper() if m else None
