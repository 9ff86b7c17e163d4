"""`postmortem-lint install-hook`: install the plain git pre-commit hook (no pre-commit framework)."""

from __future__ import annotations

import argparse
import shlex
import stat
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from postmortem_lint.errors import UsageError

MARKER = "postmortem-lint plain git hook"


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "install-hook",
        help="install the plain git pre-commit hook",
        description="Install hooks/pre-commit into this repository's git hooks folder. An existing "
        "hook that is not ours is left alone unless --force.",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing pre-commit hook")
    parser.set_defaults(run=run)


def hook_text() -> str:
    return resources.files("postmortem_lint").joinpath("data/pre-commit-hook.sh").read_text()


def run(args: argparse.Namespace) -> int:
    try:
        hooks = subprocess.run(
            ["git", "rev-parse", "--git-path", "hooks"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise UsageError("not inside a git repository (or git is not installed)") from None
    target = Path(hooks) / "pre-commit"
    if target.exists() and MARKER not in target.read_text(errors="replace") and not args.force:
        raise UsageError(f"{target} exists and is not ours; use --force to replace it")
    text = hook_text().replace(
        'PYTHON="${POSTMORTEM_LINT_PYTHON:-}"',
        f'PYTHON="${{POSTMORTEM_LINT_PYTHON:-{shlex.quote(sys.executable)}}}"',
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    print(f"installed {target}")
    return 0
