"""`path:line:col: PM103 action-no-due-date [error] message`, then a one-line summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from postmortem_lint.findings import FileReport, Finding, Severity


def line(finding: Finding) -> str:
    return (
        f"{finding.path}:{finding.line}:{finding.column}: {finding.rule} {finding.name} "
        f"[{finding.severity}] {finding.message}"
    )


def summary(reports: Sequence[FileReport]) -> str:
    counts = Counter(f.severity for r in reports for f in r.findings)
    files = len(reports)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not counts:
        return f"No problems found ({checked})."
    parts = [
        f"{counts[s]} {s}{'s' if counts[s] != 1 and s is not Severity.INFO else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[s]
    ]
    affected = sum(1 for r in reports if r.findings)
    return f"Found {', '.join(parts)} in {affected} of {checked}."


def render(reports: Sequence[FileReport]) -> str:
    lines = [line(f) for r in reports for f in r.findings]
    return "\n".join([*lines, summary(reports)]) + "\n"
