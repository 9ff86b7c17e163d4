"""SARIF 2.1.0 for GitHub code scanning: every rule with its help text, every finding a result.

Beyond the OASIS schema, code scanning needs for each rule `shortDescription`, `fullDescription`
(at most 1,000 characters) and `help.text`; for each result a message and a location whose
`artifactLocation.uri` is relative to the repository root. Fingerprints are left to the
`upload-sarif` action, which computes `primaryLocationLineHash` from the file itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from postmortem_lint import __version__
from postmortem_lint.findings import FileReport, Finding, Severity
from postmortem_lint.formatters.paths import checkout_relative
from postmortem_lint.regex import compiled
from postmortem_lint.rules import RULES, Rule

_BLANK_LINE = compiled(r"\n\s*\n")

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/postmortem-lint/postmortem-lint"
RULES_DOC_URI = f"{INFORMATION_URI}/blob/main/docs/rules.md"
DESCRIPTION_LIMIT = 1000  # code scanning's limit for fullDescription.text
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
_LIST_ITEM = compiled(r"\s*(?:[-*+]|\d+[.)])\s")


def artifact_uri(path: str) -> str:
    """A URI reference for `path`: relative to the checkout and percent-encoded, or `file://` if outside."""
    relative = checkout_relative(path)
    if Path(relative).is_absolute():
        return Path(relative).as_uri()
    return quote(relative)


def unwrap(text: str) -> str:
    """Join the hard-wrapped lines of docstring paragraphs, keeping list items on lines of their own."""
    paragraphs = []
    for paragraph in _BLANK_LINE.split(text.strip()):
        lines = paragraph.splitlines()
        joined = lines[0].strip() if lines else ""
        for line in lines[1:]:
            joined += ("\n" if _LIST_ITEM.match(line) else " ") + line.strip()
        paragraphs.append(joined)
    return "\n\n".join(p for p in paragraphs if p)


def _clip(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    explanation = unwrap(rule.explanation)
    example = f"Run `postmortem-lint rule {rule.id}` for a failing and a passing example."
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _clip(rule.summary)},
        "fullDescription": {"text": _clip(explanation or rule.summary)},
        "help": {
            "text": "\n\n".join(p for p in (rule.summary, explanation, example) if p),
            "markdown": "\n\n".join(
                p for p in (f"**{rule.id} {rule.name}**: {rule.summary}", explanation, example) if p
            ),
        },
        "helpUri": f"{RULES_DOC_URI}#{rule.id.lower()}-{rule.name}",
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": ["postmortem"], "problem.severity": _PROBLEM_SEVERITY[rule.severity]},
    }


def result(finding: Finding, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(finding.path)},
                    "region": {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)},
                }
            }
        ],
    }


def render(reports: Sequence[FileReport]) -> str:
    index = {rule_id: i for i, rule_id in enumerate(RULES)}
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
                        "rules": [rule_descriptor(rule) for rule in RULES.values()],
                    }
                },
                # Columns count code points (Python string indices), not SARIF's default UTF-16 units.
                "columnKind": "unicodeCodePoints",
                "results": [result(f, index[f.rule]) for r in reports for f in r.findings],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
