"""Untrusted text in GitHub Markdown: shown as written, but inert.

Postmortems (and file names in a pull request) are written by whoever opened it, so anything taken from
them into a comment or job summary goes through `inline()`: it stays one line, HTML is escaped, Markdown
punctuation is backslash-escaped (no links, images, emphasis or table breaks), and @mentions, #123 and
GH-123 references and bare URLs get an invisible WORD JOINER after their trigger character so GitHub
neither notifies anyone nor cross-references an issue. Code spans are not used: a backtick in the text
would end them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from postmortem_lint.regex import compiled

WORD_JOINER = "\u2060"
BODY_LIMIT = 65_536  # GitHub's limit for an issue, comment or pull request body (see `body_size`)

_SPACE = compiled(r"\s+")
# Bidirectional overrides and isolates could make a line read differently from what it says.
_BIDI = compiled("[\u202a-\u202e\u2066-\u2069]")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_CHARS = compiled("[&<>]")
# Everything that could start Markdown inline syntax, a table cell, or GitHub's `$` math.
_PUNCTUATION = compiled(r"([\\`*_\[\]|~!$])")
_MENTION = compiled(r"@(?=[A-Za-z0-9])")
_ISSUE_REF = compiled(r"#(?=[0-9])")
_GH_REF = compiled(r"\b(GH)-(?=[0-9])", re.IGNORECASE)
_URL = compiled(r"\b([A-Za-z][A-Za-z0-9+.-]{0,20}):(?=//)")
_WWW = compiled(r"\b(www)\.", re.IGNORECASE)


def neutralise(text: str) -> str:
    """Break @mentions, issue references and autolinks with an invisible character."""
    text = _MENTION.sub("@" + WORD_JOINER, text)
    text = _ISSUE_REF.sub("#" + WORD_JOINER, text)
    text = _GH_REF.sub(lambda m: m.group(1) + WORD_JOINER + "-", text)
    text = _URL.sub(lambda m: m.group(1) + ":" + WORD_JOINER, text)
    return _WWW.sub(lambda m: m.group(1) + WORD_JOINER + ".", text)


def one_line(text: str, limit: int = 300) -> str:
    """`text` on one line without bidirectional controls, cut to `limit` characters (a plain title)."""
    text = _BIDI.sub("", _SPACE.sub(" ", text)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def inline(text: str, limit: int = 300) -> str:
    """`text` as inert one-line Markdown, cut to `limit` characters of the original."""
    text = one_line(text, limit)
    text = _HTML_CHARS.sub(lambda m: _HTML[m.group(0)], text)
    return neutralise(_PUNCTUATION.sub(r"\\\1", text))


def fit(lines: Sequence[str], limit: int, note: str, size: Callable[[str], int] = len) -> str:
    """`lines` joined, or as many whole lines as fit with `note` after them within `limit`.

    Cutting at a line boundary never leaves half an escape or a broken link; the blank line before
    the note ends any table the cut falls in.
    """
    text = "\n".join(lines) + "\n"
    if size(text) <= limit:
        return text
    ending = "\n" + note + "\n"
    budget = limit - size(ending)
    kept: list[str] = []
    used = 0
    for line in lines:
        cost = size(line) + 1
        if used + cost > budget:
            break
        kept.append(line)
        used += cost
    return "\n".join(kept) + "\n" + ending


def fit_rows(rows: Sequence[str], limit: int, note: str) -> list[str]:
    """The lines of a body's list, as many as fit in `limit` of `body_size`, then `note` when cut."""
    return fit(rows, limit, note, size=body_size).splitlines()


def body_size(text: str) -> int:
    """`text`'s size against `BODY_LIMIT`, in UTF-16 code units: never less than its characters, so a
    body of emoji stays within the limit whichever way GitHub counts."""
    return len(text.encode("utf-16-le")) // 2


def plural(count: int, noun: str) -> str:
    """`1 item`, `2 items`: counts in titles and summaries read as English."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
