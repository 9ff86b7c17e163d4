"""Output formats (`check --format text|json|github|sarif`) as users and CI services read them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from jsonschema import Draft4Validator, FormatChecker

from postmortem_lint.findings import FileReport, Finding, Severity
from postmortem_lint.formatters import json_format, sarif, text, workflow_commands
from postmortem_lint.model import Problem
from postmortem_lint.rules import RULES, Context, Rule
from tests.conftest import Run

Write = Callable[[str, "str | bytes"], Path]

SCHEMA_PATH = Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json"
# PM003 (invalid-field) as a warning and PM002 (missing-field) as info, so one file shows all three.
MIXED_CONFIG = "rules:\n  PM003: warning\n  PM002: info\n"
# RFC 3986 characters; anything else (a space, say) must be percent-encoded in a URI.
_URI_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def mixed(complete: str) -> str:
    """A postmortem with an error (PM001), an invalid field (PM003) and a missing field (PM002)."""
    return (
        complete.replace("severity: SEV2", "severity: awful")
        .replace("date: 2026-08-19\n", "")
        .replace("## What Worked Well\n", "## Notes\n")
    )


def finding(path: str, line: int, severity: Severity = Severity.ERROR, message: str = "m") -> Finding:
    return Finding(path, line, 1, "PM003", "invalid-field", severity, message)


def report(path: str, *findings: Finding) -> FileReport:
    return FileReport(path, 2, (), findings)


def _uri_reference(value: object) -> bool:
    return not isinstance(value, str) or _URI_CHARS.fullmatch(value) is not None


def _uri(value: object) -> bool:
    return not isinstance(value, str) or (_uri_reference(value) and _SCHEME.match(value) is not None)


@pytest.fixture(scope="module")
def sarif_validator() -> Draft4Validator:
    """The official SARIF 2.1.0 schema, with its `uri` and `uri-reference` formats enforced."""
    checker = FormatChecker()
    checker.checks("uri")(_uri)
    checker.checks("uri-reference")(_uri_reference)
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=checker)


def schema_errors(validator: Draft4Validator, log: Mapping[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


@pytest.fixture
def mixed_config(write: Write) -> str:
    return str(write("config/.postmortem-lint.yaml", MIXED_CONFIG))


# --- text ---------------------------------------------------------------------------------------


def test_text_without_findings_is_one_summary_line(run: Run, write: Write, complete_postmortem: str) -> None:
    one = write("a.md", complete_postmortem)
    two = write("b.md", complete_postmortem)
    assert run("check", str(one)) == (0, "No problems found (1 file checked).\n", "")
    assert run("check", "--format", "text", str(one), str(two)) == (
        0,
        "No problems found (2 files checked).\n",
        "",
    )


def test_text_lists_each_severity_then_counts_them(
    run: Run, write: Write, complete_postmortem: str, mixed_config: str
) -> None:
    bad = write("bad.md", mixed(complete_postmortem))
    good = write("good.md", complete_postmortem)
    code, out, _ = run("check", "--config", mixed_config, str(bad), str(good))
    assert code == 1
    *lines, last = out.splitlines()
    assert [line.split(" ", 3)[:3] for line in lines] == [
        [f"{bad}:3:1:", "PM003", "invalid-field"],
        [f"{bad}:10:1:", "PM001", "missing-section"],
        [f"{bad}:12:1:", "PM002", "missing-field"],
    ]
    assert [line.split(" ")[3] for line in lines] == ["[warning]", "[error]", "[info]"]
    assert lines[0].endswith(
        "severity is \"awful\": expected one of SEV1, SEV2, SEV3, SEV4 ('SEV-2' and 'sev 2' are read as SEV2)"
    )
    assert last == "Found 1 error, 1 warning, 1 info in 1 of 2 files checked."


def test_text_summary_counts_plurals_and_affected_files() -> None:
    reports = [
        report("a.md", finding("a.md", 1), finding("a.md", 2), finding("a.md", 3, Severity.WARNING)),
        report("b.md", *(finding("b.md", n, Severity.INFO) for n in (1, 2))),
        report("c.md"),
    ]
    assert text.summary(reports) == "Found 2 errors, 1 warning, 2 info in 2 of 3 files checked."
    assert text.summary([report("a.md", finding("a.md", 4, Severity.WARNING))]) == (
        "Found 1 warning in 1 of 1 file checked."
    )
    assert text.render([]) == "No problems found (0 files checked).\n"


# --- json ---------------------------------------------------------------------------------------


def test_json_sorts_findings_by_path_then_line_across_files(
    run: Run, write: Write, complete_postmortem: str, mixed_config: str
) -> None:
    later = write("z/later.md", mixed(complete_postmortem))
    earlier = write("a/earlier.md", complete_postmortem.replace("severity: SEV2", "severity: awful"))
    code, out, _ = run("check", "--format", "json", "--config", mixed_config, str(later), str(earlier))
    data = json.loads(out)
    assert code == 1
    assert data["version"] == 1
    assert [(f["path"], f["line"], f["rule"], f["severity"]) for f in data["findings"]] == [
        (str(earlier), 4, "PM003", "warning"),
        (str(later), 3, "PM003", "warning"),
        (str(later), 10, "PM001", "error"),
        (str(later), 12, "PM002", "info"),
    ]
    assert all(
        set(f) == {"path", "line", "column", "rule", "name", "severity", "message"} for f in data["findings"]
    )
    # files stay in the order they were checked, with what was read from each
    assert data["files"] == [
        {"path": str(later), "tier": 2, "action_items": 2},
        {"path": str(earlier), "tier": 2, "action_items": 2},
    ]


def test_json_orders_lines_as_numbers() -> None:
    data = json.loads(json_format.render([report("b.md", finding("b.md", 10), finding("b.md", 9))]))
    assert [f["line"] for f in data["findings"]] == [9, 10]
    assert json.loads(json_format.render([])) == {"version": 1, "findings": [], "files": []}


# --- github -------------------------------------------------------------------------------------


def test_github_escapes_data_and_properties() -> None:
    tricky = Finding(
        "dir,with:odd/100%3A pm.md",
        7,
        2,
        "PM003",
        "invalid-field",
        Severity.WARNING,
        'severity is "100%": fix it\r\n::error::not a command, really',
    )
    assert workflow_commands.command(tricky) == (
        "::warning file=dir%2Cwith%3Aodd/100%253A pm.md,line=7,col=2,title=PM003 invalid-field"
        '::severity is "100%25": fix it%0D%0A::error::not a command, really'
    )


def test_github_annotations_from_the_cli(
    run: Run,
    write: Write,
    complete_postmortem: str,
    *,
    mixed_config: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pm = write(
        "odd, folder: 1/pm.md", mixed(complete_postmortem).replace("severity: awful", "severity: 100%")
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check", "--format", "github", "--config", mixed_config, str(pm))
    assert code == 1
    *commands, last = out.splitlines()
    # the absolute path is made relative to the working directory (the checkout in CI)
    file_property = "file=odd%2C folder%3A 1/pm.md"
    assert commands == [
        f'::warning {file_property},line=3,col=1,title=PM003 invalid-field::severity is "100%25": '
        "expected one of SEV1, SEV2, SEV3, SEV4 ('SEV-2' and 'sev 2' are read as SEV2)",
        f"::error {file_property},line=10,col=1,title=PM001 missing-section::"
        'missing section "What Worked Well" (also read as: what went well, what went right, '
        "things that went well): tier 2 needs it",
        f"::notice {file_property},line=12,col=1,title=PM002 missing-field::"
        'missing field "date": tier 2 needs it; write "- Date: ..." under the summary '
        "or `date:` in front matter",
    ]
    assert last == "Found 1 error, 1 warning, 1 info in 1 of 1 file checked."


def test_github_without_findings_prints_only_the_summary(
    run: Run, write: Write, complete_postmortem: str
) -> None:
    pm = write("pm.md", complete_postmortem)
    assert run("check", "--format", "github", str(pm)) == (0, "No problems found (1 file checked).\n", "")


# --- sarif --------------------------------------------------------------------------------------


def test_sarif_schema_file_is_the_official_one() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["id"] == sarif.SCHEMA_URI
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert (SCHEMA_PATH.parent / "SOURCE.md").is_file()


def test_sarif_validation_catches_broken_logs(sarif_validator: Draft4Validator) -> None:
    """The checks below would prove nothing if this validator let everything through."""
    log = json.loads(sarif.render([report("pm.md", finding("pm.md", 3))]))
    assert schema_errors(sarif_validator, log) == []
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    location["artifactLocation"]["uri"] = "my postmortems/pm.md"
    location["region"]["startLine"] = 0
    del log["runs"][0]["results"][0]["message"]
    assert len(schema_errors(sarif_validator, log)) == 3


def test_sarif_without_findings_is_valid(
    run: Run, write: Write, complete_postmortem: str, sarif_validator: Draft4Validator
) -> None:
    pm = write("pm.md", complete_postmortem)
    code, out, _ = run("check", "--format", "sarif", str(pm))
    log = json.loads(out)
    assert code == 0
    assert schema_errors(sarif_validator, log) == []
    assert log["$schema"] == sarif.SCHEMA_URI and log["version"] == "2.1.0"
    [run_] = log["runs"]
    assert run_["results"] == []
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == list(RULES)


def test_sarif_with_findings_is_valid_and_code_scanning_ready(
    run: Run,
    write: Write,
    complete_postmortem: str,
    *,
    mixed_config: str,
    sarif_validator: Draft4Validator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spaced = write("my postmortems/pm 1.md", mixed(complete_postmortem))
    other = write("other.md", complete_postmortem.replace("severity: SEV2", "severity: awful"))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(
        "check", "--format", "sarif", "--config", mixed_config, "my postmortems/pm 1.md", str(other)
    )
    log = json.loads(out)
    assert code == 1
    assert schema_errors(sarif_validator, log) == []
    [run_] = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    results = run_["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("PM003", "warning"),
        ("PM001", "error"),
        ("PM002", "note"),
        ("PM003", "warning"),
    ]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    # relative to the checkout, forward slashes, percent-encoded (code scanning decodes them)
    assert uris == ["my%20postmortems/pm%201.md"] * 3 + ["other.md"]
    assert unquote(uris[0]) == spaced.relative_to(tmp_path).as_posix()
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [3, 10, 12, 4]


def test_sarif_path_outside_the_checkout_is_a_file_uri(
    write: Write, complete_postmortem: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = write("elsewhere/pm #1.md", complete_postmortem)
    write("checkout/README.md", "")
    monkeypatch.chdir(tmp_path / "checkout")
    uri = sarif.artifact_uri(str(outside))
    assert uri == outside.as_uri() and uri.startswith("file:///") and "%20%231.md" in uri
    assert sarif.artifact_uri("./docs/../pm.md") == "docs/../pm.md"


def test_sarif_lists_every_rule_with_help(sarif_validator: Draft4Validator) -> None:
    log = json.loads(sarif.render([]))
    assert schema_errors(sarif_validator, log) == []
    descriptors = log["runs"][0]["tool"]["driver"]["rules"]
    assert [d["id"] for d in descriptors] == list(RULES)
    for descriptor, rule in zip(descriptors, RULES.values(), strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert 0 < len(descriptor["fullDescription"]["text"]) <= sarif.DESCRIPTION_LIMIT
        assert descriptor["help"]["text"].startswith(rule.summary)
        assert f"postmortem-lint rule {rule.id}" in descriptor["help"]["text"]
        assert descriptor["help"]["markdown"].startswith(f"**{rule.id} {rule.name}**")
        assert descriptor["helpUri"].startswith("https://")
        assert descriptor["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning"}.get(
            str(rule.severity), "note"
        )


def _no_problems(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    yield from ()


def test_sarif_rule_text_is_unwrapped_and_clipped() -> None:
    doc = "Says why.\n\nA hard-wrapped\nparagraph.\n\n- one item\n- another\n\n" + "word " * 300
    rule = Rule("PM999", "long-doc", Severity.INFO, _no_problems, doc, bad="", good="")
    descriptor = sarif.rule_descriptor(rule)
    full = descriptor["fullDescription"]["text"]
    assert full.startswith("A hard-wrapped paragraph.\n\n- one item\n- another\n\nword word")
    assert len(full) <= sarif.DESCRIPTION_LIMIT and full.endswith("word…")
    assert descriptor["defaultConfiguration"] == {"level": "note"}
    assert descriptor["properties"]["problem.severity"] == "recommendation"
