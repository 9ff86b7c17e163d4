"""Action items from bullets, numbered and task lists, tables, labelled lines and the bracket form.

`- [Owner] [Due date] [Specific fix]`, `- [ ] Add alert ... — @maria — due 2026-12-01 (#123)`, a
table with Action / Owner / Due / Issue columns and `**Action item:** ... Owner: @maria` all become
the same `ActionItem`. A group label ("Short-term:") is not an item; `Owner:` / `Due:` sub-bullets,
links and short notes under an item are its details; longer sub-bullets are items of their own.
An action section without any list or table is read line by line (or paragraph by paragraph).

A conscious decision not to do an item is written `- [-] ...`, `(won't do: reason)`,
`(deprioritized: reason)`, a line or sub-bullet `Deprioritized: reason` / `Won't do: reason`, or a
status cell `deprioritized` / `won't do`; the item is then deprioritized (not done) with that reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from postmortem_lint.dates import find_date
from postmortem_lint.markup import FOOTNOTE_REF, plain
from postmortem_lint.model import ActionItem, Section
from postmortem_lint.reader.blocks import Block, opens_section
from postmortem_lint.reader.brackets import DUE_LABEL, OWNER_LABEL, classify, leading_brackets
from postmortem_lint.reader.vocabulary import Vocabulary
from postmortem_lint.regex import compiled, lazy

_CHECKBOX = compiled(r"^\[(?P<mark>[ xX-])\]\s*")
# A pattern that opens with a lookahead for its first character, `(?=@)`, is searched far quicker:
# other characters are passed at once instead of trying each branch and lookbehind there.
_HANDLE = compiled(
    r"(?=@)(?<![\w.@/`+-])@(?P<handle>[A-Za-z0-9](?:[\w.-]{0,38}[A-Za-z0-9_])?(?:/[\w-]{1,60})?)"
)
_OWNER = compiled(
    r"(?=[(\[oad])(?P<all>[(\[]?\b(?:owners?|owner\(s\)|assignee|assigned\s+to|dri)\b\s*[:=]\s*"
    r"(?P<value>[^;|()\[\]\n—–]{1,80}?(?:\s*\([^()\n]{0,40}\))?)\s*(?:[)\]]|(?=[;|—–\n]|\s-\s|,\s*due\b|$)))",
    re.IGNORECASE,
)
_NOTE = compiled(r"\([^()]{0,40}\)$")  # "Maria (SRE)": the note is not part of the name
_SEPARATOR = compiled(r"\s[—–|]\s|\s-\s")
_DUE = compiled(
    r"(?=[(\[det])(?P<all>[(\[]?(?:\b(?:due(?:\s+date)?|deadline)\b(?!\s+to\b)\s*(?:[:=-]|\bby\b|\bon\b)?"
    r"|\b(?:eta|target(?:\s+date)?)\s*[:=])\s*"
    r"(?P<value>[^;|()\[\]\n—–]{1,40}?)\s*(?:[)\]]|(?=[;|—–\n(]|\s-\s|,|$)))",
    re.IGNORECASE,
)
_BY_DATE = compiled(r"(?=b)\bby\s+(?=\S)", re.IGNORECASE)
_ISO_DATE = compiled(r"(?=\d)(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")
_NOT_DUE_BEFORE = frozenset({"since", "from", "after", "before", "between", "of", "at", "in"})
_ISSUE_URL = compiled(
    r"https?://[^\s)<>\]]{1,300}?/(?:(?:issues|pull|pulls|merge_requests)/\d+|browse/[A-Z][A-Z0-9]{1,9}-\d+)"
)
_ISSUE_NUMBER = compiled(r"(?=#)(?<![\w/&#])#(?P<number>\d{1,9})\b")
_TRACKER_KEY = compiled(r"\b[A-Z][A-Z0-9]{1,9}-\d{1,7}\b")
# a tracker key as an item's issue: "(PAY-881)", "[OPS-1320]", "see OPS-1320", or last on the item
_ITEM_KEY = compiled(
    r"[(\[]\s*(?P<enclosed>[A-Z][A-Z0-9]{1,9}-\d{1,7})\s*[)\]]"
    r"|(?:\b(?:see|ticket|issue|jira|tracked\s+in|tracking)\b\s*:?\s*|(?<=\s)|^)"
    r"(?P<key>[A-Z][A-Z0-9]{1,9}-\d{1,7})(?![\w-])(?=(?P<last>[\s.;,]*$)?)",
    re.IGNORECASE,
)
# how every `_ITEM_KEY` key starts, and the part of it that is quickest to look for
_KEY_LIKE = compiled(r"[A-Z][A-Z0-9]{1,9}-\d", re.IGNORECASE)
_DASH_DIGIT = compiled(r"-\d")
# words written like a key that are no issue: "SEV-2", "UTF-8", "SHA-256", "HTTP-2"
_NOT_KEYS = frozenset(
    {"SEV", "UTF", "SHA", "AES", "ISO", "RFC", "HTTP", "TLS", "SSL", "IPV", "COVID", "MP", "RAID"}
)
_EXPLICIT_ID = compiled(r"\{#(?P<id>[A-Za-z0-9_.-]{1,64})\}")
_DONE_MARK = compiled(
    r"✅|✔️?|☑️?|\(\s*(?:done|completed?|fixed|resolved|closed|merged)\s*\)|\[(?:done|completed?)\]"
    r"|(?-i:\bDONE\b)(?:\s+(?:in|via|with|by)(?=\s*[.;,]?\s*$))?"
    r"|(?:^|(?<=[.;!]\s))(?:done|completed?)\b(?:\s*[:-])?",
    re.IGNORECASE,
)
# the start of the one form of `_DONE_MARK` without done / complete in it
_PAREN_DONE = compiled(r"\(\s*(?:fixed|resolved|closed|merged)", re.IGNORECASE)
_DONE_STATUS = compiled(
    r"^\s*(?:✅|✔️?|☑️?|\[x\]|done|completed?|complete|fixed|closed|resolved|yes|merged)\b",
    re.IGNORECASE,
)
_DONE_TITLE = compiled(
    r"\(\s*(?:completed?|done|finished)\s*\)|^\s*(?:completed?|done|finished)\b"
    r"|\b(?:already|were|was)\s+(?:completed|done|finished)\b",
    re.IGNORECASE,
)
_DECISION = r"(?:deprioriti[sz]ed|won['’]t\s+do|will\s+not\s+do|wontfix)"
_DEPRIORITIZED = lazy(
    rf"[(\[]\s*{_DECISION}\b\s*(?::\s*(?P<note>[^()\[\]\n]{{0,300}}?))?\s*[)\]]"  # (won't do: why)
    rf"|(?:(?<=\n)|(?<=[—–|]\s))\s*{_DECISION}\s*:\s*(?P<reason>[^\n]{{0,300}})"  # "— Won't do: why"
    rf"|\A\s*{_DECISION}\s*:\s*",  # "Deprioritized: <the action> ...": a marker before the action
    re.IGNORECASE,
)
_DECISION_WORD = compiled("deprioriti|won't|won’t|will not|wontfix")  # in lower-cased text
_DEPRIORITIZED_STATUS = lazy(rf"^\s*{_DECISION}\b[\s:—–-]*(?P<reason>.*)$", re.IGNORECASE)
_STRUCK = compiled(r"^\s*~~.+~~\s*$", re.S)
_ATTRIBUTE = compiled(
    rf"^\s*(?:\*\*)?(?P<key>owners?|assignee|due(?:\s+date)?|deadline|issue|ticket|status|{_DECISION})"
    r"(?:\*\*)?\s*:\s*(?:\*\*)?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_LINK = compiled(r"\[(?P<text>[^\[\]\n]{0,200})\]\((?P<url>[^()\s]{1,2000})\)")
# link text that only points at the tracker: "[Issue](...)", "[#123](...)", "[link to issue](...)"
_MARKER_TEXT = lazy(
    r"^(?:(?:see|github|gitlab|jira|related)\s+)?(?:(?:this|the|an?)\s+)?(?:issue|pr|pull request|ticket|bug"
    r"|link|here|card|link to (?:the )?(?:github )?issue|issue here|see here(?: for an issue)?)?"
    r"(?:\s+here)?\s*(?:#?\d{1,9})?$",
    re.IGNORECASE,
)
_LEAD_WORD = compiled(
    r"\b(?:see|ticket|issue|pr|tracked\s+in|tracking|in|related\s+to)\s*(?::\s*)?$", re.IGNORECASE
)
_TRAILING = compiled(r"[\s.,;:)\]]*$")
_EMPTY_GROUP = compiled(
    r"\(\s*(?:(?:see|cf|via|in|at|by|and|tracked in|ticket|issue|pr|e\.g)\.?\s*)?(?:[,;:.\]]\s*)?\)|\[\s*\]"
)
_SPACE_PUNCT = compiled(r"\s+([.,;:!?])")
_SEPARATOR_CHARS = "-–—|·/,;:+&"
_CONNECTORS = frozenset({"and", "or", "and/or", "&", "+"})
_END_STRIP = " \t-–—|,;:."
_NOT_NAMES = compiled(r"^(?:tbd|tba|n/?a|none|unassigned|unknown|\?+|-+|<[^>]*>|\[[^\]]*\])$", re.I)
_NAME_SPLIT = compiled(r",|/|&|\band/or\b|\band\b|\bor\b|\+", re.IGNORECASE)  # parts are stripped
_INSTRUCTION = compiled(r"^\s*([_*]).*\1\s*$", re.S)  # an italic paragraph: template guidance
# markers `_clean` takes out after the owner and done marks, each with a string it needs to match
_MARKERS = ((_EXPLICIT_ID, "{#"), (_ISSUE_URL, "://"), (_ISSUE_NUMBER, "#"), (FOOTNOTE_REF, "[^"))
_DUE_WITHIN = 5000  # characters of an item searched for its due date
_WORD = compiled(r"\w+")
_SHORT_NOTE = 3  # words: sub-bullets this short ("Throughput", "File size") are details, not items


@dataclass
class _Parts:
    raw: str  # the item as written
    text: str = ""  # the source of the action, checkbox and bracket form taken off
    owners: list[str] = field(default_factory=list)
    due_text: str | None = None
    done: bool = False
    deprioritized: bool = False
    reason: str = ""  # why it was deprioritized
    issue: str | None = None
    explicit_id: str | None = None
    prompts: list[str] = field(default_factory=list)  # template prompts left in the bracket form


def read_actions(
    blocks: Sequence[tuple[Block, Section]], vocabulary: Vocabulary, incident: dt.date | None = None
) -> list[ActionItem]:
    """`blocks` are those of action-item sections, each with its (innermost) section. A due date
    without a year ("Nov 6") is the first such day on or after the `incident` date."""
    items: list[ActionItem] = []
    seen: dict[str, int] = {}
    for parts, line, section in _candidates(blocks, vocabulary):
        text = _clean(parts.text, parts.due_text, parts.owners)
        if not (text or parts.owners or parts.due_text or parts.issue or parts.prompts):
            continue
        due = find_date(parts.due_text, on_or_after=incident) if parts.due_text else None
        items.append(
            ActionItem(
                line=line,
                text=text,
                raw=parts.raw,
                owners=tuple(parts.owners),
                due=due.date if due else None,
                due_text=parts.due_text,
                done=(parts.done or bool(_DONE_TITLE.search(section.title))) and not parts.deprioritized,
                issue=parts.issue,
                id=parts.explicit_id or _fingerprint(text or parts.issue or parts.raw, seen),
                section=section.title,
                deprioritized=parts.deprioritized,
                reason=parts.reason,
                prompts=tuple(parts.prompts),
            )
        )
    return items


def _candidates(
    blocks: Sequence[tuple[Block, Section]], vocabulary: Vocabulary
) -> Iterator[tuple[_Parts, int, Section]]:
    listed = {id(s.top) for b, s in blocks if b.kind in ("item", "row")}
    lists = _Lists()
    done_list: Section | None = None  # after "The following items are already completed:"
    for block, section in blocks:
        if block.kind == "row":
            parts = _from_row(block, vocabulary)
            if parts is not None:
                yield parts, block.line, section
        elif block.kind == "item":
            source = lists.item_text(block, section)
            if source is not None:
                parts = lists.parts(block, source)
                parts.done = parts.done or done_list is section
                yield parts, block.line, section
        elif block.kind == "paragraph" and not block.quoted:
            done_list = None
            if opens_section(block, section):
                yield lists.parts(block, block.body), block.line, section
            elif block.text.rstrip().endswith(":"):
                done_list = section if _DONE_TITLE.search(block.text) else None
            elif id(section.top) not in listed and not _INSTRUCTION.match(block.text):
                for offset, line in _prose_lines(block.text):
                    yield lists.parts(block, line), block.line + offset, section


def _prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """Plain lines that each start a sentence are one action each; wrapped prose is one action."""
    lines = text.split("\n")
    if len(lines) > 1 and all(_starts_sentence(line) for line in lines):
        yield from enumerate(lines)
    else:
        yield 0, text


def _starts_sentence(line: str) -> bool:
    first = plain(line)[:1]
    return first.isupper() or first.isdigit()


class _Lists:
    """What each list item is (an action, a group label, an attribute or a detail of its parent),
    worked out once per item so that long lists stay linear."""

    def __init__(self) -> None:
        self._attribute: dict[int, bool] = {}
        self._detail: dict[int, bool] = {}
        self._notes: dict[int, bool] = {}

    def item_text(self, block: Block, section: Section) -> str | None:
        """The action an item states, or None for group labels, details and empty items."""
        if opens_section(block, section):  # "- **Review actions**: ..." is its section's first item
            return None if self.is_group(block, block.body) else block.body
        if block.parent is not None and (self.is_attribute(block) or self.is_detail(block)):
            return None
        return None if self.is_group(block, block.text) else block.text

    def is_group(self, block: Block, text: str) -> bool:
        """A label over nested items ("Short-term:", "**Process**"), not an action of its own."""
        label = plain(_CHECKBOX.sub("", text, count=1))
        if not block.children:
            return not label
        nested = [c for c in block.children if not self.is_attribute(c) and not self.is_detail(c)]
        return bool(nested) and _looks_like_label(label)

    def is_attribute(self, block: Block) -> bool:
        key = id(block)
        if key not in self._attribute:
            self._attribute[key] = (
                block.parent is not None and _ATTRIBUTE.match(plain(block.text)) is not None
            )
        return self._attribute[key]

    def is_detail(self, block: Block) -> bool:
        """A link under an item, or a short note among short notes under an action: part of the item."""
        key = id(block)
        if key not in self._detail:
            parent = block.parent
            self._detail[key] = (
                block.attached
                or (not _clean(block.text, None) and _issue(block.text) is not None)
                or (parent is not None and self._notes_only(parent))
            )
        return self._detail[key]

    def _notes_only(self, parent: Block) -> bool:
        """Every item under the action `parent` is a short note ("Throughput", "File size")."""
        key = id(parent)
        if key not in self._notes:
            self._notes[key] = not _looks_like_label(plain(_CHECKBOX.sub("", parent.text, count=1))) and all(
                len(plain(c.text).split()) <= _SHORT_NOTE and not c.children
                for c in parent.children
                if not self.is_attribute(c)
            )
        return self._notes[key]

    def parts(self, block: Block, source: str) -> _Parts:
        parts = _Parts(source)
        box = _CHECKBOX.match(source)
        if box:
            parts.done = box["mark"] in "xX"
            parts.deprioritized = box["mark"] == "-"
            source = source[box.end() :]
        if source.startswith("["):
            source = _read_brackets(source, parts)
        if _STRUCK.match(source):
            parts.done = True
        details = [c.text for c in block.children if self.is_attribute(c) or self.is_detail(c)]
        _read_markers("\n".join([source, *block.extra, *details]), parts)
        parts.issue = parts.issue or _issue(source) or _issue("\n".join([*block.extra, *details]))
        parts.text = source
        return parts


def _read_brackets(source: str, parts: _Parts) -> str:
    """The bracket form: each bracket read by what it holds; returns the fix (the text brackets and
    any text after them)."""
    found = leading_brackets(source)
    if found is None:
        return source
    contents, rest = found
    text: list[str] = []
    for content, kind in zip(contents, classify(contents, rest), strict=True):
        if kind == "prompt":
            parts.prompts.append(f"[{content}]")
        elif kind == "owner":
            parts.owners += _names(OWNER_LABEL.sub("", content, count=1))
        elif kind == "due" and parts.due_text is None:
            parts.due_text = plain(DUE_LABEL.sub("", content, count=1)) or None
        else:
            text.append(content)
    return " ".join([*text, rest]).strip()


def _looks_like_label(text: str) -> bool:
    return not text or text.endswith(":") or len(text.split()) <= _SHORT_NOTE


def _read_markers(source: str, parts: _Parts) -> None:
    # `Owner:` ends at its line
    text = "\n".join(plain(line) for line in source.split("\n")) if "\n" in source else plain(source)
    for line in text.split("\n"):
        attribute = _ATTRIBUTE.match(line) if ":" in line else None  # every attribute has its colon
        if attribute and attribute["key"].lower() == "status":
            _read_status(attribute["value"], parts)
    if _may_mark_done(text) and _DONE_MARK.search(text):
        parts.done = True
    decision = _DEPRIORITIZED().search(text) if _may_deprioritize(text) else None
    if decision:
        parts.deprioritized = True
        parts.reason = parts.reason or (decision["note"] or decision["reason"] or "").strip(_END_STRIP)
    if not parts.owners:
        owner = _OWNER.search(text) if _may_name_owner(text) else None
        if owner:
            parts.owners = _names(owner["value"])
        else:
            parts.owners = _handles(text)
    if parts.due_text is None:
        due = _find_due(text)
        parts.due_text = text[due[0] : due[1]] if due else None
    explicit = _EXPLICIT_ID.search(source) if "{#" in source else None
    parts.explicit_id = explicit["id"] if explicit else None


def _may_mark_done(text: str) -> bool:
    """Whether `_DONE_MARK` may match: each of its forms has a check mark, done / complete (letters
    that IGNORECASE folds to no other character, so lower() finds every spelling) or an opening
    "(fixed", "(merged", ... (most items have a "(", few one of these)."""
    lower = text.lower()
    return (
        "done" in lower
        or "complet" in lower
        or (not text.isascii() and any(c in text for c in "✅✔☑"))
        or ("(" in text and _PAREN_DONE.search(text) is not None)
    )


def _may_deprioritize(text: str) -> bool:
    """Whether `_DEPRIORITIZED` may match: each of its words is in the lower-cased text."""
    return _DECISION_WORD.search(text.lower()) is not None


def _read_status(value: str, parts: _Parts) -> None:
    """A status attribute or cell: done, or deprioritized with the reason after it."""
    if _DONE_STATUS.match(value):
        parts.done = True
    decision = _DEPRIORITIZED_STATUS().match(value)
    if decision:
        parts.deprioritized = True
        parts.reason = decision["reason"].strip(_END_STRIP + "()")


def _may_name_owner(text: str) -> bool:
    """Whether `_OWNER` may match: its key is followed by ":" or "="."""
    return ":" in text or "=" in text


def _handles(text: str) -> list[str]:
    """Owner handles: those after the action ("... — @maria — due ..."), not ones it mentions."""
    segments = _SEPARATOR.split(text.split("\n", maxsplit=1)[0])
    for place in ("\n".join(segments[1:]), text[text.rfind("(") :] if text.rstrip().endswith(")") else ""):
        found = [m["handle"] for m in _HANDLE.finditer(place)]
        if found:
            return list(dict.fromkeys("@" + h for h in found))
    return list(dict.fromkeys("@" + m["handle"] for m in _HANDLE.finditer(text)))


def _find_due(text: str) -> tuple[int, int, int, int] | None:
    """Where the due date is written: (value start, value end, marker start, marker end).

    `due Dec 1, 2026`, `(due: 2026-12-01)`, `deadline: next sprint`, `by 2026-12-01`, or an ISO date
    on its own that is not a date in the past ("since 2026-01-02"). Only the item's first
    `_DUE_WITHIN` characters are searched: the patterns stay linear, but slow on megabyte lines.
    """
    return _find_due_within(text[:_DUE_WITHIN])


@lru_cache(maxsize=64)  # `_read_markers` and then `_clean` look in the same item's text
def _find_due_within(text: str) -> tuple[int, int, int, int] | None:
    for m in _DUE.finditer(text):
        start = m.start("value")
        date = find_date(text[start : start + 40])
        end = start + date.end if date and date.start == 0 else m.end("value")
        close = end + 1 if m["all"][:1] in "([" and text[end : end + 1] in ")]" else end
        return start, end, m.start(), close
    for m in _BY_DATE.finditer(text):
        date = find_date(text[m.end() : m.end() + 40])
        if date and date.start == 0:
            return m.end(), m.end() + date.end, m.start(), m.end() + date.end
    for m in _ISO_DATE.finditer(text):
        words = text[: m.start()].split()
        if not words or words[-1].lower() not in _NOT_DUE_BEFORE:
            return m.start(), m.end(), m.start(), m.end()
    return None


def _issue(source: str) -> str | None:
    url = _ISSUE_URL.search(source) if "://" in source else None
    if url:
        return url.group(0)
    number = _ISSUE_NUMBER.search(source) if "#" in source else None
    if number:
        return f"#{number['number']}"
    key = next(_tracker_keys(source), None)
    return (key["enclosed"] or key["key"]) if key else None


def _tracker_keys(text: str) -> Iterator[re.Match[str]]:
    """Jira-style keys that mark the item's issue (enclosed, led in, or last), not "SEV-2"."""
    if _DASH_DIGIT.search(text) is None or _KEY_LIKE.search(text) is None:  # quicker, in this order
        return
    for m in _ITEM_KEY.finditer(text):
        key = m["enclosed"] or m["key"]
        marks = m["enclosed"] or m["last"] is not None or not m[0].startswith(key)
        if key.isupper() and marks and key.split("-", 1)[0] not in _NOT_KEYS:
            yield m


def _names(value: str) -> list[str]:
    value = plain(value)
    if _may_mark_done(value):
        value = _DONE_MARK.sub(" ", value)
    value = " ".join(value.split())  # no space runs for the patterns below
    value = _NOTE.sub("", value).strip(_END_STRIP + "()[]")
    if not value or _NOT_NAMES.match(value):
        return [value] if value.lower() in ("tbd", "tba") else []
    return [n for n in (p.strip(_END_STRIP + "()[]") for p in _NAME_SPLIT.split(value)) if n]


def _from_row(block: Block, vocabulary: Vocabulary) -> _Parts | None:
    roles = [vocabulary.action_column(h) for h in block.header]
    cells = dict(zip(roles, block.cells, strict=False))
    if "text" not in cells:
        free = [c for c, role in zip(block.cells, roles, strict=False) if role is None]
        cells["text"] = free[0] if free else (block.cells[0] if block.cells else "")
    text = cells["text"]
    if not plain(text) or set(plain(text)) <= set("-: "):
        return None
    parts = _Parts(block.text, text)
    if "owner" in cells:
        parts.owners = _names(cells["owner"])
    if "due" in cells:
        parts.due_text = plain(cells["due"]) or None
    if "status" in cells:
        _read_status(plain(cells["status"]), parts)
    if "issue" in cells:
        issue_cell = cells["issue"]
        tracker = _TRACKER_KEY.search(plain(issue_cell))
        parts.issue = _issue(issue_cell) or (tracker.group(0) if tracker else None)
    _read_markers(text, parts)
    parts.issue = parts.issue or _issue(text)
    return parts


def _clean(source: str, due_text: str | None, owners: Sequence[str] = ()) -> str:
    """The action without the markers the reader has taken out of it (mentions of others stay)."""
    text = plain(_drop_marker_links(source))
    due = _find_due(text) if due_text else None
    if due:
        text = text[: due[2]] + " " + text[due[3] :]
    if _may_name_owner(text):
        text = _OWNER.sub(" ", text)
    if _may_mark_done(text):
        text = _DONE_MARK.sub(" ", text)
    if _may_deprioritize(text):
        text = _DEPRIORITIZED().sub(" ", text)
    for pattern, needed in _MARKERS:
        if needed in text:
            text = pattern.sub(" ", text)
    if "-" in text:
        text = " ".join(_between(text, _tracker_keys(text)))
    if "@" in text:
        text = _HANDLE.sub(lambda m: " " if f"@{m['handle']}" in owners else m.group(0), text)
    if "(" in text or "[" in text:
        text = _EMPTY_GROUP.sub(" ", text)
    return _SPACE_PUNCT.sub(r"\1", _tidy(text.split())).strip(_END_STRIP)


def _between(text: str, matches: Iterator[re.Match[str]]) -> Iterator[str]:
    """The parts of `text` around `matches` (in order): one pass, however many there are."""
    position = 0
    for m in matches:
        yield text[position : m.start()]
        position = m.end()
    yield text[position:]


def _drop_marker_links(source: str) -> str:
    """`([Issue](url))`, `Ticket [#3044](url)`, a trailing `[PR](url)`: links that are only markers."""
    if "](" not in source:
        return source
    out: list[str] = []
    position = 0
    for m in _LINK.finditer(source):
        if not (_ISSUE_URL.match(m["url"]) and (_MARKER_TEXT().match(m["text"]) or m["text"] == m["url"])):
            continue
        before = source[position : m.start()]
        # "see", "Ticket", "related to" right before the link go with it
        lead = _LEAD_WORD.search(before, max(len(before) - 24, 0))
        enclosed = before.rstrip()[-1:] in ("(", "[")
        trailing = _TRAILING.match(source, m.end()) is not None
        if lead or enclosed or trailing:
            out.append(before[: lead.start()] if lead else before)
            position = m.end()
    out.append(source[position:])
    return "".join(out)


def _tidy(tokens: list[str]) -> str:
    """Join `tokens` without the separators and "and"s left around removed owners and dates."""
    out: list[str] = []
    separated = True  # nothing kept yet, or a separator last
    for token in tokens:
        if _is_separator(token):
            if not separated:
                out.append(token)
                separated = True
        elif not (separated and token.lower() in _CONNECTORS):
            out.append(token)
            separated = False
    while out and (_is_separator(out[-1]) or out[-1].lower() in _CONNECTORS):
        out.pop()
    return " ".join(out)


def _is_separator(token: str) -> bool:
    return not token.strip(_SEPARATOR_CHARS)


def _fingerprint(text: str, seen: dict[str, int]) -> str:
    """A stable ID: the hash of the normalised text, numbered when the same text recurs in a file."""
    normal = " ".join(_WORD.findall(text.lower()))
    digest = hashlib.sha256(normal.encode()).hexdigest()[:10]
    seen[digest] = seen.get(digest, 0) + 1
    return digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
