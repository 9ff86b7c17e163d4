"""`postmortem-lint` command line: parse arguments, dispatch to a command, map failures to exit codes.

Exit codes: 0 nothing at or above `--fail-on`, 1 findings at or above it, 2 usage or configuration
errors and internal errors (one line naming the file).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from postmortem_lint import __version__, commands
from postmortem_lint.errors import InternalError, UsageError, error_line, redact
from postmortem_lint.formatters.workflow_commands import log_line

EXIT_FINDINGS, EXIT_USAGE = 1, 2  # and 0: nothing at or above --fail-on
REPORT_URL = "https://github.com/postmortem-lint/postmortem-lint/issues"


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors printed as the command's other errors are."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        _say(f"{self.prog}: error: {message}")
        self.exit(EXIT_USAGE)


def _say(message: str) -> None:
    """Every message the command line prints itself: one line, never a workflow command, never the
    token (a secret's value can reach an exception's text)."""
    print(log_line(redact(message)), file=sys.stderr)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for `command` alone (its module is the only one imported), or for every command."""
    parser = _Parser(
        prog="postmortem-lint",
        description="Check incident postmortems: sections, concrete impact, ordered timeline, "
        "blameless wording, and action items with one owner and a due date.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in commands.modules(command):
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(args_list[0] if args_list else None)
    try:
        args = parser.parse_args(args_list)
        code: int = args.run(args)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except UsageError as exc:
        _say(f"postmortem-lint: error: {exc}")
        return EXIT_USAGE
    except InternalError as exc:
        _say(
            f"postmortem-lint: internal error while checking {exc.path}: {exc.detail} "
            f"(please report this at {REPORT_URL})"
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `postmortem-lint rules | head`
        sys.stderr.close()
        return EXIT_FINDINGS
    except Exception as exc:  # a bug outside the checks of one file: still one line, never a traceback
        _say(f"postmortem-lint: internal error: {error_line(exc)} (please report this at {REPORT_URL})")
        return EXIT_USAGE
    return code
