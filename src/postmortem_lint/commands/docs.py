"""`schema`, `rules` and `rule ID`: what the tool checks, printed from the code that checks it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from postmortem_lint.errors import UsageError
from postmortem_lint.rules import BY_NAME, RULES


def add_parser(sub: Any) -> None:
    schema = sub.add_parser("schema", help="print the packaged JSON Schema")
    schema.set_defaults(run=run_schema)
    rules = sub.add_parser("rules", help="list every rule")
    rules.set_defaults(run=run_rules)
    rule = sub.add_parser("rule", help="explain one rule, with a failing and a passing example")
    rule.add_argument("rule", metavar="ID", help="rule ID (PM103) or name (action-no-due-date)")
    rule.set_defaults(run=run_rule)


def run_schema(args: argparse.Namespace) -> int:
    from postmortem_lint.schema import packaged_schema_text

    sys.stdout.write(packaged_schema_text())
    return 0


def run_rules(args: argparse.Namespace) -> int:
    for rule in RULES.values():
        print(f"{rule.id}  {rule.name:<24} {rule.severity!s:<8} {rule.summary}")
    return 0


def run_rule(args: argparse.Namespace) -> int:
    rule = RULES.get(args.rule.upper()) or BY_NAME.get(args.rule.lower())
    if rule is None:
        raise UsageError(f"unknown rule {args.rule!r}; `postmortem-lint rules` lists them")
    print(f"{rule.id} {rule.name} (default severity: {rule.severity})\n")
    print(rule.summary)
    if rule.explanation:
        print(f"\n{rule.explanation}")
    if rule.options:
        print("\nOptions:")
        for key, value in rule.options.items():
            print(f"  {key}: {value!r}")
    print("\nFails:\n")
    print(_indent(rule.bad))
    print("Passes:\n")
    print(_indent(rule.good))
    return 0


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in text.splitlines())
