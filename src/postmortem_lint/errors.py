"""Errors the command line turns into one-line messages and exit code 2."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class UsageError(Exception):
    """Bad arguments or configuration."""


def read_json(path: Path, shown: str) -> Any:
    """The JSON in the file at `path`; a UsageError naming it as `shown` (with the line of a syntax
    error) when it cannot be read, is not UTF-8 or is not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {shown}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"cannot read {shown}: not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{shown}:{exc.lineno}: invalid JSON: {exc.msg}") from None


DETAIL_LIMIT = 200


def error_line(exc: BaseException) -> str:
    """An exception as one line of at most DETAIL_LIMIT characters (its text may quote a whole file line)."""
    detail = " ".join(redact(f"{type(exc).__name__}: {exc}").split())  # redacted before it is cut
    return detail if len(detail) <= DETAIL_LIMIT else detail[: DETAIL_LIMIT - 3] + "..."


def redact(text: str, secret: str | None = None) -> str:
    """`text` without `secret` (by default the token in GITHUB_TOKEN), nor any of its pieces between
    white space (an exception may quote a token with its line end as `\\n`, or fold it in two)."""
    if secret is None:
        secret = os.environ.get("GITHUB_TOKEN")
    if not secret:
        return text
    for piece in sorted({secret, *secret.split()}, key=len, reverse=True):
        if len(piece) >= REDACT_MIN:
            text = text.replace(piece, "***")
    return text


REDACT_MIN = 4  # shorter pieces of a secret reveal next to nothing and would blot out ordinary words


class InternalError(Exception):
    """A bug met while checking one file; carries the file's name for the one-line report."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(path, detail)
        self.path = path
        self.detail = detail
