"""Findings: what a check reports, and the report on one file, ready for any output format."""

from __future__ import annotations

import enum
from typing import NamedTuple

from postmortem_lint.model import ActionItem


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {name!r} (use error, warning or info)") from None


class Finding(NamedTuple):
    """One problem at one place; findings sort by path, line, column, then rule."""

    path: str
    line: int
    column: int
    rule: str
    name: str
    severity: Severity
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
        }


class FileReport(NamedTuple):
    """What checking one file gave: its tier, its action items and its findings."""

    path: str
    tier: int | None  # None when the file could not be read
    actions: tuple[ActionItem, ...]
    findings: tuple[Finding, ...]
