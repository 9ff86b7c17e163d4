"""`{"version": 1, "findings": [...], "files": [...]}`, findings sorted by path then line."""

from __future__ import annotations

import json
from collections.abc import Sequence

from postmortem_lint.linter import FileReport


def render(reports: Sequence[FileReport]) -> str:
    findings = sorted((f for r in reports for f in r.findings), key=lambda f: (f.path, f.line, f.column))
    document = {
        "version": 1,
        "findings": [f.as_dict() for f in findings],
        "files": [{"path": r.path, "tier": r.tier, "action_items": len(r.actions)} for r in reports],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
