"""PM301 blame-language and PM302 hindsight-language, with the near misses that must stay quiet."""

from __future__ import annotations

import pytest

from postmortem_lint.rules.examples import COMPLETE
from tests.lint import findings

ANCHOR = "The v2.14 deploy lowered the gateway's connection-pool size from 50 to 5."


def with_sentence(sentence: str) -> str:
    return COMPLETE.replace(ANCHOR, f"{ANCHOR} {sentence}")


@pytest.mark.parametrize(
    "sentence",
    [
        "It was Dave's fault.",
        "This happened because Dave forgot to check the diff.",
        "It failed because @lee did not review the change.",
        "A careless change to the config caused it.",
        "The root cause was human error.",
        "The outage was due to human error.",
        "The on-call engineer was negligent.",
        "Because the new engineer forgot to run the migration, the pool shrank.",
        "Because Dave forgot to check the diff, the café’s pool shrank.",  # a line not all ASCII
        "It was Dave'ſ fault.",  # a long s is an s to the IGNORECASE search
    ],
)
def test_blame_fires(sentence: str) -> None:
    [found] = findings(with_sentence(sentence), "PM301")
    assert found.line == 33 and "blames a person" in found.message


@pytest.mark.parametrize(
    "sentence",
    [
        "Kubernetes didn't restart the pod because the probe was misconfigured.",
        "Human error is never a root cause on its own.",
        "The root cause was not human error but a missing check.",
        "@maria owns the fix and will drive it to done.",
        "We forgot nothing: the runbook listed the step.",
        "The deploy tool forgot the previous value because it has no state.",
    ],
)
def test_blame_near_misses_stay_quiet(sentence: str) -> None:
    assert findings(with_sentence(sentence), "PM301") == []


def test_quoted_chat_and_code_are_not_checked() -> None:
    text = COMPLETE.replace(ANCHOR, f"{ANCHOR}\n\n> dave: sorry, my fault, I forgot\n\n```\nhuman error\n```")
    assert findings(text, "PM301") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The team should have known the pool size was wrong.",
        "Dave should have noticed the queue growing.",
        "We could have caught it in review.",
        "The on-call engineer failed to escalate.",
        "@lee would have spotted it with more sleep.",
        "Dave should have noticed the queue — it grew past 200.",
    ],
)
def test_hindsight_fires(sentence: str) -> None:
    [found] = findings(with_sentence(sentence), "PM302")
    assert found.line == 33 and "hindsight" in found.message


@pytest.mark.parametrize(
    "sentence",
    [
        "An alert on queue depth would have fired at 14:05.",
        "The deploy failed to complete within the timeout.",
        "We should have alerting on pool exhaustion.",
        "Staging could have used production-like pool sizes.",
    ],
)
def test_hindsight_about_systems_stays_quiet(sentence: str) -> None:
    assert findings(with_sentence(sentence), "PM302") == []


def test_one_finding_per_line_with_its_column() -> None:
    [found] = findings(with_sentence("Dave's fault, careless and sloppy."), "PM301")
    assert found.column == len(ANCHOR) + 2
