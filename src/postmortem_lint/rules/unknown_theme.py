"""A theme is not in the team's theme vocabulary.

Themes are how incidents are counted across reviews ("five incidents this quarter had monitoring
gaps"); a theme spelt two ways, or invented once, splits the count. The vocabulary is the
configuration's `themes` list; the default is monitoring-gaps, dependency-visibility,
deployment-safety, access-bottlenecks, configuration-drift, documentation-gaps, unclear-ownership
and communication-issues. Case, spaces and underscores do not matter ("Monitoring gaps" is
monitoring-gaps).

Themes are read from `themes:` (front matter or a `- Themes: a, b` line). A `tags:` list, as blog
front matter has, is not checked: only its entries that are themes count as themes. An empty
`themes` list in the configuration turns the check off. Fix it by using a theme from the
vocabulary, or by adding the new theme to `themes` in the configuration.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.themes import listing, theme_key, written_themes


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    document = ctx.document
    names, are_themes = written_themes(document)
    known = {theme_key(t): t for t in ctx.config.themes}
    if not are_themes or not known:
        return
    start = document.fields["themes"].line
    for name in names:
        if theme_key(name) in known:
            continue
        # Here, not at the top: only an unknown theme needs difflib (about 1 ms to import).
        from difflib import get_close_matches  # noqa: PLC0415

        close = get_close_matches(theme_key(name), list(known), n=1, cutoff=0.6)
        hint = f'did you mean "{known[close[0]]}"?' if close else f"use one of {listing(ctx.config.themes)}"
        yield Problem(
            _line_of(name, ctx.lines, start),
            f'unknown theme "{name[:80]}": {hint} (or add it to `themes` in the configuration)',
        )


def _line_of(name: str, lines: list[str], start: int) -> int:
    """The line of a theme in a block list below the `themes:` key, or the key's line."""
    for number in range(start, min(start + 50, len(lines)) + 1):
        text = lines[number - 1]
        if name in text and (number == start or text.lstrip().startswith("-")):
            return number
    return start


RULE = Rule(
    id="PM401",
    name="unknown-theme",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace(
        "themes: [deployment-safety, monitoring-gaps]", "themes: [deployment-safety, alerting]"
    ),
    good=COMPLETE,
)
