"""Template text is left in: a prompt, a TODO, or a field or list item with nothing in it.

A postmortem started from a template is done when every prompt has been replaced. This rule
reports each line that still holds one: bracketed prompts (`[Owner]`, `[Due date]`,
`[e.g. 47 minutes]`, a line made only of `[...]` prompts), `TBD`, `TODO`, `FIXME` and `XXX`,
`<your name>`-style prompts, `{{ template variables }}`, date formats such as `YYYY-MM-DD`, empty
`Key:` fields, empty list items and empty table rows. Front matter values count too
(`severity: "[SEV1-SEV4]"`).

Not placeholders: code blocks and `inline code`, HTML comments, links (`[text](url)`, `[text][ref]`,
`[text]` with a `[text]: url` definition), footnotes (`[1]`, `[^1]`), task boxes (`[x]`), bracketed
times (`[09:12]`), HTML tags (`<img ...>`, `<details>`), autolinks (`<https://...>`), site template
expressions (`{{ site.baseurl }}`) and a quoted mention ("we marked it "TBD"").

An action item in the guide's bracket form, filled in (`- [@rkim] [2026-10-28] [Add a pool size
check]`), holds content: on an action item's line each bracket is a prompt only when it reads like one
(`[Owner]`, `[Due date]`, `[Specific fix]`, `[e.g. ...]`, `[TBD]`), wherever it stands, and an item
still holding one is left to this rule by the other action-item rules.

One finding per line, however many prompts it holds. Fix it by writing the real content, or by
deleting the line when it does not apply. A section left empty is PM005's; a summary field the
schema checks (date, severity, ...) left empty is PM003's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from postmortem_lint.findings import Severity
from postmortem_lint.model import Document, HiddenKind, Problem
from postmortem_lint.reader.brackets import DATE_FORMAT, is_prompt
from postmortem_lint.reader.vocabulary import Vocabulary
from postmortem_lint.regex import compiled
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.schema.validate import checked_fields

_TAG_END = compiled(r"[\s/>]")  # where an HTML tag's name ends
_LETTER = compiled(r"[A-Za-z]")

MAX_QUOTED = 3  # prompts quoted per finding
_NOT_SHOWN: tuple[HiddenKind, ...] = ("front_matter", "code_block", "comment")

_FRONT_MATTER_KEY = compiled(r"([^\s#][^\n]*?):(?:\s|$)")  # `key: value`, `key:` (its value below)
_QUOTE_PREFIX = compiled(r"^\s{0,3}(?:>\s?)+")
_REF_DEFINITION = compiled(r"^\s{0,3}\[([^\]\n]+)\]:\s*\S")
_LINK_TARGET = compiled(r"\]\([^()\[\]\s]*(?:\s+\"[^\"\n]*\")?\)")
_AUTOLINK = compiled(r"<(?:[a-z][a-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>", re.IGNORECASE)
_BARE_URL = compiled(r"\b(?:https?|ftp)://\S+")

_TEMPLATE_VARIABLE = compiled(r"\{\{([^{}\n]{0,200})\}\}")
_SITE_EXPRESSION = compiled(r"^(?=[^.]*\.)[\w.\[\]'\"]*$|\|")  # {{ site.baseurl }}, {{ x | y }}
_ANGLE = compiled(r"(?<![\w<])<([A-Za-z][^<>\n]*)>")
_MARKER = compiled(r"(?<![\w\"'“‘])(?:TBD|TODO|FIXME|XXX)(?![\w\"'”’])")
_BRACKET = compiled(r"\[([^\[\]\n]*)\]")
# every prompt pattern needs one of these (cleaning a line only blanks parts of it): others are skipped.
# Each starts with a literal, so the search skips quickly to the characters that may start one.
_MAY_PROMPT = compiled(r"\[|<|\{|MM|HH:|TBD|TODO|FIXME|XXX")
_MARKER_WORDS = ("TBD", "TODO", "FIXME", "XXX")
_TIME_OR_NUMBER = compiled(r"^[\d^#]")
_LETTER = compiled(r"[A-Za-z]")

_LIST_MARKER = r"(?:[-*+]|\d{1,9}[.)])"
_LINE_PREFIX = compiled(rf"^\s*(?:{_LIST_MARKER}\s+)?(?:\[[ xX]\]\s+)?")
_EMPTY_ROW = compiled(r"^\s*\|(?:[ \t]*\|)+\s*$")
_DELIMITER_ROW = compiled(r"^\s*(?:\|\s*)?:?-+:?\s*(?:\|\s*:?-+:?\s*)*(?:\|\s*)?$")
_EMPTY_ITEM = compiled(rf"^\s*{_LIST_MARKER}(?:\s+\[[ xX]\])?\s*$")
_KEY = r"(?:\*\*|__)?(?P<key>[A-Za-z][\w /()'&-]{0,38}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)"
_EMPTY_KEY = compiled(rf"^(?P<indent>\s*)(?P<bullet>{_LIST_MARKER}\s+)?{_KEY}\s*$")
_KEY_LINE = compiled(rf"^\s*(?:{_LIST_MARKER}\s+)?{_KEY}(?:\s|$)")
_HEADING = compiled(r"^\s{0,3}#{1,6}(?:\s|$)")
_ITEM = compiled(rf"^\s*{_LIST_MARKER}(?:\s|$)")
_FILLER = compiled(r"[\s\-–—:;,.|/()*_]+")
# what an empty item, row or key ends with (before trailing space): other lines are not tried
_ITEM_ENDS = frozenset("-*+.)]")
_KEY_ENDS = frozenset(":*_")
_EMPTY_ENDS = _ITEM_ENDS | _KEY_ENDS | {"|"}

_HTML_TAG_NAMES = """a abbr address area article aside audio b bdi bdo blockquote body br button caption
center cite code col colgroup dd del details dfn div dl dt em embed fieldset figcaption figure font footer
form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd label legend li link main mark meta
nav noscript object ol optgroup option p picture pre q s samp script section select small source span
strike strong style sub summary sup table tbody td template textarea tfoot th thead time title tr track tt
u ul var video wbr"""
_HTML_TAGS = frozenset(_HTML_TAG_NAMES.split())


class _Hit(NamedTuple):
    text: str
    kind: str  # "prompt", or what is empty: "item" (list item), "row" (table row), "key" (field)


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    document, lines = ctx.document, ctx.lines
    body_start = document.front_matter_end  # 0 without front matter
    if document.front_matter is not None:
        yield from _front_matter(document.front_matter, lines[:body_start], ctx.config.vocabulary)
    yield from _body(document)


def _front_matter(matter: Mapping[str, Any], lines: list[str], vocabulary: Vocabulary) -> Iterator[Problem]:
    checked = checked_fields()
    key_lines: dict[str, int] = {}  # each top-level key's first line, one pass for all keys
    for number, text in enumerate(lines, 1):
        if key := _FRONT_MATTER_KEY.match(text):
            key_lines.setdefault(key[1], number)
    for label, value in matter.items():
        line = key_lines.get(str(label), 1)
        hits = [hit for text in _strings(value) for hit in _prompts(_clean(text), whole=True)]
        if hits:
            yield Problem(line, _message(hits))
        elif value in (None, "") and _is_unchecked_field(label, vocabulary, checked):
            yield Problem(line, f"front matter {label!r} is empty: write the value or delete the line")


def _is_unchecked_field(label: str, vocabulary: Vocabulary, checked: frozenset[str]) -> bool:
    """A summary field the schema does not check (an empty date or severity is PM003's)."""
    return vocabulary.is_field_label(label) and vocabulary.field_key(label) not in checked


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _body(document: Document) -> Iterator[Problem]:
    visible, bare = _visible_lines(document)
    references = {n: m for n, text in visible.items() if "]:" in text and (m := _REF_DEFINITION.match(text))}
    definitions = {_label(m[1]) for m in references.values()}
    skip_keys = _lines_left_to_others(document)
    actions = {item.line for item in document.actions}
    after: str | None = None  # the next non-blank line, walking backwards
    found: list[Problem] = []
    for number in reversed(visible):  # numbers rise
        text = visible[number]
        if not text.strip():
            continue  # nothing to report, and not the `after` of the line above
        if number not in references:
            may_prompt = _MAY_PROMPT.search(text) is not None
            action = number in actions
            hits = list(_prompts(_clean(bare[number]), False, definitions, action)) if may_prompt else []
            end = text.rstrip()[-1:]
            if not hits and end in _EMPTY_ENDS:
                empty = _empty(text, end, visible.get(number - 1, ""), after, number in skip_keys)
                hits = [empty] if empty else []
            if hits:
                found.append(Problem(number, _message(hits)))
        after = text
    yield from reversed(found)


def _visible_lines(document: Document) -> tuple[dict[int, str], dict[int, str]]:
    """Line number -> body text a reader sees, as the model has it (code blocks and HTML comments
    left out), `>` markers removed; and the same without code spans, where prompts are looked for.
    A code block stands as one line "```": content for the line before it, nothing to check itself."""
    shown = document.visible_lines(_NOT_SHOWN)
    bare = document.visible_lines((*_NOT_SHOWN, "code_span"))
    for part in document.hidden:
        if part.kind == "code_block":
            shown[part.line - 1] = bare[part.line - 1] = "```"
    start = document.front_matter_end
    if ">" not in document.text:  # no quote markers to take off (as in most documents)
        return dict(enumerate(shown[start:], start + 1)), dict(enumerate(bare[start:], start + 1))
    return _unquoted(shown, start), _unquoted(bare, start)


def _unquoted(lines: list[str], start: int) -> dict[int, str]:
    return {
        n: _QUOTE_PREFIX.sub("", text) if ">" in text else text
        for n, text in enumerate(lines[start:], start + 1)
    }


def _lines_left_to_others(document: Document) -> set[int]:
    """Lines whose emptiness another rule reports: headings (PM005) and schema-checked fields (PM003)."""
    lines = {s.line for s in document.sections if s.level > 0}
    checked = checked_fields()
    lines.update(f.line for f in document.fields.values() if f.key in checked)
    return lines


def _clean(text: str) -> str:
    """The line without link targets and URLs (each pattern tried only where it may match)."""
    if "](" in text:
        text = _LINK_TARGET.sub("]()", text)  # keeps "](" so the text is seen as a link
    if "<" in text:
        text = _AUTOLINK.sub(" ", text)
    return _BARE_URL.sub(" ", text) if "://" in text else text


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def _prompts(
    text: str, whole: bool, definitions: frozenset[str] | set[str] = frozenset(), action: bool = False
) -> Iterator[_Hit]:
    """Prompts in one line (or front matter value); `whole`: a value that is only brackets is one.
    On an `action` item's line each bracket is judged alone: `[@rkim] [2026-10-28] [Add ...]` is filled."""
    spans = [m for m in _BRACKET.finditer(text) if _bracket_candidate(text, m, definitions)]
    if spans:
        rest = text if whole else _LINE_PREFIX.sub("", text)
        key = _KEY_LINE.match(rest)
        if key:
            rest = rest[key.end() :]
        candidates = {m[0] for m in spans}  # each written the same anywhere on the line goes (one pass)
        rest = _BRACKET.sub(lambda b: " " if b[0] in candidates else b[0], rest)
        # a line of nothing but bracketed text is a prompt when it reads like one, not like "[Sen Lu]"
        only_prompts = (
            not action and not _FILLER.sub("", rest) and (len(spans) > 1 or len(spans[0][1].split()) >= 4)
        )
        spans = [m for m in spans if only_prompts or is_prompt(m[1], in_action=action)]
    if "{{" in text:
        variables = _TEMPLATE_VARIABLE.finditer(text)
        spans.extend(m for m in variables if not _SITE_EXPRESSION.search(m[1].strip()))
    if "<" in text:
        spans.extend(m for m in _ANGLE.finditer(text) if _is_angle_prompt(m[1]))
    if any(word in text for word in _MARKER_WORDS):
        spans.extend(_MARKER.finditer(text))
    if "MM" in text or "HH:" in text:
        spans.extend(DATE_FORMAT.finditer(text))
    spans.sort(key=lambda m: (m.start(), -m.end()))
    end = -1
    for m in spans:
        if m.end() > end:  # not inside an earlier prompt ("HH:MM" in "[HH:MM]")
            yield _Hit(m[0], "prompt")
            end = m.end()


def _is_angle_prompt(content: str) -> bool:
    tag = _TAG_END.split(content, maxsplit=1)[0].lower()
    return tag not in _HTML_TAGS and "=" not in content


def _bracket_candidate(text: str, m: re.Match[str], definitions: frozenset[str] | set[str]) -> bool:
    content = m[1].strip()
    if not content or content.lower() == "x" or _TIME_OR_NUMBER.match(content):
        return False
    if not _LETTER.search(content) or content in ("...", "…"):
        return False
    if text[m.end() : m.end() + 1] in ("(", "[") or text[m.start() - 1 : m.start()] in ("]", "!"):
        return False  # a link, a reference link or an image
    return not definitions or _label(content) not in definitions


def _empty(text: str, end: str, previous: str, after: str | None, left_to_others: bool) -> _Hit | None:
    """An empty list item, or a `Key:` with no value where nothing below gives it one (`end` is the
    line's last character before trailing space)."""
    if end in _ITEM_ENDS and _EMPTY_ITEM.match(text):
        under_text = previous.strip() and not (_ITEM.match(previous) or _HEADING.match(previous))
        if text.strip() == "-" and under_text:  # "-" under a text line underlines a heading
            return None
        return _Hit(text.strip(), "item")
    if end == "|" and _EMPTY_ROW.match(text):
        if after is not None and _DELIMITER_ROW.match(after):
            return None  # an empty header row: a table of key-value rows
        return _Hit(text.strip(), "row")
    key = _EMPTY_KEY.match(text) if end in _KEY_ENDS else None
    if key is None or left_to_others:
        return None
    if key["bullet"]:
        nested = after is not None and _indent(after) > len(key["indent"]) and not _HEADING.match(after)
        ends = after is None or _HEADING.match(after) or _ITEM.match(after)
        return _Hit(key["key"] + ":", "key") if ends and not nested else None
    return _Hit(key["key"] + ":", "key") if after is None or _KEY_LINE.match(after) else None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _message(hits: list[_Hit]) -> str:
    first = hits[0]
    if first.kind == "item":
        return "empty list item: write the item or delete the line"
    if first.kind == "row":
        return "empty table row: fill it in or delete it"
    if first.kind == "key":
        return f'"{first.text}" has no value: write it or delete the line'
    quoted = list(dict.fromkeys(_short(h.text) for h in hits))
    shown = ", ".join(f'"{q}"' for q in quoted[:MAX_QUOTED])
    more = f" and {len(quoted) - MAX_QUOTED} more" if len(quoted) > MAX_QUOTED else ""
    return f"template text left in: {shown}{more}; replace it with the real content or delete it"


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


RULE = Rule(
    id="PM004",
    name="placeholder",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace("duration: 47 minutes", 'duration: "[e.g. 47 minutes]"').replace(
        "— @dev-lee — due 2026-09-10", "— [Owner] — due TBD"
    ),
    good=COMPLETE,
)
