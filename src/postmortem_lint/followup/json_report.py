"""The report as JSON (version 1): the contract other tools and the scheduled Action read.

Top-level keys: version, today, summary, actions, incidents, themes, github_requests (null without
`--github`), and team (per-owner load and the median figures).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from postmortem_lint.followup.model import FollowUpItem, Incident, Report, Status, Theme

VERSION = 1


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def action(item: FollowUpItem) -> dict[str, Any]:
    return {
        "path": item.path,
        "line": item.item.line,
        "id": item.item.id,
        "incident_date": _date(item.incident_date),
        "owner": item.item.owner,
        "due": _date(item.item.due),
        "text": item.item.text,
        "issue": item.issue,
        "status": item.status.value,
        "days_overdue": item.days_overdue,
        "disagreement": item.disagreement,
    }


def incident(found: Incident) -> dict[str, Any]:
    check = found.check
    return {
        "path": found.path,
        "title": found.title,
        "date": _date(found.date),
        "severity": found.severity,
        "tier": found.tier,
        "themes": list(found.themes),
        "open": found.count(Status.OPEN),
        "overdue": found.count(Status.OVERDUE),
        "done": found.count(Status.DONE),
        "deprioritized": found.count(Status.DEPRIORITIZED),
        "check_30_day": {
            "status": check.result.value,
            "ends": _date(check.ends),
            "open": [{"line": i.item.line, "id": i.item.id} for i in check.still_open],
        },
    }


def theme(found: Theme) -> dict[str, Any]:
    return {
        "theme": found.name,
        "incidents": len(found.incidents),
        "first": _date(found.first),
        "last": _date(found.last),
        "last_90_days": found.recent,
        "recurring": found.recurring,
        "paths": [i.path for i in found.incidents],
    }


def as_json(report: Report) -> dict[str, Any]:
    summary = report.summary
    return {
        "version": VERSION,
        "today": report.today.isoformat(),
        "summary": {
            "incidents": summary.incidents,
            "actions": summary.actions,
            "open": summary.open,
            "overdue": summary.overdue,
            "done": summary.done,
            "deprioritized": summary.deprioritized,
            "undated": summary.undated,
            "completion_rate": summary.completion_rate,
        },
        "actions": [action(i) for i in report.items],
        "incidents": [incident(i) for i in report.incidents],
        "themes": [theme(t) for t in report.themes],
        "github_requests": report.github_requests,
        "team": {
            "owners": [{"owner": o.owner, "open": o.open, "overdue": o.overdue} for o in report.owners],
            "median_days_due_to_done": report.median_days_due_to_done,
            "median_days_to_postmortem": report.median_days_to_postmortem,
        },
    }
