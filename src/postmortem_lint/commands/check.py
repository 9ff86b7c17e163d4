"""`postmortem-lint check PATH...` (and `--staged` for the plain git hook)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from postmortem_lint.commands import common
from postmortem_lint.engine import cache, staged
from postmortem_lint.engine.linter import check_file, check_paths, worst
from postmortem_lint.errors import UsageError
from postmortem_lint.findings import FileReport, Severity
from postmortem_lint.formatters import FORMATS, formatter


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "check",
        help="check postmortems",
        description="Check postmortem files (directories: every *.md).",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format")
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    parser.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: one per core)")
    parser.add_argument(
        "--staged",
        action="store_true",
        help="check the content staged in git (the plain pre-commit hook), not the working tree",
    )
    parser.add_argument(
        "--files",
        metavar="REGEX",
        help="with --staged: which staged paths are postmortems (default: the hook's pattern)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="check every file again, and read or write no cache",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help=f"where reports of unchanged files are kept (default: ${cache.ENV_VAR} or {cache.DEFAULT_DIR}); "
        "--staged does not use it",
    )
    common.add_config_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    finder = common.config_finder(args)
    if args.staged:
        reports = [check_file(path, finder.for_file(path), data) for path, data in staged.files(args.files)]
        if not reports:
            return 0  # a commit without postmortems: nothing to say
    elif not args.paths:
        raise UsageError("no PATH given (name files or directories to check)")
    else:
        kept = None if args.no_cache else cache.Cache.open(cache.folder(args.cache_dir))
        reports = check_paths(args.paths, finder, args.jobs, kept)
    sys.stdout.write(formatter(args.format)(reports))
    return exit_code(reports, Severity.parse(args.fail_on))


def exit_code(reports: list[FileReport], fail_on: Severity) -> int:
    found = worst(reports)
    return 1 if found is not None and found >= fail_on else 0
