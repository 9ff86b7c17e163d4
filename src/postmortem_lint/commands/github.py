"""`postmortem-lint github`: what the GitHub Action (action.yml) runs, usable outside Actions too.

It reads the standard `GITHUB_*` environment and the token from `GITHUB_TOKEN`. On `pull_request` and
`pull_request_target` it reviews the pull request's postmortems; the flags mirror the Action's inputs
(booleans are written `true`/`false`, as inputs are).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from postmortem_lint.commands import common
from postmortem_lint.errors import UsageError
from postmortem_lint.findings import Severity

FAIL_ON = ("error", "warning", "never")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def boolean(text: str) -> bool:
    value = text.strip().lower()
    if value not in _TRUE | _FALSE:
        raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")
    return value in _TRUE


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "github",
        help="review a pull request's postmortems on GitHub (what the Action runs)",
        description="Review the postmortems a pull request changes: annotations, one review comment "
        "kept up to date, and the job summary. Reads GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, "
        "GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_WORKSPACE, GITHUB_OUTPUT, "
        "GITHUB_STEP_SUMMARY and the token from GITHUB_TOKEN.",
    )
    parser.add_argument(
        "--paths",
        default="",
        metavar="GLOBS",
        help="which changed files are postmortems: glob patterns, one per line or comma-separated, "
        "`**` for any folders, `!` to exclude (default: the git hook's postmortem folders)",
    )
    common.add_config_argument(parser)
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="error",
        help="findings that make the exit code 1 (default: error)",
    )
    parser.add_argument(
        "--comment",
        type=boolean,
        default=True,
        metavar="BOOL",
        help="keep one review comment (default: true)",
    )
    parser.add_argument(
        "--annotations", type=boolean, default=True, metavar="BOOL", help="annotate findings (default: true)"
    )
    parser.add_argument(
        "--create-issues",
        type=boolean,
        default=True,
        metavar="BOOL",
        help="open an issue per new action item on merge: not available in this version (no effect)",
    )
    parser.add_argument(
        "--labels",
        default="",
        metavar="LABELS",
        help="extra labels for the issues --create-issues opens: not available in this version",
    )
    parser.add_argument(
        "--dry-run",
        type=boolean,
        default=False,
        metavar="BOOL",
        help="make no write requests (default: false)",
    )
    parser.add_argument(
        "--max-wait",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="total time the API client may wait on retries and rate limits before giving up (default: 300)",
    )
    parser.add_argument(
        "--write-interval",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="least time between two write requests, as GitHub asks of integrations (default: 1)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from postmortem_lint.github import pull_request
    from postmortem_lint.github.client import GitHubClient, GitHubError
    from postmortem_lint.github.events import PULL_REQUEST_EVENTS, ActionsContext, set_outputs
    from postmortem_lint.github.review import counts
    from postmortem_lint.github.selection import PathFilter

    context = ActionsContext.from_environ(os.environ)
    if context.event_name not in PULL_REQUEST_EVENTS:
        print(
            f"postmortem-lint github: nothing to do for a {context.event_name or 'missing'!r} event: "
            "pull_request and pull_request_target events are reviewed (opening issues on merge, "
            "create-issues, is not available in this version)"
        )
        set_outputs(context, {"errors": "0", "warnings": "0", "comment-url": "", "created-issues": "[]"})
        return 0
    if not context.token:
        raise UsageError("no GitHub token: set GITHUB_TOKEN (the Action passes its github-token input)")
    options = pull_request.Options(
        paths=PathFilter(args.paths),
        config=args.config,
        comment=args.comment,
        annotations=args.annotations,
        dry_run=args.dry_run,
    )
    try:
        with GitHubClient(
            context.token, context.api_url, max_wait=args.max_wait, write_interval=args.write_interval
        ) as client:
            result = pull_request.run(context, options, client, sys.stdout)
    except GitHubError as exc:
        raise UsageError(f"GitHub API: {exc}") from None
    found = counts(result.reports)
    set_outputs(
        context,
        {
            "errors": str(found[Severity.ERROR]),
            "warnings": str(found[Severity.WARNING]),
            "comment-url": result.comment_url or "",
            "created-issues": json.dumps([]),
        },
    )
    failing = {"error": found[Severity.ERROR], "warning": found[Severity.ERROR] + found[Severity.WARNING]}
    return 1 if failing.get(args.fail_on, 0) else 0
