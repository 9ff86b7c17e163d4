"""What the action-item rules (PM101-PM109) share: open items, quoting, the completion window."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from postmortem_lint.markup import plain
from postmortem_lint.model import ActionItem, Document
from postmortem_lint.schema.validate import normalise_severity

if TYPE_CHECKING:  # the engine's configuration is passed in; its module imports the rules
    from postmortem_lint.engine.config import Config

QUOTE_LIMIT = 60


def open_items(document: Document) -> list[ActionItem]:
    """Items still to do: a done or deprioritized item needs no owner or due date any more, and one
    still holding a template prompt ("[Owner]") is PM004's until it is filled in."""
    return [item for item in document.actions if not item.closed and not item.prompts]


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text` in double quotes, cut at a word to at most `limit` characters so a message stays short."""
    text = " ".join(text.split())
    if len(text) > limit:
        cut = text[: limit - 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.-–—") + "…"
    return f'"{text}"'


def quoted_item(item: ActionItem) -> str:
    """The item as quoted in messages: its action text, or the whole item when that is all markers."""
    return quote(item.text or plain(item.raw))


class Window(NamedTuple):
    """By when the incident's action items should be done."""

    incident: dt.date
    severity: str | None  # normalised ("SEV2"), None when the document gives none
    days: int

    @property
    def last_day(self) -> dt.date:
        return self.incident + dt.timedelta(days=self.days)


def completion_window(document: Document, config: Config) -> Window | None:
    """The incident date plus the configured window for its severity; None without an incident date."""
    incident = document.incident_date
    if incident is None:
        return None
    value = document.field_value("severity")
    severity = normalise_severity(str(value)) if value is not None else None
    return Window(incident, severity, config.due_window(severity))


def example_due(document: Document, config: Config) -> str:
    """A due date to suggest in messages: the last day of the completion window when it is known."""
    window = completion_window(document, config)
    return f'"due {window.last_day.isoformat()}"' if window else '"due YYYY-MM-DD"'
