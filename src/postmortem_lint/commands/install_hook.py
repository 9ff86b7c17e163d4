"""`postmortem-lint install-hook`: install the plain git pre-commit hook (no pre-commit framework)."""

from __future__ import annotations

import argparse
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

from postmortem_lint import packaged
from postmortem_lint.errors import UsageError
from postmortem_lint.regex import compiled

_SHELL_SPECIAL = compiled(r'(["\\$`])')  # special inside a shell's double quotes

MARKER = "postmortem-lint plain git hook"
# The hook's interpreter line; the installed copy defaults to the interpreter running this command,
# so the hook finds postmortem-lint even when its virtualenv is not on PATH.
PYTHON_LINE = 'PYTHON="${POSTMORTEM_LINT_PYTHON:-}"'


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "install-hook",
        help="install the plain git pre-commit hook",
        description="Install hooks/pre-commit into this repository's git hooks folder (core.hooksPath "
        "if set). It checks the staged postmortems on every commit. An existing hook that is not "
        "ours is left alone unless --force.",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing pre-commit hook")
    parser.set_defaults(run=run)


def hook_text(python: str) -> str:
    """The hook script with `python` as its default interpreter."""
    text = packaged.text("data/pre-commit-hook.sh")
    quoted = _SHELL_SPECIAL.sub(r"\\\1", python)  # inside the line's double quotes
    return text.replace(PYTHON_LINE, f'PYTHON="${{POSTMORTEM_LINT_PYTHON:-{quoted}}}"')


def _is_ours(hook: Path) -> bool:
    try:
        return MARKER in hook.read_text(errors="replace")
    except OSError:  # a dangling symlink, a folder
        return False


def run(args: argparse.Namespace) -> int:
    try:
        hooks = subprocess.run(
            ["git", "rev-parse", "--git-path", "hooks"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise UsageError("not inside a git repository (or git is not installed)") from None
    target = Path(hooks) / "pre-commit"
    present = target.is_symlink() or target.exists()
    if present and not args.force and not _is_ours(target):
        raise UsageError(
            f"{target} exists and is not postmortem-lint's hook; use --force to replace it, "
            "or add `postmortem-lint check --staged` to it"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Replace a symlink rather than write through it (into a checked-in hooks/pre-commit, say).
        target.unlink(missing_ok=True)
        target.write_text(hook_text(Path(sys.executable).as_posix()))
        target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    print(f"installed {target}")
    return 0
