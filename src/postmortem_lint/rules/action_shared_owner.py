"""An open action item has more than one owner, or a group or placeholder as its owner.

"The team", "SRE", "everyone", "on-call" or "Alice and Bob" own an item the way nobody does: each
assumes another is on it. Name one person who will drive it to done; others can still help. This
fires on a list of names (`Alice and Bob`, `@a, @b`, `Ops and/or Dev`), on a GitHub team handle
(`@org/sre`), on a team name from the `team-names` option, on a handle made of a team word
(`@sre-team`, `@payments-oncall`, `@everyone`), on words naming a group in a written name (team,
squad, group, everyone, all, we, us, ops, SRE, on-call, engineering, developers, "any team member")
and on the placeholders TBD and TBA. The message says which cue fired. A handle is one person's
unless it is one of those team forms: `@sre.patel`, `@ops.kim` and `@devops-jo` are people. A role
held by one person ("SRE lead", "engineering manager") and a name followed by a team in brackets
("Maria (SRE)") are fine. Done items are not checked.

Options: `team-names` (list, default empty): your teams' names or handles (`@platform`, "Core
Infra"), which own an item the way a group does.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.markup import plain
from postmortem_lint.model import ActionItem, Problem
from postmortem_lint.regex import compiled, lazy
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.action_items import open_items, quote, quoted_item

_GROUP = lazy(
    r"\b(?:teams?|squads?|crews?|groups?|guilds?|tribes?|chapters?|departments?|dept|committees?"
    r"|every(?:one|body)|any(?:one|body)|some(?:one|body)|whoever|all|we|us|our"
    r"|ops|devops|sres?|on-?call|engineering|engineers|developers|devs|staff|people|folks|members"
    r"|tbd|tba)\b",
    re.IGNORECASE,
)
# a handle is a group only when a whole part of it is a team word: @sre-team, @payments-oncall
_HANDLE_GROUP = compiled(
    r"(?:^|[-_.])(?P<word>teams?|squads?|crews?|groups?|guilds?|every(?:one|body)|all|on-?call)(?=$|[-_.])",
    re.IGNORECASE,
)
_PLACEHOLDERS = frozenset({"tbd", "tba"})
_ONE_PERSON_ROLE = compiled(r"\b(?:lead|leader|manager|director|head|captain)\s*$", re.IGNORECASE)
_BRACKETED = compiled(r"\([^)]*\)?|\[[^\]]*\]?")  # the reader may have cut the closing bracket


def group_cue(owner: str, teams: Collection[str] = ()) -> str | None:
    """Why `owner` names a group or a placeholder rather than one person (the cue, for the message);
    None for one person."""
    if owner.lower().removeprefix("@") in teams:
        return "a configured team name"
    if owner.startswith("@"):
        if "/" in owner:
            return "a GitHub team handle, @org/team"
        word = _HANDLE_GROUP.search(owner[1:])
        return f'the team word "{word["word"]}" in the handle' if word else None
    name = _BRACKETED.sub(" ", owner).strip()
    word = _GROUP().search(name)
    if word is None or _ONE_PERSON_ROLE.search(name):
        return None
    return "a placeholder" if word[0].lower() in _PLACEHOLDERS else f'the group word "{word[0]}"'


def as_written(item: ActionItem, source: str) -> str:
    """The owners as written ("Alice and/or Bob"), found in the item or its source line (a table's
    Owner cell); else joined with commas."""
    joined = ", ".join(item.owners)
    for text in (plain(item.raw), plain(source)):
        first, last = text.find(item.owners[0]), text.rfind(item.owners[-1])
        span = text[first : last + len(item.owners[-1])] if 0 <= first <= last else ""
        if span and len(span) <= len(joined) + 4 * len(item.owners):  # only separators between names
            return span
    return joined


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    lines = ctx.lines
    teams = {str(t).strip().lower().removeprefix("@") for t in options["team-names"]}
    for item in open_items(ctx.document):
        if len(item.owners) > 1:
            cue: str | None = f"{len(item.owners)} owners"
        else:
            cue = next((c for c in (group_cue(o, teams) for o in item.owners) if c), None)
        if cue is not None:
            source = lines[item.line - 1] if 0 < item.line <= len(lines) else ""
            yield Problem(
                item.line,
                f"{quoted_item(item)} is owned by {quote(as_written(item, source))} ({cue}): "
                "name one person who will drive it to done",
            )


RULE = Rule(
    id="PM102",
    name="action-shared-owner",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace("— @dev-lee —", "— owner: Platform team —"),
    good=COMPLETE,
    options={"team-names": []},
)
