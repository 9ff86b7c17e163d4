"""The report as one self-contained HTML page for a team lead: the Markdown report's content with inline
SVG charts, readable in light and dark mode and printable.

Postmortem text is untrusted: the page is rendered by Jinja2 with autoescaping (never by string
concatenation), and a Content-Security-Policy forbids scripts and every external resource, so the
page loads nothing and runs nothing even if a value slipped through. Long tables are cut at
`ROWS` rows with a count, so 10,000 items stay well under 2 MB.
"""

from __future__ import annotations

from pathlib import Path

from postmortem_lint.followup import charts
from postmortem_lint.followup.model import Report, Status
from postmortem_lint.followup.text import due_phrase, headline, percent

ROWS = 200  # rows per table; the rest are counted (the JSON report has every item)
TEMPLATES = Path(__file__).parent / "templates"


def render(report: Report) -> str:
    # Here, not at the top: Jinja2 is about 30 ms to import, and only `report --format html` needs it.
    from jinja2 import Environment, FileSystemLoader, StrictUndefined  # noqa: PLC0415

    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    open_items = sorted(
        (i for i in report.items if i.status is Status.OPEN),
        key=lambda i: (i.item.due is None, i.item.due or report.today, i.path, i.item.line),
    )
    template = environment.get_template("report.html.j2")
    return template.render(
        report=report,
        headline=headline(report),
        completion=percent(report.summary.completion_rate),
        charts=[charts.themes_per_quarter(report), charts.status_by_month(report), charts.owner_load(report)],
        overdue=report.overdue,
        open_items=open_items,
        owners=[o for o in report.owners if o.open],
        recurring=[t for t in report.themes if t.recurring],
        due_phrase=due_phrase,
        rows=ROWS,
    )
