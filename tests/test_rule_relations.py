"""Rules know each other through their modules, never by a rule ID written as a string elsewhere.

A rule's ID is written once, as the `id=` of the `Rule` in its own module; the linter, the schema, the
reader and the other rules reach it as `module.RULE` (or a rule's `defers_to`, `meta`). A string
"PM001" anywhere else would go stale silently when a rule is renumbered.
"""

from __future__ import annotations

import ast
import re

from tests.test_layers import MODULES

_RULE_ID = re.compile(r"PM\d{3}")


def _literal_ids(tree: ast.AST) -> list[ast.Constant]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _RULE_ID.fullmatch(node.value)
    ]


def _declared_ids(tree: ast.AST) -> list[ast.Constant]:
    """The `id="PM..."` of each `Rule(...)` call in the module."""
    return [
        keyword.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Rule"
        for keyword in node.keywords
        if keyword.arg == "id" and isinstance(keyword.value, ast.Constant)
    ]


def test_a_rule_id_is_written_only_where_its_rule_is_declared() -> None:
    stray = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        declared = {id(node) for node in _declared_ids(tree)} if name.startswith("rules.") else set()
        stray += [
            f"{name}:{node.lineno}: {node.value!r}" for node in _literal_ids(tree) if id(node) not in declared
        ]
    assert stray == []


def test_the_check_finds_an_id_written_outside_its_rule() -> None:
    tree = ast.parse('UNREADABLE = "PM000"\nRULE = Rule(id="PM001", name="missing-section")\n')
    assert [node.value for node in _literal_ids(tree)] == ["PM000", "PM001"]
    assert [node.value for node in _declared_ids(tree)] == ["PM001"]
