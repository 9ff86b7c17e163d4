"""The subcommands. Each module has `add_parser(subparsers)`; the parser's `run` does the work."""

from __future__ import annotations

from types import ModuleType


def _commands() -> tuple[ModuleType, ...]:
    from postmortem_lint.commands import actions, check, docs, install_hook, new

    return (check, actions, new, docs, install_hook)


COMMANDS = _commands()
