"""In-document suppression comments and PM900 for the ones that suppress nothing."""

from __future__ import annotations

from postmortem_lint.rules.examples import COMPLETE
from tests.lint import findings, lines

IMPACT = "- 18% of checkout requests failed with HTTP 502 for 47 minutes."
VAGUE_IMPACT = "- Checkout had issues."
BLAME = "The v2.14 deploy lowered"


def test_disable_next_line_silences_only_that_line() -> None:
    vague = COMPLETE.replace(IMPACT, VAGUE_IMPACT)
    assert len(findings(vague, "PM201")) == 1  # at the impact line itself
    text = vague.replace(VAGUE_IMPACT, "<!-- postmortem-lint disable-next-line PM201 -->\n" + VAGUE_IMPACT)
    assert findings(text, "PM201") == [] and findings(text, "PM900") == []


def test_disable_enable_range_by_name() -> None:
    blamed = COMPLETE.replace(BLAME, "It was Dave's fault. " + BLAME)
    text = blamed.replace(
        "## Trigger Event\n", "## Trigger Event\n<!-- postmortem-lint disable blame-language -->\n"
    )
    text = text.replace(
        "## Contributing Factors\n",
        "<!-- postmortem-lint enable blame-language -->\n## Contributing Factors\n",
    )
    assert findings(text, "PM301") == []
    outside = text.replace("## What Slowed Response\n", "## What Slowed Response\nIt was Dave's fault.\n")
    assert len(findings(outside, "PM301")) == 1


def test_disable_file_without_ids_silences_everything() -> None:
    text = "<!-- postmortem-lint disable-file -->\n" + COMPLETE.replace("severity: SEV2\n", "")
    assert findings(text) == []


def test_unused_and_unknown_suppressions_are_reported() -> None:
    text = COMPLETE.replace(
        "## Summary\n",
        "<!-- postmortem-lint disable-next-line PM201 -->\n## Summary\n"
        "<!-- postmortem-lint disable PM777 -->\n",
    )
    found = findings(text, "PM900")
    assert [(f.line, f.severity.name) for f in found] == [(13, "WARNING"), (15, "WARNING"), (15, "WARNING")]
    assert "suppressed nothing" in found[0].message
    assert any("unknown rule 'PM777'" in f.message for f in found)


def test_suppression_inside_code_block_example_is_still_a_comment_only_when_real() -> None:
    text = COMPLETE.replace(IMPACT, f"{VAGUE_IMPACT}\n<!-- postmortem-lint disable PM201 -->")
    assert lines(text, "PM201") == [20]
    assert lines(text, "PM900") == [21]


def test_a_directive_shown_in_code_is_no_suppression() -> None:
    vague = COMPLETE.replace(IMPACT, VAGUE_IMPACT)
    for shown in (
        "```markdown\n<!-- postmortem-lint disable PM201 -->\n```\n",
        "Write `<!-- postmortem-lint disable PM201 -->` to silence it.\n",
    ):
        text = vague.replace("## Timeline\n", shown + "\n## Timeline\n")
        assert len(findings(text.replace("## Impact", shown + "\n## Impact"), "PM201")) == 1
        assert findings(text, "PM900") == []
