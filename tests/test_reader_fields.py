"""Summary fields: `- Key: value` bullets, `**Key:** value` paragraphs, `### Date` headings and YAML
front matter, each with its line; prose and other sections' `Key: value` lines are no fields."""

from __future__ import annotations

import datetime as dt

import pytest

from postmortem_lint.model import Document
from postmortem_lint.reader import read_text
from postmortem_lint.reader.vocabulary import Vocabulary


def read(text: str) -> Document:
    return read_text(text, "pm.md", Vocabulary.default())


def fields(text: str) -> dict[str, tuple[object, int]]:
    return {key: (f.value, f.line) for key, f in read(text).fields.items()}


@pytest.mark.parametrize(
    "written",
    [
        "- Severity: SEV2",
        "* **Severity**: SEV2",
        "- **Severity:** SEV2",
        "**Severity:** SEV2",
        "**Severity**: SEV2",
        "Severity: SEV2",
    ],
)
def test_field_forms(written: str) -> None:
    assert fields(f"# Checkout errors\n\n{written}\n")["severity"] == ("SEV2", 3)


def test_bullets_in_the_preamble_with_aliases_and_lines() -> None:
    text = (
        "# Checkout errors\n\n- **Date**: 2026-08-19\n- **Sev**: SEV2\n"
        "- **Systems affected**: checkout, gateway\n"
        "- Incident commander: @maria\n- Service(s) affected:\n"
    )
    found = read(text).fields
    assert {k: (f.value, f.line, f.label) for k, f in found.items()} == {
        "date": ("2026-08-19", 3, "Date"),
        "severity": ("SEV2", 4, "Sev"),
        "systems": ("checkout, gateway", 5, "Systems affected"),
        "coordinator": ("@maria", 6, "Incident commander"),
    }


def test_front_matter_fields_keep_their_values_and_lines() -> None:
    text = (
        "---\ntitle: Checkout errors\ndate: 2026-08-19\nsystems: [checkout, gateway]\n---\n"
        "# Checkout errors\n"
    )
    found = read(text).fields
    assert found["date"].value == dt.date(2026, 8, 19)
    assert (found["systems"].value, found["systems"].line) == (["checkout", "gateway"], 4)
    assert (found["title"].value, found["title"].line) == ("Checkout errors", 2)


def test_front_matter_title_wins_over_an_aliased_name() -> None:
    text = '---\nname: "Hub Incident"\ntitle: "[Incident] Hub down"\n---\n### Summary\n'
    found = read(text).fields
    assert (found["title"].value, found["title"].label) == ("[Incident] Hub down", "title")


def test_front_matter_wins_over_the_body() -> None:
    assert fields("---\nseverity: SEV1\n---\n# T\n\n- Severity: SEV3\n")["severity"] == ("SEV1", 2)


def test_sre_book_headings_name_fields() -> None:
    text = (
        "# Title (incident #)\n\n### Date\n\n2026-08-19\n\n### Authors\n\n"
        "### Status\n\nDraft\n\n### Summary\n\nx\n"
    )
    assert fields(text) == {"date": ("2026-08-19", 3), "authors": ("", 7), "status": ("Draft", 9)}


def test_a_document_title_heading_is_no_field() -> None:
    assert "title" not in fields("# Title\n\n## Summary\n\nx\n")


def test_unknown_keys_only_in_the_preamble_and_summary() -> None:
    text = (
        "# T\n\nCreated By: Benjamin Elder\nLast Modified: 2019-01-23\n\n"
        "## Summary\n\n- Team attribution: infra\n\n"
        "## Appendix\n\nshipit: :parrot:\nTODO: k-dev email\n"
    )
    assert fields(text) == {
        "authors": ("Benjamin Elder", 3),
        "last_modified": ("2019-01-23", 4),
        "team_attribution": ("infra", 8),
    }


def test_known_keys_anywhere_but_timeline_and_action_items() -> None:
    text = (
        "# T\n\n## Impact\n\n**Severity:** Major\n\n## Timeline\n\n- Duration: 10:00 - 11:00\n\n"
        "## Action Items\n\n- Status: open\n"
    )
    assert fields(text) == {"severity": ("Major", 5)}


@pytest.mark.parametrize(
    "prose",
    [
        "This was resolved by:",
        "Here is what happened next: we rolled back",
        "> Authors: quoted from somewhere else",
    ],
)
def test_prose_is_no_field(prose: str) -> None:
    assert fields(f"# T\n\n{prose}\n") == {}


def test_name_s_is_the_authors_not_the_title() -> None:
    assert fields("# Title of the incident\n\nName(s): Ana, Ben\n") == {"authors": ("Ana, Ben", 3)}
