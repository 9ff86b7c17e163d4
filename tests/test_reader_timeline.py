"""Timeline entries: bullets, numbered lists, tables, time headings and time-led lines; dates,
timezones and entries that span lines."""

from __future__ import annotations

import datetime as dt

import pytest

from postmortem_lint.model import TimelineEntry
from postmortem_lint.reader import read_text
from postmortem_lint.reader.timeline import is_stamp
from postmortem_lint.reader.vocabulary import Vocabulary


def timeline(body: str, heading: str = "Timeline") -> list[TimelineEntry]:
    """The entries of `body` under `## {heading}` (line 3 is the first line of `body`)."""
    return read_text(f"# T\n## {heading}\n{body}", "pm.md", Vocabulary.default()).timeline


def stamps(entries: list[TimelineEntry]) -> list[tuple[int, str | None, str | None, str | None, str]]:
    return [
        (
            e.line,
            e.date.isoformat() if e.date else None,
            e.time.strftime("%H:%M") if e.time else None,
            e.timezone,
            e.text,
        )
        for e in entries
    ]


def test_bullets_under_a_date_line_with_a_timezone() -> None:
    body = (
        "2026-08-19 (all times UTC)\n\n- 14:02 payment-gateway v2.14 deployed\n"
        "- 14:09 checkout 5xx alert fires\n"
    )
    assert stamps(timeline(body)) == [
        (5, "2026-08-19", "14:02", "UTC", "payment-gateway v2.14 deployed"),
        (6, "2026-08-19", "14:09", "UTC", "checkout 5xx alert fires"),
    ]


def test_numbered_list_with_dates_and_zones_on_each_entry() -> None:
    body = (
        "1. 2026-08-19 23:58 PT: deploy\n2. 2026-08-20 00:03 PT: alert\n3. 2026-08-20 09:10 CEST: rollback\n"
    )
    assert stamps(timeline(body)) == [
        (3, "2026-08-19", "23:58", "PT", "deploy"),
        (4, "2026-08-20", "00:03", "PT", "alert"),
        (5, "2026-08-20", "09:10", "CEST", "rollback"),
    ]


@pytest.mark.parametrize(
    ("line", "time", "text"),
    [
        (
            "* [08:47] Bump PR is merged, triggering a deploy.",
            "08:47",
            "Bump PR is merged, triggering a deploy.",
        ),
        ("- **16:58 UTC** - Writer database saturates", "16:58", "Writer database saturates"),
        ("- *09:03* Started the deployment", "09:03", "Started the deployment"),
        ("- 2:54 PM PST: bad config merged", "14:54", "bad config merged"),
        ("- 13:14 EDT (17:14 UTC): A user emails security", "13:14", "A user emails security"),
        ("- 13:30-13:45 launch success drops", "13:30", "launch success drops"),
        ("- **12:22** to **13:00** We investigated", "12:22", "We investigated"),
        ("- Sun Oct 31, 2021 21:33 user posts in chat", "21:33", "user posts in chat"),
    ],
)
def test_stamp_forms(line: str, time: str, text: str) -> None:
    [entry] = timeline(f"\n{line}\n")
    assert (entry.time.strftime("%H:%M") if entry.time else None, entry.text) == (time, text)


def test_a_range_is_not_a_utc_offset() -> None:
    [entry] = timeline("\n- 13:30-13:45 launches fail\n")
    assert entry.timezone is None


def test_a_table_with_time_and_event_columns() -> None:
    body = (
        "\n| Time (UTC) | Event |\n|---|---|\n| Jan 14, 10:18 AM | A customer reports it |\n"
        "| 2024-03-13 14:?? | Scaled down |\n| | |\n"
    )
    assert stamps(timeline(body)) == [
        (6, None, "10:18", "UTC", "A customer reports it"),
        (7, "2024-03-13", None, "UTC", "Scaled down"),
    ]


def test_a_table_with_day_date_and_time_columns_takes_the_year_from_the_header() -> None:
    body = (
        "\n| Day | Date (2021) | Time (PT) | Event |\n|--|--|--|--|\n| Sun | Oct 31 | 21:33 | User posts |\n"
    )
    assert stamps(timeline(body)) == [(6, "2021-10-31", "21:33", "PT", "User posts")]


def test_time_headings_take_the_text_below_them() -> None:
    body = (
        "\nAll times in PST\n\n### Sep 27 2017 13:06\n\nChanges are deployed\nto staging.\n\n"
        "### 13:35\n\nDeployment to beta is complete:\n\n1. Make sure nodes have SSDs\n\n"
        "### 07:30am - First report\n\nWe hear reports.\n"
    )
    assert stamps(timeline(body)) == [
        (6, "2017-09-27", "13:06", "PST", "Changes are deployed to staging."),
        (11, "2017-09-27", "13:35", "PST", "Deployment to beta is complete: Make sure nodes have SSDs"),
        (17, "2017-09-27", "07:30", "PST", "First report: We hear reports."),
    ]


def test_date_subheadings_date_the_entries_below_them() -> None:
    body = "\n### 2025-07-26 Saturday\n- 13:14 EDT: report\n\n### 2025-07-27 Sunday\n- 06:34 EDT: update\n"
    assert [(e.date, e.time) for e in timeline(body)] == [
        (dt.date(2025, 7, 26), dt.time(13, 14)),
        (dt.date(2025, 7, 27), dt.time(6, 34)),
    ]


def test_a_month_and_day_without_year_take_the_year_above() -> None:
    body = "\n### 2018-04-18 12:35\n\nDeployed.\n\n### 19. April, 11:00\n\nFix applied.\n"
    assert [e.date for e in timeline(body)] == [dt.date(2018, 4, 18), dt.date(2018, 4, 19)]


def test_entries_span_lines() -> None:
    body = (
        "\n- 8:02 AM: webhooks appear fine,\n  first report of 503s.\n\n"
        "1:03\nFirst alert fires\n\n5:05\nIncident declared.\nGeorgiana restarts the hub\n"
    )
    assert [(e.line, e.text) for e in timeline(body)] == [
        (4, "webhooks appear fine, first report of 503s."),
        (7, "First alert fires"),
        (10, "Incident declared. Georgiana restarts the hub"),
    ]


def test_paragraph_lines_need_the_time_first() -> None:
    """Prose that mentions a time is not an entry; a line that starts with one is."""
    body = "\nThe deploy finished at 14:02 and nobody noticed.\n\n14:10 alert fires\n"
    assert [(e.line, e.text) for e in timeline(body)] == [(6, "alert fires")]


def test_a_list_of_links_among_timed_entries_is_not_entries() -> None:
    body = (
        "\nlinks to grafana:\n\n- [overview](https://g.example/1)\n- [nodes](https://g.example/2)\n\n"
        "What happened:\n\n- 10:00 start\n"
    )
    assert [e.line for e in timeline(body)] == [11]


def test_untimed_entries_count_when_nothing_has_a_time() -> None:
    entries = timeline("\n- deploy\n- alert\n- ...\n")
    assert [(e.line, e.time, e.text) for e in entries] == [(4, None, "deploy"), (5, None, "alert")]


def test_a_date_only_entry_keeps_its_date() -> None:
    [entry] = timeline("\n- 2023-02-01 - Summary of issue updated\n")
    assert (entry.date, entry.time, entry.text) == (dt.date(2023, 2, 1), None, "Summary of issue updated")


def test_quoted_chat_logs_are_not_entries_and_do_not_change_the_zone() -> None:
    body = (
        "\n### 5:00 PM\nIncident declared\n> Violation started 4:32PM UTC on an uptime check | times out\n\n"
        "### 5:02 PM\nHub updated\n"
    )
    entries = timeline(body, "Timeline (times in BST)")
    assert [(e.line, e.timezone, e.text) for e in entries] == [
        (4, "BST", "Incident declared"),
        (8, "BST", "Hub updated"),
    ]


def test_template_placeholder_headings_are_entries_without_a_time() -> None:
    entries = timeline("\n### {{ hh:mm }}\n\nInvestigation starts.\n")
    assert [(e.line, e.time, e.text) for e in entries] == [(4, None, "Investigation starts.")]


def test_labelled_key_events_list() -> None:
    text = (
        "# Incident\n\n- **Key events**\n  - First detected 2021-07-12 15:44\n  - Resolved 2021-07-13 11:49\n"
    )
    entries = read_text(text, "pm.md", Vocabulary.default()).timeline
    assert stamps(entries) == [
        (4, "2021-07-12", "15:44", None, "First detected"),
        (5, "2021-07-13", "11:49", None, "Resolved"),
    ]


def test_only_timeline_sections_are_read() -> None:
    text = "# T\n\n## Summary\n\n- 10:00 not an entry\n\n## Timeline\n\n- 11:00 an entry\n"
    assert [e.line for e in read_text(text, "pm.md", Vocabulary.default()).timeline] == [9]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 22", True),
        ("2026-08-19", True),
        ("Sep 27 2017 13:06", True),
        ("Timeline", False),
        ("Day 2", False),
    ],
)
def test_is_stamp(text: str, expected: bool) -> None:
    assert is_stamp(text) is expected
