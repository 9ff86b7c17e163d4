"""An open action item names no owner.

An action item without an owner is a wish: everyone assumes someone else has it, and it is still
open at the next incident. Every open item needs one person who will drive it to done (they may
get help). The owner is read from an `Owner` table column, `owner: Maria`, `[Maria] [due] [fix]`,
or a GitHub handle in the item (`— @maria`). Done items (`- [x]`, `(done)`, a Done status or a
"Completed" heading) need no owner. A placeholder such as "TBD" is reported by PM102
(action-shared-owner) instead; "n/a", "none" or "unassigned" count as no owner.

Fix: add the one person's name or handle to the item, e.g. `— @maria`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.action_items import open_items, quoted_item


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    for item in open_items(ctx.document):
        if not item.owners:
            yield Problem(
                item.line,
                f"{quoted_item(item)} has no owner: name the one person who will drive it to done, "
                'e.g. "— @handle"',
            )


RULE = Rule(
    id="PM101",
    name="action-no-owner",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace(" — @dev-lee — due", " — due"),
    good=COMPLETE,
)
