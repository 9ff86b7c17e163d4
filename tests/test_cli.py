"""The command line as users meet it: `main([...])`, exit codes and output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run

Write = Callable[[str, "str | bytes"], Path]


def test_complete_postmortem_passes(run: Run, write: Write, complete_postmortem: str) -> None:
    path = write("postmortems/ok.md", complete_postmortem)
    code, out, _ = run("check", str(path))
    assert code == 0
    assert out == "No problems found (1 file checked).\n"


def test_missing_section_is_an_error_at_the_title(run: Run, write: Write, complete_postmortem: str) -> None:
    text = complete_postmortem.replace("## What Worked Well\n", "## Notes\n")
    path = write("pm.md", text)
    code, out, _ = run("check", str(path))
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{path}:11:1: PM001 missing-section [error] ")
    assert '"What Worked Well"' in first
    assert out.splitlines()[-1] == "Found 1 error in 1 of 1 file checked."


def test_json_format_lists_findings_and_files(run: Run, write: Write, complete_postmortem: str) -> None:
    path = write("pm.md", complete_postmortem.replace("severity: SEV2", "severity: awful"))
    code, out, _ = run("check", "--format", "json", str(path))
    data = json.loads(out)
    assert code == 1
    assert data["version"] == 1
    assert data["files"] == [{"path": str(path), "tier": 2, "action_items": 2}]
    [finding] = data["findings"]
    assert finding["rule"] == "PM003" and finding["name"] == "invalid-field" and finding["line"] == 4
    assert set(finding) == {"path", "line", "column", "rule", "name", "severity", "message"}


def test_fail_on_warning_and_usage_errors(run: Run, write: Write) -> None:
    assert run("check")[0] == 2
    assert run("check", "--format", "xml", "x.md")[0] == 2
    assert run("rule", "PM999")[0] == 2


def test_unreadable_file_does_not_stop_the_others(run: Run, write: Write, complete_postmortem: str) -> None:
    bad = write("a/bad.md", b"# Title\n\xff\xfe broken\n")
    good = write("a/good.md", complete_postmortem)
    code, out, err = run("check", str(bad.parent))
    assert code == 1
    assert err == ""
    assert f"{bad}:2:1: PM000 unreadable [error] not valid UTF-8" in out
    assert str(good) not in out
    assert out.splitlines()[-1] == "Found 1 error in 1 of 2 files checked."


def test_actions_json(run: Run, write: Write, complete_postmortem: str) -> None:
    path = write("pm.md", complete_postmortem)
    code, out, _ = run("actions", "--format", "json", str(path))
    assert code == 0
    first = json.loads(out)["actions"][0]
    assert first == {
        "path": str(path),
        "line": 50,
        "id": first["id"],
        "owner": "@maria",
        "due": "2026-09-01",
        "text": "Add alert for payment-gateway queue depth above 200 for 5 minutes",
        "done": False,
        "issue": None,
        "status": "overdue",  # due 2026-09-01, before any day these tests run
    }


def test_new_writes_template_and_never_overwrites(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "postmortems"
    argv = ("new", "Checkout 502s!", "--tier", "1", "--dir", str(folder), "--date", "2026-08-19")
    code, out, _ = run(*argv)
    target = folder / "2026-08-19-checkout-502s.md"
    assert code == 0 and out.strip() == str(target)
    assert "tier: 1" in target.read_text()
    target.write_text("mine")
    code, _, err = run(*argv)
    assert code == 2 and "already exists" in err
    assert target.read_text() == "mine"


def test_schema_command_prints_the_packaged_schema(run: Run) -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_readme_sample_output_is_what_the_tool_prints(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ postmortem-lint check examples/\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    code, out, _ = run("check", "examples/")
    assert code == 1
    assert out == shown


def test_actions_text_lists_owner_due_and_summary(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run("actions", "examples/postmortems/2026-09-02-search-latency.md")
    assert code == 0
    assert out.splitlines() == [
        "examples/postmortems/2026-09-02-search-latency.md:37: [ ] Improve monitoring "
        "(no owner; no due date)",
        "examples/postmortems/2026-09-02-search-latency.md:38: [ ] Move the rebuild schedule into the job's "
        "config file with a CI check for off-peak hours (no owner; due 'next sprint', not a date)",
        "examples/postmortems/2026-09-02-search-latency.md:39: [ ] Add a runbook section on pausing the "
        "rebuild (@ana, @ben; 2026-09-20, overdue)",
        "3 action items (3 open, 1 overdue) in 1 file(s).",
    ]


def test_a_missing_path_is_a_usage_error(run: Run, write: Write, complete_postmortem: str) -> None:
    good = write("postmortems/good.md", complete_postmortem)
    for command in ("check", "actions"):
        code, out, err = run(command, str(good), "postmortems/nowhere.md")
        assert (code, out) == (2, ""), command
        assert err == "postmortem-lint: error: no such file or directory: postmortems/nowhere.md\n"


def test_a_folder_skips_its_readme_files_but_a_named_readme_is_checked(
    run: Run, write: Write, complete_postmortem: str
) -> None:
    folder = write("postmortems/2026-08-19-checkout.md", complete_postmortem).parent
    for name in ("README.md", "readme.md", "nested/Readme.md"):
        write(f"postmortems/{name}", "# Postmortems\n\nOne file per incident.\n")
    assert run("check", str(folder)) == (0, "No problems found (1 file checked).\n", "")
    code, out, _ = run("check", str(folder / "nested" / "Readme.md"))
    assert code == 1 and f"{folder / 'nested' / 'Readme.md'}:1:1: PM001 " in out
