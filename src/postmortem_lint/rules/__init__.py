"""The rule registry, keyed by rule ID. A new rule is a module here with a `RULE`, imported and listed
in `MODULES` under its family."""

from __future__ import annotations

from types import ModuleType

from postmortem_lint.rules import (
    action_bad_due_date,
    action_no_due_date,
    action_no_owner,
    action_not_measurable,
    action_shared_owner,
    action_vague,
    blame_language,
    duplicate_action,
    duration_mismatch,
    empty_section,
    hindsight_language,
    impact_not_concrete,
    invalid_field,
    missing_field,
    missing_section,
    missing_themes,
    no_action_items,
    nothing_went_well,
    placeholder,
    single_root_cause,
    tier_too_low,
    timeline_no_time,
    timeline_out_of_order,
    too_many_actions,
    unknown_theme,
    unreadable,
    unused_suppression,
)
from postmortem_lint.rules.base import Context, Rule

# One module per rule (RULES is ordered by ID whatever the order here).
MODULES: tuple[ModuleType, ...] = (
    # the document: readable, sections, fields, template text, tier (PM000-PM010)
    unreadable,
    missing_section,
    missing_field,
    invalid_field,
    placeholder,
    empty_section,
    tier_too_low,
    # action items (PM101-PM109)
    action_no_owner,
    action_shared_owner,
    action_no_due_date,
    action_bad_due_date,
    action_vague,
    action_not_measurable,
    too_many_actions,
    no_action_items,
    duplicate_action,
    # impact, timeline and analysis (PM201-PM206)
    impact_not_concrete,
    timeline_out_of_order,
    timeline_no_time,
    duration_mismatch,
    single_root_cause,
    nothing_went_well,
    # language (PM301-PM302)
    blame_language,
    hindsight_language,
    # themes (PM401-PM402)
    unknown_theme,
    missing_themes,
    # the linter's own: suppressions that suppressed nothing (PM900)
    unused_suppression,
)
_BY_MODULE: list[Rule] = [module.RULE for module in MODULES]
RULES: dict[str, Rule] = {rule.id: rule for rule in sorted(_BY_MODULE, key=lambda rule: rule.id)}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES.values()}

__all__ = ["BY_NAME", "MODULES", "RULES", "Context", "Rule"]
