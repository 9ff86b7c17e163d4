"""PM201-PM204: concrete impact, ordered and timed timelines, duration matching the timeline."""

from __future__ import annotations

import pytest

from postmortem_lint.reader.durations import minutes
from postmortem_lint.rules.examples import COMPLETE
from tests.lint import findings, lines

TIMELINE = """\
2026-08-19 (all times UTC)

- 14:02 payment-gateway v2.14 deployed
- 14:09 checkout 5xx alert fires
- 14:31 rollback started
- 14:49 error rate back to baseline
"""


def with_timeline(body: str, duration: str = "47 minutes") -> str:
    return COMPLETE.replace(TIMELINE, body).replace("duration: 47 minutes", f"duration: {duration}")


@pytest.mark.parametrize(
    "impact",
    ["Checkout had API issues.", "Some users saw errors.", "Customers were impacted by the degradation."],
)
def test_impact_without_a_figure_fires(impact: str) -> None:
    text = COMPLETE.replace("- 18% of checkout requests failed with HTTP 502 for 47 minutes.", impact)
    [found] = findings(text, "PM201")
    assert found.line == 20 and f'impact "{impact}" has no figure' in found.message


@pytest.mark.parametrize(
    "impact",
    [
        "About 1,200 checkouts failed.",
        "All EU customers could not log in.",
        "Three enterprise customers were locked out.",
        "Refunds cost $4k.",
    ],
)
def test_impact_with_a_figure_passes(impact: str) -> None:
    text = COMPLETE.replace("- 18% of checkout requests failed with HTTP 502 for 47 minutes.", impact)
    assert findings(text, "PM201") == []


def test_impact_written_as_a_field_is_checked() -> None:
    text = "# Outage\n\n**Impact:** the API had issues.\n\n## Timeline\n\n- 10:00 start\n"
    assert lines(text, "PM201") == [3]


def test_out_of_order_entry_is_reported_at_its_line() -> None:
    text = with_timeline(TIMELINE.replace("- 14:31 rollback started", "- 14:05 rollback started"))
    [found] = findings(text, "PM202")
    assert found.line == 28
    assert "14:05" in found.message and "14:09" in found.message and "line 27" in found.message


def test_midnight_rollover_is_not_out_of_order() -> None:
    body = "- 23:40 deploy\n- 23:55 alert fires\n- 00:10 rollback\n- 00:30 recovered\n"
    assert findings(with_timeline(body, "50 minutes"), "PM202") == []
    assert findings(with_timeline(body, "50 minutes"), "PM204") == []


def test_dates_order_entries_across_days() -> None:
    body = (
        "| Time | Event |\n|---|---|\n| 2026-08-18 22:00 | deploy |\n| 2026-08-19 01:00 | alert |\n"
        "| 2026-08-18 23:00 | rollback |\n"
    )
    assert lines(with_timeline(body, "3 hours"), "PM202") == [28]


def test_date_lines_apply_to_entries_below() -> None:
    body = "2026-08-19\n\n- 22:00 deploy\n- 23:00 alert\n\n2026-08-20\n\n- 09:00 fix\n"
    assert findings(with_timeline(body, "11 hours"), "PM202") == []


def test_entry_without_a_time_is_a_warning() -> None:
    text = with_timeline(TIMELINE.replace("- 14:31 rollback started", "- then the rollback started"))
    [found] = findings(text, "PM203")
    assert found.line == 28 and found.severity.name == "WARNING"


def test_placeholder_time_is_not_a_time() -> None:
    body = "| Time | Event |\n|---|---|\n| 2022-06-02 HH:mm | limit range deleted |\n"
    assert lines(with_timeline(body), "PM203") == [26]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("47 minutes", 47),
        ("1 hour 48 minutes", 108),
        ("2h 15m", 135),
        ("1.5 hours", 90),
        ("1:05", 65),
        ("3 days", 4320),
        ("about 90 min", 90),
        ("unknown", None),
    ],
)
def test_durations(text: str, expected: float | None) -> None:
    assert minutes(text) == expected


def test_duration_mismatch_beyond_tolerance() -> None:
    [found] = findings(with_timeline(TIMELINE, "3 hours"), "PM204")
    assert found.line == 7 and "180 min" in found.message and "47 min" in found.message


def test_duration_within_tolerance_passes() -> None:
    assert findings(with_timeline(TIMELINE, "55 minutes"), "PM204") == []
    assert findings(with_timeline(TIMELINE, "40 minutes"), "PM204") == []


def test_one_early_entry_is_one_finding_not_a_cascade() -> None:
    body = "- 14:02 deploy\n- 15:30 a stray late note\n- 14:09 alert\n- 14:31 rollback\n- 14:49 recovered\n"
    assert lines(with_timeline(body, "47 minutes"), "PM202") == [26]


def test_separate_timelines_are_not_compared() -> None:
    key_events = "- **Key events**\n  - Resolved 2026-08-19 14:49\n\n"
    text = COMPLETE.replace("## Summary\n", "## Summary\n\n" + key_events)
    assert findings(text, "PM202") == []


def test_month_and_day_take_the_incident_year() -> None:
    body = (
        "| Time (UTC) | Event |\n|---|---|\n| Aug 19, 5:33 PM | fix released |\n"
        "| Aug 20, 5:44 AM | customer reports it did not work |\n"
    )
    text = with_timeline(body, "12 hours")
    assert findings(text, "PM202") == []
    assert findings(text, "PM204") == []


def test_duration_from_detection_to_resolution_passes_after_a_lead_up() -> None:
    body = (
        "- 00:00 the gateway's TLS certificate expires\n- 08:12 checkout 5xx alert fires (detection)\n"
        "- 09:30 new certificate issued\n- 10:50 resolved: error rate back to baseline\n"
        "- 11:30 follow-up notes written\n"
    )
    assert findings(with_timeline(body, "2h 38m"), "PM204") == []


def test_duration_from_the_first_entry_to_mitigation_passes() -> None:
    body = "- 10:45 v1.270 deployed\n- 14:59 support notices reports\n- 16:11 reverts deployed, mitigated\n"
    body += "- 22:28 incident closed\n"
    assert findings(with_timeline(body, "5 hours 26 minutes"), "PM204") == []


def test_duration_matching_no_natural_span_still_warns() -> None:
    body = "- 13:00 deploy\n- 13:40 alert fires\n- 15:10 rollback started\n"
    body += "- 16:00 error rate back to baseline\n"
    [found] = findings(with_timeline(body, "30 minutes"), "PM204")
    assert "spans 180 min" in found.message
