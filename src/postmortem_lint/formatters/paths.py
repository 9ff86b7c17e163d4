"""File paths as CI services want them: relative to the checkout, with forward slashes."""

from __future__ import annotations

from pathlib import Path


def checkout_relative(path: str) -> str:
    """`path` relative to the working directory (the checkout root in CI) if it lies below it.

    GitHub matches annotations and code-scanning locations against repository-relative paths, so an
    absolute path under the checkout is made relative; one outside it stays absolute. The resolved
    path is tried too, for a checkout reached through a symlink (macOS's /var is /private/var).
    """
    given = Path(path)
    if not given.is_absolute():
        return given.as_posix()
    root = Path.cwd()
    for candidate in (given, given.resolve()):
        if candidate.is_relative_to(root):
            return candidate.relative_to(root).as_posix()
    return given.as_posix()
