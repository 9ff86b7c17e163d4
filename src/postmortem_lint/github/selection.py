"""Which changed files are postmortems, and checking them from the workspace checkout as data only.

File names come from the pull request, so a name is read only when it is a regular file inside the
workspace: not a symlink (a link to `/proc/self/environ` would put the job's environment into a
public comment), not reached through `..`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from postmortem_lint.engine.config import Config, ConfigFinder
from postmortem_lint.engine.linter import report_for
from postmortem_lint.engine.staged import DEFAULT_FILES
from postmortem_lint.findings import FileReport
from postmortem_lint.model import Document
from postmortem_lint.reader import read_path
from postmortem_lint.regex import compiled

_SPEC_SEPARATOR = compiled(r"[\n,]")  # between the patterns of the `files` input

MARKDOWN = (".md", ".markdown")


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


class PathFilter:
    """Glob patterns, one per line or comma-separated: `**` spans folders, `*` and `?` do not; a
    pattern without wildcards that is not a Markdown file names a folder (everything below it);
    `!pattern` excludes. Only Markdown files match. No patterns: the folders the git hooks use.
    """

    def __init__(self, spec: str = "") -> None:
        patterns = [p.strip() for p in _SPEC_SEPARATOR.split(spec) if p.strip()]
        self.include = [_glob(p) for p in patterns if not p.startswith("!")]
        self.exclude = [_glob(p[1:].strip()) for p in patterns if p.startswith("!")]
        if not self.include:
            self.include = [compiled(DEFAULT_FILES)]

    def __call__(self, path: str) -> bool:
        if not path.lower().endswith(MARKDOWN):
            return False
        return any(p.search(path) for p in self.include) and not any(p.search(path) for p in self.exclude)


def _glob(pattern: str) -> re.Pattern[str]:
    pattern = pattern.removeprefix("./").lstrip("/")
    if not any(c in pattern for c in "*?") and not pattern.lower().endswith(MARKDOWN):
        pattern = pattern.rstrip("/") + "/**"
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("^" + "".join(out) + "$")


@dataclass(frozen=True)
class Checked:
    """One changed postmortem: its report, the document it was read into, and its configuration."""

    report: FileReport
    document: Document
    config: Config

    @property
    def path(self) -> str:
        return self.report.path


def check_changed(
    workspace: Path, names: Sequence[str], config: str | None
) -> tuple[list[Checked], list[Skipped]]:
    """Check each named file (repository-relative) in `workspace`; results carry the given names."""
    root = workspace.resolve()
    finder = ConfigFinder(config, confine_to=root)
    checked: list[Checked] = []
    skipped: list[Skipped] = []
    for name in names:
        reason = _unreadable(root, name)
        if reason:
            skipped.append(Skipped(name, reason))
            continue
        local = str(root / name)
        settings = finder.for_file(local)
        document = read_path(local, settings.vocabulary, display=name)
        checked.append(Checked(report_for(document, settings), document, settings))
    return checked, skipped


def _unreadable(root: Path, name: str) -> str | None:
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        return "not a path inside the repository"
    local = root.joinpath(*parts)
    if local.is_symlink():
        return "a symbolic link; not read"
    try:
        inside = local.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        return "a symbolic link loop; not read"
    if not inside:
        return "outside the checkout (through a symbolic link); not read"
    if not local.is_file():
        return "not in the checkout (check out the pull request's head commit)"
    return None
