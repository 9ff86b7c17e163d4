"""The rule registry, keyed by rule ID. A new rule is a module here with a `RULE`, named below."""

from __future__ import annotations

from importlib import import_module

from postmortem_lint.rules.base import Context, Rule

# One module per rule (listed by ID whatever the order here); add new ones under their family.
MODULES = (
    "unreadable",
    "missing_section",
    "missing_field",
    "invalid_field",
    # document rules (PM004-PM010)
    # action-item rules (PM101-PM109)
    # timeline and impact rules (PM201-PM206)
    "impact_not_concrete",
    "timeline_out_of_order",
    "timeline_no_time",
    "duration_mismatch",
    # language rules (PM301-PM302)
    # theme rules (PM401-PM402)
    "unused_suppression",
)

RULES: dict[str, Rule] = {}
for _name in MODULES:
    _rule: Rule = import_module(f"{__name__}.{_name}").RULE
    RULES[_rule.id] = _rule
RULES = dict(sorted(RULES.items()))
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES.values()}

__all__ = ["BY_NAME", "RULES", "Context", "Rule"]
