"""Inline Markdown source to the text a reader sees (links keep their text, emphasis goes).

HTML comments are no longer in the text: the reader blanks them (see `reader.blocks`). Hostile input
must stay linear: bracket and URL classes exclude the character that opens the next candidate, so a
failed attempt never rescans text that a later attempt will scan again.
"""

from __future__ import annotations

from functools import lru_cache

from postmortem_lint.regex import compiled

_IMAGE = compiled(r"!\[([^\[\]\n]{0,500})\]\([^)\[\n]{0,2000}\)")
_LINK = compiled(r"\[([^\[\]\n]{0,500})\]\([^)\[\n]{0,2000}\)")
_REF_LINK = compiled(r"\[([^\[\]\n]{1,500})\]\[[^\[\]\n]{0,200}\]")
_AUTOLINK = compiled(r"<(https?://[^<>\s]{1,2000})>")
_HTML_TAG = compiled(r"</?[A-Za-z][^<>\n]{0,500}>")
# the lookahead first: a search then passes other characters at once instead of trying each branch
_EMPHASIS = compiled(
    r"(?=[*_~])(\*\*|__|~~|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_]))"
)
_MARKUP = compiled(r"[\[<*_~\\]")  # text without any of these has nothing for the passes below
_NUMBERING = compiled(r"^(?:\d+(?:\.\d+)*[.)]?|[ivx]+\.)\s+")
FOOTNOTE_REF = compiled(r"\[\^[^\]\s]{1,20}\]")  # `[^1]`: no part of an action's or an event's text


def plain(source: str) -> str:
    if not _MARKUP.search(source):
        return " ".join(source.split())  # runs of whitespace to one space, as a reader sees them
    # each pass only where the characters its pattern needs are: most text has no link, image or tag
    text = _IMAGE.sub(r"\1", source) if "![" in source else source
    text = _LINK.sub(r"\1", text) if "](" in text else text
    text = _REF_LINK.sub(r"\1", text) if "][" in text else text
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
        text = _HTML_TAG.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("\\", "")
    return " ".join(text.split())


@lru_cache(maxsize=4096)  # the same headings, keys and column names recur within and across files
def normalise_label(text: str) -> str:
    """A heading or key as a lookup key: lower case, no markup, numbering or trailing punctuation."""
    text = plain(text).lower()
    text = _NUMBERING.sub("", text)
    text = text.replace("’", "'")
    return text.strip(" :?.!-–—#")
