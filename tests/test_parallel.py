"""Worker processes change nothing but the speed: same bytes out, same exit code, same order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postmortem_lint.engine.linter import FILES_PER_WORKER
from postmortem_lint.rules.examples import COMPLETE
from tests.conftest import Run


@pytest.mark.parametrize("output", ["text", "json", "sarif"])
def test_workers_give_the_serial_output(run: Run, tmp_path: Path, output: str) -> None:
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
    # a configuration with an extra schema: its validator must not stop the config reaching workers
    (tmp_path / "extra.schema.json").write_text(
        json.dumps({"properties": {"fields": {"required": ["ticket"]}}})
    )
    (tmp_path / ".postmortem-lint.yaml").write_text("schema: extra.schema.json\n")
    argv = ("check", "--no-cache", "--format", output, str(tmp_path))  # no cache: every file is checked
    runs = [run(*argv, "--jobs", jobs)[:2] for jobs in ("1", "3")]
    assert runs[0] == runs[1]
    assert runs[0][0] == 1 and "pretty bad" in runs[0][1] and "ticket" in runs[0][1]
