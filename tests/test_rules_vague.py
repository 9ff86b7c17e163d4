"""PM105 action-vague and PM106 action-not-measurable, run through the whole linter."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from postmortem_lint.engine.config import Config, RuleSettings
from postmortem_lint.rules.examples import COMPLETE
from tests.conftest import SHARED, Run
from tests.lint import findings, lines

ITEM = "- [ ] Add alert for payment-gateway queue depth above 200 for 5 minutes — @maria — due 2026-09-01"
ITEM_LINE = COMPLETE.split("\n").index(ITEM) + 1


def with_item(text: str, systems: str = "[checkout, payment-gateway]") -> str:
    """COMPLETE with its first action item replaced by `text` (owner and due date kept)."""
    document = COMPLETE.replace(ITEM, f"- {text} — @maria — due 2026-09-01")
    return document.replace("systems: [checkout, payment-gateway]", f"systems: {systems}")


def config_with(rule: str, **options: object) -> Config:
    return dataclasses.replace(Config.default(), rules={rule: RuleSettings(options=dict(options))})


def test_vague_item_is_an_error_naming_the_words() -> None:
    [finding] = findings(with_item("[ ] Improve monitoring"), "PM105")
    assert finding.line == ITEM_LINE
    assert str(finding.severity) == "error"
    assert finding.message.startswith('"Improve monitoring" names no measurable outcome (vague: "improve", ')
    assert '"monitoring"' in finding.message
    assert "an alert with a threshold, a runbook at a path, a check in CI" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Communicate better",
        "Be more careful when deploying",
        "Review all alerting",
        "Investigate further",
        "Redesign the architecture",
        "We should look into improving the on-call process",
    ],
)
def test_vague_items_fire_pm105_only(text: str) -> None:
    document = with_item(f"[ ] {text}")
    assert lines(document, "PM105") == [ITEM_LINE]
    assert lines(document, "PM106") == []  # one finding per problem


@pytest.mark.parametrize(
    "text",
    [
        "Improve p95 latency of /search below 300 ms",
        "Add alert for checkout 5xx above 3% for 5 minutes",
        "Add a runbook for restoring the users table from the nightly snapshot",
        "Investigate and fix the connection leak in the gateway client",
        "Rotate the leaked GitHub token",
    ],
)
def test_specific_items_fire_neither(text: str) -> None:
    document = with_item(f"[ ] {text}")
    assert lines(document, "PM105") == []
    assert lines(document, "PM106") == []


def test_bare_artifact_is_a_warning() -> None:
    [finding] = findings(with_item("[ ] Update the runbook"), "PM106")
    assert finding.line == ITEM_LINE
    assert str(finding.severity) == "warning"
    assert finding.message.startswith('"Update the runbook" has no observable done-condition: ')
    assert lines(with_item("[ ] Update the runbook"), "PM105") == []
    assert lines(with_item("[ ] Update the checkout rollback runbook"), "PM106") == []


@pytest.mark.parametrize(
    ("text", "unmeasurable"),
    [
        ("Add more logging to the export job", True),
        ("Add additional alerts to payment-gateway", True),
        ("Add more logging of batch sizes to the export job", False),
        ("Add more logging to the export job so that each batch logs its size", False),
        ("Add 3 more alerts to the export job", False),
        ("Add logging to the export job", False),
    ],
)
def test_more_of_an_artifact_says_how_much_not_which(text: str, unmeasurable: bool) -> None:
    assert lines(with_item(f"[ ] {text}"), "PM106") == ([ITEM_LINE] if unmeasurable else [])
    assert lines(with_item(f"[ ] {text}"), "PM105") == []


def test_done_items_are_not_checked() -> None:
    for done in ("[x] Improve monitoring", "[x] Update the runbook", "Improve monitoring (done)"):
        assert lines(with_item(done), "PM105") == []
        assert lines(with_item(done), "PM106") == []


def test_the_documents_systems_count_as_names() -> None:
    item = "[ ] Investigate boskos memory usage"
    assert lines(with_item(item), "PM105") == [ITEM_LINE]
    assert lines(with_item(item, systems="[boskos, janitor]"), "PM105") == []
    assert lines(with_item(item, systems="boskos, janitor"), "PM105") == []  # a comma string
    assert lines(with_item(item.replace("boskos", "sweeper"), systems="[boskos]"), "PM105") == [ITEM_LINE]


def test_known_systems_option_applies_to_both_rules() -> None:
    config = config_with("PM105", **{"known-systems": ["boskos"]})
    assert lines(with_item("[ ] Investigate boskos memory usage"), "PM105", config) == []
    assert lines(with_item("[ ] Restart boskos"), "PM106") == [ITEM_LINE]
    assert lines(with_item("[ ] Restart boskos"), "PM106", config) == []


def test_vague_words_option_adds_words() -> None:
    config = config_with("PM105", **{"vague-words": ["synergize"]})
    assert lines(with_item("[ ] Synergize the teams"), "PM105") == []
    assert lines(with_item("[ ] Synergize the teams"), "PM106") == [ITEM_LINE]
    assert lines(with_item("[ ] Synergize the teams"), "PM105", config) == [ITEM_LINE]
    # PM106 judges with PM105's options, so the item does not get both findings
    assert lines(with_item("[ ] Synergize the teams"), "PM106", config) == []


def test_vague_words_option_is_type_checked(run: Run, tmp_path: Path) -> None:
    config = tmp_path / ".postmortem-lint.yaml"
    config.write_text("rules:\n  action-vague:\n    vague-words: synergy\n", encoding="utf-8")
    (tmp_path / "pm.md").write_text(COMPLETE, encoding="utf-8")
    code, _, err = run("check", "--config", str(config), str(tmp_path / "pm.md"))
    assert code == 2
    assert '.postmortem-lint.yaml:3: expected a list, got "synergy"' in err


def test_table_items_are_checked_on_their_own_line() -> None:
    table = "| Action | Owner | Due |\n|---|---|---|\n| Improve resilience | @maria | 2026-09-01 |\n"
    document = COMPLETE.split("## Action Items")[0] + "## Action Items\n\n" + table
    row = document.split("\n").index("| Improve resilience | @maria | 2026-09-01 |") + 1
    assert lines(document, "PM105") == [row]


def test_labelled_items_meet_precision_and_recall(corpus: Path) -> None:
    # Here, not at the top: bench/ is not shipped with the tests (the sdist has tests/ only).
    from bench.vague import evaluate  # noqa: PLC0415

    result = evaluate(SHARED / "corpus" / "action-items.tsv")
    assert result.true_positive + result.false_negative >= 20, "the labelled sample has vague items"
    assert result.precision >= 0.9, result.wrong
    assert result.recall >= 0.9, result.wrong


def test_every_corpus_flag_names_its_words(corpus: Path) -> None:
    from bench.vague import corpus_flags  # noqa: PLC0415  (as above)

    flags = corpus_flags(corpus)
    assert any(f.rule == "PM105" for f in flags)
    assert all(f.words for f in flags if f.rule == "PM105")
