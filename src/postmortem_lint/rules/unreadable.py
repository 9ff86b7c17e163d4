"""The file could not be read as a postmortem, so nothing else was checked.

Raised for binary or non-UTF-8 content (UTF-16 and UTF-32 included), files over 2 MB, files that
cannot be read (a broken link, a named pipe, a device), invalid YAML front matter, front matter over
64 KB or nested more than 20 levels, and front matter that uses YAML anchors, aliases or merge keys
(refused, so a "billion laughs" alias bomb cannot exhaust memory). The finding points at the
offending line. Other files in the run are still checked.
Fix the file (save it as UTF-8, repair the YAML, write values out instead of using aliases).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    if ctx.document.unreadable is not None:
        yield ctx.document.unreadable


RULE = Rule(
    id="PM000",
    name="unreadable",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad="---\nbase: &b {sev: SEV2}\nincident: *b\n---\n# Checkout outage\n",
    good="---\nseverity: SEV2\n---\n# Checkout outage\n",
    meta=True,
)
