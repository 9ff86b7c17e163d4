"""The layers contract: the package's imports follow the pipeline and form no cycle.

Read from the source (every `import` and `from ... import` that runs, at the top of a module or inside a
function; imports under `if TYPE_CHECKING:` only name types and never run). A module may import from its
own group and from the groups of lower layers, never from a higher layer or from another group of its
own layer. Lowest first:

    model      the document model, findings and the small pieces everything reads (dates, markup, ...)
    reader     bytes to the model (reader/, with the vocabulary and durations)
    schema, rules   the checks (schema/, rules/ with the family helpers in rules/support/)
    engine     engine/: linter, cache, config, suppression, staged files
    formatters findings to text, JSON, SARIF, GitHub annotations
    github, followup   GitHub and the follow-up report (either may use the other)
    commands   the command line
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "postmortem_lint"

# (layer, group, module name prefixes below postmortem_lint); a module belongs to its longest prefix.
GROUPS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        0,
        "model",
        (
            "__init__",
            "model",
            "findings",
            "errors",
            "dates",
            "markup",
            "regex",
            "packaged",
            "confine",
            "private_files",
        ),
    ),
    (1, "reader", ("reader",)),
    (2, "schema, rules", ("schema", "rules")),
    (3, "engine", ("engine",)),
    (4, "formatters", ("formatters",)),
    (5, "github, followup", ("github", "followup")),
    (6, "commands", ("commands", "cli", "__main__")),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def group_of(module: str) -> tuple[int, str]:
    matches = [
        (len(prefix), layer, group)
        for layer, group, prefixes in GROUPS
        for prefix in prefixes
        if module == prefix or module.startswith(prefix + ".")
    ]
    assert matches, f"postmortem_lint.{module} is in no layer: add it to GROUPS in {__file__}"
    _, layer, group = max(matches)
    return layer, group


def _runtime_imports(nodes: Iterable[ast.AST]) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in nodes:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from _runtime_imports(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        yield from _runtime_imports(ast.iter_child_nodes(node))


def imports(module: str) -> set[str]:
    """The package's modules that `module` imports when it runs."""
    path = MODULES[module]
    found: set[str] = set()
    for node in _runtime_imports([ast.parse(path.read_text(encoding="utf-8"))]):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:  # relative: from the module's package
                package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [base])])
                base = f"postmortem_lint.{base}".rstrip(".")
            names = [f"{base}.{alias.name}" for alias in node.names]
            names = [n if n.removeprefix("postmortem_lint.") in MODULES else base for n in names]
        for name in names:
            if name == "postmortem_lint" or name.startswith("postmortem_lint."):
                found.add(_known(name.removeprefix("postmortem_lint").lstrip(".") or "__init__"))
    found.discard(module)
    return found


def _known(name: str) -> str:
    """The module an imported name lives in (`a.b.C` -> `a.b`)."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


GRAPH = {module: imports(module) for module in MODULES}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_the_layers(module: str) -> None:
    layer, group = group_of(module)
    wrong = []
    for target in sorted(GRAPH[module]):
        target_layer, target_group = group_of(target)
        if target_group != group and target_layer >= layer:
            wrong.append(f"{target} ({target_group})")
    assert wrong == [], f"{module} ({group}) imports from its own layer or above: {wrong}"


def test_no_import_cycles() -> None:
    """Tarjan's strongly connected components: any with two modules or more is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in GRAPH[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    assert cycles == []


def test_the_contract_sees_imports_a_cycle_would_use() -> None:
    """The reader of imports itself: function-level imports count, TYPE_CHECKING ones do not."""
    assert "engine.config" in GRAPH["engine.linter"]
    assert "rules" in GRAPH["engine.config"]
    assert "engine.config" not in GRAPH["schema.validate"]  # named for its type only
    assert {"commands.check", "commands.common"} & GRAPH["commands.check"] == {"commands.common"}
    assert "engine.staged" in GRAPH["commands.check"]  # imported inside a function
