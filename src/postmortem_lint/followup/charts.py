"""Geometry of the HTML report's bar charts, computed here so the template only draws rectangles.

Three charts: incidents per theme per quarter (stacked), action items by their incident's month and
their status today (stacked), and the open and overdue items per owner (horizontal). Sizes are in SVG
user units; the page scales the SVG to its width.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from postmortem_lint.followup.model import Report, Status

WIDTH = 720
PLOT_HEIGHT = 220
LEFT, TOP, BOTTOM = 40, 12, 44  # margins: axis labels left, legend below
THEME_SERIES = 8  # themes with their own colour; the rest are "other"
QUARTERS = 12  # the last three years
MONTHS = 18
LABEL_WIDTH = 52  # user units a category label ("2026 Q3", "2026-09") takes, with a gap
OWNERS = 15
STATUS_ORDER = (Status.OVERDUE, Status.OPEN, Status.DONE, Status.DEPRIORITIZED)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int  # colour index
    title: str  # tooltip: category, series and value


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"  # SVG text-anchor: start, middle or end


@dataclass(frozen=True)
class Chart:
    title: str
    caption: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    labels: tuple[Label, ...]  # category and value labels
    ticks: tuple[Label, ...]  # value axis
    legend: tuple[tuple[int, str], ...]  # (colour index, name)
    palette: str = "theme"  # "theme": categorical colours; "status": overdue, open, done, deprioritized

    @property
    def empty(self) -> bool:
        return not self.bars


def stacked(
    title: str,
    caption: str,
    categories: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[int]],
    *,
    palette: str = "theme",
) -> Chart:
    """Vertical bars, one per category, stacked by series (`values[category][series]`)."""
    top = max((sum(row) for row in values), default=0)
    scale = PLOT_HEIGHT / top if top else 0.0
    slot = (WIDTH - LEFT) / max(len(categories), 1)
    bar = min(slot * 0.7, 48)
    bars: list[Bar] = []
    labels: list[Label] = []
    every = math.ceil(LABEL_WIDTH / slot)  # a label on every bar, or every other ..., never overlapping
    for index, (category, row) in enumerate(zip(categories, values, strict=True)):
        x = LEFT + index * slot + (slot - bar) / 2
        y: float = TOP + PLOT_HEIGHT
        for number, value in enumerate(row):
            if value:
                height = value * scale
                y -= height
                bars.append(Bar(x, y, bar, height, number, f"{category}: {series[number]} {value}"))
        if index % every == 0:
            labels.append(Label(x + bar / 2, TOP + PLOT_HEIGHT + 16, category))
    return Chart(
        title,
        caption,
        WIDTH,
        TOP + PLOT_HEIGHT + BOTTOM,
        tuple(bars),
        tuple(labels),
        _ticks(top, scale),
        tuple(enumerate(series)),
        palette,
    )


def _ticks(top: int, scale: float) -> tuple[Label, ...]:
    if not top:
        return ()
    step = max(1, _nice(top / 4))
    values = range(0, top + 1, step)
    return tuple(Label(LEFT - 6, TOP + PLOT_HEIGHT - v * scale, str(v), "end") for v in values)


def _nice(value: float) -> int:
    """1, 2, 5, 10, 20, 50 ... at or above `value`."""
    base = 1
    while True:
        for factor in (1, 2, 5):
            if base * factor >= value:
                return base * factor
        base *= 10


def quarter(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def themes_per_quarter(report: Report) -> Chart:
    ranked = [t.name for t in sorted(report.themes, key=lambda t: (-len(t.incidents), t.name))]
    named = ranked[:THEME_SERIES]
    series = [*named, "other"] if len(ranked) > THEME_SERIES else named
    counts: Counter[tuple[tuple[int, int], str]] = Counter()
    for incident in report.incidents:
        if incident.date is None or incident.date > report.today:
            continue
        for name in incident.themes:
            counts[quarter(incident.date), name if name in named else "other"] += 1
    quarters = _periods([q for q, _ in counts], quarter(report.today), QUARTERS, per_year=4)
    return stacked(
        "Themes per quarter",
        "Incidents carrying each theme, by the quarter of the incident.",
        [f"{y} Q{n}" for y, n in quarters],
        series,
        [[counts[q, s] for s in series] for q in quarters],
    )


def status_by_month(report: Report) -> Chart:
    counts: Counter[tuple[tuple[int, int], Status]] = Counter()
    for item in report.items:
        if item.incident_date is not None and item.incident_date <= report.today:
            counts[(item.incident_date.year, item.incident_date.month), item.status] += 1
    months = _periods([m for m, _ in counts], (report.today.year, report.today.month), MONTHS, per_year=12)
    return stacked(
        "Open, overdue and done over time",
        "Action items by the month of their incident, as they stand today.",
        [f"{y}-{n:02d}" for y, n in months],
        [s.value for s in STATUS_ORDER],
        [[counts[m, s] for s in STATUS_ORDER] for m in months],
        palette="status",
    )


def _periods(
    seen: Sequence[tuple[int, int]], last: tuple[int, int], most: int, *, per_year: int
) -> list[tuple[int, int]]:
    """Every (year, quarter or month) from the first one seen to `last`, the last `most` of them."""
    if not seen:
        return []
    periods = [min(seen)]
    while periods[-1] < last:
        year, number = periods[-1]
        periods.append((year, number + 1) if number < per_year else (year + 1, 1))
    return periods[-most:]


def owner_load(report: Report) -> Chart:
    """Horizontal bars: each owner's overdue items, then the rest of their open items."""
    owners = [o for o in report.owners if o.open][:OWNERS]
    top = max((o.open for o in owners), default=0)
    row = 22
    scale = (WIDTH - 180 - 130) / top if top else 0.0  # room for the value after the bar
    bars: list[Bar] = []
    labels: list[Label] = []
    for index, owner in enumerate(owners):
        y = TOP + index * row
        x = 180.0
        for series, value, name in ((0, owner.overdue, "overdue"), (1, owner.open - owner.overdue, "open")):
            if value:
                bars.append(Bar(x, y, value * scale, row - 6, series, f"{owner.owner}: {value} {name}"))
                x += value * scale
        labels.append(Label(174, y + row / 2 + 1, owner.owner[:28], "end"))
        labels.append(Label(x + 6, y + row / 2 + 1, f"{owner.open} ({owner.overdue} overdue)", "start"))
    return Chart(
        "Load per owner",
        f"Open items per owner, overdue first (the {OWNERS} busiest).",
        WIDTH,
        TOP + len(owners) * row + BOTTOM,
        tuple(bars),
        tuple(labels),
        (),
        ((0, "overdue"), (1, "open")),
        "status",
    )
