"""The hook manifest agrees with the README and the command line."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from importlib.metadata import entry_points
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from tests.conftest import ROOT, Run


def hooks() -> list[dict[str, Any]]:
    manifest: list[dict[str, Any]] = YAML(typ="safe").load(ROOT / ".pre-commit-hooks.yaml")
    return manifest


def readme_yaml() -> Iterator[Any]:
    """Every ```yaml block of README.md, parsed: users paste them, so each must be valid YAML."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for block in re.finditer(r"^```ya?ml\n(.*?)^```", readme, re.MULTILINE | re.DOTALL):
        line = readme.count("\n", 0, block.start()) + 1
        try:
            yield YAML(typ="safe").load(block.group(1))
        except YAMLError as exc:
            pytest.fail(f"README.md:{line}: the yaml block does not parse: {exc}")


def hook_ids(node: Any) -> Iterator[str]:
    """The `id` of every item of every `hooks:` list in a parsed .pre-commit-config.yaml snippet."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "hooks" and isinstance(value, list):
                yield from (item["id"] for item in value if isinstance(item, dict) and "id" in item)
            yield from hook_ids(value)
    elif isinstance(node, list):
        for item in node:
            yield from hook_ids(item)


def test_every_hook_is_in_a_readme_config_snippet() -> None:
    documented = {hook_id for data in readme_yaml() for hook_id in hook_ids(data)}
    for hook in hooks():
        assert hook["id"] in documented, f"README.md has no ```yaml snippet with `- id: {hook['id']}`"


@pytest.mark.parametrize("hook", hooks(), ids=lambda hook: str(hook["id"]))
def test_every_entry_is_a_command_of_this_package(hook: dict[str, Any], run: Run) -> None:
    program, *argv = shlex.split(hook["entry"])
    [script] = entry_points(group="console_scripts", name=program)
    assert script.value == "postmortem_lint.cli:main"
    code, out, err = run(*argv, "--help")  # pre-commit appends the file names to `entry`
    assert (code, err) == (0, "")
    assert out.startswith(f"usage: postmortem-lint {' '.join(argv)} ")
