"""An action item says what to do but nothing shows when it is done.

"Update the runbook", "Add more tests", "Add dashboards": the wording is concrete, but which
runbook, how many tests, dashboards of what? Without a visible done-condition the item is
closed whenever someone feels it is. The rule reports an open item when nothing in it (explanation
included) is a threshold or number, a schedule ("weekly", "after every deploy"), a place (a file
path, a URL, `code`), a named system (a capitalised or hyphenated name, an acronym, one of the
document's "Systems affected") or a quoted string, and the artifacts it names (alert, runbook,
dashboard, test ...) are bare nouns with nothing saying which one. Items PM105 reports as vague are
not reported again here; done items are not checked.

Fix it by naming the thing that will exist or change: "Update the runbook" becomes "Add the replica
promotion steps to docs/runbooks/db-failover.md"; "Add more tests" becomes "Add a test for the retry
path in order_sync.py".

This rule judges with PM105's options (`vague-words`, `known-systems`); it has none of its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.action_vague import GOOD_ITEM, assessments
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.action_items import quoted_item


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    for item, found in assessments(ctx):
        if found.verdict == "unmeasurable":
            yield Problem(
                item.line,
                f"{quoted_item(item)} has no observable done-condition: name the threshold, place (a path, "
                "a URL), schedule or system that shows it is done",
            )


RULE = Rule(
    id="PM106",
    name="action-not-measurable",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace(GOOD_ITEM, "- [ ] Update the runbook — @maria — due 2026-09-01"),
    good=COMPLETE,
)
