"""`postmortem-lint report [PATH...]`: overdue action items, the 30-day check and recurring themes.

A report, not a gate: exit 0 whatever it says (1 with `--fail-on-overdue` when an item is overdue),
2 on usage errors. `--today` makes every figure reproducible.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

from postmortem_lint.commands import common
from postmortem_lint.errors import UsageError
from postmortem_lint.followup import Report, as_json
from postmortem_lint.followup.collect import make_report
from postmortem_lint.followup.html import render as render_html
from postmortem_lint.followup.markdown import render as render_markdown
from postmortem_lint.followup.text import render as render_text
from postmortem_lint.github.review import Links
from postmortem_lint.regex import compiled

FORMATS = ("text", "markdown", "html", "json")
_REPOSITORY = compiled(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")


def _repository(text: str) -> str:
    if not _REPOSITORY.match(text) or text.split("/")[1] in (".", ".."):
        raise argparse.ArgumentTypeError(f"expected OWNER/REPO, got {text!r}")
    return text


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "report",
        help="overdue action items, the 30-day check and recurring themes",
        description="Report on the follow-up of postmortems: overdue action items, each incident's 30-day "
        "check (done or consciously deprioritized), themes that recur across incidents, figures per team "
        "and owner. Without PATH, the postmortem folders below the current directory.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH")
    day = "YYYY-MM-DD"
    parser.add_argument(
        "--today", type=common.date, metavar=day, help="the report's date (default: today in UTC)"
    )
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE, not standard output")
    parser.add_argument(
        "--github",
        type=_repository,
        metavar="OWNER/REPO",
        help="read the items' issue states from GitHub (token from GITHUB_TOKEN, API from GITHUB_API_URL)",
    )
    parser.add_argument("--since", type=common.date, metavar=day, help="only incidents on or after this date")
    parser.add_argument("--fail-on-overdue", action="store_true", help="exit 1 when any item is overdue")
    common.add_app_slug_argument(parser)  # --github: the Action's issues count besides the token's own
    common.add_config_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    today = args.today or dt.datetime.now(dt.timezone.utc).date()
    finder = common.config_finder(args)
    if args.github is None:
        report = make_report(args.paths, finder, today, since=args.since)
    else:
        # Here, not at the top: the GitHub client loads requests (about 40 ms), which a report on the
        # files alone never needs.
        from postmortem_lint.github.client import DEFAULT_API_URL, GitHubClient, GitHubError  # noqa: PLC0415
        from postmortem_lint.github.events import read_token  # noqa: PLC0415

        token = read_token(os.environ.get("GITHUB_TOKEN"))
        if not token:
            raise UsageError("--github needs a token in GITHUB_TOKEN")
        try:
            api = os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL
            with GitHubClient(token, api, app_slug=args.app_slug) as client:
                github = (client, args.github)
                report = make_report(args.paths, finder, today, since=args.since, github=github)
        except GitHubError as exc:
            raise UsageError(f"GitHub API: {exc}") from None
    text = _render(report, args.format, args.github)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    else:
        sys.stdout.write(text)
    return 1 if args.fail_on_overdue and report.summary.overdue else 0


def _render(report: Report, form: str, repository: str | None) -> str:
    if form == "json":
        return json.dumps(as_json(report), indent=2, ensure_ascii=False) + "\n"
    if form == "markdown":
        server = os.environ.get("GITHUB_SERVER_URL") or "https://github.com"
        return render_markdown(report, Links(server.rstrip("/"), repository, "HEAD") if repository else None)
    if form == "html":
        return render_html(report)
    return render_text(report)
