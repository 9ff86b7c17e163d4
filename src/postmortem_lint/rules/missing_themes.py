"""A standard or deep review names no themes.

Themes (monitoring-gaps, deployment-safety, ...) are what turn single reviews into patterns: the
quarterly "which problems keep coming back" question is answered by counting them. Fires for
tier 2 and 3 when there is no `themes` field at all, or only a `tags` list with no theme from the
vocabulary in it; an empty `themes: []` is PM003's. Fix it by adding `themes: [...]` to the front
matter with the recurring problems this incident shows, from the configured vocabulary.
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
    if document.tier < 2:
        return
    names, are_themes = written_themes(document)
    known = {theme_key(t) for t in ctx.config.themes}
    if are_themes or any(theme_key(n) in known for n in names):
        return
    yield Problem(
        document.title_line,
        f"no themes: add `themes: [...]` to the front matter with the recurring problems this incident "
        f"shows ({listing(ctx.config.themes)})",
    )


RULE = Rule(
    id="PM402",
    name="missing-themes",
    severity=Severity.INFO,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace("themes: [deployment-safety, monitoring-gaps]\n", ""),
    good=COMPLETE,
)
