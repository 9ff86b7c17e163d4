"""The report as GitHub Markdown: what a team reads in its weekly sync and what the scheduled Action posts.

A headline, overdue items first, failed 30-day checks, recurring themes, disagreements with GitHub, then
the themes (a Mermaid pie, which GitHub renders, and the same numbers as a table), the load per owner and
the other open items. Postmortem text is untrusted: it goes through `markdown_safety.inline` (HTML
escaped, @mentions and #references neutralised); owners are shown in code format, so naming them
notifies nobody. The whole stays under GitHub's 65,536-character body limit: when it would not, the
long tail of rows is cut at a row, with a count of what was left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from postmortem_lint.followup.model import FollowUpItem, Incident, Report, Status
from postmortem_lint.followup.text import due_phrase, headline, listing
from postmortem_lint.github.markdown_safety import BODY_LIMIT, body_size, inline
from postmortem_lint.github.review import Links
from postmortem_lint.regex import compiled

PIE_SLICES = 12  # themes shown in the pie; the rest are one "other" slice
_MERMAID_UNSAFE = compiled(r"[^A-Za-z0-9 _.,/+-]")


@dataclass
class _Section:
    title: str
    rows: list[str]
    header: list[str] = field(default_factory=list)  # a table's header and rule, kept with any row
    before: list[str] = field(default_factory=list)  # fixed lines between the title and the rows
    noun: str = "rows"


def code(text: str, limit: int = 60) -> str:
    """`text` as a code span: shown as written, no mention, no markup; safe in a table cell."""
    text = " ".join(text.split())[:limit].replace("`", "'").replace("|", "\\|")
    return f"`{text}`" if text else "—"


def render(report: Report, links: Links | None = None, limit: int = BODY_LIMIT) -> str:
    """The report as Markdown of at most `limit` (in `body_size`). With `links` (repository, commit), items
    link to their lines on GitHub and issues to GitHub; without, links are relative paths."""
    view = _View(links)
    open_items = [i for i in report.items if i.status is Status.OPEN]
    lines = [f"## Postmortem follow-ups on {report.today.isoformat()}", "", headline(report) + ".", ""]
    if report.github_requests is not None:
        lines += [f"Issue states read from GitHub in {report.github_requests} request(s).", ""]
    sections = [
        _Section(
            f"Overdue ({len(report.overdue)})",
            [view.item_row(i, overdue=True) for i in report.overdue],
            [
                "| Owner | Due | Days overdue | Action | Where | Issue |",
                "| --- | --- | --- | --- | --- | --- |",
            ],
            noun="overdue items",
        ),
        _Section(
            f"30-day check failed ({len(report.failed_checks)})",
            [view.check_row(i) for i in report.failed_checks],
            ["| Incident | Date | Check ended | Still open |", "| --- | --- | --- | --- |"],
            noun="incidents",
        ),
        _Section(
            f"Recurring themes ({sum(t.recurring for t in report.themes)})",
            [
                f"- **{inline(t.name, 60)}**: {len(t.incidents)} incidents, "
                f"{t.recent} in the last {report.settings.recent_days} days, last "
                f"{t.last.isoformat() if t.last else '?'}: "
                + listing([view.incident_link(i) for i in t.incidents], 10)
                for t in report.themes
                if t.recurring
            ],
            noun="themes",
        ),
        _Section(
            f"Document and GitHub disagree ({len(report.disagreements)})",
            [view.disagreement_row(i) for i in report.disagreements],
            ["| Where | Action | What |", "| --- | --- | --- |"],
            noun="items",
        ),
        _Section(
            "Themes",
            [
                f"| {inline(t.name, 60)} | {len(t.incidents)} | {_day(t.first)} | {_day(t.last)} "
                f"| {t.recent} | {'yes' if t.recurring else 'no'} |"
                for t in report.themes
            ],
            [
                "| Theme | Incidents | First | Last | Last 90 days | Recurring |",
                "| --- | --- | --- | --- | --- | --- |",
            ],
            _pie(report),
            noun="themes",
        ),
        _Section(
            "Open items per owner",
            [f"| {code(o.owner)} | {o.open} | {o.overdue} |" for o in report.owners],
            ["| Owner | Open | Overdue |", "| --- | --- | --- |"],
            noun="owners",
        ),
        _Section(
            "Other open items",
            [view.item_row(i) for i in sorted(open_items, key=_by_due)],
            ["| Owner | Due | Action | Where | Issue |", "| --- | --- | --- | --- | --- |"],
            noun="open items",
        ),
    ]
    return _fit(lines, [s for s in sections if s.rows], limit)


def _by_due(item: FollowUpItem) -> tuple[bool, dt.date, str, int]:
    return item.item.due is None, item.item.due or dt.date.max, item.path, item.item.line


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def _pie(report: Report) -> list[str]:
    """A Mermaid pie of incidents per theme: GitHub renders pies (not every Mermaid chart type)."""
    if not report.themes:
        return []
    ranked = sorted(report.themes, key=lambda t: (-len(t.incidents), t.name))
    shown, rest = ranked[:PIE_SLICES], ranked[PIE_SLICES:]
    slices = [(_MERMAID_UNSAFE.sub(" ", t.name)[:40].strip() or "theme", len(t.incidents)) for t in shown]
    if rest:
        slices.append((f"{len(rest)} other themes", sum(len(t.incidents) for t in rest)))
    body = [f'    "{name}" : {count}' for name, count in slices]
    return ["```mermaid", "pie title Incidents per theme", *body, "```", ""]


class _View:
    """Links and cells for items and incidents."""

    def __init__(self, links: Links | None) -> None:
        self.links = links

    def url(self, path: str, line: int | None = None) -> str:
        if self.links is not None:
            return self.links.blob(path, line)
        return quote(path, safe="/") + (f"#L{line}" if line else "")

    def where(self, item: FollowUpItem) -> str:
        name = item.path.rsplit("/", 1)[-1]
        return f"[{inline(name, 80)}:{item.item.line}]({self.url(item.path, item.item.line)})"

    def issue(self, item: FollowUpItem) -> str:
        if item.github is not None and item.github.url.startswith("https://"):
            return f"[#{item.github.number}]({item.github.url})"
        if item.issue and self.links is not None and item.issue[1:].isdigit():
            server, repository = self.links.server_url, self.links.repository
            return f"[{item.issue}]({server}/{repository}/issues/{item.issue[1:]})"
        return inline(item.issue, 80) if item.issue else "—"

    def item_row(self, item: FollowUpItem, overdue: bool = False) -> str:
        owner = code(item.item.owner or "no owner")
        due = item.item.due.isoformat() if item.item.due else due_phrase(item)
        text = inline(item.item.text or item.item.raw, 160)
        cells = [
            owner,
            due,
            *([str(item.days_overdue)] if overdue else []),
            text,
            self.where(item),
            self.issue(item),
        ]
        return "| " + " | ".join(cells) + " |"

    def disagreement_row(self, item: FollowUpItem) -> str:
        text = inline(item.item.text or item.item.raw, 120)
        return f"| {self.where(item)} | {text} | {inline(item.disagreement or '')} |"

    def incident_link(self, incident: Incident) -> str:
        return f"[{inline(incident.title, 80)}]({self.url(incident.path)})"

    def check_row(self, incident: Incident) -> str:
        still = listing([f"line {i.item.line}" for i in incident.check.still_open], 10)
        return (
            f"| {self.incident_link(incident)} | {_day(incident.date)} | {_day(incident.check.ends)} | "
            f"{len(incident.check.still_open)}: {still} |"
        )


def _fit(head: list[str], sections: Sequence[_Section], limit: int) -> str:
    """Everything when it fits in `limit` (in `body_size`); else the rows in order until one would not
    fit, each section noting how many of its rows were left out."""
    note = "_… and {} more {} not shown (over GitHub's size limit; run `postmortem-lint report`)._"
    fixed = head + [line for s in sections for line in (f"### {s.title}", "", *s.before, *s.header, "")]
    notes = sum(len(note) + 20 for _ in sections)
    budget = limit - sum(body_size(line) + 1 for line in fixed) - notes
    lines = list(head)
    for section in sections:
        lines += [f"### {section.title}", "", *section.before, *section.header]
        kept = 0
        for row in section.rows:
            size = body_size(row) + 1
            if size > budget:
                break
            budget -= size
            lines.append(row)
            kept += 1
        if kept < len(section.rows):
            budget = -1  # the tail is cut here: later sections keep their headings only
            lines += ["", note.format(len(section.rows) - kept, section.noun)]
        lines.append("")
    return "\n".join(lines)
