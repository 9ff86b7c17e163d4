"""Durations as written in postmortems: "47 minutes", "1 hour 48 minutes", "2h 15m", "1.5 hours"."""

from __future__ import annotations

import re

_PART = re.compile(
    r"(?P<amount>\d{1,6}(?:[.,]\d{1,3})?)\s*(?P<unit>d(?:ays?)?|h(?:ours?|rs?)?|m(?:in(?:ute)?s?)?|s(?:ec(?:ond)?s?)?)\b",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"^\s*(?P<h>\d{1,3}):(?P<m>\d{2})(?::\d{2})?\s*$")
_MINUTES = {"d": 1440.0, "h": 60.0, "m": 1.0, "s": 1 / 60}


def minutes(text: str) -> float | None:
    """The total in minutes, or None when `text` states no duration."""
    clock = _CLOCK.match(text)
    if clock:
        return int(clock["h"]) * 60 + int(clock["m"])
    total, found = 0.0, False
    for m in _PART.finditer(text):
        total += float(m["amount"].replace(",", ".")) * _MINUTES[m["unit"][0].lower()]
        found = True
    return total if found else None
