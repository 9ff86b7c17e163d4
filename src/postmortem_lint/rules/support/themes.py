"""Themes as written in a document and as compared with the vocabulary (PM401, PM402)."""

from __future__ import annotations

from functools import lru_cache

from postmortem_lint.markup import normalise_label
from postmortem_lint.model import Document
from postmortem_lint.regex import compiled

_SEPARATORS = compiled(r"[\s_]+")  # between the words of a theme, as written


@lru_cache(maxsize=1024)  # the configuration's themes are keyed again for every document
def theme_key(name: str) -> str:
    """ "Monitoring gaps", "monitoring_gaps" -> "monitoring-gaps"."""
    return _SEPARATORS.sub("-", normalise_label(name))


def written_themes(document: Document) -> tuple[list[str], bool]:
    """The themes as written, and whether they come from a `themes` field (not a blog's `tags`)."""
    found = document.fields.get("themes")
    if found is None:
        return [], False
    value = found.value
    items = value if isinstance(value, (list, tuple)) else str(value or "").split(",")
    names = [str(item).strip() for item in items if str(item).strip()]
    return names, normalise_label(found.label).startswith("theme")


def listing(themes: tuple[str, ...], shown: int = 4) -> str:
    """The first few themes of the vocabulary, for messages."""
    return ", ".join(themes[:shown]) + (", ..." if len(themes) > shown else "")
