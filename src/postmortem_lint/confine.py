"""Reading only inside one folder (the checkout, or `--confine-to DIR`): paths are judged after every
symbolic link is resolved, so neither `..` nor a link leads a read out of it."""

from __future__ import annotations

from pathlib import Path


class Outside(Exception):
    """Why a path may not be read; the message names no content (nothing was read)."""


def inside(path: Path, root: Path) -> Path:
    """`path` with every symbolic link resolved, if that is a regular file inside `root`."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a symlink loop (RuntimeError before Python 3.13)
        raise Outside("not found") from None
    if not resolved.is_relative_to(root.resolve()):
        raise Outside(f"outside {root} (through a symbolic link or ..); not read")
    if not resolved.is_file():
        raise Outside("not a regular file")
    return resolved
