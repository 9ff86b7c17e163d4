"""Configuration: discovery, every key's effect, and errors with file and line (exit 2)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Write = Callable[[str, "str | bytes"], Path]


@pytest.fixture
def repo(tmp_path: Path, complete_postmortem: str) -> Path:
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "postmortems"
    folder.mkdir()
    (folder / "pm.md").write_text(complete_postmortem)
    return tmp_path


def test_yaml_config_found_by_walking_up(run: Run, repo: Path) -> None:
    (repo / ".postmortem-lint.yaml").write_text("rules:\n  PM201: error\nseverities: [P1, P2]\n")
    code, out, _ = run("check", str(repo / "postmortems" / "pm.md"))
    assert code == 1
    assert 'PM003 invalid-field [error] severity is "SEV2": expected one of P1, P2' in out


def test_pyproject_table_is_read(run: Run, repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.postmortem-lint]\nseverities = ["P2"]\n'
    )
    code, out, _ = run("check", str(repo / "postmortems"))
    assert code == 1 and "expected one of P2" in out


def test_search_stops_at_the_repository_root(run: Run, repo: Path, tmp_path: Path) -> None:
    inner = repo / "inner"
    inner.mkdir()
    (inner / ".git").mkdir()
    (inner / "pm.md").write_text((repo / "postmortems" / "pm.md").read_text())
    (repo / ".postmortem-lint.yaml").write_text("severities: [P2]\n")
    assert run("check", str(inner / "pm.md"))[0] == 0


def test_explicit_config_overrides_discovery(run: Run, repo: Path) -> None:
    (repo / ".postmortem-lint.yaml").write_text("severities: [P2]\n")
    other = repo / "other.yaml"
    other.write_text("rules:\n  PM900: off\n")
    assert run("check", "--config", str(other), str(repo / "postmortems"))[0] == 0
    code, _, err = run("check", "--config", str(repo / "missing.yaml"), str(repo / "postmortems"))
    assert code == 2 and "not found" in err


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("rules:\n  PM105: warning\ncolour: blue\n", 3, "unknown key 'colour'"),
        ("rules:\n  PM999: off\n", 2, "unknown rule 'PM999'"),
        ("rules:\n  PM107:\n    max-open: many\n", 3, 'expected a whole number, got "many"'),
        ("rules:\n  PM107:\n    maximum: 3\n", 3, "unknown option 'maximum'"),
        ("rules:\n  PM001:\n    severity: loud\n", 3, "unknown severity 'loud'"),
        ("themes: {a: 1}\n", 1, "expected a list of strings"),
        ("headings:\n  actions_todo: [Todo]\n", 2, "unknown section 'actions_todo'"),
        ("due-windows:\n  SEV1: soon\n", 2, "whole number of days"),
        ("tier-triggers:\n  duration: 5\n", 2, "unknown tier trigger 'duration'"),
        ("a: &x [1]\nb: *x\n", 1, "anchors and aliases"),
        ("rules: [\n", 2, "invalid YAML"),
    ],
)
def test_config_errors_name_file_and_line(
    run: Run, repo: Path, content: str, line: int, fragment: str
) -> None:
    config = repo / ".postmortem-lint.yaml"
    config.write_text(content)
    code, out, err = run("check", str(repo / "postmortems"))
    assert code == 2 and out == ""
    assert err.startswith(f"postmortem-lint: error: {config}:{line}: ")
    assert fragment in err


def test_rule_settings_change_severity_and_disable(run: Run, repo: Path) -> None:
    pm = repo / "postmortems" / "pm.md"
    pm.write_text(
        pm.read_text().replace(
            "- 18% of checkout requests failed with HTTP 502 for 47 minutes.", "- Checkout had issues."
        )
    )
    code, out, _ = run("check", str(pm))
    assert code == 1 and "PM201 impact-not-concrete [error]" in out
    (repo / ".postmortem-lint.yaml").write_text("rules:\n  impact-not-concrete: warning\n")
    code, out, _ = run("check", str(pm))
    assert code == 0 and "PM201 impact-not-concrete [warning]" in out
    (repo / ".postmortem-lint.yaml").write_text("rules:\n  PM201: {enabled: false}\n")
    assert "PM201" not in run("check", str(pm))[1]


def test_rule_option_changes_behaviour(run: Run, repo: Path) -> None:
    pm = repo / "postmortems" / "pm.md"
    pm.write_text(pm.read_text().replace("duration: 47 minutes", "duration: 55 minutes"))
    assert "PM204" not in run("check", str(pm))[1]
    (repo / ".postmortem-lint.yaml").write_text("rules:\n  PM204:\n    tolerance: 0.1\n")
    assert "PM204 duration-mismatch" in run("check", str(pm))[1]


def test_heading_aliases_extend_the_vocabulary(run: Run, repo: Path) -> None:
    pm = repo / "postmortems" / "pm.md"
    pm.write_text(pm.read_text().replace("## What Worked Well", "## Bright Spots"))
    assert '"What Worked Well"' in run("check", str(pm))[1]
    (repo / ".postmortem-lint.yaml").write_text("headings:\n  what_worked_well: [Bright spots]\n")
    assert run("check", str(pm))[0] == 0


def test_extra_schema_adds_requirements_at_the_right_line(run: Run, repo: Path) -> None:
    schema = {
        "properties": {
            "fields": {
                "required": ["customer_ticket"],
                "properties": {"duration": {"pattern": "^[0-9]+ minutes$"}},
            }
        }
    }
    (repo / "extra.schema.json").write_text(json.dumps(schema))
    (repo / ".postmortem-lint.yaml").write_text("schema: extra.schema.json\n")
    pm = repo / "postmortems" / "pm.md"
    pm.write_text(pm.read_text().replace("duration: 47 minutes", "duration: 47 min"))
    code, out, _ = run("check", str(pm))
    assert code == 1
    assert 'PM002 missing-field [error] missing field "customer_ticket"' in out
    assert f"{pm}:7:1: PM003 invalid-field" in out


def test_invalid_extra_schema_is_a_config_error(run: Run, repo: Path) -> None:
    (repo / "extra.schema.json").write_text('{"type": 12}')
    (repo / ".postmortem-lint.yaml").write_text("rules: {}\nschema: extra.schema.json\n")
    code, _, err = run("check", str(repo / "postmortems"))
    assert code == 2 and ":2: extra.schema.json: not a valid JSON Schema at /type (anyOf check)" in err


def test_config_command_prints_effective_settings(run: Run, repo: Path) -> None:
    (repo / ".postmortem-lint.yaml").write_text("rules:\n  PM204: {tolerance: 0.5, severity: error}\n")
    code, out, _ = run("config", str(repo / "postmortems"))
    assert code == 0
    assert f"source: {repo / '.postmortem-lint.yaml'}" in out
    block = out.split("  PM204:\n", 1)[1].split("  PM", 1)[0]
    assert "severity: error" in block and "tolerance: 0.5" in block


def test_deeply_nested_config_is_a_config_error(run: Run, repo: Path) -> None:
    config = repo / ".postmortem-lint.yaml"
    config.write_text("themes: " + "[" * 3000 + "]" * 3000 + "\n")
    code, _, err = run("check", str(repo / "postmortems"))
    assert code == 2
    assert err.startswith(f"postmortem-lint: error: {config}:1: the configuration is nested more than 20")
