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


def log_line(text: str) -> str:
    """`text` as one plain log line, never a workflow command (the runner reads a line as one when it
    starts with `::` after white space, or holds `##[` anywhere). Reversible: `%` is escaped too."""
    line = escape_data(text).replace("##[", "##%5B")
    body = line.lstrip()
    if body.startswith("::"):
        line = line[: len(line) - len(body)] + "%3A" + body[1:]
    return line


def workflow_command(name: str, properties: Sequence[tuple[str, object]], data: str) -> str:
    """`::name key=value,...::data`, every value escaped."""
    listed = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{name}{' ' if listed else ''}{listed}::{escape_data(data)}"


def command(finding: Finding) -> str:
    properties = (
        ("file", checkout_relative(finding.path)),
        ("line", finding.line),
        ("col", finding.column),
        ("title", f"{finding.rule} {finding.name}"),
    )
    return workflow_command(_COMMAND[finding.severity], properties, finding.message)


def render(reports: Sequence[FileReport]) -> str:
    lines = [command(f) for r in reports for f in r.findings]
    return "\n".join([*lines, summary(reports)]) + "\n"
