"""`postmortem-lint config [PATH]`: the effective configuration for PATH, as YAML."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ruamel.yaml import YAML

from postmortem_lint.commands import common
from postmortem_lint.engine.config import Config
from postmortem_lint.rules import RULES


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "config",
        help="print the effective configuration",
        description="Print the configuration that applies to PATH (default: the current folder).",
    )
    parser.add_argument("path", nargs="?", default=".", metavar="PATH")
    common.add_config_argument(parser)
    parser.set_defaults(run=run)


def effective(config: Config) -> dict[str, Any]:
    rules = {}
    for rule in RULES.values():
        settings = config.settings(rule.id)
        rules[rule.id] = {
            "name": rule.name,
            "enabled": settings.enabled,
            "severity": str(settings.severity or rule.severity),
            **{key: settings.options.get(key, default) for key, default in rule.options.items()},
        }
    triggers = config.tier_triggers
    return {
        "source": config.source or "(defaults)",
        "rules": rules,
        "headings": {kind: list(aliases) for kind, aliases in config.vocabulary.sections.items()},
        "fields": {key: list(labels) for key, labels in config.vocabulary.fields.items()},
        "themes": list(config.themes),
        "severities": list(config.severities),
        "due-windows": dict(config.due_windows),
        "tier-triggers": {
            "severities": list(triggers.severities),
            "duration-minutes": triggers.duration_minutes,
            "security": triggers.security,
            "data": triggers.data,
            "recurred": triggers.recurred,
        },
        "owners": dict(config.owners),
        "issues": {
            "labels": list(config.issues.labels),
            "severity-label": config.issues.severity_label,
            "theme-labels": config.issues.theme_labels,
            "tier-1": config.issues.tier_1,
            "milestone": config.issues.milestone,
        },
        "follow-up": {
            "check-days": config.follow_up.check_days,
            "recurring-incidents": config.follow_up.recurring_incidents,
            "recurring-days": config.follow_up.recurring_days,
            "recent-days": config.follow_up.recent_days,
        },
        "schema": config.extra_schema is not None,
    }


def run(args: argparse.Namespace) -> int:
    yaml = YAML()  # round-trip: keeps the order above
    yaml.width = 4096
    yaml.dump(effective(common.config_finder(args).for_file(args.path)), sys.stdout)
    return 0
