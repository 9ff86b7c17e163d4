"""Bracketed text: a template prompt (`[Owner]`, `[e.g. 47 minutes]`) or content someone wrote.

The guide writes action items as `- [Owner] [Due date] [Specific fix]`. Filled in, the brackets stay:
`- [@rkim] [2026-10-28] [Add a config validation step]`. So a bracket is a prompt only when its
content reads like one (a field name, an instruction, `e.g.`, `TBD`), wherever it stands, and each
bracket of an action item is classified by what it holds (a prompt, an owner, a due date or the fix),
not by its place: `- [2026-09-20] [Add a disk alert]` has a due date and no owner.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from postmortem_lint.dates import MONTH_NAMES, find_date
from postmortem_lint.markup import plain
from postmortem_lint.regex import compiled, lazy

Kind = Literal["prompt", "owner", "due", "text"]

# Bracketed text that is a prompt wherever it stands: a known field name, or an instruction.
PROMPT_WORDS = frozenset(
    {
        "title", "incident title", "owner", "owners", "name", "your name", "date", "due date", "due",
        "deadline", "team", "team name", "service", "service name", "system", "link", "url", "ticket",
        "issue", "jira", "summary", "description", "specific fix", "fix", "action", "handle", "author",
        "status", "severity", "sev", "duration", "impact", "time", "timestamp", "placeholder", "details",
        "root cause", "trigger", "cause", "reason", "number", "percentage", "amount", "value", "text",
        "version", "region", "environment", "component", "person", "email", "customer", "customers",
        "assignee", "due by", "action item", "specific action", "measurable outcome", "owner name",
    }
)  # fmt: skip
# An instruction to the author; "add", "list" and "include" are also how a written fix starts.
_INSTRUCTION = lazy(
    r"^(?:e\.?g\.?|i\.?e\.?|insert|describe|enter|your|link to|replace|fill|optional|explain|"
    r"summari[sz]e|what|who|how|why|when|where|which|tbd|tba|todo|@(?:handle|owner|name|user(?:name)?|"
    r"someone|person|you|me))(?:\W|$)|^(?:owner|due date|deadline|date|fix)\s*[/(]",  # "[Owner/Team]"
    re.IGNORECASE,
)
DATE_FORMAT = compiled(
    r"\b(?:(?:YYYY|yyyy|20[xX]{2})[-/.]MM[-/.]DD|DD[-/.]MM[-/.]YYYY|MM[-/.]DD[-/.]YYYY|HH:[Mm]{2})\b"
)
# words only a template's prompt uses, wherever they stand: "[A short description of the fix]"
_PROMPT_PHRASE = compiled(
    r"(?:^(?:an?\s+)?|\b(?:short|brief|one-line)\s+)(?:description|summary|explanation)\b|\bone\s+sentence"
    r"|\b(?:two|three|a\s+few)\s+sentences|\bgoes\s+here|\bfill\s+(?:in|out)\b|\bto\s+be\s+(?:filled|determined|decided)\b",
    re.IGNORECASE,
)
_FIX_VERB = compiled(r"^(?:add|list|include)\b", re.IGNORECASE)
_SEVERITY_RANGE = compiled(r"^(?:sev|p)\s*\d\s*[-–]\s*(?:sev|p)?\s*\d$", re.IGNORECASE)

# a run of brackets at the start of an item (not links), one level nested: `[a] [b] [Add the [x] flag] rest`
_BRACKET = compiled(r"\[(?P<content>(?:[^\[\]\n]|\[[^\[\]\n]{0,300}\]){0,300})\](?![(\[])[ \t]*")
_HANDLES = compiled(r"^@[\w./-]+(?:\s*(?:,|&|\band\b|/)\s*@[\w./-]+)*$", re.IGNORECASE)
OWNER_LABEL = compiled(r"^(?:owners?|assignee|dri)\s*[:=]", re.IGNORECASE)
DUE_LABEL = compiled(
    r"^(?:(?:due(?:\s+date)?|deadline)\b(?!\s+to\b)\s*[:=]?|(?:eta|target(?:\s+date)?)\s*[:=])", re.IGNORECASE
)
# "next sprint", "end of Q3", "Nov 6": a date as people write one, readable or not
_DUE_START = lazy(
    r"^(?:(?:by|before|until|on|in|within|the|this|end\s+of)\s+)*"
    r"(?:sprint|week|month|quarter|year|q[1-4]|h[12]|eo[dwmqy]|asap|tomorrow|today|tonight"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|next|" + MONTH_NAMES + r")\b",
    re.IGNORECASE,
)
_DUE_WORD_LIMIT = 5
_DATE_LEAD = 2  # words before a date in a due bracket: "due by 2026-10-01"
_NAME_WORD = compiled(r"^(?:[A-ZÀ-ÖØ-Þ][\w.'’-]*|de|da|del|della|der|di|du|la|le|van|von|bin|al|y)$")
_NAME_LIMIT = 4  # words
# words that make a short bracket an owner, however written ("platform team", "on-call")
GROUP_WORDS = compiled(
    r"\b(?:teams?|squads?|crews?|groups?|guilds?|tribes?|every(?:one|body)|on-?call|oncall)\b", re.IGNORECASE
)


def is_prompt(content: str, in_action: bool = False) -> bool:
    """Whether bracketed `content` reads like a template prompt; in an action item "[Add ...]" is the fix."""
    label = " ".join(plain(content).lower().split()).strip(" .:")
    if label in PROMPT_WORDS or _SEVERITY_RANGE.match(label) or _INSTRUCTION().match(label):
        return True
    if DATE_FORMAT.search(content) or _PROMPT_PHRASE.search(label):
        return True
    return not in_action and _FIX_VERB.match(label) is not None


def leading_brackets(source: str) -> tuple[list[str], str] | None:
    """The brackets an item starts with and the text after them; None when it is not the bracket form
    (two or more brackets, or one bracket that is the whole item: one bracket is often a tag, "[P1]")."""
    found: list[str] = []
    position = 0
    while (m := _BRACKET.match(source, position)) is not None:
        found.append(m["content"].strip())
        position = m.end()
    rest = source[position:].strip()
    if len(found) >= 2 or (found and not rest):
        return found, rest
    return None


def classify(brackets: Sequence[str], rest: str) -> list[Kind]:
    """What each bracket holds. Prompts, dates and handles are plain to see; of the other brackets,
    short names ("Maria López", "Platform team") are owners, unless the fix would be left out: with
    no text after the brackets and only names among them, the last is the fix when there is another
    owner or name ("[Maria López] [Oct 28]" is an owner and a date)."""
    kinds: list[Kind | None] = [_obvious(b) for b in brackets]
    others = [i for i, kind in enumerate(kinds) if kind is None]
    names = [i for i in others if _reads_as_owner(brackets[i])]
    has_owner = "owner" in kinds
    if not rest and names and len(names) == len(others) and (has_owner or len(others) >= 2):
        names.pop()  # "[@jo] [2026-10-01] [Fix DNS]": the fix, not a second owner
    return [kind or ("owner" if i in names else "text") for i, kind in enumerate(kinds)]


def _obvious(content: str) -> Kind | None:
    text = plain(content)
    if not text or is_prompt(text, in_action=True):
        return "prompt" if text else "text"
    if _HANDLES.match(text) or OWNER_LABEL.match(text):
        return "owner"
    if DUE_LABEL.match(text) or _reads_as_due(text):
        return "due"
    return None


def _reads_as_due(text: str) -> bool:
    """ "2026-10-28", "by Oct 28, 2026 (end of sprint)", "next sprint", "end of Q3"; not a fix that
    names a date ("Add alert by 2026-10-01")."""
    found = find_date(text)
    if found is not None:
        return len(text[: found.start].split()) <= _DATE_LEAD
    return len(text.split()) <= _DUE_WORD_LIMIT and _DUE_START().match(text) is not None


def _reads_as_owner(content: str) -> bool:
    text = plain(content)
    words = text.split()
    return 0 < len(words) <= _NAME_LIMIT and (_is_name(text) or GROUP_WORDS.search(text) is not None)


def _is_name(text: str) -> bool:
    """ "Maria López", "SRE", "van der Berg": every word capitalised (or a name particle), no digits."""
    words = plain(text).split()
    return (
        0 < len(words) <= _NAME_LIMIT
        and not any(c.isdigit() for c in text)
        and all(_NAME_WORD.match(w) for w in words)
        and bool(_NAME_WORD.match(words[0]) and words[0][:1].isupper())
    )
