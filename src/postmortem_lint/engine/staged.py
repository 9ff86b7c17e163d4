"""Postmortems staged in git, read from the index (what will be committed, not the working tree)."""

from __future__ import annotations

import posixpath
import re

from postmortem_lint.errors import UsageError

# The folders postmortems usually live in, at any depth (docs/postmortems/ too), minus README files
# (a folder's index page is not a postmortem). `.pre-commit-hooks.yaml` uses the same pattern.
DEFAULT_FILES = (
    r"(?i)(^|/)(post[-_]?mortems?|post[-_]?incident[-_]reviews?|incidents?|incident[-_]reviews?"
    r"|incident[-_]reports?|retrospectives?|rcas?)/(.*/)?(?!readme\.)[^/]+\.(md|markdown)$"
)

# Index entries that hold file content; symlinks (120000) and submodules (160000) are skipped,
# as the pre-commit framework skips them, and so are deletions (000000).
_REGULAR_MODES = (b"100644", b"100755")


def _git(*args: str, stdin: bytes | None = None) -> bytes:
    # Here, not at the top: `check` imports this module and only --staged calls git (subprocess is
    # about 4 ms of a one-file run's 100).
    import subprocess  # noqa: PLC0415

    try:
        done = subprocess.run(["git", *args], input=stdin, capture_output=True, check=True)
    except FileNotFoundError:
        raise UsageError("--staged needs git on PATH") from None
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git failed: {message[-1] if message else exc.returncode}") from None
    return done.stdout


def _staged_blobs() -> list[tuple[str, bytes]]:
    """(path from the repository root, blob id) of every staged file with content.

    `diff.relative` is overridden so paths are from the root even when run from a subfolder;
    --no-renames gives one path per entry (a rename is a deletion plus an addition); -z leaves
    names with spaces and non-ASCII characters unquoted. Git sets GIT_INDEX_FILE for
    `git commit -a` and `git commit PATH`, so the index read is the one being committed.
    """
    raw = _git(
        "-c", "diff.relative=false", "diff", "--cached", "--raw", "-z", "--no-renames", "--no-abbrev",
        "--diff-filter=d",
    )  # fmt: skip
    fields = raw.split(b"\0")  # metadata, path, metadata, path, ..., "" (after the last NUL)
    blobs = []
    for meta, name in zip(fields[0::2], fields[1::2], strict=False):
        _, mode, _, blob, _ = meta.split(b" ")
        if mode in _REGULAR_MODES:
            blobs.append((name.decode("utf-8", "replace"), blob))
    return blobs


def _contents(blobs: list[bytes]) -> list[bytes]:
    """The blobs' content, read by one `git cat-file --batch` whatever their number."""
    out = _git("cat-file", "--batch", stdin=b"".join(blob + b"\n" for blob in blobs))
    contents: list[bytes] = []
    at = 0
    for _ in blobs:
        end = out.index(b"\n", at)
        size = int(out[at:end].split(b" ")[2])
        contents.append(out[end + 1 : end + 1 + size])
        at = end + 1 + size + 1  # the content is followed by a newline
    return contents


def files(pattern: str | None = None) -> list[tuple[str, bytes]]:
    """(path, staged content) of every staged postmortem: added, copied, modified or renamed."""
    try:
        matcher = re.compile(pattern or DEFAULT_FILES)
    except re.error as exc:
        raise UsageError(f"--files is not a valid regular expression: {exc}") from None
    # The pattern sees paths from the repository root, as pre-commit's `files:` does; the paths
    # reported (and used to find each file's configuration) are from the working directory.
    prefix = _git("rev-parse", "--show-prefix").decode("utf-8", "replace").rstrip("\n")
    wanted = [(path, blob) for path, blob in _staged_blobs() if matcher.search(path)]
    if not wanted:
        return []
    contents = _contents([blob for _, blob in wanted])
    return [
        (posixpath.relpath(path, prefix) if prefix else path, content)
        for (path, _), content in zip(wanted, contents, strict=True)
    ]
