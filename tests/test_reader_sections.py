"""Sections: ATX and setext headings, heading aliases from the vocabulary, nesting, pseudo headings
and bold labels, headings in code blocks."""

from __future__ import annotations

import dataclasses

import pytest

from postmortem_lint.model import Document
from postmortem_lint.reader import read_text
from postmortem_lint.reader.blocks import parse_blocks
from postmortem_lint.reader.sections import build_sections
from postmortem_lint.reader.vocabulary import Vocabulary


def read(text: str, vocabulary: Vocabulary | None = None) -> Document:
    return read_text(text, "pm.md", vocabulary or Vocabulary.default())


def kinds(text: str) -> list[tuple[str | None, int, str]]:
    return [(s.kind, s.line, s.title) for s in read(text).sections]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Summary", "summary"),
        ("Overview", "summary"),
        ("Issue Summary", "summary"),
        ("Executive Summary", "summary"),
        ("Root Cause", "trigger"),
        ("Root Causes", "trigger"),
        ("Root Cause(s)", "trigger"),
        ("Root Cause Analysis", "trigger"),
        ("Trigger", "trigger"),
        ("Lessons Learned", "lessons_learned"),
        ("Lessons learnt", "lessons_learned"),
        ("Takeaways", "lessons_learned"),
        ("What went well", "what_worked_well"),
        ("What Went Well?", "what_worked_well"),
        ("What went wrong", "what_slowed_response"),
        ("What went poorly", "what_slowed_response"),
        ("What went badly", "what_slowed_response"),
        ("What could have gone better?", "what_slowed_response"),
        ("What slowed response", "what_slowed_response"),
        ("Where we got lucky", "where_lucky"),
        ("Action Items", "action_items"),
        ("Follow-ups", "action_items"),
        ("Corrective actions", "action_items"),
        ("Remediation", "action_items"),
        ("Next steps", "action_items"),
        ("Review actions", "action_items"),
        ("3. Timeline (all times UTC)", "timeline"),
        ("Problems/Timeline", "timeline"),
        ("**Timeline**", "timeline"),
    ],
)
def test_heading_aliases(heading: str, kind: str) -> None:
    assert kinds(f"# Title\n\n## {heading}\n\ntext\n")[1][:2] == (kind, 3)


@pytest.mark.parametrize("heading", ["Actions taken", "Impacted teams", "Background", "Appendix"])
def test_near_misses_are_not_recognised(heading: str) -> None:
    assert kinds(f"## {heading}\n\ntext\n") == [(None, 1, heading)]


def test_aliases_are_data() -> None:
    default = Vocabulary.default()
    sections = {**default.sections, "action_items": [*default.sections["action_items"], "things to do"]}
    custom = dataclasses.replace(default, sections=sections)
    text = "## Things to do\n\n- Add an alert\n"
    assert read(text).sections[0].kind is None
    assert read(text, custom).sections[0].kind == "action_items"


def test_atx_and_setext_headings_keep_their_lines() -> None:
    text = (
        "Outage of the API\n=================\n\nIntro.\n\n"
        "Timeline\n--------\n\n- 10:00 start\n\n### Impact ###\n"
    )
    assert kinds(text) == [
        (None, 1, "Outage of the API"),
        ("timeline", 6, "Timeline"),
        ("impact", 11, "Impact"),
    ]
    assert [s.level for s in read(text).sections] == [1, 2, 3]


def test_subheadings_nest_and_unrecognised_ones_inherit() -> None:
    text = (
        "# T\n\n## Lessons Learned\n\n### What went well\n\n- fast rollback\n\n"
        "### General\n\n- more tests\n\n"
        "## Remediation\n\n### Short-term\n\n- add alert\n\n### Long-term\n\n- split the database\n"
    )
    assert kinds(text) == [
        (None, 1, "T"),
        ("lessons_learned", 3, "Lessons Learned"),
        ("what_worked_well", 5, "What went well"),
        ("lessons_learned", 9, "General"),
        ("action_items", 13, "Remediation"),
        ("action_items", 15, "Short-term"),
        ("action_items", 19, "Long-term"),
    ]
    sections = read(text).sections
    assert sections[2].parent is sections[1]
    assert (sections[1].line, sections[1].end_line) == (3, 12)
    assert sections[6].end_line == 22


def test_headings_inside_code_blocks_are_ignored() -> None:
    text = "## Summary\n\n```\n## Timeline\n```\n\n    ## Action Items\n\nDone.\n"
    assert kinds(text) == [("summary", 1, "Summary")]


def test_bold_pseudo_headings_nest_under_the_real_heading() -> None:
    text = "## Lessons Learned\n\n**What went well?**\n\n* quick\n\n**What went wrong?**\n\n* slow\n"
    assert kinds(text) == [
        ("lessons_learned", 1, "Lessons Learned"),
        ("what_worked_well", 3, "What went well?"),
        ("what_slowed_response", 7, "What went wrong?"),
    ]


def test_bold_labels_that_name_a_section_open_one() -> None:
    text = (
        "# Incident on 2021-07-12\n\n"
        "- **Key events**\n  - First detected 2021-07-12 15:44\n\n"
        "- **Impact**: All ingress broke.\n\n"
        "- **Identified**: by a user\n\n"
        "- **Review actions**:\n  - Fix the pipeline\n"
    )
    sections = read(text).sections
    assert [(s.kind, s.line, s.title) for s in sections] == [
        (None, 1, "Incident on 2021-07-12"),
        ("timeline", 3, "Key events"),
        ("impact", 6, "Impact"),
        ("action_items", 10, "Review actions"),
    ]
    assert sections[2].text == "All ingress broke."
    assert sections[3].text.endswith("Fix the pipeline")


def test_a_bold_label_needs_the_whole_alias() -> None:
    """ "**Root cause discovery**" starts an action, not a root-cause section."""
    text = "## Remediation\n\n1. **Root cause discovery and isolation**\nWe found it.\n"
    assert kinds(text) == [("action_items", 1, "Remediation")]


def test_a_date_heading_after_the_timeline_continues_it() -> None:
    text = "## Timeline\n\n_All times in EDT_\n\n## July 22\n1:03\nFirst alert fires\n\n## Action Items\n"
    assert kinds(text) == [
        ("timeline", 1, "Timeline"),
        ("timeline", 5, "July 22"),
        ("action_items", 9, "Action Items"),
    ]


def test_section_text_excludes_subsections_but_keeps_text_after_them() -> None:
    text = "## Summary\n\nFirst.\n\n**Impact**: 5% of users.\n\nSecond.\n\n## Timeline\n"
    summary = read(text).sections[0]
    assert summary.text == "First.\n\nSecond."
    assert read("## Summary\n\n## Impact\n\n- x\n").sections[0].is_empty


def test_every_block_has_its_innermost_section() -> None:
    text = "# T\n\nintro\n\n## Timeline\n\n- 10:00 a\n"
    blocks = parse_blocks(text)
    lines = text.split("\n")
    sections, owner = build_sections(blocks, lines, Vocabulary.default())
    assert [(b.kind, owner[i].title) for i, b in enumerate(blocks)] == [
        ("heading", "T"),
        ("paragraph", "T"),
        ("heading", "Timeline"),
        ("item", "Timeline"),
    ]
    assert [s.title for s in sections] == ["T", "Timeline"]
