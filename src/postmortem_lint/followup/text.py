"""The report as a compact terminal summary: the headline, then what needs someone this week."""

from __future__ import annotations

from postmortem_lint.followup.model import FollowUpItem, Report, Status
from postmortem_lint.github.markdown_safety import one_line
from postmortem_lint.regex import compiled

_CONTROL = compiled(r"[\x00-\x1f\x7f-\x9f]")  # terminal escapes in postmortem text would act
SHOWN = 20  # rows per list before "... and N more"


def safe(text: str, limit: int = 80) -> str:
    """Postmortem text on one line, without control characters, cut to `limit`."""
    return one_line(_CONTROL.sub(" ", text), limit)


def percent(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:.0%}"


def headline(report: Report) -> str:
    s = report.summary
    plural = "s" if s.incidents != 1 else ""
    return (
        f"{s.incidents} incident{plural}, {s.actions} action items: {s.overdue} overdue, {s.open} open "
        f"({s.undated} undated), {s.done} done, {s.deprioritized} deprioritized; "
        f"completion {percent(s.completion_rate)}"
    )


def due_phrase(item: FollowUpItem) -> str:
    if item.item.due is None:
        return "no due date"
    if item.status is Status.OVERDUE:
        days = item.days_overdue or 0
        return f"due {item.item.due.isoformat()}, {days} day{'s' if days != 1 else ''} overdue"
    return f"due {item.item.due.isoformat()}"


def render(report: Report) -> str:
    lines = [f"Follow-up report on {report.today.isoformat()}: {headline(report)}."]
    if report.github_requests is not None:
        lines.append(f"GitHub issue states read in {report.github_requests} request(s).")
    lines += _section(
        "Overdue",
        [
            f"{safe(i.path, 300)}:{i.item.line}: {safe(i.item.owner or 'no owner', 40)}, {due_phrase(i)}: "
            f"{safe(i.item.text)}" + (f" ({safe(i.issue, 60)})" if i.issue else "")
            for i in report.overdue
        ],
    )
    lines += _section(
        "30-day check failed",
        [
            f"{safe(i.path, 300)}: {safe(i.title, 60)} ({i.date}; window ended {i.check.ends}): "
            f"{len(i.check.still_open)} item(s) still open"  # a failed check has both dates
            for i in report.failed_checks
        ],
    )
    lines += _section(
        "Recurring themes",
        [
            f"{safe(t.name, 40)}: {len(t.incidents)} incidents, last {t.last.isoformat() if t.last else '?'} "
            f"({listing([safe(i.path, 300) for i in t.incidents])})"
            for t in report.themes
            if t.recurring
        ],
    )
    lines += _section(
        "Document and GitHub disagree",
        [f"{safe(i.path, 300)}:{i.item.line}: {i.disagreement}" for i in report.disagreements],
    )
    others = [t for t in report.themes if not t.recurring]
    if others:
        lines.append("Other themes: " + ", ".join(f"{safe(t.name, 40)} {len(t.incidents)}" for t in others))
    owners = [o for o in report.owners if o.open]
    if owners:
        lines.append(
            "Open per owner: "
            + ", ".join(f"{safe(o.owner, 40)} {o.open} ({o.overdue} overdue)" for o in owners[:SHOWN])
            + (f", ... and {len(owners) - SHOWN} more" if len(owners) > SHOWN else "")
        )
    figures = [
        f"{label}: {value:g}"
        for label, value in (
            ("median days from due date to done", report.median_days_due_to_done),
            ("median days from incident to postmortem committed", report.median_days_to_postmortem),
        )
        if value is not None
    ]
    if figures:
        lines.append("; ".join(figures).capitalize() + ".")
    if report.skipped:
        lines.append(f"Skipped {report.skipped} file(s) that are not postmortems.")
    return "\n".join(lines) + "\n"


def listing(names: list[str], shown: int = 5) -> str:
    """The first `shown` names, and how many more there are."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


def _section(title: str, rows: list[str]) -> list[str]:
    if not rows:
        return []
    shown = [f"  {row}" for row in rows[:SHOWN]]
    if len(rows) > SHOWN:
        shown.append(f"  ... and {len(rows) - SHOWN} more")
    return [f"{title} ({len(rows)}):", *shown]
