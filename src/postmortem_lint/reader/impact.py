"""The guide's three impact fields: `Customer impact:`, `Internal impact:`, `Security/data impact:`.

Written as lines or bold labels under the Impact heading, as its subheadings, as table rows or
columns there, as summary bullets, or as front matter (`customer_impact: ...`, or `impact:` holding
`customer:` / `internal:` / `security:`). Each is read with its line, so that the customer impact is
judged on its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from postmortem_lint.markup import normalise_label, plain
from postmortem_lint.model import ImpactField, Section, SummaryField
from postmortem_lint.reader.blocks import Block
from postmortem_lint.reader.fields import KEY_VALUE
from postmortem_lint.regex import lazy

_ASPECT = lazy(  # compiled on first use: most fields are no impact field
    r"^(?:(?P<customer>customers?|users?|customer[- ]facing|external|user[- ]facing)|"
    r"(?P<internal>internal|operational|team)|"
    r"(?P<security>security|data|privacy|security ?/ ?data|data ?/ ?security|security and data))"
    r"(?P<impact> impact)?$"
)


def aspect(label: str, bare: bool = False) -> str | None:
    """ "Customer impact" -> "customer", "Security/data impact" -> "security"; None for other labels.
    A bare aspect ("Customer:") counts only where it is known to be about impact (`bare`)."""
    if not bare and "mpact" not in label:
        return None
    found = _ASPECT().match(normalise_label(label).replace("_", " "))
    if found is None or not (bare or found["impact"]):
        return None
    return next(name for name in ("customer", "internal", "security") if found[name])


def read_impact_fields(
    blocks: Sequence[tuple[Block, Section]],
    fields: Mapping[str, SummaryField],
    lines: Sequence[str],
) -> Iterator[ImpactField]:
    """The labelled impact statements under the Impact sections (`blocks`) and among the fields."""
    under: dict[int, tuple[str, list[Block]]] = {}  # `### Customer impact` headings: their text is one
    for block, section in blocks:
        if block.quoted:
            continue
        if block.kind == "row":
            yield from _from_row(block, lines)
        elif block.kind in ("item", "paragraph"):
            if section.level and (found := aspect(section.title, bare=True)):
                under.setdefault(id(section), (found, []))[1].append(block)
                continue
            for offset, text in enumerate(block.text.split("\n")):
                m = KEY_VALUE.match(text) if ":" in text else None
                if m is not None and (found := aspect(m["key"], bare=True)):
                    yield _field(found, m["value"], block.line + offset, lines)
    for found, texts in under.values():
        yield _field(found, " ".join(b.text for b in texts), texts[0].line, lines)
    for field in fields.values():
        yield from _from_field(field, lines)


def _from_row(block: Block, lines: Sequence[str]) -> Iterator[ImpactField]:
    if len(block.cells) >= 2 and (found := aspect(block.cells[0], bare=True)):  # | Customer impact | ... |
        yield _field(found, block.cells[1], block.line, lines)
        return
    for header, cell in zip(block.header, block.cells, strict=False):  # | Customer impact | Internal ... |
        if found := aspect(header, bare=True):
            yield _field(found, cell, block.line, lines)


def _from_field(field: SummaryField, lines: Sequence[str]) -> Iterator[ImpactField]:
    value: Any = field.value
    if isinstance(value, Mapping) and field.key == "impact":  # impact: {customer: ..., internal: ...}
        for key, inner in value.items():
            if (found := aspect(str(key), bare=True)) and isinstance(inner, str):
                yield _field(found, inner, field.line, lines)
    elif isinstance(value, str) and (found := aspect(field.label)):
        yield _field(found, value, field.line, lines)


def _field(kind: str, value: str, line: int, lines: Sequence[str]) -> ImpactField:
    text = plain(value)
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    column = source.find(text[:20]) + 1 if text else 0
    return ImpactField(kind, text, line, max(column, 1))
