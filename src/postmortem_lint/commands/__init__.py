"""The subcommands. Each module has `add_parser(subparsers)`; the parser's `run` does the work."""

from __future__ import annotations

from types import ModuleType


def _commands() -> tuple[ModuleType, ...]:
    from postmortem_lint.commands import actions, check, docs, github, install_hook, new, report, show_config

    return (check, actions, report, new, docs, show_config, install_hook, github)


COMMANDS = _commands()
