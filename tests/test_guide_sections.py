"""The guide's section layout and the Google layout as whole documents through `check`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from postmortem_lint.reader import read_text
from postmortem_lint.reader.vocabulary import Vocabulary
from tests.conftest import Run

Write = Callable[[str, "str | bytes"], Path]

GOOGLE_STYLE = """\
---
date: 2026-08-19
severity: SEV2
themes: [deployment-safety]
---
# Shakespeare search outage

## Summary

Shakespeare search was down for 66 minutes after a new sonnet was published.

## Impact

- 1.21 billion queries were lost over 66 minutes.

## Root Causes

- A file descriptor leak in the search ranking subsystem, met by an unusual query pattern.
- The ranking cache had no limit on open descriptors.

## Trigger

A new Shakespearean sonnet drew latent bug traffic.

## Timeline

- 14:51 news reports the new sonnet
- 14:53 search traffic rises 88x
- 15:57 traffic moved to a healthy cluster, service stable

## What went well

- The monitoring quickly alerted on the high rate of HTTP 500s.

## What went wrong

- No runbook for traffic surges.

## Action Items

- [ ] Add a limit on open descriptors in the ranking cache — @jennifer — due 2026-09-01
"""


def finding_rules(run: Run, path: Path) -> list[tuple[str, str]]:
    _, out, _ = run("check", "--format", "json", "--no-cache", str(path))
    return [(f["rule"], f["message"]) for f in json.loads(out)["findings"]]


def test_root_causes_beside_a_trigger_are_the_contributing_factors(run: Run, write: Write) -> None:
    found = finding_rules(run, write("google.md", GOOGLE_STYLE))
    assert [f for f in found if f[0] in ("PM001", "PM205")] == []


def test_root_causes_alone_are_still_the_trigger(run: Run, write: Write) -> None:
    text = GOOGLE_STYLE.replace("## Trigger\n\nA new Shakespearean sonnet drew latent bug traffic.\n\n", "")
    found = finding_rules(run, write("google.md", text))
    assert [rule for rule, message in found if "Contributing Factors" in message] == ["PM001"]
    kinds = {s.title: s.kind for s in read_text(text, "pm.md", Vocabulary.default()).sections}
    assert kinds["Root Causes"] == "trigger"


def test_a_contributing_factors_section_keeps_root_cause_as_the_trigger() -> None:
    text = GOOGLE_STYLE.replace("## Trigger\n", "## Contributing Factors\n")
    kinds = {s.title: s.kind for s in read_text(text, "pm.md", Vocabulary.default()).sections}
    assert kinds["Root Causes"] == "trigger" and kinds["Contributing Factors"] == "contributing_factors"
