"""Which postmortems a pull request or a merge changed.

A merged pull request lists its files. A push compares `before..after`: from the checkout's own git
history when it has both commits (a `fetch-depth: 0` checkout; no API request), else with GitHub's
compare API. The first push of a branch (a zero `before`) has nothing to compare with, so every
postmortem in the checkout counts. After a force-push `before` may be gone from GitHub too; the files
the push payload's commits touched are used then. Removed files are never listed; a renamed one keeps
its old name, so the issues opened under it are still found.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from postmortem_lint.github.client import GitHubClient, GitHubError
from postmortem_lint.github.events import Merge
from postmortem_lint.github.selection import PathFilter

PULLS_READ = "pull-requests: read"
CONTENTS_READ = "contents: read"
COMPARE_FILES = 300  # GitHub lists at most this many files of a comparison
_GIT_TIMEOUT = 60


@dataclass(frozen=True)
class Changed:
    path: str
    status: str = "modified"  # GitHub's words: added, modified, renamed, copied, changed
    previous: str | None = None  # the name before a rename


def pull_files(
    client: GitHubClient, repository: str, number: int, wanted: PathFilter
) -> tuple[list[Changed], int]:
    """The pull request's added or changed files that `wanted` selects, and how many GitHub listed."""
    changed: list[Changed] = []
    listed = 0
    for entry in client.paginate(f"/repos/{repository}/pulls/{number}/files", permission=PULLS_READ):
        listed += 1
        found = _entry(entry)
        if found is not None and wanted(found.path):
            changed.append(found)
    return changed, listed


def merged_files(
    client: GitHubClient, repository: str, merge: Merge, workspace: Path, wanted: PathFilter
) -> tuple[list[Changed], list[str]]:
    """The postmortems `merge` added or changed, and notes for the summary on how they were found."""
    if merge.pull_number is not None:
        files, _ = pull_files(client, repository, merge.pull_number, wanted)
        return files, []
    if merge.before is None:
        every = [Changed(name, "added") for name in _checkout_files(workspace) if wanted(name)]
        return every, ["The first push of the branch: every postmortem in the checkout counts as changed."]
    local = _git_diff(workspace, merge.before, merge.sha)
    if local is not None:
        return [c for c in local if wanted(c.path)], []
    try:
        comparison = client.get(
            f"/repos/{repository}/compare/{merge.before}...{merge.sha}",
            {"per_page": 1},  # commits per page; the files of the whole comparison come on page 1
            permission=CONTENTS_READ,
        )
    except GitHubError as exc:
        if exc.status != 404 or not merge.forced:
            raise
        pushed = [Changed(name) for name in merge.pushed if wanted(name)]
        note = (
            f"The commit before this force-push ({merge.before[:7]}) is gone; the postmortems the pushed "
            "commits touched were read instead."
        )
        return pushed, [note]
    entries = comparison.get("files") if isinstance(comparison, dict) else None
    files = [c for c in map(_entry, entries or []) if c is not None and wanted(c.path)]
    notes = []
    if len(entries or []) >= COMPARE_FILES:
        notes.append(
            f"GitHub lists at most {COMPARE_FILES} files of a comparison, and this push changed at least as "
            "many; postmortems beyond them were not read. A checkout with `fetch-depth: 0` lets the Action "
            "compare from the local history instead."
        )
    return files, notes


def _entry(entry: object) -> Changed | None:
    """A diff entry of the API, unless it is a removal."""
    if not isinstance(entry, dict):
        return None
    name, status = entry.get("filename"), entry.get("status")
    if not isinstance(name, str) or status == "removed":
        return None
    previous = entry.get("previous_filename")
    return Changed(name, str(status), previous if isinstance(previous, str) else None)


def checkout_head(workspace: Path) -> str | None:
    """The commit the checkout is at, or None when git cannot tell (no repository, no git)."""
    found = _git(workspace, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    return found.decode("ascii", "replace").strip() if found is not None else None


def _git(workspace: Path, *args: str) -> bytes | None:
    """`git args` in the checkout (never in a repository above it): its output, or None on failure."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    environment.update(GIT_OPTIONAL_LOCKS="0", GIT_CEILING_DIRECTORIES=str(workspace.resolve().parent))
    try:
        done = subprocess.run(
            ["git", "-C", str(workspace), *args],
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
            env=environment,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _git_diff(workspace: Path, before: str, after: str) -> list[Changed] | None:
    """`git diff before after` in the checkout, or None when it cannot tell (a shallow clone, no git)."""
    output = _git(workspace, "diff", "--no-ext-diff", "--name-status", "-z", "-M", before, after)
    if output is None:
        return None
    fields = output.decode("utf-8", "surrogateescape").split("\0")
    changed: list[Changed] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index][:1]
        if status in "RC":
            old, new = fields[index + 1], fields[index + 2]
            changed.append(
                Changed(new, "renamed" if status == "R" else "copied", old if status == "R" else None)
            )
            index += 3
            continue
        name = fields[index + 1]
        if status != "D":
            changed.append(Changed(name, "added" if status == "A" else "modified"))
        index += 2
    return changed


def _checkout_files(workspace: Path) -> list[str]:
    """Every file of the checkout, as a repository path, outside hidden folders."""
    names: list[str] = []
    for root, dirs, files in os.walk(workspace):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        folder = Path(root).relative_to(workspace)
        names.extend((folder / name).as_posix() for name in sorted(files))
    return names
