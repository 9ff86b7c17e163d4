"""SARIF 2.1.0 for GitHub code scanning: every rule with its help text, every finding a result."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from urllib.parse import quote

from postmortem_lint import __version__
from postmortem_lint.findings import Severity
from postmortem_lint.linter import FileReport
from postmortem_lint.rules import RULES

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/postmortem-lint/postmortem-lint"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    return quote(PurePath(path).as_posix().removeprefix("./"))


def render(reports: Sequence[FileReport]) -> str:
    rule_ids = list(RULES)
    rules = [
        {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.explanation or rule.summary},
            "help": {
                "text": f"{rule.summary}\n\n{rule.explanation}",
                "markdown": f"**{rule.id} {rule.name}**: {rule.summary}\n\n{rule.explanation}",
            },
            "helpUri": f"{INFORMATION_URI}#{rule.id.lower()}",
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        }
        for rule in RULES.values()
    ]
    results = [
        {
            "ruleId": f.rule,
            "ruleIndex": rule_ids.index(f.rule),
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.path)},
                        "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
                    }
                }
            ],
        }
        for r in reports
        for f in r.findings
    ]
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "postmortem-lint",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
