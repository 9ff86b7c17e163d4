"""The rule registry, keyed by rule ID. A new rule is a module here with a `RULE`, added below."""

from __future__ import annotations

from postmortem_lint.rules import invalid_field, missing_field, missing_section, unreadable
from postmortem_lint.rules.base import Context, Rule

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        unreadable.RULE,
        missing_section.RULE,
        missing_field.RULE,
        invalid_field.RULE,
    )
}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES.values()}

__all__ = ["BY_NAME", "RULES", "Context", "Rule"]
