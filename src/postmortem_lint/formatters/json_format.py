"""`{"version": 1, "findings": [...], "files": [...]}`, findings sorted by path then line.

Paths are as given on the command line; `files` keeps the order the files were checked in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from postmortem_lint.findings import FileReport


def render(reports: Sequence[FileReport]) -> str:
    # Finding orders by (path, line, column, rule, ...), which makes the output stable across runs.
    findings = sorted(f for r in reports for f in r.findings)
    document = {
        "version": 1,
        "findings": [f.as_dict() for f in findings],
        "files": [{"path": r.path, "tier": r.tier, "action_items": len(r.actions)} for r in reports],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
