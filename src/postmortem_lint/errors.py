"""Errors the command line turns into one-line messages and exit code 2."""

from __future__ import annotations


class UsageError(Exception):
    """Bad arguments or configuration."""


class InternalError(Exception):
    """A bug met while checking one file; carries the file's name for the one-line report."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(path, detail)
        self.path = path
        self.detail = detail
