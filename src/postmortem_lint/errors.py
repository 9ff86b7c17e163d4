"""Errors the command line turns into one-line messages and exit code 2."""

from __future__ import annotations


class UsageError(Exception):
    """Bad arguments or configuration."""


DETAIL_LIMIT = 200


def describe(exc: BaseException) -> str:
    """An exception as one line of at most DETAIL_LIMIT characters (its text may quote a whole file line)."""
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())
    return detail if len(detail) <= DETAIL_LIMIT else detail[: DETAIL_LIMIT - 3] + "..."


class InternalError(Exception):
    """A bug met while checking one file; carries the file's name for the one-line report."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(path, detail)
        self.path = path
        self.detail = detail
