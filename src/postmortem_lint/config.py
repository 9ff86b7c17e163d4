"""Effective configuration: per-rule settings and the reader's vocabulary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.vocabulary import Vocabulary


@dataclass(frozen=True)
class RuleSettings:
    enabled: bool = True
    severity: Severity | None = None  # None: the rule's default
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    vocabulary: Vocabulary
    rules: Mapping[str, RuleSettings] = field(default_factory=dict)
    extra_schema: Mapping[str, Any] | None = None
    source: str | None = None  # the file it came from, for messages

    @classmethod
    def default(cls) -> Config:
        return cls(Vocabulary.default())

    def settings(self, rule_id: str) -> RuleSettings:
        return self.rules.get(rule_id) or RuleSettings()
