"""Postmortems staged in git, read from the index (what will be committed, not the working tree)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

from postmortem_lint.errors import UsageError

# The folders postmortems usually live in; `.pre-commit-hooks.yaml` uses the same pattern.
DEFAULT_FILES = (
    r"(?i)(^|/)(post-?mortems?|incidents?|incident-reviews?|incident-reports?|retrospectives?|rcas?)/"
    r".*\.(md|markdown)$"
)


def _git(*args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=True)
    except FileNotFoundError:
        raise UsageError("--staged needs git on PATH") from None
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {message[-1] if message else exc.returncode}") from None
    return done.stdout


def files(pattern: str | None = None) -> Iterator[tuple[str, bytes]]:
    """(path, staged content) of every added, copied, modified or renamed postmortem."""
    try:
        matcher = re.compile(pattern or DEFAULT_FILES)
    except re.error as exc:
        raise UsageError(f"--files is not a valid regular expression: {exc}") from None
    names = _git("diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z").decode("utf-8", "replace")
    for name in filter(None, names.split("\0")):
        if matcher.search(name):
            yield name, _git("show", f":{name}")
