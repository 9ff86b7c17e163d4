"""`postmortem-lint` command line: parse arguments, dispatch to a command, map failures to exit codes.

Exit codes: 0 nothing at or above `--fail-on`, 1 findings at or above it, 2 usage or configuration
errors and internal errors (one line naming the file).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from postmortem_lint import __version__, commands
from postmortem_lint.errors import InternalError, UsageError, describe

EXIT_FINDINGS, EXIT_USAGE = 1, 2  # and 0: nothing at or above --fail-on
REPORT_URL = "https://github.com/postmortem-lint/postmortem-lint/issues"


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for `command` alone (its module is the only one imported), or for every command."""
    parser = argparse.ArgumentParser(
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
        print(f"postmortem-lint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InternalError as exc:
        print(
            f"postmortem-lint: internal error while checking {exc.path}: {exc.detail} "
            f"(please report this at {REPORT_URL})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `postmortem-lint rules | head`
        sys.stderr.close()
        return EXIT_FINDINGS
    except Exception as exc:  # a bug outside the checks of one file: still one line, never a traceback
        print(
            f"postmortem-lint: internal error: {describe(exc)} (please report this at {REPORT_URL})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return code
