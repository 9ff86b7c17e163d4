"""The follow-up model: what became of each action item, each incident's 30-day check, recurring themes.

Everything here is computed from documents already read, a fixed `today` and, optionally, the states of
the items' GitHub issues, so a report is reproducible and the scheduled Action can build on the same
values. Nothing here reads files or talks to GitHub.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from postmortem_lint.engine.config import FollowUpSettings
from postmortem_lint.model import ActionItem


class Status(str, enum.Enum):
    """An item's state. Open and overdue are both still to do; overdue has a due date before today."""

    DONE = "done"
    DEPRIORITIZED = "deprioritized"
    OPEN = "open"
    OVERDUE = "overdue"

    @property
    def closed(self) -> bool:
        return self in (Status.DONE, Status.DEPRIORITIZED)


STATUSES = tuple(Status)


@dataclass(frozen=True)
class IssueState:
    """What GitHub says about an item's issue (`state_reason` as GitHub gives it)."""

    number: int
    url: str
    state: str  # "open" or "closed"
    state_reason: str | None = None  # completed, not_planned, duplicate, reopened
    closed_at: dt.date | None = None
    labels: tuple[str, ...] = ()
    comments: int = 0
    assignees: tuple[str, ...] = ()  # logins

    @property
    def status(self) -> Status | None:
        """done when closed as completed (or without a reason), deprioritized when closed as not
        planned or as a duplicate, None while open (then the due date decides)."""
        if self.state != "closed":
            return None
        if self.state_reason in ("not_planned", "duplicate"):
            return Status.DEPRIORITIZED
        return Status.DONE

    def state_as_sentence(self) -> str:
        """What GitHub says of the issue, for a disagreement line: "#12 was closed as completed"."""
        if self.state != "closed":
            return f"#{self.number} is open"
        reason = "as not planned" if self.status is Status.DEPRIORITIZED else "as completed"
        return f"#{self.number} was closed {reason}"


def written_status(item: ActionItem) -> Status | None:
    """The decision the document records: done, deprioritized, or None while the item is open."""
    if item.deprioritized:
        return Status.DEPRIORITIZED
    return Status.DONE if item.done else None


def status_of(item: ActionItem, today: dt.date, issue: IssueState | None = None) -> tuple[Status, str | None]:
    """The item's status and, when the document and its issue disagree, what they say.

    A decision written in the document wins; an issue closed on GitHub closes an item the document
    still has open. An open item with a due date before `today` is overdue.
    """
    written = written_status(item)
    remote = issue.status if issue is not None else None
    disagreement = None
    if issue is not None and written != remote:
        document = f"written {written.value}" if written else "open in the document"
        disagreement = f"{document}, but {issue.state_as_sentence()}"
    status = written or remote
    if status is None:
        status = Status.OVERDUE if item.due is not None and item.due < today else Status.OPEN
    return status, disagreement


@dataclass(frozen=True)
class FollowUpItem:
    """One action item with its status on `today`."""

    path: str
    item: ActionItem
    key: str  # the ID the Action's issue marker uses (`github.issues.item_key`)
    incident_date: dt.date | None
    status: Status
    days_overdue: int | None  # days past the due date while overdue
    issue: str | None  # the issue as linked in the document, else the one found by its marker
    github: IssueState | None = None
    disagreement: str | None = None

    @property
    def undated(self) -> bool:
        """Still to do and without a calendar due date: counted apart."""
        return not self.status.closed and self.item.due is None


def follow_up_item(
    path: str,
    key: str,
    item: ActionItem,
    incident: dt.date | None,
    today: dt.date,
    *,
    github: IssueState | None,
) -> FollowUpItem:
    status, disagreement = status_of(item, today, github)
    overdue = (today - item.due).days if status is Status.OVERDUE and item.due else None
    issue = item.issue or (f"#{github.number}" if github else None)
    return FollowUpItem(path, item, key, incident, status, overdue, issue, github, disagreement)


class Check(str, enum.Enum):
    NOT_DUE = "not-due"  # the window has not ended
    PASSED = "passed"  # every item done or deprioritized
    FAILED = "failed"  # items still open when the window ended
    NO_DATE = "no-date"  # the incident has no date to count from


@dataclass(frozen=True)
class ThirtyDayCheck:
    """The guide's check: by the window's end, every item done or consciously deprioritized."""

    result: Check
    ends: dt.date | None  # the window's last day
    still_open: tuple[FollowUpItem, ...]


def thirty_day_check(
    date: dt.date | None, items: Sequence[FollowUpItem], today: dt.date, days: int
) -> ThirtyDayCheck:
    if date is None:
        return ThirtyDayCheck(Check.NO_DATE, None, ())
    ends = date + dt.timedelta(days=days)
    still_open = tuple(i for i in items if not i.status.closed)
    if today < ends:
        return ThirtyDayCheck(Check.NOT_DUE, ends, still_open)
    return ThirtyDayCheck(Check.FAILED if still_open else Check.PASSED, ends, still_open)


@dataclass(frozen=True)
class Facts:
    """What a postmortem says about its incident."""

    path: str
    title: str
    date: dt.date | None
    severity: str | None
    tier: int
    themes: tuple[str, ...]  # theme keys ("monitoring-gaps")

    def facts(self) -> dict[str, Any]:
        """The facts alone, to make another kind of record of the same incident."""
        return {f.name: getattr(self, f.name) for f in fields(Facts)}


@dataclass(frozen=True)
class Incident(Facts):
    """One postmortem and its items on the report's day."""

    items: tuple[FollowUpItem, ...]
    check: ThirtyDayCheck
    committed: dt.date | None = None  # first commit of the file, when it is in git

    def count(self, status: Status) -> int:
        return sum(1 for i in self.items if i.status is status)

    @property
    def days_to_postmortem(self) -> int | None:
        """Days from the incident to the postmortem's first commit."""
        if self.date is None or self.committed is None:
            return None
        return (self.committed - self.date).days


@dataclass(frozen=True)
class Theme:
    name: str
    incidents: tuple[Incident, ...]  # oldest first, undated last
    first: dt.date | None
    last: dt.date | None
    recent: int  # incidents in the last `recent_days` days
    recurring: bool  # `recurring_incidents` or more within the last `recurring_days` days


def themes(incidents: Sequence[Incident], today: dt.date, settings: FollowUpSettings) -> list[Theme]:
    """Per theme its incidents and dates; recurring ones first, then by number of incidents."""
    by_theme: dict[str, list[Incident]] = {}
    for incident in incidents:
        for name in incident.themes:
            by_theme.setdefault(name, []).append(incident)
    found: list[Theme] = []
    for name, carrying in by_theme.items():
        carrying.sort(key=lambda i: (i.date is None, i.date or dt.date.min, i.path))
        dates = [i.date for i in carrying if i.date is not None and i.date <= today]
        recent = sum(1 for d in dates if (today - d).days < settings.recent_days)
        within = sum(1 for d in dates if (today - d).days < settings.recurring_days)
        found.append(
            Theme(
                name,
                tuple(carrying),
                min(dates, default=None),
                max(dates, default=None),
                recent,
                within >= settings.recurring_incidents,
            )
        )
    found.sort(key=lambda t: (not t.recurring, -len(t.incidents), t.name))
    return found


@dataclass(frozen=True)
class OwnerLoad:
    owner: str
    open: int  # still to do, overdue included
    overdue: int


@dataclass(frozen=True)
class Summary:
    incidents: int
    actions: int
    open: int  # status open (undated items included)
    overdue: int
    done: int
    deprioritized: int
    undated: int  # open items without a calendar due date
    completion_rate: float | None  # done / (items not deprioritized); None without any

    @classmethod
    def of(cls, incidents: Sequence[Incident], items: Sequence[FollowUpItem]) -> Summary:
        counts = {s: sum(1 for i in items if i.status is s) for s in Status}
        considered = len(items) - counts[Status.DEPRIORITIZED]
        return cls(
            len(incidents),
            len(items),
            counts[Status.OPEN],
            counts[Status.OVERDUE],
            counts[Status.DONE],
            counts[Status.DEPRIORITIZED],
            sum(1 for i in items if i.undated),
            round(counts[Status.DONE] / considered, 3) if considered else None,
        )


@dataclass(frozen=True)
class Report:
    """The whole follow-up picture on `today`."""

    today: dt.date
    settings: FollowUpSettings
    incidents: tuple[Incident, ...]  # by date, newest first
    themes: tuple[Theme, ...]
    summary: Summary
    github_requests: int | None = None  # requests made to read issue states; None without GitHub
    skipped: int = 0  # files that are not postmortems

    @property
    def items(self) -> list[FollowUpItem]:
        return [item for incident in self.incidents for item in incident.items]

    @property
    def overdue(self) -> list[FollowUpItem]:
        """Overdue items, longest overdue first."""
        found = [i for i in self.items if i.status is Status.OVERDUE]
        return sorted(found, key=lambda i: (-(i.days_overdue or 0), i.path, i.item.line))

    @property
    def failed_checks(self) -> list[Incident]:
        return [i for i in self.incidents if i.check.result is Check.FAILED]

    @property
    def disagreements(self) -> list[FollowUpItem]:
        return [i for i in self.items if i.disagreement]

    @property
    def owners(self) -> list[OwnerLoad]:
        """Per owner (each owner of a shared item counts it) the items still to do, busiest first."""
        loads: dict[str, list[int]] = {}
        for item in self.items:
            if item.status.closed:
                continue
            for owner in item.item.owners or ("(no owner)",):
                load = loads.setdefault(owner, [0, 0])
                load[0] += 1
                load[1] += item.status is Status.OVERDUE
        ranked = sorted(loads.items(), key=lambda pair: (-pair[1][1], -pair[1][0], pair[0]))
        return [OwnerLoad(owner, load[0], load[1]) for owner, load in ranked]

    @property
    def median_days_due_to_done(self) -> float | None:
        """Median days from due date to done (negative: early), for items GitHub closed as completed."""
        days = [
            (i.github.closed_at - i.item.due).days
            for i in self.items
            if i.status is Status.DONE and i.github and i.github.closed_at and i.item.due
        ]
        return _median(days)

    @property
    def median_days_to_postmortem(self) -> float | None:
        return _median([d for d in (i.days_to_postmortem for i in self.incidents) if d is not None])


def _median(days: list[int]) -> float | None:
    # Here, not at the top: `actions` loads this module but not the figures; statistics is about 3 ms.
    from statistics import median  # noqa: PLC0415

    return median(days) if days else None


def build(
    incidents: Sequence[Incident],
    today: dt.date,
    settings: FollowUpSettings,
    github_requests: int | None = None,
    skipped: int = 0,
) -> Report:
    ordered = sorted(incidents, key=lambda i: (i.date is None, -(i.date or today).toordinal(), i.path))
    items = [item for incident in ordered for item in incident.items]
    return Report(
        today,
        settings,
        tuple(ordered),
        tuple(themes(ordered, today, settings)),
        Summary.of(ordered, items),
        github_requests,
        skipped,
    )
