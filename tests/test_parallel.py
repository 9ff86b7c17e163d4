"""Worker processes change nothing but the speed: same bytes out, same exit code, same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem_lint.cli import main
from postmortem_lint.linter import FILES_PER_WORKER
from postmortem_lint.rules.examples import COMPLETE


@pytest.mark.parametrize("output", ["text", "json", "sarif"])
def test_workers_give_the_serial_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    variants = [
        COMPLETE,
        COMPLETE.replace("severity: SEV2", "severity: pretty bad"),
        COMPLETE.replace("## Impact\n", "## Effects\n"),
        COMPLETE.replace(" — @maria", ""),
        "---\nbase: &b {sev: SEV2}\n---\n# Aliased\n",
    ]
    for i in range(FILES_PER_WORKER * 3):
        (tmp_path / f"team{i % 3}" / f"{i:03d}.md").parent.mkdir(exist_ok=True)
        (tmp_path / f"team{i % 3}" / f"{i:03d}.md").write_text(variants[i % len(variants)])
    runs = []
    for jobs in ("1", "3"):
        code = main(["check", "--jobs", jobs, "--format", output, str(tmp_path)])
        runs.append((code, capsys.readouterr().out))
    assert runs[0] == runs[1]
    assert runs[0][0] == 1 and "pretty bad" in runs[0][1]
