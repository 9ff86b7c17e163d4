"""The subcommands, by name. A command's module is imported only when that command is chosen (as git
does), so `check` at commit time does not pay for the GitHub client or the other commands.

Each module has `add_parser(subparsers)`, which adds its command(s); the parser's `run` does the work.
A new command is a module here and a line below (in the order `--help` lists them).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

# command name: its module in this package (one module may add several commands)
COMMANDS: dict[str, str] = {
    "check": "check",
    "actions": "actions",
    "report": "report",
    "new": "new",
    "schema": "docs",
    "rules": "docs",
    "rule": "docs",
    "config": "show_config",
    "install-hook": "install_hook",
    "github": "github",
}


def modules(chosen: str | None = None) -> list[ModuleType]:
    """The module of the `chosen` command, or every command's module (in `COMMANDS` order) when the
    command is not known yet (`--help`, a mistyped name)."""
    names = [COMMANDS[chosen]] if chosen in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    return [import_module(f"{__name__}.{name}") for name in names]
