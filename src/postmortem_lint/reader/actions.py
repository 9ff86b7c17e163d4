"""Action items from bullets, numbered and task lists, tables and the guide's bracket form.

`- [Owner] [Due date] [Specific fix]`, `- [ ] Add alert ... — @maria — due 2026-12-01 (#123)` and a
table with Action / Owner / Due / Issue columns all become the same `ActionItem`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from postmortem_lint.dates import find_date
from postmortem_lint.markup import plain
from postmortem_lint.model import ActionItem, Section
from postmortem_lint.reader.blocks import Block
from postmortem_lint.vocabulary import Vocabulary

_CHECKBOX = re.compile(r"^\[(?P<mark>[ xX])\]\s*")
_BRACKETS = re.compile(
    r"^\[(?P<owner>[^\]\n]{0,80})\]\s*\[(?P<due>[^\]\n]{0,80})\](?!\()\s*(?P<rest>.*)$", re.S
)
_HANDLE = re.compile(r"(?<![\w.@/`])@(?P<handle>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9_.-]+)?)")
_OWNER = re.compile(
    r"(?P<all>[(\[]?\b(?:owners?|owner\(s\)|assignee|assigned\s+to|dri)\b\s*[:=-]\s*"
    r"(?P<value>[^;|()\[\]\n—–]{1,80}?)\s*(?:[)\]]|(?=[;|—–\n]|\s-\s|,\s*due\b|$)))",
    re.IGNORECASE,
)
_DUE = re.compile(
    r"(?P<all>[(\[]?(?:\b(?:due(?:\s+date)?|deadline)\b(?!\s+to\b)\s*(?:[:=-]|\bby\b|\bon\b)?"
    r"|\b(?:eta|target(?:\s+date)?)\s*[:=])\s*"
    r"(?P<value>[^;|()\[\]\n—–]{1,40}?)\s*(?:[)\]]|(?=[;|—–\n]|\s-\s|,|$)))",
    re.IGNORECASE,
)
_BY_DATE = re.compile(r"\bby\s+(?=\S)", re.IGNORECASE)
_ISSUE_URL = re.compile(r"https?://[^\s)<>\]]{1,300}?/(?:issues|pull|pulls|merge_requests)/\d+")
_ISSUE_NUMBER = re.compile(r"(?<![\w/&#])#(?P<number>\d{1,9})\b")
_TRACKER_KEY = re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d{1,7}\b")
_EXPLICIT_ID = re.compile(r"\{#(?P<id>[A-Za-z0-9_.-]{1,64})\}")
_DONE_WORDS = re.compile(
    r"✅|✔️?|☑️?|\(\s*(?:done|completed?|fixed|resolved|closed)\s*\)|\[(?:done|completed?)\]|\bDONE\b"
    r"|^\s*(?:done|completed?)\s*[:-]",
    re.IGNORECASE,
)
_DONE_STATUS = re.compile(
    r"^\s*(?:✅|✔️?|☑️?|\[x\]|done|completed?|complete|fixed|closed|resolved|yes|merged)\b",
    re.IGNORECASE,
)
_DONE_SECTION = re.compile(r"\b(?:completed?|done|finished)\b", re.IGNORECASE)
_STRUCK = re.compile(r"^\s*~~.+~~\s*$", re.S)
_ATTRIBUTE = re.compile(
    r"^\s*(?:\*\*)?(?P<key>owners?|assignee|due(?:\s+date)?|deadline|issue|ticket|status)"
    r"(?:\*\*)?\s*:\s*(?:\*\*)?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_SEPARATORS = " \t-–—|,;:.()[]"
_NOT_NAMES = re.compile(r"^(?:tbd|tba|n/?a|none|unassigned|unknown|\?+|-+|<[^>]*>|\[[^\]]*\])$", re.I)
_NAME_SPLIT = re.compile(r"\s*(?:,|/|&|\band/or\b|\band\b|\bor\b|\+)\s*", re.IGNORECASE)


@dataclass
class _Parts:
    text: str
    owners: list[str] = field(default_factory=list)
    due_text: str | None = None
    done: bool = False
    issue: str | None = None
    explicit_id: str | None = None


def read_actions(blocks: Sequence[tuple[Block, Section]], vocabulary: Vocabulary) -> list[ActionItem]:
    """`blocks` are those of action-item sections, each with its (innermost) section."""
    items: list[ActionItem] = []
    seen: dict[str, int] = {}
    for parts, line, section in _candidates(blocks, vocabulary):
        text = _clean(parts.text)
        if not text and not parts.owners and not parts.due_text:
            continue
        if _DONE_SECTION.search(section):
            parts.done = True
        due = find_date(parts.due_text) if parts.due_text else None
        items.append(
            ActionItem(
                line=line,
                text=text,
                raw=parts.text,
                owners=tuple(parts.owners),
                due=due.date if due else None,
                due_text=parts.due_text,
                done=parts.done,
                issue=parts.issue,
                id=parts.explicit_id or _fingerprint(text, seen),
                section=section,
            )
        )
    return items


def _candidates(
    blocks: Sequence[tuple[Block, Section]], vocabulary: Vocabulary
) -> Iterator[tuple[_Parts, int, str]]:
    for block, found in blocks:
        section = found.title
        if block.kind == "row":
            parts = _from_row(block, vocabulary)
            if parts is not None:
                yield parts, block.line, section
        elif block.kind == "item" and not _is_attribute(block) and not _is_group(block):
            yield _from_item(block), block.line, section


def _is_group(block: Block) -> bool:
    """A label over nested items ("Short-term:"), not an action of its own."""
    text = plain(block.text)
    nested = [c for c in block.children if not _is_attribute(c)]
    return bool(nested) and (text.endswith(":") or len(text.split()) <= 3)


def _is_attribute(block: Block) -> bool:
    return block.parent is not None and _ATTRIBUTE.match(plain(block.text)) is not None


def _from_item(block: Block) -> _Parts:
    source = block.text
    parts = _Parts(source)
    box = _CHECKBOX.match(source)
    if box:
        parts.done = box["mark"] != " "
        source = source[box.end() :]
    bracket = _BRACKETS.match(source)
    if bracket:
        parts.owners = _names(bracket["owner"])
        parts.due_text = plain(bracket["due"]) or None
        source = bracket["rest"].strip()
        if source.startswith("[") and source.endswith("]"):
            source = source[1:-1]
    if _STRUCK.match(source):
        parts.done = True
    details = "\n".join([source, *block.extra, *(c.text for c in block.children if _is_attribute(c))])
    _read_markers(details, parts)
    parts.text = source
    return parts


def _read_markers(source: str, parts: _Parts) -> None:
    text = plain(source)
    for line in text.split("\n"):
        attribute = _ATTRIBUTE.match(line)
        if attribute and attribute["key"].lower() == "status" and _DONE_STATUS.match(attribute["value"]):
            parts.done = True
    if _DONE_WORDS.search(text):
        parts.done = True
    if not parts.owners:
        owner = _OWNER.search(text)
        if owner:
            parts.owners = _names(owner["value"])
        else:
            parts.owners = list(dict.fromkeys("@" + m["handle"] for m in _HANDLE.finditer(text)))
    if parts.due_text is None:
        due = _find_due(text)
        if due:
            parts.due_text = text[due[0] : due[1]]
        else:
            date = find_date(text)
            parts.due_text = date.text if date else None
    parts.issue = parts.issue or _issue(source)
    explicit = _EXPLICIT_ID.search(source)
    parts.explicit_id = explicit["id"] if explicit else None


def _find_due(text: str) -> tuple[int, int, int, int] | None:
    """Where the due date is written: (value start, value end, marker start, marker end).

    `due Dec 1, 2026`, `(due: 2026-12-01)`, `deadline: next sprint`, `by 2026-12-01`.
    """
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
    return None


def _issue(source: str) -> str | None:
    url = _ISSUE_URL.search(source)
    if url:
        return url.group(0)
    number = _ISSUE_NUMBER.search(source)
    return f"#{number['number']}" if number else None


def _names(value: str) -> list[str]:
    value = plain(value).strip(_SEPARATORS)
    if not value or _NOT_NAMES.match(value):
        return [value] if value.lower() in ("tbd", "tba") else []
    return [n for n in (p.strip(_SEPARATORS) for p in _NAME_SPLIT.split(value)) if n]


def _from_row(block: Block, vocabulary: Vocabulary) -> _Parts | None:
    roles = [vocabulary.action_column(h) for h in block.header]
    cells = dict(zip(roles, block.cells, strict=False))
    if "text" not in cells:
        free = [c for c, role in zip(block.cells, roles, strict=False) if role is None]
        cells["text"] = free[0] if free else (block.cells[0] if block.cells else "")
    text = cells["text"]
    if not plain(text) or set(plain(text)) <= set("-: "):
        return None
    parts = _Parts(text)
    if "owner" in cells:
        parts.owners = _names(cells["owner"])
    if "due" in cells:
        parts.due_text = plain(cells["due"]) or None
    if "status" in cells and _DONE_STATUS.match(plain(cells["status"])):
        parts.done = True
    if "issue" in cells:
        issue_cell = cells["issue"]
        tracker = _TRACKER_KEY.search(plain(issue_cell))
        parts.issue = _issue(issue_cell) or (tracker.group(0) if tracker else None)
    _read_markers(text, parts)
    return parts


def _clean(source: str) -> str:
    """The action without the markers the reader has taken out of it."""
    text = plain(source)
    due = _find_due(text)
    if due:
        text = text[: due[2]] + " " + text[due[3] :]
    for pattern in (_OWNER, _DONE_WORDS, _EXPLICIT_ID, _ISSUE_URL, _ISSUE_NUMBER, _HANDLE):
        text = pattern.sub(" ", text)
    date = find_date(text)
    if date and date.start > len(text) // 2:
        text = text[: date.start] + text[date.end :]
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    text = re.sub(r"\s+([-–—|])(?:\s*[-–—|])+", r" \1", text)
    return re.sub(r"\s+", " ", text).strip(_SEPARATORS + " ")


def _fingerprint(text: str, seen: dict[str, int]) -> str:
    """A stable ID: the hash of the normalised text, numbered when the same text recurs in a file."""
    normal = " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())
    digest = hashlib.sha256(normal.encode()).hexdigest()[:10]
    seen[digest] = seen.get(digest, 0) + 1
    return digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
