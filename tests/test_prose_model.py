"""One source of truth for prose, code and comments: every rule that reads prose is silent on text
inside each kind of code and comment, and fires on the same text outside them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_lint.reader import read_text
from postmortem_lint.reader.blocks import _code_spans, _parsed_spans
from postmortem_lint.reader.vocabulary import Vocabulary
from postmortem_lint.rules.examples import COMPLETE
from tests.lint import findings, lines

SUMMARY_END = "until the deploy was rolled back.\n"
IMPACT = "- 18% of checkout requests failed with HTTP 502 for 47 minutes.\n"


def in_summary(text: str) -> str:
    return COMPLETE.replace(SUMMARY_END, SUMMARY_END + "\n" + text + "\n")


def as_impact(text: str) -> str:
    return COMPLETE.replace(IMPACT, text + "\n")


def at_the_end(text: str) -> str:
    """The text as the last thing in the document (an unclosed comment hides all after it)."""
    return COMPLETE + "\n" + text + "\n"


TIER_1 = """\
---
date: 2026-08-19
severity: SEV3
tier: 1
---
# Checkout errors

## Action Items

- [ ] Add a queue-depth alert above 200 for 5 minutes — @maria — due 2026-09-01

## Impact

"""

WORKED_WELL = "- The checkout 5xx alert fired within 7 minutes.\n"
FACTORS = "- The pool size is set per environment and staging uses 5.\n- No alert on gateway queue depth.\n"


def as_worked_well(text: str) -> str:
    return COMPLETE.replace(WORKED_WELL, text + "\n")


def as_factors(text: str) -> str:
    return COMPLETE.replace(FACTORS, text + "\n")


# (rule, text that fires it, where it goes)
CASES: list[tuple[str, str, Callable[[str], str]]] = [
    ("PM301", "Because Dave forgot to check the diff, the deploy went out.", in_summary),
    ("PM302", "The on-call engineer should have noticed the queue.", in_summary),
    ("PM004", "The rollback is still TODO here.", in_summary),
    ("PM201", "API issues occurred.", lambda text: TIER_1 + text + "\n"),
    ("PM206", "Nothing went well.", as_worked_well),
    ("PM205", "None.", as_factors),
    (
        "PM010",
        "Customer data was leaked in the export.",
        lambda text: TIER_1 + "18% of checkouts failed.\n\n" + text + "\n",
    ),
]

# each kind of code and comment, wrapped around one line of text
WRAPPERS: dict[str, Callable[[str], str]] = {
    "fence": lambda text: f"```\n{text}\n```",
    "long fence holding a short one": lambda text: f"````\n```\n{text}\n```\n````",
    "tilde fence": lambda text: f"~~~text\n{text}\n~~~",
    "indented code": lambda text: f"    {text}",
    "comment": lambda text: f"<!-- {text} -->",
    "multi-line comment": lambda text: f"<!--\nNotes:\n{text}\n-->",
    "unclosed comment": lambda text: f"<!--\n{text}",
    "code span": lambda text: f"`{text}`",
    "double-backtick span": lambda text: f"``{text} ` ``",
    "comment inside a paragraph": lambda text: f"Notes <!-- {text} --> end.",
}


@pytest.mark.parametrize(("rule", "text", "place"), CASES, ids=[c[0] for c in CASES])
def test_rules_that_read_prose_fire_on_it(rule: str, text: str, place: Callable[[str], str]) -> None:
    assert findings(place(text), rule) != []


@pytest.mark.parametrize(
    ("rule", "text", "place", "wrapper"),
    [
        pytest.param(*case, wrapper, id=f"{case[0]}-{wrapper}")
        for case in CASES
        for wrapper in WRAPPERS
        # the words around an inline comment are an impact without a figure themselves
        if (case[0], wrapper) != ("PM201", "comment inside a paragraph")
    ],
)
def test_rules_that_read_prose_are_silent_inside_code_and_comments(
    rule: str, text: str, place: Callable[[str], str], wrapper: str
) -> None:
    document = place(WRAPPERS[wrapper](text))
    if wrapper == "unclosed comment" and place is in_summary:
        document = at_the_end(WRAPPERS[wrapper](text))
    assert findings(document, rule) == []


@pytest.mark.parametrize(
    "text",
    [
        "The on-call engineer should have\nknown that the pool was too small.",
        "The on-call engineer should\nhave known that the pool was too small.",
    ],
)
def test_hindsight_broken_across_a_soft_line_break_is_found(text: str) -> None:
    [found] = findings(in_summary(text), "PM302")
    assert found.line == 18 and '"The on-call engineer should have known"' in found.message


@pytest.mark.parametrize(
    "text",
    ["**Cause:** Human error during the migration.", "The cause was human error.", "Root cause: human error"],
)
def test_human_error_given_as_the_cause_is_blame(text: str) -> None:
    assert lines(in_summary(text), "PM301") == [18]


def test_a_finding_points_at_the_line_and_column_where_the_phrase_starts() -> None:
    text = "The queue grew for an hour. Later we saw that\nbecause Dave forgot to check the diff it failed."
    [found] = findings(in_summary(text), "PM301")
    assert (found.line, found.column) == (19, 1)


def test_the_model_maps_prose_back_to_source_lines() -> None:
    text = "# T\n\n- Dave wrote `x`\n  and then <!-- a\n  b --> left.\n\n> quoted\n"
    document = read_text(text, "pm.md", Vocabulary.default())
    item = next(p for p in document.prose if p.line == 3)
    assert item.text.split() == ["Dave", "wrote", "and", "then", "left."]
    assert item.position(item.text.index("left")) == (5, 9)
    assert [p.quoted for p in document.prose] == [False, False, True]
    assert [(h.kind, h.line, h.end_line) for h in document.hidden] == [("code_span", 3, 3), ("comment", 4, 5)]


def test_a_label_that_opens_a_section_is_read_as_its_value() -> None:
    worked = "## What Worked Well\n\n" + WORKED_WELL
    assert lines(COMPLETE.replace(worked, "**What went well**: None\n"), "PM206") == [40]
    assert lines(COMPLETE.replace(worked, "**What went well**: the alert fired\n"), "PM206") == []
    document = read_text("# T\n\n**Impact:** API issues.\n", "pm.md", Vocabulary.default())
    assert [p.text.strip() for p in document.prose_of("impact")] == ["API issues."]


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(alphabet="`` a\n*[]()", max_size=40))
def test_code_spans_paired_directly_are_those_the_inline_parser_finds(text: str) -> None:
    """Text with backticks and no `\\` or `<` skips markdown-it's inline pass: same spans."""
    assert _code_spans(text) == _parsed_spans(text)
