"""Durations as written in postmortems: "47 minutes", "1 hour 48 minutes", "2h 15m", "1.5 hours", "1:45"."""

from __future__ import annotations

import re
from typing import Any

from postmortem_lint.regex import compiled

_PART = compiled(
    r"(?<![\d.,])(?P<amount>\d{1,6}(?:[.,]\d{1,3})?)\s*"  # a whole number: no rescanning of a long one
    r"(?P<unit>d(?:ays?)?|h(?:ours?|rs?)?|m(?:in(?:ute)?s?)?|s(?:ec(?:ond)?s?)?)(?![a-z])",
    re.IGNORECASE,
)
_CLOCK = compiled(r"^\s*(?P<h>\d{1,3}):(?P<m>[0-5]\d)(?::[0-5]\d)?\s*$")  # 1:45 = 1 hour 45 minutes
_MINUTES = {"d": 1440.0, "h": 60.0, "m": 1.0, "s": 1 / 60}


def minutes(value: Any) -> float | None:
    """The total in minutes (a bare number is minutes), or None when `value` states no duration."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value)
    clock = _CLOCK.match(text)
    if clock:
        return int(clock["h"]) * 60 + int(clock["m"])
    parts = list(_PART.finditer(text))
    if not parts:
        return float(text) if text.strip().isdigit() else None
    return sum(float(m["amount"].replace(",", ".")) * _MINUTES[m["unit"][0].lower()] for m in parts)
