"""The reader on the real corpus (../shared/corpus/real): every file reads, and twelve-plus filled
incidents in different house styles read as a person reads them.

The expectations below were written by reading each file, not by copying reader output: the
sections a heading (or bold label) opens with their own kind, the line of every action item with
its done flag, owners and tracker link where the file gives them, and the number of timeline entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from postmortem_lint.model import Document
from postmortem_lint.reader import read_path
from postmortem_lint.reader.vocabulary import Vocabulary
from tests.conftest import CORPUS


def _read(corpus: Path, name: str) -> Document:
    return read_path(corpus / name, Vocabulary.default())


def _recognised(document: Document) -> list[tuple[str, int]]:
    """(kind, line) of every section that has a kind of its own (not one inherited from its parent)."""
    return [
        (s.kind, s.line)
        for s in document.sections
        if s.kind is not None and not (s.parent is not None and s.parent.kind == s.kind)
    ]


def _corpus_files() -> list[str]:
    if not CORPUS.is_dir():
        return ["(corpus absent)"]
    return sorted(p.name for p in CORPUS.glob("*.md") if p.name != "SOURCES.md")


@pytest.mark.parametrize("name", _corpus_files())
def test_every_corpus_file_is_read(corpus: Path, name: str) -> None:
    document = _read(corpus, name)
    assert document.unreadable is None
    assert document.line_count > 1
    lines = [
        *(s.line for s in document.sections),
        *(e.line for e in document.timeline),
        *(a.line for a in document.actions),
    ]
    for line in lines:
        assert 0 <= line <= document.line_count


@dataclass(frozen=True)
class Action:
    line: int
    done: bool = False
    owners: tuple[str, ...] = ()
    issue: str | None = None


@dataclass(frozen=True)
class Expected:
    sections: list[tuple[str, int]]
    actions: list[Action]
    timeline: int
    first_entry: tuple[int, dt.date | None, dt.time | None, str | None] | None = None
    fields: dict[str, object] = field(default_factory=dict)


GH = "https://github.com/"
MOJ_2021 = "ministryofjustice-cloud-platform__2021-07-12-all-ingress-apps-live1-stop-working.html.md.erb.md"
EXPECTED: dict[str, Expected] = {
    # a table timeline in CET, bold-titled bullets as actions
    "dfds-postmortems__PM2019-009 - Kubernetes network infrastructure IP starvation.md": Expected(
        sections=[
            ("summary", 3),
            ("timeline", 25),
            ("contributing_factors", 44),
            ("lessons_learned", 54),
            ("action_items", 60),
        ],
        actions=[Action(62), Action(64), Action(66), Action(68)],
        timeline=14,
        first_entry=(29, dt.date(2019, 11, 29), dt.time(12, 0), "CET"),
    ),
    # nested sub-bullets under an action are actions of their own ("Reach out to teams ...")
    "dfds-postmortems__PM2022-009 - Bad AWS EKS AMI causing Kubernetes issues.md": Expected(
        sections=[
            ("summary", 3),
            ("timeline", 11),
            ("contributing_factors", 38),
            ("action_items", 49),
            ("lessons_learned", 62),
        ],
        actions=[Action(n) for n in range(51, 61)],
        timeline=20,
        first_entry=(17, dt.date(2022, 10, 29), dt.time(1, 2), "UTC"),
    ),
    # `- **10:45** - ...` timeline, ✅ items, a `**Action item:** ... Owner: @x` paragraph
    "PostHog-post-mortems__2025-10-03-surveys-sdk-bug.md": Expected(
        sections=[
            ("summary", 5),
            ("timeline", 9),
            ("trigger", 25),
            ("contributing_factors", 52),
            ("impact", 59),
            ("action_items", 80),
            ("lessons_learned", 108),
            ("what_worked_well", 110),
            ("what_slowed_response", 116),
        ],
        actions=[
            Action(86, done=True),
            Action(87, done=True),
            Action(88),
            Action(90, owners=("@lucasheriques",)),
            Action(94, issue=GH + "PostHog/posthog-js/pull/2428"),
            Action(96, issue=GH + "PostHog/posthog-js/pull/2430"),
            Action(98, issue=GH + "PostHog/posthog/pull/39377"),
            Action(102, owners=("@lucasheriques",)),
            Action(104, owners=("@lucasheriques",)),
            Action(106, owners=("@lucasheriques",)),
        ],
        timeline=8,
        first_entry=(13, None, dt.time(10, 45), "UTC"),
        fields={"severity": "Major (High Impact, Service Degradation)"},
    ),
    # setext headings; numbered bold items whose unindented bullet lists are their details
    "PostHog-post-mortems__2025-11-15-persons-db-migration.md": Expected(
        sections=[
            ("summary", 8),
            ("impact", 23),
            ("timeline", 44),
            ("trigger", 49),
            ("action_items", 102),
            ("lessons_learned", 174),
            ("what_worked_well", 177),
            ("what_slowed_response", 191),
        ],
        actions=[
            *(Action(n, done=True) for n in (107, 114, 123, 130, 137, 143, 150)),
            *(Action(n) for n in (158, 165, 168, 171)),
        ],
        timeline=0,
    ),
    # a timeline table with "Time (UTC)" and month-day stamps
    "PostHog-post-mortems__2026-01-17-replay-sdk-fetch-wrapper-incident.md": Expected(
        sections=[
            ("summary", 9),
            ("impact", 21),
            ("timeline", 29),
            ("trigger", 44),
            ("resolution", 56),
            ("action_items", 81),
        ],
        actions=[
            Action(85, done=True, issue=GH + "PostHog/posthog-js/pull/2935"),
            *(Action(n) for n in range(88, 94)),
        ],
        timeline=10,
        first_entry=(33, dt.date(2026, 1, 14), dt.time(10, 18), "UTC"),  # the year from **Date:**
        fields={"severity": "Critical", "status": "Resolved"},
    ),
    # `* [08:47] ...` bracketed times under "All times in PST, on February 5th 2019"
    "kubernetes-test-infra__2019-02-05.md": Expected(
        sections=[
            ("summary", 6),
            ("impact", 13),
            ("trigger", 23),
            ("detection", 42),
            ("resolution", 49),
            ("lessons_learned", 60),
            ("what_worked_well", 62),
            ("what_slowed_response", 67),
            ("where_lucky", 76),
            ("action_items", 81),
            ("timeline", 85),
        ],
        actions=[Action(83, issue=GH + "kubernetes/test-infra/pull/11134")],
        timeline=12,
        first_entry=(89, dt.date(2019, 2, 5), dt.time(8, 47), "PST"),
    ),
    # date lines ("2019-01-22") over `- 2:54 PM PST: ...` bullets that wrap onto a second line
    "kubernetes-test-infra__2019-01-23.md": Expected(
        sections=[
            ("summary", 6),
            ("impact", 15),
            ("trigger", 23),
            ("detection", 42),
            ("resolution", 49),
            ("lessons_learned", 62),
            ("what_worked_well", 64),
            ("what_slowed_response", 71),
            ("where_lucky", 91),
            ("action_items", 96),
            ("timeline", 104),
        ],
        actions=[Action(98), Action(101)],
        timeline=11,
        first_entry=(110, dt.date(2019, 1, 22), dt.time(14, 54), "PST"),
        fields={"authors": "Benjamin Elder"},
    ),
    # `### 13:35` headings followed by paragraphs and lists; actions under three subheadings
    "jupyterhub-mybinder.org-deploy__2017-09-27-hub-403.md": Expected(
        sections=[("summary", 3), ("timeline", 10), ("action_items", 109)],
        actions=[
            Action(113, issue=GH + "jupyterhub/binderhub/issues/131"),
            Action(118, issue=GH + "jupyterhub/mybinder.org-deploy/issues/10"),
            Action(121, issue=GH + "jupyterhub/mybinder.org-deploy/issues/11"),
            Action(125, issue=GH + "jupyterhub/mybinder.org-deploy/issues/8"),
            Action(131, issue=GH + "jupyterhub/binderhub/issues/137"),
        ],
        timeline=6,
        first_entry=(14, dt.date(2017, 9, 27), dt.time(13, 6), "PST"),
    ),
    # task lists with `[x]`
    "jupyterhub-mybinder.org-deploy__2018-03-26-no-space-left.md": Expected(
        sections=[
            ("summary", 3),
            ("timeline", 8),
            ("lessons_learned", 37),
            ("what_worked_well", 39),
            ("what_slowed_response", 46),
            ("action_items", 51),
        ],
        actions=[
            Action(53, done=True),
            Action(54, done=True),
            Action(55, done=True),
            Action(56, issue=GH + "jupyterhub/mybinder.org-deploy/issues/365"),
            Action(57),
            Action(58),
        ],
        timeline=3,
        first_entry=(12, dt.date(2018, 3, 26), dt.time(10, 34), "CEST"),
    ),
    # `- **Date**:` bullets, actions as two plain paragraphs, `- **12:22** to **13:00**` ranges
    "openSUSE-obs-landing__2020-04-08-post-mortem.md": Expected(
        sections=[
            ("summary", 12),
            ("impact", 16),
            ("contributing_factors", 22),  # "Root Causes" beside a separate "Trigger"
            ("trigger", 26),
            ("resolution", 30),
            ("detection", 35),
            ("action_items", 39),
            ("lessons_learned", 45),
            ("what_worked_well", 47),
            ("what_slowed_response", 52),
            ("where_lucky", 58),
            ("timeline", 62),
        ],
        actions=[Action(41), Action(43, issue=GH + "openSUSE/open-build-service/issues/9362")],
        timeline=11,
        first_entry=(64, None, dt.time(11, 11), "UTC"),
        fields={"date": "2020-04-08", "authors": "Lukas, Eduardo, Dani, Henne"},
    ),
    # `**Impact**: ...` paragraphs stand for sections; `**What went well?**` pseudo headings;
    # an `Action Item | Owner` table
    "openSUSE-obs-landing__2023-10-10-post-mortem.md": Expected(
        sections=[
            ("impact", 13),
            ("contributing_factors", 15),  # "Root Causes" beside a separate "Trigger"
            ("trigger", 17),
            ("resolution", 19),
            ("detection", 21),
            ("action_items", 23),
            ("lessons_learned", 29),
            ("what_worked_well", 31),
            ("what_slowed_response", 35),
            ("where_lucky", 39),
            ("timeline", 44),
        ],
        actions=[Action(27, owners=("Production Squad", "any team member"))],
        timeline=5,
        first_entry=(46, None, dt.time(10, 27), "CEST"),
    ),
    # task lists `[ ]`/`[x]`, `### 5:00 PM` headings, a second "Follow-up timeline"
    "2i2c-org-incident-reports__2025-08-12-leap-outage.md": Expected(
        sections=[
            ("summary", 3),
            ("resolution", 8),
            ("what_worked_well", 11),
            ("what_slowed_response", 16),
            ("timeline", 23),
            ("timeline", 70),
            ("action_items", 87),
        ],
        actions=[
            Action(88),
            Action(89),
            Action(90, issue=GH + "2i2c-org/jupyterhub-home-nfs/pull/34"),
            Action(91, done=True, issue=GH + "2i2c-org/infrastructure/pull/6555"),
            Action(92, done=True),
        ],
        timeline=17,
        first_entry=(25, None, dt.time(17, 0), "BST"),
    ),
    # bullets that are only issue numbers (`- #2127`) under "Follow-up improvements"
    "2i2c-org-incident-reports__2023-02-01-daskhub-induced-evictions.md": Expected(
        sections=[("timeline", 3), ("what_slowed_response", 9), ("action_items", 14)],
        actions=[
            Action(16, issue="#2127"),
            Action(17, issue="#2213"),
            Action(18, issue="#2209"),
            Action(19, issue="#2324"),
            Action(20, issue="#2366"),
        ],
        timeline=1,
        first_entry=(7, dt.date(2023, 2, 1), None, "UTC+1"),
    ),
    # a document that is one list of bold labels: Key events, Impact, Review actions
    MOJ_2021: Expected(
        sections=[("timeline", 8), ("impact", 21), ("resolution", 29), ("action_items", 35)],
        actions=[
            Action(36, issue=GH + "ministryofjustice/cloud-platform/issues/3082"),
            Action(37, issue=GH + "ministryofjustice/cloud-platform/issues/3044"),
            Action(38, done=True, issue=GH + "ministryofjustice/cloud-platform-environments/pull/5126"),
            Action(39),
            Action(40, issue=GH + "ministryofjustice/cloud-platform/issues/3084"),
            Action(41, issue=GH + "ministryofjustice/cloud-platform/issues/3083"),
            Action(42),
        ],
        timeline=4,
        first_entry=(9, dt.date(2021, 7, 12), dt.time(15, 44), None),
    ),
    # a Day | Date (2021) | Time (PT) | Event table; actions as plain lines of one paragraph
    "Chia-Network-post-mortem__2021-10-31-EmployeeCompromise.md": Expected(
        sections=[
            ("summary", 3),
            ("timeline", 9),
            ("trigger", 41),
            ("resolution", 47),
            ("action_items", 51),
        ],
        actions=[Action(53), Action(54), Action(55)],
        timeline=23,
        first_entry=(15, dt.date(2021, 10, 31), dt.time(21, 33), "PT"),
    ),
    # "Call to action" addresses readers, not follow-ups; "### 2025-07-26 Saturday" date headings
    "pypi-warehouse__2025-07-31-incident-report-phishing-attack.md": Expected(
        sections=[("summary", 23), ("timeline", 109), ("impact", 156), ("lessons_learned", 178)],
        actions=[],
        timeline=20,
        first_entry=(116, dt.date(2025, 7, 26), dt.time(13, 14), "EDT"),
        fields={"date": dt.date(2025, 7, 31), "title": "PyPI Phishing Attack: Incident Report"},
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_filled_incident_reads_as_written(corpus: Path, name: str) -> None:
    expected = EXPECTED[name]
    document = _read(corpus, name)
    assert _recognised(document) == expected.sections
    # owners and links are compared in the files that name them, for every item of the file
    owners = any(e.owners for e in expected.actions)
    issues = any(e.issue for e in expected.actions)
    got = [
        Action(a.line, a.done, a.owners if owners else (), a.issue if issues else None)
        for a in document.actions
    ]
    assert got == expected.actions
    assert len(document.timeline) == expected.timeline
    if expected.first_entry is not None:
        first = document.timeline[0]
        assert (first.line, first.date, first.time, first.timezone) == expected.first_entry
    for key, value in expected.fields.items():
        assert document.field_value(key) == value


def test_every_action_and_entry_has_text(corpus: Path) -> None:
    """No action reads as its markers alone, and no timeline entry is its stamp alone."""
    for name in EXPECTED:
        document = _read(corpus, name)
        for action in document.actions:
            assert action.text or action.issue, (name, action.line)
            assert not action.text.endswith(("—", "(", "and", "due")), (name, action.line, action.text)
        for entry in document.timeline:
            assert entry.text, (name, entry.line)
