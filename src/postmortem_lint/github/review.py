"""The review of a pull request's postmortems as GitHub shows it: the sticky comment, the job summary and
the annotations, built from `FileReport`s. Pure functions; nothing here talks to GitHub.

Per file: the tier, each finding with a link to its line at the pull request's head commit, and the
action items (owner, due date, text, and with `create-issues` what each becomes on merge) so reviewers
see what will be tracked. Everything taken from the documents or file names goes through
`markdown_safety.inline`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from postmortem_lint.findings import FileReport, Severity
from postmortem_lint.followup.model import Status, written_status
from postmortem_lint.formatters.workflow_commands import command
from postmortem_lint.github.markdown_safety import BODY_LIMIT, body_size, fit, inline
from postmortem_lint.github.selection import Skipped
from postmortem_lint.model import ActionItem

MARKER = "<!-- postmortem-lint:review -->"
NEW_ISSUE = "new issue"  # what an item becomes on merge when an issue is opened for it
SUMMARY_LIMIT = 1_000_000  # bytes; GitHub refuses a step summary above 1 MiB
ANNOTATIONS_PER_TYPE = 10  # GitHub shows 10 errors, 10 warnings and 10 notices per step ...
ANNOTATIONS_PER_JOB = 50  # ... and 50 in all per job
TIERS = {1: "short recap", 2: "standard postmortem", 3: "deep cross-team review"}
_ICON = {Severity.ERROR: "❌ error", Severity.WARNING: "⚠️ warning", Severity.INFO: "ℹ️ info"}


@dataclass(frozen=True)
class Links:
    """Permalinks into the repository at one commit."""

    server_url: str
    repository: str
    sha: str

    def blob(self, path: str, line: int | None = None) -> str:
        anchor = f"#L{line}" if line else ""
        return f"{self.server_url}/{self.repository}/blob/{self.sha}/{quote(path, safe='/')}{anchor}"

    def commit(self) -> str:
        return f"{self.server_url}/{self.repository}/commit/{self.sha}"


@dataclass(frozen=True)
class Review:
    reports: Sequence[FileReport]
    links: Links
    skipped: Sequence[Skipped] = ()
    notes: Sequence[str] = field(default_factory=tuple)  # our own words, Markdown, for both outputs
    # what each action item becomes on merge, by (path, item ID); None when no issues are opened
    on_merge: Mapping[tuple[str, str], str] | None = None


def counts(reports: Sequence[FileReport]) -> Counter[Severity]:
    return Counter(f.severity for r in reports for f in r.findings)


def comment(review: Review, summary_url: str | None) -> str:
    """The sticky comment: the marker first (how later runs find it), within GitHub's size limit."""
    where = f"[job summary]({summary_url})" if summary_url else "job summary of this workflow run"
    note = (
        f"**The review is cut here**: it would exceed GitHub's limit of {BODY_LIMIT:,} characters "
        f"for a comment. The full review is in the {where}."
    )
    return fit([MARKER, *_lines(review, "###")], BODY_LIMIT, note, size=body_size)


def summary(review: Review) -> str:
    """The job summary: the full review (1 MiB is GitHub's limit for a step's summary)."""
    note = f"**The review is cut here**: it would exceed GitHub's {SUMMARY_LIMIT:,}-byte step-summary limit."
    return fit_summary(_lines(review, "##"), note)


def fit_summary(lines: Sequence[str], note: str) -> str:
    """`lines` within GitHub's step-summary limit, which counts bytes."""
    return fit(lines, SUMMARY_LIMIT, note, size=lambda s: len(s.encode("utf-8")))


def due_cell(item: ActionItem, missing: str) -> str:
    """The item's due date as inert Markdown; `missing` when it names none."""
    if item.due:
        return item.due.isoformat()
    if item.due_text:
        return f"{inline(item.due_text, 60)} (not a date)"
    return missing


def annotation_commands(reports: Sequence[FileReport]) -> tuple[list[str], int]:
    """Workflow commands for the most severe findings within GitHub's limits, and how many are left."""
    findings = sorted(
        (f for r in reports for f in r.findings), key=lambda f: (-f.severity, f.path, f.line, f.rule)
    )
    shown: list[str] = []
    per_type: Counter[Severity] = Counter()
    for finding in findings:
        if per_type[finding.severity] < ANNOTATIONS_PER_TYPE and len(shown) < ANNOTATIONS_PER_JOB:
            per_type[finding.severity] += 1
            shown.append(command(finding))
    return shown, len(findings) - len(shown)


def _lines(review: Review, heading: str) -> list[str]:
    lines = [f"{heading} {_headline(review.reports)}", ""]
    if review.reports:
        lines += [f"Reviewed at commit [{review.links.sha[:7]}]({review.links.commit()}).", ""]
    lines += [f"> {note}" for note in review.notes]
    if review.notes:
        lines.append("")
    for report in review.reports:
        lines += _file(report, review.links, heading + "#", review.on_merge)
    if review.skipped:
        lines += ["Not checked:", ""]
        lines += [f"- {inline(s.path)}: {s.reason}" for s in review.skipped]
        lines.append("")
    return lines


def _headline(reports: Sequence[FileReport]) -> str:
    if not reports:
        return "postmortem-lint: all clear ✅ (no postmortem changed)"
    found = counts(reports)
    files = f"{len(reports)} postmortem{'s' if len(reports) != 1 else ''}"
    if not found:
        return f"postmortem-lint: all clear ✅ ({files} checked, no findings)"
    parts = [_count(found[s], str(s)) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if found[s]]
    affected = sum(1 for r in reports if r.findings)
    return f"postmortem-lint: {', '.join(parts)} in {affected} of {files}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 and noun != 'info' else ''}"


def _file(
    report: FileReport, links: Links, heading: str, on_merge: Mapping[tuple[str, str], str] | None
) -> list[str]:
    found = counts([report])
    tier = f"tier {report.tier}, {TIERS.get(report.tier, 'custom tier')}" if report.tier else "not readable"
    tally = ", ".join(_count(found[s], str(s)) for s in sorted(found, reverse=True)) or "no findings"
    lines = [f"{heading} [{inline(report.path)}]({links.blob(report.path)}) · {tier} · {tally}", ""]
    if report.findings:
        lines += ["| Severity | Line | Rule | Message |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {_ICON[f.severity]} | [{f.line}]({links.blob(report.path, f.line)}) | "
            f"{inline(f.rule)} {inline(f.name)} | {inline(f.message)} |"
            for f in report.findings
        ]
        lines.append("")
    if report.actions:
        # as `report` counts them; the guide's 30-day check asks for "completed or consciously deprioritized"
        decided = Counter(written_status(a) for a in report.actions)
        tally = (
            f"Action items: {decided[None]} open, {decided[Status.DONE]} done, "
            f"{decided[Status.DEPRIORITIZED]} consciously deprioritized."
        )
        header, rule = "| Status | Line | Owner | Due | Action |", "| --- | --- | --- | --- | --- |"
        notes: list[str] = []
        if on_merge is not None:
            notes = [on_merge.get((report.path, a.id), "—") for a in report.actions]
            new = notes.count(NEW_ISSUE)
            tally += " On merge, " + ("1 becomes a new issue." if new == 1 else f"{new} become new issues.")
            header, rule = header + " On merge |", rule + " --- |"
        lines += [tally, "", header, rule]
        lines += [
            _action(report.path, a, links) + (f" {inline(notes[i], 200)} |" if notes else "")
            for i, a in enumerate(report.actions)
        ]
        lines.append("")
    return lines


def _action(path: str, item: ActionItem, links: Links) -> str:
    status = (written_status(item) or Status.OPEN).value
    if item.issue:
        status += f", tracked in {inline(item.issue, 80)}"
    owner = inline(", ".join(item.owners), 100) if item.owners else "—"
    due, text = due_cell(item, "—"), inline(item.text or item.raw)
    return f"| {status} | [{item.line}]({links.blob(path, item.line)}) | {owner} | {due} | {text} |"
