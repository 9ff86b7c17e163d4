"""`postmortem-lint actions PATH...`: the action items the reader found, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from postmortem_lint.commands import common
from postmortem_lint.config import ConfigFinder
from postmortem_lint.errors import UsageError
from postmortem_lint.linter import check_paths
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


def as_dict(path: str, item: ActionItem) -> dict[str, Any]:
    return {
        "path": path,
        "line": item.line,
        "id": item.id,
        "owner": item.owner,
        "due": item.due.isoformat() if item.due else None,
        "text": item.text,
        "done": item.done,
        "issue": item.issue,
    }


def run(args: argparse.Namespace) -> int:
    if not args.paths:
        raise UsageError("no PATH given")
    reports = check_paths(args.paths, ConfigFinder(args.config))
    if args.format == "json":
        items = [as_dict(r.path, a) for r in reports for a in r.actions]
        sys.stdout.write(json.dumps({"version": 1, "actions": items}, indent=2, ensure_ascii=False) + "\n")
        return 0
    count = open_items = 0
    for report in reports:
        for item in report.actions:
            count += 1
            open_items += not item.done
            print(
                f"{report.path}:{item.line}: {'[x]' if item.done else '[ ]'} {item.text} ({_details(item)})"
            )
    print(f"{count} action items ({open_items} open) in {len(reports)} file(s).")
    return 0


def _details(item: ActionItem) -> str:
    if item.due:
        due = item.due.isoformat()
    else:
        due = f"due {item.due_text!r}, not a date" if item.due_text else "no due date"
    return "; ".join(filter(None, (item.owner or "no owner", due, item.issue)))
