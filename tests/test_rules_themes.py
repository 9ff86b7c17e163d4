"""Theme rules PM401-PM402: themes come from the team's vocabulary, and standard reviews name some."""

from __future__ import annotations

from dataclasses import replace

from postmortem_lint.engine.config import Config
from postmortem_lint.rules.examples import COMPLETE
from tests.lint import findings, lines

THEMES = "themes: [deployment-safety, monitoring-gaps]\n"
THEMES_LINE = COMPLETE.split("\n").index(THEMES.strip()) + 1


def themes(written: str) -> str:
    return COMPLETE.replace(THEMES, written)


def title_line(text: str) -> int:
    return text.split("\n").index("# Checkout errors after payment-gateway deploy") + 1


# PM401 unknown-theme


def test_known_themes_pass() -> None:
    assert findings(COMPLETE, "PM401") == []
    assert findings(themes("themes: [Monitoring Gaps, deployment_safety]\n"), "PM401") == []


def test_unknown_theme_with_a_suggestion() -> None:
    [found] = findings(themes("themes: [deployment-safety, monitoring-gap]\n"), "PM401")
    assert found.line == THEMES_LINE
    assert found.message.startswith('unknown theme "monitoring-gap": did you mean "monitoring-gaps"?')
    [other] = findings(themes("themes: [vendor-outage]\n"), "PM401")
    assert 'unknown theme "vendor-outage": use one of monitoring-gaps, ' in other.message


def test_each_unknown_theme_at_its_line_in_a_block_list() -> None:
    text = themes("themes:\n  - deployment-safety\n  - alerting\n  - luck\n")
    assert lines(text, "PM401") == [THEMES_LINE + 2, THEMES_LINE + 3]


def test_themes_written_in_the_body() -> None:
    text = themes("").replace("## Summary\n\n", "## Summary\n\n- Themes: monitoring-gaps, bad-luck\n\n")
    assert lines(text, "PM401") == [text.split("\n").index("- Themes: monitoring-gaps, bad-luck") + 1]


def test_configured_vocabulary() -> None:
    config = replace(Config.default(), themes=("deployment-safety", "capacity"))
    text = themes("themes: [capacity, monitoring-gaps]\n")
    [found] = findings(text, "PM401", config)
    assert '"monitoring-gaps"' in found.message
    assert "use one of deployment-safety, capacity" in found.message


def test_blog_tags_are_not_themes() -> None:
    assert findings(themes("tags: [transparency, security]\n"), "PM401") == []


# PM402 missing-themes


def test_missing_themes_in_a_standard_review() -> None:
    [found] = findings(themes(""), "PM402")
    assert found.line == title_line(themes(""))
    assert "themes: [...]" in found.message and "monitoring-gaps" in found.message
    tags = themes("tags: [transparency]\n")
    assert lines(tags, "PM402") == [title_line(tags)]


def test_themes_present_or_not_needed() -> None:
    assert findings(COMPLETE, "PM402") == []
    assert findings(themes("tags: [postmortem, monitoring-gaps]\n"), "PM402") == []
    assert findings(themes("themes: [vendor-outage]\n"), "PM402") == []  # PM401 says which
    empty = themes("themes: []\n")
    assert findings(empty, "PM402") == []  # an empty list is PM003's
    assert lines(empty, "PM003") == [THEMES_LINE]
    assert findings(themes("").replace("tier: 2", "tier: 1"), "PM402") == []
