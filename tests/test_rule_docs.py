"""Every rule documents itself, and its examples are run: the bad one fires it, the good one does not."""

from __future__ import annotations

import re

import pytest

from postmortem_lint.rules import MODULES, RULES, Rule
from tests.conftest import ROOT, Run
from tests.lint import findings

ALL = list(RULES.values())


@pytest.mark.parametrize("rule", ALL, ids=[r.id for r in ALL])
def test_rule_is_documented(rule: Rule) -> None:
    assert re.fullmatch(r"PM\d{3}", rule.id)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
    assert rule.summary.endswith("."), "the docstring's first line is a one-sentence summary"
    assert len(rule.explanation) > 40, "the docstring explains the rule and how to fix a finding"
    assert rule.bad.strip() and rule.good.strip() and rule.bad != rule.good


@pytest.mark.parametrize("rule", ALL, ids=[r.id for r in ALL])
def test_bad_example_fires_and_good_example_does_not(rule: Rule) -> None:
    assert findings(rule.bad, rule.id), f"{rule.id}'s failing example does not fire it"
    assert findings(rule.good, rule.id) == [], f"{rule.id}'s passing example fires it"


@pytest.mark.parametrize("rule", ALL, ids=[r.id for r in ALL])
def test_rule_command_prints_docs_and_examples(run: Run, rule: Rule) -> None:
    code, out, _ = run("rule", rule.id)
    assert code == 0
    assert out.startswith(f"{rule.id} {rule.name} (default severity: {rule.severity})")
    assert "Fails" in out
    assert run("rule", rule.name)[1] == out


def test_rules_command_lists_every_rule(run: Run) -> None:
    code, out, _ = run("rules")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == list(RULES)


def test_readme_lists_every_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [r.id for r in ALL if f"| {r.id} | {r.name} |" not in readme]
    assert missing == [], f"README rule table lacks {missing}"


def test_rule_modules_are_all_registered() -> None:
    folder = ROOT / "src" / "postmortem_lint" / "rules"
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__", "base", "examples"}
    assert modules == {module.__name__.rpartition(".")[2] for module in MODULES}
    assert len(RULES) == len(MODULES)


def test_docs_rules_md_is_generated_from_the_code(run: Run) -> None:
    code, out, _ = run("rules", "--format", "markdown")
    assert code == 0
    for rule in ALL:
        assert f"\n## {rule.id} {rule.name}\n" in out
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == out, "docs/rules.md is stale: postmortem-lint rules --format markdown > docs/rules.md"
