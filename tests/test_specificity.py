"""The vague-action heuristic on its own: verdicts, the words it names, and what makes an item specific."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from postmortem_lint.engine.config import Config
from postmortem_lint.reader import read_text
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.specificity import Lexicon, assess, document_systems
from tests.conftest import Run

Write = Callable[[str, str | bytes], Path]


def verdict(text: str, systems: tuple[str, ...] = (), lexicon: Lexicon | None = None) -> str:
    found = assess(text, systems, lexicon)
    assert found is not None
    return found.verdict


@pytest.mark.parametrize(
    "text",
    [
        "Improve monitoring",
        "Enhance our incident response",
        "Look into the flaky builds",
        "Be more vigilant during releases",
        "Better documentation for on-call",
        "Fix monitoring gaps",  # a concrete verb with nothing but abstract nouns
        "Add more monitoring",
        "Make alerting less noisy",
        "Investigate the root cause more deeply",
        "Prevent this from happening again",
        "TODO: we should also think about rate limiting",
        "Going forward, the platform team will improve reliability",
        "We should set up some kind of monitoring for the web.example.org deployment",
        "Consider allowing the primary cluster to stop accepting traffic when it is unhealthy",
    ],
)
def test_vague_items(text: str) -> None:
    assert verdict(text) == "vague"


@pytest.mark.parametrize(
    "text",
    [
        "Improve p95 latency of /search below 300 ms",
        "Add alert for checkout 5xx above 3% for 5 minutes",
        "Review alert thresholds for the billing service weekly",
        "Investigate why the nightly backup job took 6 hours",
        "Investigate and fix the memory leak in the spawner",  # the fix is the outcome
        "Rotate the Stripe API key and store it in Vault",
        "Add a unit test for the retry path in order_sync.py",
        "Add expiry monitoring for the SAML signing certificate",
        "Create a Grafana dashboard for Kafka consumer lag",
        "Add a rollback button to the deploy dashboard",
        "Write an incident report",
        "Investigate grafana-agent memory usage",  # a hyphenated service name
        "Work towards zero-downtime deploys is vague, but `deploy.sh --canary` is code",
    ],
)
def test_specific_items(text: str) -> None:
    assert verdict(text) == "specific"


@pytest.mark.parametrize(
    "text",
    [
        "Update the runbook",  # which runbook, saying what?
        "Add more tests",
        "Add a dashboard",
        "Add alerts for when bandwidth reaches a certain threshold",  # the threshold is not decided
        "Establish a process for onboarding new members to the rotation",
    ],
)
def test_unmeasurable_items(text: str) -> None:
    assert verdict(text) == "unmeasurable"


def test_the_words_that_made_it_vague_are_named_as_written() -> None:
    found = assess("Improve the reliability of the platform")
    assert found is not None
    assert found.vague_words == ("Improve", "reliability", "platform")
    assert found.vague_weight > found.specific_weight


def test_abstract_nouns_beside_a_concrete_action_are_not_named() -> None:
    found = assess("Set up monitoring and alerting for file-watch usage above 80% of the limit")
    assert found is not None
    assert found.verdict == "specific"
    assert found.vague_words == ()


def test_the_main_clause_is_judged_and_its_explanation_can_make_it_specific() -> None:
    vague = assess("Improve alerting, so that we catch outages")
    explained = assess("Deeper engine monitoring. We plan to add metrics and alerts on TOAST table size")
    assert vague is not None and explained is not None
    assert vague.main == "Improve alerting"
    assert vague.verdict == "vague"
    assert explained.verdict == "specific"


def test_an_explanation_that_hedges_does_not_rescue_the_item() -> None:
    item = "Something about noticing node limits. We can add a threshold to certain charts"
    assert verdict(item) == "vague"


def test_wrappers_and_preambles_are_not_the_action() -> None:
    assert verdict("Prioritize upgrading the cluster to version 1.29") == "specific"
    assert verdict("Continue to investigate further") == "vague"
    assert verdict("We need to be more careful") == "vague"


def test_the_documents_systems_make_lower_case_names_specific() -> None:
    assert verdict("Improve alerting around boskos status") == "vague"
    assert verdict("Improve alerting around boskos status", systems=("Boskos",)) == "vague"
    assert verdict("Investigate boskos memory usage") == "vague"
    assert verdict("Investigate boskos memory usage", systems=("boskos",)) == "specific"


def test_title_case_items_do_not_make_every_word_a_name() -> None:
    assert verdict("Investigate Memory Usage Spikes") == "vague"
    assert verdict("Investigate Kubernetes memory usage") == "specific"
    # a name does not make "improve alerting" specific
    assert verdict("Improve alerting for Kubernetes") == "vague"


def test_templates_and_empty_items_are_not_judged() -> None:
    assert assess("{{ summary }} [link to github issue]") is None
    assert assess("— 2026-09-01") is None


def test_extra_vague_words_count_anywhere() -> None:
    lexicon = Lexicon.default(["synergy", "keep * in the loop"])
    assert verdict("Create synergy between teams") == "unmeasurable"
    assert verdict("Create synergy between teams", lexicon=lexicon) == "vague"
    assert verdict("Keep support in the loop", lexicon=lexicon) == "vague"


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("systems: [checkout, payment-gateway]\n", ["checkout", "payment-gateway"]),
        ("systems: checkout, search; auth\n", ["checkout", "search", "auth"]),
        ("", []),
    ],
)
def test_document_systems(front_matter: str, expected: list[str]) -> None:
    text = f"---\ntitle: Outage\n{front_matter}---\n# Outage\n\n## Action Items\n\n- Fix it\n"
    document = read_text(text, "pm.md", Config.default().vocabulary)
    assert document_systems(document) == expected


@pytest.mark.parametrize(
    "text", ["Fix §1§1§1", "Add alert §0 on `x`", "Rotate \ue0005 keys", "Add \ue000 alert on `a`"]
)
def test_section_signs_and_private_use_characters_are_plain_text(text: str) -> None:
    """The text's own "§1" or U+E000 is never taken for a hidden code span (it was: IndexError)."""
    found = assess(text)
    assert found is not None
    assert "\ue000" not in found.main
    assert found.main.count("`") == text.count("`")  # "§0" did not stand for the code span


def test_an_action_of_section_signs_is_checked(run: Run, write: Write) -> None:
    path = write("pm.md", COMPLETE.replace("## Action Items\n\n", "## Action Items\n\n- [ ] Fix §1§1§1\n"))
    code, out, err = run("check", "--format", "json", str(path))
    assert (code, err) in ((0, ""), (1, ""))
    assert not [f for f in json.loads(out)["findings"] if f["rule"] == "PM000"]


@pytest.mark.parametrize("text", ["Review the alert thresholds weekly", "Review the café alerts weekly"])
def test_a_schedule_is_found_in_text_of_any_alphabet(text: str) -> None:
    found = assess(text)
    assert found is not None
    assert [h.text for h in found.done if h.kind == "schedule"] == ["weekly"]
