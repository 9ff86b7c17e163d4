"""GitHub Actions workflow commands, so findings show as annotations on the changed lines.

A finding becomes `::error file=...,line=...,col=...,title=PM103 action-no-due-date::message`
(`::warning`, and `::notice` for info). Messages and paths come from the checked files, so they are
escaped: `%`, CR and LF everywhere (a raw newline would end the command and let file content start
another one), and also `:` and `,` in properties, where they would end a value early.
"""

from __future__ import annotations

from collections.abc import Sequence

from postmortem_lint.findings import FileReport, Finding, Severity
from postmortem_lint.formatters.paths import checkout_relative
from postmortem_lint.formatters.text import summary

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    properties = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in (
            ("file", checkout_relative(finding.path)),
            ("line", finding.line),
            ("col", finding.column),
            ("title", f"{finding.rule} {finding.name}"),
        )
    )
    return f"::{_COMMAND[finding.severity]} {properties}::{escape_data(finding.message)}"


def render(reports: Sequence[FileReport]) -> str:
    lines = [command(f) for r in reports for f in r.findings]
    return "\n".join([*lines, summary(reports)]) + "\n"
