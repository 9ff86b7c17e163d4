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
    "placeholder",
    "empty_section",
    "tier_too_low",
    # action-item rules (PM101-PM109)
    "action_no_owner",
    "action_shared_owner",
    "action_no_due_date",
    "action_bad_due_date",
    "too_many_actions",
    "no_action_items",
    "duplicate_action",
    # timeline and impact rules (PM201-PM206)
    "impact_not_concrete",
    "timeline_out_of_order",
    "timeline_no_time",
    "duration_mismatch",
    "action_vague",
    "action_not_measurable",
    # language rules (PM301-PM302)
    "blame_language",
    "hindsight_language",
    "single_root_cause",
    "nothing_went_well",
    # theme rules (PM401-PM402)
    "unknown_theme",
    "missing_themes",
    "unused_suppression",
)

RULES: dict[str, Rule] = {}
for _name in MODULES:
    _rule: Rule = import_module(f"{__name__}.{_name}").RULE
    RULES[_rule.id] = _rule
RULES = dict(sorted(RULES.items()))
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES.values()}

__all__ = ["BY_NAME", "RULES", "Context", "Rule"]
