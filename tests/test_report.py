"""`postmortem-lint report`: every item state and marker of the fixture repository, with a fixed
`--today`, as exact JSON; the text summary; exit codes; the follow-up settings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from postmortem_lint.engine.config import ConfigFinder
from postmortem_lint.followup import IssueState, Status, charts, status_of
from postmortem_lint.followup.collect import make_report
from postmortem_lint.reader import read_text
from postmortem_lint.reader.vocabulary import Vocabulary
from tests.conftest import ROOT, Run, git
from tests.followup_env import TODAY, make_repo

ACTION_KEYS = (
    "path",
    "line",
    "id",
    "incident_date",
    "owner",
    "due",
    "text",
    "issue",
    "status",
    "days_overdue",
)
ACTIONS = [  # path below postmortems/, line, id, incident date, owner, due, text, issue, status, days overdue
    (
        "2026-09-28-login-errors.md",
        20,
        "3086764a25",
        "2026-09-28",
        "@maria",
        "2026-09-30",
        "Alert on session-store memory above 80% @everyone now",
        None,
        "overdue",
        1,
    ),
    (
        "2026-09-28-login-errors.md",
        21,
        "1a07101591",
        "2026-09-28",
        "@sam",
        "2026-10-20",
        "Evict sessions older than 30 days",
        None,
        "deprioritized",
        None,
    ),
    (
        "2026-09-28-login-errors.md",
        23,
        "session-owner",
        "2026-09-28",
        "@ops-lead",
        "2026-10-05",
        "Give the session store an owning team",
        None,
        "open",
        None,
    ),
    (
        "2026-09-20-deploy-rollback.md",
        20,
        "flag-smoke",
        "2026-09-20",
        "@dev-lee",
        "2026-09-25",
        "Add a smoke test for the payment flag in staging",
        None,
        "overdue",
        6,
    ),
    (
        "2026-09-20-deploy-rollback.md",
        21,
        "1438f05fd5",
        "2026-09-20",
        "@ops-lead",
        "2026-09-30",
        "Block deploys on Fridays",
        None,
        "deprioritized",
        None,
    ),
    (
        "2026-09-20-deploy-rollback.md",
        22,
        "cbc4a8ed18",
        "2026-09-20",
        "@ana",
        "2026-10-10",
        "Document the rollback command in the runbook",
        None,
        "deprioritized",
        None,
    ),
    (
        "2026-09-20-deploy-rollback.md",
        24,
        "10ecb918f4",
        "2026-09-20",
        "@ana",
        "2026-10-12",
        "Canary checkout deploys at 5% for 10 minutes",
        None,
        "open",
        None,
    ),
    (
        "2026-08-19-cert-expiry.md",
        22,
        "e2e1a69b68",
        "2026-08-19",
        "@maria",
        "2026-09-10",
        "Alert 21 days before any certificate expires",
        None,
        "done",
        None,
    ),
    (
        "2026-08-19-cert-expiry.md",
        23,
        "12133e9206",
        "2026-08-19",
        "@sam",
        "2026-10-15",
        "Automate renewal with the ACME client",
        "#12",
        "open",
        None,
    ),
    (
        "2026-08-19-cert-expiry.md",
        24,
        "02e63ad3b9",
        "2026-08-19",
        "@sam",
        "2026-09-01",
        "Buy a wildcard certificate",
        None,
        "deprioritized",
        None,
    ),
    (
        "2026-06-02-queue-backlog.md",
        20,
        "queue-alert",
        "2026-06-02",
        "@maria",
        "2026-06-30",
        "Alert when the order queue's oldest message is older than 10 minutes",
        None,
        "overdue",
        93,
    ),
    (
        "2026-06-02-queue-backlog.md",
        21,
        "ce05333c38",
        "2026-06-02",
        "@dev-lee",
        "2026-06-15",
        "Dead-letter poison messages after 3 attempts",
        None,
        "done",
        None,
    ),
    (
        "2026-06-02-queue-backlog.md",
        22,
        "0e5580ea34",
        "2026-06-02",
        "@ops-lead",
        None,
        "Name an owner for the order consumer in the service catalogue",
        None,
        "open",
        None,
    ),
    (
        "2026-03-10-dns-outage.md",
        20,
        "dns-pin",
        "2026-03-10",
        "@maria",
        "2026-03-20",
        "Pin the resolver's search domain in the base image",
        None,
        "done",
        None,
    ),
    (
        "2026-03-10-dns-outage.md",
        21,
        "8cf68305c9",
        "2026-03-10",
        "@ops-lead",
        "2026-04-30",
        "Move to a managed resolver",
        None,
        "deprioritized",
        None,
    ),
    (
        "undated-cache-stampede.md",
        13,
        "42c35a3ff4",
        None,
        "@dev-lee",
        None,
        "Add request coalescing to the catalogue cache",
        None,
        "open",
        None,
    ),
]
INCIDENT_KEYS = (
    "path",
    "title",
    "date",
    "severity",
    "tier",
    "themes",
    "open",
    "overdue",
    "done",
    "deprioritized",
)
INCIDENTS = [  # path, title, date, severity, tier, themes, open, overdue, done, deprioritized, 30-day check
    (
        "2026-09-28-login-errors.md",
        "Login errors <script>alert(1)</script> <img src=x onerror=alert(2)>",
        "2026-09-28",
        "SEV2",
        2,
        ["monitoring-gaps", "unclear-ownership"],
        1,
        1,
        0,
        1,
        ("not-due", "2026-10-28", [(20, "3086764a25"), (23, "session-owner")]),
    ),
    (
        "2026-09-20-deploy-rollback.md",
        "Checkout deploy rolled back twice",
        "2026-09-20",
        "SEV3",
        2,
        ["deployment-safety"],
        1,
        1,
        0,
        2,
        ("not-due", "2026-10-20", [(20, "flag-smoke"), (24, "10ecb918f4")]),
    ),
    (
        "2026-08-19-cert-expiry.md",
        "Expired certificate on the partner API",
        "2026-08-19",
        "SEV2",
        2,
        ["monitoring-gaps"],
        1,
        0,
        1,
        1,
        ("failed", "2026-09-18", [(23, "12133e9206")]),
    ),
    (
        "2026-06-02-queue-backlog.md",
        "Order queue backlog",
        "2026-06-02",
        "SEV2",
        2,
        ["monitoring-gaps", "unclear-ownership"],
        1,
        1,
        1,
        0,
        ("failed", "2026-07-02", [(20, "queue-alert"), (22, "0e5580ea34")]),
    ),
    (
        "2026-03-10-dns-outage.md",
        "DNS resolution failures after resolver upgrade",
        "2026-03-10",
        "SEV1",
        2,
        ["dependency-visibility", "monitoring-gaps"],
        0,
        0,
        1,
        1,
        ("passed", "2026-04-09", []),
    ),
    (
        "undated-cache-stampede.md",
        "Cache stampede on the catalogue",
        None,
        None,
        2,
        [],
        1,
        0,
        0,
        0,
        ("no-date", None, []),
    ),
]
THEMES = [  # theme, incidents, first, last, last 90 days, recurring, paths
    (
        "monitoring-gaps",
        4,
        "2026-03-10",
        "2026-09-28",
        2,
        True,
        [
            "2026-03-10-dns-outage.md",
            "2026-06-02-queue-backlog.md",
            "2026-08-19-cert-expiry.md",
            "2026-09-28-login-errors.md",
        ],
    ),
    (
        "unclear-ownership",
        2,
        "2026-06-02",
        "2026-09-28",
        1,
        False,
        ["2026-06-02-queue-backlog.md", "2026-09-28-login-errors.md"],
    ),
    ("dependency-visibility", 1, "2026-03-10", "2026-03-10", 0, False, ["2026-03-10-dns-outage.md"]),
    ("deployment-safety", 1, "2026-09-20", "2026-09-20", 1, False, ["2026-09-20-deploy-rollback.md"]),
]


def expected_json() -> dict[str, Any]:
    def path(name: str) -> str:
        return f"postmortems/{name}"

    return {
        "version": 1,
        "today": TODAY,
        "summary": {
            "incidents": 6,
            "actions": 16,
            "open": 5,
            "overdue": 3,
            "done": 3,
            "deprioritized": 5,
            "undated": 2,
            "completion_rate": 0.273,
        },
        "actions": [
            {**dict(zip(ACTION_KEYS, row, strict=True)), "path": path(row[0]), "disagreement": None}
            for row in ACTIONS
        ],
        "incidents": [
            {
                **dict(zip(INCIDENT_KEYS, row[:-1], strict=True)),
                "path": path(row[0]),
                "check_30_day": {
                    "status": row[-1][0],
                    "ends": row[-1][1],
                    "open": [{"line": line, "id": key} for line, key in row[-1][2]],
                },
            }
            for row in INCIDENTS
        ],
        "themes": [
            {
                "theme": row[0],
                "incidents": row[1],
                "first": row[2],
                "last": row[3],
                "last_90_days": row[4],
                "recurring": row[5],
                "paths": [path(p) for p in row[6]],
            }
            for row in THEMES
        ],
        "github_requests": None,
        "team": {
            "owners": [
                {"owner": "@maria", "open": 2, "overdue": 2},
                {"owner": "@dev-lee", "open": 2, "overdue": 1},
                {"owner": "@ops-lead", "open": 2, "overdue": 0},
                {"owner": "@ana", "open": 1, "overdue": 0},
                {"owner": "@sam", "open": 1, "overdue": 0},
            ],
            "median_days_due_to_done": None,
            "median_days_to_postmortem": 2,
        },
    }


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture repository as the current directory."""
    made = make_repo(tmp_path / "incidents")
    monkeypatch.chdir(made)
    return made


def test_json_report_of_every_state_and_marker(run: Run, repo: Path) -> None:
    code, out, err = run("report", "--today", TODAY, "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == expected_json()


def test_paths_given_read_the_same_and_skip_files_that_are_no_postmortems(run: Run, repo: Path) -> None:
    code, out, _ = run("report", "postmortems", "--today", TODAY, "--format", "json")
    assert code == 0 and json.loads(out) == expected_json()
    code, out, _ = run("report", "postmortems/notes.md", "--today", TODAY)
    assert code == 0
    assert out.splitlines()[0].startswith("Follow-up report on 2026-10-01: 0 incidents, 0 action items")
    assert "Skipped 1 file(s) that are not postmortems." in out


def test_text_summary_puts_overdue_items_first(run: Run, repo: Path) -> None:
    code, out, _ = run("report", "--today", TODAY)
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == (
        "Follow-up report on 2026-10-01: 6 incidents, 16 action items: 3 overdue, 5 open (2 undated), "
        "3 done, 5 deprioritized; completion 27%."
    )
    assert lines[1:5] == [
        "Overdue (3):",
        "  postmortems/2026-06-02-queue-backlog.md:20: @maria, due 2026-06-30, 93 days overdue: Alert when "
        "the order queue's oldest message is older than 10 minutes",
        "  postmortems/2026-09-20-deploy-rollback.md:20: @dev-lee, due 2026-09-25, 6 days overdue: Add a "
        "smoke test for the payment flag in staging",
        "  postmortems/2026-09-28-login-errors.md:20: @maria, due 2026-09-30, 1 day overdue: Alert on "
        "session-store memory above 80% @everyone now",
    ]
    assert "30-day check failed (2):" in lines
    assert "Recurring themes (1):" in lines
    assert "Median days from incident to postmortem committed: 2." in lines


def test_since_keeps_later_incidents_only(run: Run, repo: Path) -> None:
    code, out, _ = run("report", "--today", TODAY, "--since", "2026-08-01", "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert [i["date"] for i in report["incidents"]] == ["2026-09-28", "2026-09-20", "2026-08-19"]
    assert [(t["theme"], t["incidents"], t["recurring"]) for t in report["themes"]][:1] == [
        ("monitoring-gaps", 2, False)
    ]


def test_output_file_and_fail_on_overdue(run: Run, repo: Path) -> None:
    target = repo / "report.json"
    code, out, _ = run("report", "--today", TODAY, "--format", "json", "--output", str(target))
    assert (code, out) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8")) == expected_json()
    assert run("report", "--today", TODAY, "--fail-on-overdue")[0] == 1
    assert run("report", "--today", "2026-06-01", "--fail-on-overdue")[0] == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--today", "2026-13-01"], "expected a date YYYY-MM-DD"),
        (["--github", "not a repo"], "expected OWNER/REPO"),
        (["--format", "pdf"], "invalid choice"),
        (["--github", "acme/incidents"], "--github needs a token in GITHUB_TOKEN"),
        (["no/such/folder"], "no such file or directory: no/such/folder"),
    ],
)
def test_usage_errors_exit_2(
    run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], message: str
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    code, out, err = run("report", *argv)
    assert code == 2 and out == "" and message in err


def test_follow_up_settings_come_from_the_configuration(run: Run, repo: Path) -> None:
    (repo / ".postmortem-lint.yaml").write_text(
        "follow-up: {check-days: 120, recurring-incidents: 5, recurring-days: 400, recent-days: 10}\n"
    )
    code, out, _ = run("report", "--today", TODAY, "--format", "json")
    report = json.loads(out)
    assert code == 0
    checks = {i["date"]: i["check_30_day"]["status"] for i in report["incidents"]}
    assert checks["2026-08-19"] == "not-due" and checks["2026-06-02"] == "failed"
    assert not any(t["recurring"] for t in report["themes"])
    assert report["themes"][0]["last_90_days"] == 1  # the last 10 days: 2026-09-28 only
    (repo / ".postmortem-lint.yaml").write_text("follow-up: {check-days: 0}\n")
    code, _, err = run("report", "--today", TODAY)
    assert code == 2 and ".postmortem-lint.yaml:1: expected a whole number >= 1" in err


def item(line: str) -> Any:
    [found] = read_text(f"# T\n## Action Items\n{line}\n", "pm.md", Vocabulary.default()).actions
    return found


DAY = dt.date(2026, 10, 1)
OPEN = IssueState(12, "https://github.com/acme/incidents/issues/12", "open")
COMPLETED = IssueState(12, "", "closed", "completed", dt.date(2026, 9, 3))
NOT_PLANNED = IssueState(12, "", "closed", "not_planned")


@pytest.mark.parametrize(
    ("line", "issue", "status", "disagreement"),
    [
        ("- [ ] Add alert — @a — due 2026-09-30", None, Status.OVERDUE, None),
        ("- [ ] Add alert — @a — due 2026-10-01", None, Status.OPEN, None),
        ("- [ ] Add alert — @a", None, Status.OPEN, None),
        ("- [ ] Add alert — @a — due 2026-09-30", OPEN, Status.OVERDUE, None),
        (
            "- [ ] Add alert — @a — due 2026-09-30",
            COMPLETED,
            Status.DONE,
            "open in the document, but #12 was closed as completed",
        ),
        (
            "- [ ] Add alert — @a — due 2026-09-30",
            NOT_PLANNED,
            Status.DEPRIORITIZED,
            "open in the document, but #12 was closed as not planned",
        ),
        ("- [x] Add alert — @a — due 2026-09-30", OPEN, Status.DONE, "written done, but #12 is open"),
        ("- [x] Add alert — @a — due 2026-09-30", COMPLETED, Status.DONE, None),
        (
            "- [x] Add alert — @a — due 2026-09-30",
            NOT_PLANNED,
            Status.DONE,
            "written done, but #12 was closed as not planned",
        ),
        ("- [-] Add alert — @a — due 2026-09-30", NOT_PLANNED, Status.DEPRIORITIZED, None),
        (
            "- [-] Add alert — @a — due 2026-09-30",
            OPEN,
            Status.DEPRIORITIZED,
            "written deprioritized, but #12 is open",
        ),
    ],
)
def test_status_of_document_and_issue(
    line: str, issue: IssueState | None, status: Status, disagreement: str | None
) -> None:
    assert status_of(item(line), DAY, issue) == (status, disagreement)


def test_readme_sample_report_is_what_the_tool_prints(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ postmortem-lint report examples/ --today 2026-10-01\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    code, out, _ = run("report", "examples/", "--today", TODAY)
    assert code == 0
    history = git(ROOT, "log", "--format=%H", "--", "examples/", check=False).stdout.split()
    shallow = git(ROOT, "rev-parse", "--is-shallow-repository", check=False).stdout.strip() != "false"
    if shallow or not history:  # a shallow clone or a tarball: the commit figure differs or is absent
        committed = "Median days from incident to postmortem committed"
        out, shown = (
            "".join(line for line in text.splitlines(keepends=True) if not line.startswith(committed))
            for text in (out, shown)
        )
    assert out == shown


def test_chart_bars_count_what_the_report_counts(repo: Path) -> None:
    report = make_report([], ConfigFinder(), dt.date.fromisoformat(TODAY))
    themes = charts.themes_per_quarter(report)
    assert [label.text for label in themes.labels] == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]
    assert {bar.title for bar in themes.bars} == {
        "2026 Q1: monitoring-gaps 1",
        "2026 Q1: dependency-visibility 1",
        "2026 Q2: monitoring-gaps 1",
        "2026 Q2: unclear-ownership 1",
        "2026 Q3: monitoring-gaps 2",
        "2026 Q3: unclear-ownership 1",
        "2026 Q3: deployment-safety 1",
    }
    statuses = charts.status_by_month(report)
    assert {bar.title for bar in statuses.bars if bar.title.startswith("2026-09")} == {
        "2026-09: overdue 2",
        "2026-09: open 2",
        "2026-09: deprioritized 3",
    }
    load = charts.owner_load(report)
    assert [label.text for label in load.labels][:2] == ["@maria", "2 (2 overdue)"]
    tallest = max(bar.height for bar in themes.bars if bar.title.startswith("2026 Q3: monitoring"))
    assert tallest == charts.PLOT_HEIGHT / 2  # 2 of the tallest stack's 4


def test_text_output_carries_no_terminal_escapes(run: Run, tmp_path: Path) -> None:
    pm = tmp_path / "2026-01-05-escape.md"
    pm.write_text(
        "---\ndate: 2026-01-05\n---\n# Queue \x1b[2J\x1b]0;pwned\x07 stalls\n\n## Summary\n\nStalled.\n\n"
        "## Action Items\n\n- [ ] Add alert \x1b[31mnow\x1b[0m — @a — due 2026-01-20\n",
        encoding="utf-8",
    )
    code, out, _ = run("report", str(tmp_path), "--today", TODAY)
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "Queue [2J ]0;pwned stalls" in out and "30-day check failed (1):" in out
