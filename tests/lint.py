"""Run the linter on Markdown text in memory (for rule tests)."""

from __future__ import annotations

from postmortem_lint.engine.config import Config
from postmortem_lint.engine.linter import check_document
from postmortem_lint.findings import Finding
from postmortem_lint.reader import read_text


def findings(text: str, rule: str | None = None, config: Config | None = None) -> list[Finding]:
    config = config or Config.default()
    found = check_document(read_text(text, "pm.md", config.vocabulary), config)
    return [f for f in found if rule is None or f.rule == rule]


def lines(text: str, rule: str, config: Config | None = None) -> list[int]:
    return [f.line for f in findings(text, rule, config)]
