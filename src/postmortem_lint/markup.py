"""Inline Markdown source to the text a reader sees (links keep their text, emphasis goes)."""

from __future__ import annotations

import re

_IMAGE = re.compile(r"!\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)")
_LINK = re.compile(r"\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)")
_REF_LINK = re.compile(r"\[([^\]\n]{1,500})\]\[[^\]\n]{0,200}\]")
_AUTOLINK = re.compile(r"<(https?://[^>\s]{1,2000})>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,500}>|<!--.*?-->", re.DOTALL)
_EMPHASIS = re.compile(
    r"(\*\*|__|~~|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_]))"
)
_SPACE = re.compile(r"\s+")


def plain(source: str) -> str:
    text = _IMAGE.sub(r"\1", source)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("\\", "")
    return _SPACE.sub(" ", text).strip()


def normalise_label(text: str) -> str:
    """A heading or key as a lookup key: lower case, no markup, numbering or trailing punctuation."""
    text = plain(text).lower()
    text = re.sub(r"^(?:\d+(?:\.\d+)*[.)]?|[ivx]+\.)\s+", "", text)
    text = text.replace("’", "'")
    return text.strip(" :?.!-–—#")
