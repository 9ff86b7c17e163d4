"""Output formats, looked up by name (`--format`). A format's module is imported only when it is
chosen, as the commands are (commands/__init__.py): a commit's text output loads neither JSON nor
SARIF, which reads every rule's documentation.

Each module has `render(reports) -> str`. A new format is a module here and a line below.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from postmortem_lint.findings import FileReport

Formatter = Callable[[Sequence["FileReport"]], str]

# format name: its module in this package
FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_format",
    "github": "workflow_commands",  # GitHub Actions workflow commands (annotations)
    "sarif": "sarif",
}


def formatter(name: str) -> Formatter:
    """The `render` function of format `name` (one of FORMATS)."""
    render: Formatter = import_module(f"{__name__}.{FORMATS[name]}").render
    return render
