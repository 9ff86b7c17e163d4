"""Action items: bullets, numbered and task lists, tables, the bracket form, labelled and plain lines;
owners, due dates, done markers and tracker links taken out of the action's text."""

from __future__ import annotations

import datetime as dt

import pytest

from postmortem_lint.model import ActionItem
from postmortem_lint.reader import read_text
from postmortem_lint.reader.vocabulary import Vocabulary


def actions(body: str, heading: str = "Action Items") -> list[ActionItem]:
    """The items of `body` under `## {heading}` (line 3 is the first line of `body`)."""
    return read_text(f"# T\n## {heading}\n{body}", "pm.md", Vocabulary.default()).actions


def one(line: str) -> ActionItem:
    [item] = actions(f"- {line}\n")
    return item


def test_markers_come_out_of_the_text_without_leftovers() -> None:
    item = one("[ ] Add a runbook section on pausing the rebuild — @ana and @ben — 2026-09-20")
    assert (item.text, item.owners, item.due, item.done) == (
        "Add a runbook section on pausing the rebuild",
        ("@ana", "@ben"),
        dt.date(2026, 9, 20),
        False,
    )
    assert item.raw.startswith("[ ] Add a runbook")


@pytest.mark.parametrize(
    ("line", "owners", "due", "text"),
    [
        (
            "Add alert on queue depth — @maria — due 2026-12-01 (#123)",
            ("@maria",),
            "2026-12-01",
            "Add alert on queue depth",
        ),
        ("Add alert (Owner: Dana Scully, due: Dec 1, 2026)", ("Dana Scully",), "2026-12-01", "Add alert"),
        ("Add alert. Owner: @sam.o", ("@sam.o",), None, "Add alert"),
        ("Add alert (due: Dec 1, 2026)", (), "2026-12-01", "Add alert"),
        ("Add alert by 2026-12-01", (), "2026-12-01", "Add alert"),
        (
            "[@maria] [2026-10-01] [Add alert on queue depth]",
            ("@maria",),
            "2026-10-01",
            "Add alert on queue depth",
        ),
        (
            "[Platform team] [next sprint] Move the pool size to config",
            ("Platform team",),
            None,
            "Move the pool size to config",
        ),
    ],
)
def test_owner_and_due_forms(line: str, owners: tuple[str, ...], due: str | None, text: str) -> None:
    item = one(line)
    assert (item.owners, item.due.isoformat() if item.due else None, item.text) == (owners, due, text)


def test_a_due_text_that_is_no_date_is_kept_as_written() -> None:
    item = one("[Platform team] [next sprint] Move the pool size to config")
    assert (item.due, item.due_text) == (None, "next sprint")


@pytest.mark.parametrize(
    "line",
    [
        "Fix the retry loop that failed due to the outage",
        "Tell ops@example.com about the retry loop",
        "Fix https://github.com/o/r/blob/main/retry.py#L12",
        "Revert the change made since 2026-01-02",
        "Make sure the migration is done right",
    ],
)
def test_near_misses_are_no_markers(line: str) -> None:
    item = one(line)
    assert (item.owners, item.due, item.done, item.issue) == ((), None, False, None)


@pytest.mark.parametrize(
    "line",
    [
        "[x] Rotate the keys",
        "[X] Rotate the keys",
        "✅ Rotate the keys",
        "Rotate the keys DONE",
        "Rotate the keys (Completed)",
        "~~Rotate the keys~~",
        "Rotate the keys. Done in grafana.",
    ],
)
def test_done_markers(line: str) -> None:
    item = one(line)
    assert item.done
    assert item.text.startswith("Rotate the keys")
    assert "DONE" not in item.text and "✅" not in item.text and "Completed" not in item.text


@pytest.mark.parametrize(
    ("line", "issue", "text"),
    [
        ("Add alert (#123)", "#123", "Add alert"),
        (
            "Add alert ([#123](https://github.com/o/r/issues/123))",
            "https://github.com/o/r/issues/123",
            "Add alert",
        ),
        ("Add alert https://github.com/o/r/pull/9", "https://github.com/o/r/pull/9", "Add alert"),
        (
            "Add alert [Issue](https://github.com/o/r/issues/7)",
            "https://github.com/o/r/issues/7",
            "Add alert",
        ),
        (
            "Add alert. Ticket [#3044](https://github.com/o/r/issues/3044)",
            "https://github.com/o/r/issues/3044",
            "Add alert",
        ),
        (
            "Created a [ticket](https://github.com/o/r/issues/5) to migrate",
            "https://github.com/o/r/issues/5",
            "Created a ticket to migrate",
        ),
        (
            "Add alert (see https://gitlab.com/g/p/-/issues/4).",
            "https://gitlab.com/g/p/-/issues/4",
            "Add alert",
        ),
    ],
)
def test_issue_links(line: str, issue: str, text: str) -> None:
    item = one(line)
    assert (item.issue, item.text) == (issue, text)


def test_bullets_numbered_and_task_lists() -> None:
    body = (
        "\n- Add alert\n* Fix dashboard\n\n1. Write runbook\n2. [x] Rotate keys\n\n- [ ] Load test\n- [ ] \n"
    )
    assert [(a.line, a.text, a.done) for a in actions(body)] == [
        (4, "Add alert", False),
        (5, "Fix dashboard", False),
        (7, "Write runbook", False),
        (8, "Rotate keys", True),
        (10, "Load test", False),
    ]


@pytest.mark.parametrize(
    "header",
    [
        "| Action | Owner | Due | Issue | Status |",
        "| Task | Who | Deadline | Ticket | Done |",
        "| Item | Assignee | Due date | Bug # | State |",
    ],
)
def test_tables(header: str) -> None:
    body = (
        f"\n{header}\n|---|---|---|---|---|\n"
        "| Add alert | @maria | 2026-09-01 | [#12](https://github.com/o/r/issues/12) | done |\n"
        "| Fix runbook | Dana, Lee | TBD | OPS-42 | open |\n"
    )
    assert [(a.line, a.text, a.owners, a.due, a.due_text, a.issue, a.done) for a in actions(body)] == [
        (
            6,
            "Add alert",
            ("@maria",),
            dt.date(2026, 9, 1),
            "2026-09-01",
            "https://github.com/o/r/issues/12",
            True,
        ),
        (7, "Fix runbook", ("Dana", "Lee"), None, "TBD", "OPS-42", False),
    ]


def test_group_labels_are_not_items_and_owner_due_sub_bullets_belong_to_their_item() -> None:
    body = (
        "\n- Short-term:\n  - Add a canary stage\n    - Owner: @lee\n    - Due: 2026-11-02\n"
        "  - Add saturation dashboards\n- **Long-term**\n  - Split the database\n"
    )
    assert [(a.line, a.text, a.owners, a.due) for a in actions(body)] == [
        (5, "Add a canary stage", ("@lee",), dt.date(2026, 11, 2)),
        (8, "Add saturation dashboards", (), None),
        (10, "Split the database", (), None),
    ]


def test_nested_actions_and_details() -> None:
    body = (
        "\n- Improve coverage of readiness probes\n  - Reach out to teams with suggestions about probes\n"
        "  - Create a dashboard for probe coverage\n"
        "- Spike usage of pre-commit hooks\n  - File size\n  - Binary files\n"
        "- Add integration tests for the fetch wrapper\n  - https://github.com/o/r/pull/2935\n"
    )
    assert [(a.line, a.text, a.issue) for a in actions(body)] == [
        (4, "Improve coverage of readiness probes", None),
        (5, "Reach out to teams with suggestions about probes", None),
        (6, "Create a dashboard for probe coverage", None),
        (7, "Spike usage of pre-commit hooks", None),
        (10, "Add integration tests for the fetch wrapper", "https://github.com/o/r/pull/2935"),
    ]


def test_an_unindented_bullet_list_after_a_numbered_item_is_its_details() -> None:
    body = (
        "\n1. **Migration to a new table**\n\n- Created the table\n- Backfilled it\n\n"
        "2. **Scaling ingestion**\n"
    )
    assert [(a.line, a.text) for a in actions(body)] == [
        (4, "Migration to a new table"),
        (9, "Scaling ingestion"),
    ]


def test_an_item_that_is_only_a_link_is_kept() -> None:
    [item] = actions("\n- #2127\n")
    assert (item.text, item.issue) == ("", "#2127")


def test_a_labelled_action_paragraph() -> None:
    body = (
        "\n**Action item:** Start incidents earlier. Owner: @lucasheriques\n\n"
        "We are committed to:\n\n- Add tests\n"
    )
    assert [(a.line, a.text, a.owners) for a in actions(body)] == [
        (4, "Start incidents earlier", ("@lucasheriques",)),
        (8, "Add tests", ()),
    ]


def test_plain_lines_when_the_section_has_no_list() -> None:
    body = (
        "\nDevelop better questioning techniques.\nHire a SecOps person.\n\n"
        "This is the second time this happened. We need\nto be more rigorous in review.\n\n"
        "_Each action item should be a JIRA ticket._\n"
    )
    assert [(a.line, a.text) for a in actions(body, "Corrective and Preventative Measures")] == [
        (4, "Develop better questioning techniques"),
        (5, "Hire a SecOps person"),
        (7, "This is the second time this happened. We need to be more rigorous in review"),
    ]


def test_items_after_a_completed_intro_and_under_a_completed_heading_are_done() -> None:
    body = (
        "\nThe following action items are already completed:\n\n- Remove the auto refresh\n\n"
        "### Immediate Actions (Completed)\n\n- Moved timeouts to config\n\n### Planned\n\n- Split the pool\n"
    )
    assert [(a.line, a.done) for a in actions(body)] == [(6, True), (10, True), (14, False)]


def test_review_actions_label_in_a_list_of_labels() -> None:
    text = (
        "# Incident\n\n- **Impact**: everything broke\n\n- **Review actions**:\n"
        "  - Fix the pipeline. DONE in [PR #5126](https://github.com/o/r/pull/5126)\n  - Add a canary app\n"
    )
    items = read_text(text, "pm.md", Vocabulary.default()).actions
    assert [(a.line, a.text, a.done, a.issue, a.section) for a in items] == [
        (6, "Fix the pipeline", True, "https://github.com/o/r/pull/5126", "Review actions"),
        (7, "Add a canary app", False, None, "Review actions"),
    ]


def test_actions_taken_is_no_action_item_section() -> None:
    assert actions("\n- Restarted the database\n", "Actions taken") == []


def test_placeholders_stay_in_the_text() -> None:
    [item] = actions("\n1. {{ summary }} [link to github issue]\n")
    assert item.text == "{{ summary }} [link to github issue]"


def test_ids_are_stable_and_numbered_when_text_repeats() -> None:
    first, second = actions("\n- Add alert\n- Add alert\n")
    assert first.id != second.id
    assert second.id == f"{first.id}-2"
    assert one("Add alert {#alert-1}").id == "alert-1"


def test_mentioned_handles_are_not_owners() -> None:
    item = one("[ ] Sync with @alice about the 5xx alert threshold — @maria — due 2026-09-01")
    assert item.owners == ("@maria",)
    assert item.text == "Sync with @alice about the 5xx alert threshold"
    assert one("[ ] Pair with @lee on the pool-size check (@maria, due 2026-09-01)").owners == ("@maria",)


def test_owner_with_a_note_in_parentheses() -> None:
    item = one("[ ] Add alert for queue depth above 200 — owner: Maria (SRE) — due 2026-09-01")
    assert item.owners == ("Maria",)
    assert item.text == "Add alert for queue depth above 200"
