"""When each postmortem was first committed, from one `git log` call for all of them."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path


def first_commits(paths: Sequence[str]) -> dict[str, dt.date]:
    """`path` -> the date of the commit that added it; empty when the files are not in git (or git is
    missing). Renames are not followed: a moved postmortem counts from its move."""
    if not paths:
        return {}
    absolute = {str(Path(p).absolute()): p for p in paths}
    base = os.path.commonpath([str(Path(p).parent) for p in absolute])
    command = [
        "git", "-c", "core.quotePath=false", "log", "--diff-filter=A", "--no-renames", "--relative",
        "--format=%x00%cs", "--name-only", "--", ".",
    ]  # fmt: skip
    try:
        done = subprocess.run(command, cwd=base, capture_output=True, check=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, dt.date] = {}
    date: dt.date | None = None
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("\0"):
            date = dt.date.fromisoformat(line[1:])
        elif line and date is not None:
            path = absolute.get(str(Path(base, line)))
            if path is not None and (path not in found or date < found[path]):
                found[path] = date
    return found
