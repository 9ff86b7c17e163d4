"""In-document suppressions: `<!-- postmortem-lint disable PM105 -->` and friends.

`disable` ... `enable` cover the lines between them, `disable-next-line` the next non-blank line,
`disable-file` the whole file; no rule IDs means every rule. A suppression that suppressed nothing
is reported (PM900), so stale ones do not pile up. Only real comments count: the linter hands over
the text with code blocks and spans blanked (the reader's ranges), so a directive shown as an example
is none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from postmortem_lint.findings import Finding
from postmortem_lint.regex import compiled

_COMMENT = compiled(
    r"<!--\s*postmortem-lint\s+(?P<verb>disable-next-line|disable-file|disable|enable)\b(?P<ids>[^>]{0,300}?)\s*-->"
)
_ID = compiled(r"[A-Za-z][A-Za-z0-9-]*")


@dataclass
class Suppression:
    line: int
    verb: str
    rules: frozenset[str]  # empty: all rules
    start: int
    end: int  # inclusive
    used: bool = field(default=False)

    def covers(self, finding: Finding) -> bool:
        return self.start <= finding.line <= self.end and (not self.rules or finding.rule in self.rules)


def parse(text: str, names: Mapping[str, str]) -> tuple[list[Suppression], list[tuple[int, str]]]:
    """The suppressions in `text`, and (line, message) for unknown rule IDs in them.

    `names` maps rule names to IDs, so `disable action-vague` works as well as `disable PM105`.
    """
    lines = text.split("\n")
    found: list[Suppression] = []
    unknown: list[tuple[int, str]] = []
    open_ranges: list[Suppression] = []
    for number, source in enumerate(lines, start=1):
        if "postmortem-lint" not in source:
            continue
        for m in _COMMENT.finditer(source):
            ids: set[str] = set()
            for token in _ID.findall(m["ids"]):
                rule = token.upper() if token.upper() in names.values() else names.get(token.lower())
                if rule is None:
                    unknown.append((number, f"unknown rule {token!r} in suppression comment"))
                else:
                    ids.add(rule)
            rules = frozenset(ids)
            verb = m["verb"]
            if verb == "disable-file":
                found.append(Suppression(number, verb, rules, 1, len(lines)))
            elif verb == "disable-next-line":
                target = next((i for i in range(number + 1, len(lines) + 1) if lines[i - 1].strip()), number)
                found.append(Suppression(number, verb, rules, target, target))
            elif verb == "disable":
                block = Suppression(number, verb, rules, number, len(lines))
                found.append(block)
                open_ranges.append(block)
            else:  # enable: closes the ranges it names (all of them when it names none)
                still_open = []
                for block in open_ranges:
                    if not rules or (block.rules and block.rules <= rules):
                        block.end = number
                    else:
                        still_open.append(block)
                open_ranges = still_open
    return found, unknown


def apply(findings: Iterable[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """The findings no suppression covers; marks each suppression that covered something as used."""
    kept = []
    for finding in findings:
        covering = [s for s in suppressions if s.covers(finding)]
        for suppression in covering:
            suppression.used = True
        if not covering:
            kept.append(finding)
    return kept
