"""`postmortem-lint actions PATH...`: the action items the reader found, as text or JSON, each with its
status today (done, deprioritized, open or overdue) by the follow-up model `report` uses."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from postmortem_lint.commands import common
from postmortem_lint.engine.linter import check_paths
from postmortem_lint.errors import UsageError
from postmortem_lint.followup import Status, status_of
from postmortem_lint.model import ActionItem


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "actions",
        help="list action items",
        description="List the action items found in postmortems.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", default=["."])
    parser.add_argument("--format", choices=("text", "json"), default="text")
    common.add_config_argument(parser)
    parser.set_defaults(run=run)


_MARK = {Status.DONE: "[x]", Status.DEPRIORITIZED: "[-]", Status.OPEN: "[ ]", Status.OVERDUE: "[ ]"}


def as_dict(path: str, item: ActionItem, today: dt.date) -> dict[str, Any]:
    return {
        "path": path,
        "line": item.line,
        "id": item.id,
        "owner": item.owner,
        "due": item.due.isoformat() if item.due else None,
        "text": item.text,
        "done": item.done,
        "issue": item.issue,
        "status": status_of(item, today)[0].value,
    }


def run(args: argparse.Namespace) -> int:
    if not args.paths:
        raise UsageError("no PATH given")
    reports = check_paths(args.paths, common.config_finder(args))
    today = dt.datetime.now(dt.timezone.utc).date()
    if args.format == "json":
        items = [as_dict(r.path, a, today) for r in reports for a in r.actions]
        sys.stdout.write(json.dumps({"version": 1, "actions": items}, indent=2, ensure_ascii=False) + "\n")
        return 0
    count = open_items = overdue = 0
    for report in reports:
        for item in report.actions:
            status = status_of(item, today)[0]
            count += 1
            open_items += not status.closed
            overdue += status is Status.OVERDUE
            print(f"{report.path}:{item.line}: {_MARK[status]} {item.text} ({_details(item, status)})")
    print(f"{count} action items ({open_items} open, {overdue} overdue) in {len(reports)} file(s).")
    return 0


def _details(item: ActionItem, status: Status) -> str:
    if item.deprioritized:
        due = f"deprioritized: {item.reason}" if item.reason else "deprioritized"
    elif item.due:
        due = item.due.isoformat() + (", overdue" if status is Status.OVERDUE else "")
    else:
        due = f"due {item.due_text!r}, not a date" if item.due_text else "no due date"
    return "; ".join(filter(None, (item.owner or "no owner", due, item.issue)))
