"""`postmortem-lint github`: what the GitHub Action (action.yml) runs, usable outside Actions too.

It reads the standard `GITHUB_*` environment and the token from `GITHUB_TOKEN`. On `pull_request` and
`pull_request_target` it reviews the pull request's postmortems; on a push to the default branch, or a
pull request closed by merging, it opens one issue per new action item (`--create-issues`). The flags
mirror the Action's inputs (booleans are written `true`/`false`, as inputs are).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from postmortem_lint.commands import common
from postmortem_lint.commands.check import exit_code
from postmortem_lint.errors import UsageError
from postmortem_lint.findings import Severity
from postmortem_lint.github import follow_up, pull_request
from postmortem_lint.github import merge as merging
from postmortem_lint.github.client import GitHubClient, GitHubError
from postmortem_lint.github.events import PULL_REQUEST_EVENTS, ActionsContext, ActionsLog, Merge, set_outputs
from postmortem_lint.github.review import counts
from postmortem_lint.github.selection import PathFilter

FAIL_ON = ("error", "warning", "never")
FOLLOW_UP_EVENTS = frozenset({"schedule", "workflow_dispatch"})
WRITE_BACK = ("off", "pull-request")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def boolean(text: str) -> bool:
    value = text.strip().lower()
    if value not in _TRUE | _FALSE:
        raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")
    return value in _TRUE


def _at_least(minimum: int) -> Callable[[str], int]:
    """An argument type: a whole number of at least `minimum`."""

    def whole(text: str) -> int:
        if not text.strip().isdigit() or int(text) < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {minimum}, got {text!r}")
        return int(text)

    return whole


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "github",
        help="review a pull request's postmortems on GitHub, open issues on merge (what the Action runs)",
        description="Review the postmortems a pull request changes: annotations, one review comment "
        "kept up to date, and the job summary. On merge, open one issue per new action item. On "
        "schedule and workflow_dispatch events, the follow-up: one digest issue, overdue labels, one "
        "reminder per item and due date. Reads "
        "GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SERVER_URL, "
        "GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and the token from GITHUB_TOKEN.",
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
        help="on a push to the default branch or a merged pull request, open one issue per new action "
        "item (default: true)",
    )
    parser.add_argument(
        "--labels",
        default="",
        metavar="LABELS",
        help="extra labels for those issues, comma-separated (besides postmortem-action and the "
        "configuration's issues: labels)",
    )
    parser.add_argument(
        "--write-back",
        choices=WRITE_BACK,
        default="off",
        help="pull-request: after opening issues, open a pull request that appends each issue's "
        "reference to its item (default: off)",
    )
    parser.add_argument(
        "--dry-run",
        type=boolean,
        default=False,
        metavar="BOOL",
        help="make no write requests; print the comment or the issues that would be opened (default: false)",
    )
    follow = parser.add_argument_group(
        "follow-up (on schedule and workflow_dispatch events, or --follow-up true)"
    )
    follow.add_argument(
        "--follow-up",
        type=boolean,
        default=False,
        metavar="BOOL",
        help="run the follow-up on any event: the digest issue, overdue labels, one reminder per item and "
        "due date (default: only on schedule and workflow_dispatch events)",
    )
    follow.add_argument(
        "--remind",
        type=_at_least(0),
        default=10,
        metavar="N",
        help="reminder comments per run at most, oldest due date first; 0 for none (default: 10)",
    )
    follow.add_argument(
        "--overdue-label", default="overdue", metavar="LABEL", help="label for overdue items' issues"
    )
    follow.add_argument(
        "--snooze-label",
        default="postmortem-snooze",
        metavar="LABEL",
        help="issues with this label get no overdue label and no reminder (default: postmortem-snooze)",
    )
    follow.add_argument(
        "--digest-title",
        default="Postmortem follow-ups",
        metavar="TITLE",
        help="title of the digest issue when it is created (it is found again by its marker)",
    )
    follow.add_argument(
        "--max-requests",
        type=_at_least(0),
        default=1000,
        metavar="N",
        help="stop before making more API requests than this (reads, pages and retries included), and "
        "leave the rest to the next run "
        "(default: 1000)",
    )
    follow.add_argument(
        "--today",
        type=common.date,
        metavar="YYYY-MM-DD",
        help="the follow-up's date (default: today in the configured follow-up time-zone)",
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
    parser.add_argument(
        "--max-issues",
        type=_at_least(1),
        default=100,
        metavar="N",
        help="open at most N issues a run; the rest are left for the next run, which continues "
        "(default: 100)",
    )
    common.add_app_slug_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    context = ActionsContext.from_environ(os.environ)
    log = ActionsLog(sys.stdout, context.in_actions, context.token)
    on_pull_request = context.event_name in PULL_REQUEST_EVENTS
    follow_up = args.follow_up or context.event_name in FOLLOW_UP_EVENTS
    merge: Merge | str | None = None  # None: a pull request to review, or the follow-up
    if not follow_up and (
        context.event_name == "push" or (on_pull_request and context.event.get("action") == "closed")
    ):
        merge = Merge.from_event(context.event_name, context.event)
        if isinstance(merge, Merge) and not args.create_issues:
            merge = "a merge with create-issues off"
    elif not on_pull_request and not follow_up:
        merge = f"a {context.event_name or 'missing'!r} event"
    if isinstance(merge, str):
        log.line(
            f"postmortem-lint github: nothing to do for {merge}: pull requests are reviewed, and a push to "
            "the default branch or a merged pull request opens issues for new action items, schedule and "
            "workflow_dispatch run the follow-up"
        )
        set_outputs(context, _outputs())
        return 0
    if not context.token:
        raise UsageError("no GitHub token: set GITHUB_TOKEN (the Action passes its github-token input)")
    try:
        with GitHubClient(
            context.token,
            context.api_url,
            max_wait=args.max_wait,
            write_interval=args.write_interval,
            app_slug=args.app_slug,
        ) as client:
            if follow_up:
                return _follow_up(args, context, client, log)
            if merge is None:
                return _review(args, context, client, log)
            return _merge(args, context, merge, client, log)
    except GitHubError as exc:
        raise UsageError(f"GitHub API: {exc}") from None


def _review(args: argparse.Namespace, context: ActionsContext, client: GitHubClient, log: ActionsLog) -> int:
    options = pull_request.Options(
        paths=PathFilter(args.paths),
        config=_config(args, context),
        comment=args.comment,
        annotations=args.annotations,
        dry_run=args.dry_run,
        create_issues=args.create_issues,
    )
    result = pull_request.run(context, options, client, log)
    set_outputs(context, _outputs(counts(result.reports), comment_url=result.comment_url or ""))
    return 0 if args.fail_on == "never" else exit_code(result.reports, Severity.parse(args.fail_on))


def _merge(
    args: argparse.Namespace, context: ActionsContext, merge: Merge, client: GitHubClient, log: ActionsLog
) -> int:
    """Open issues; findings do not fail the job (the pull request's review reported them)."""
    options = merging.Options(
        paths=PathFilter(args.paths),
        config=_config(args, context),
        labels=tuple(name.strip() for name in args.labels.replace("\n", ",").split(",") if name.strip()),
        dry_run=args.dry_run,
        write_back=args.write_back == "pull-request",
        max_issues=args.max_issues,
    )
    result = merging.run(context, merge, options, client, log)
    found = counts(result.reports)
    set_outputs(context, _outputs(found, created=result.created(), write_back=result.pull_request or ""))
    if result.problems:
        more = (
            f" (and {len(result.problems) - 1} more; see the job summary)" if len(result.problems) > 1 else ""
        )
        raise UsageError(f"GitHub API: {result.problems[0]}{more}")
    return 0


def _config(args: argparse.Namespace, context: ActionsContext) -> str | None:
    """`--config` against the workspace: the Action runs from outside the checkout."""
    return str(context.workspace / args.config) if args.config else None


def _follow_up(
    args: argparse.Namespace, context: ActionsContext, client: GitHubClient, log: ActionsLog
) -> int:
    """The scheduled follow-up; a schedule has no author to fail for, so only a broken run exits 2."""
    options = follow_up.Options(
        config=_config(args, context),
        remind=args.remind,
        overdue_label=args.overdue_label,
        snooze_label=args.snooze_label,
        digest_title=args.digest_title,
        dry_run=args.dry_run,
        write_back=args.write_back == "pull-request",
        max_requests=args.max_requests,
        today=args.today,
    )
    result = follow_up.run(context, options, client, log)
    set_outputs(
        context,
        {
            **_outputs(),
            "digest-url": result.digest_url,
            "overdue": str(result.overdue),
            "reminded": json.dumps(result.reminded),
            "write-back-url": result.write_back.url or "" if result.write_back else "",
        },
    )
    if result.problems:
        more = f" (and {len(result.problems) - 1} more)" if len(result.problems) > 1 else ""
        raise UsageError(f"GitHub API: {result.problems[0]}{more}")
    return 0


def _outputs(
    found: Mapping[Severity, int] | None = None,
    comment_url: str = "",
    created: list[dict[str, object]] | None = None,
    write_back: str = "",
) -> dict[str, str]:
    found = found or {}
    return {
        "errors": str(found.get(Severity.ERROR, 0)),
        "warnings": str(found.get(Severity.WARNING, 0)),
        "comment-url": comment_url,
        "created-issues": json.dumps(created or []),
        "write-back-url": write_back,
        "digest-url": "",
        "overdue": "0",
        "reminded": "[]",
    }
