"""Output formats, looked up by name (`--format`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from postmortem_lint.findings import FileReport
from postmortem_lint.formatters import json_format, sarif, text, workflow_commands

Formatter = Callable[[Sequence[FileReport]], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
    "github": workflow_commands.render,  # GitHub Actions workflow commands (annotations)
    "sarif": sarif.render,
}
