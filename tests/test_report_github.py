"""`postmortem-lint report --github`: issue states read from the fake GitHub over real HTTP, in one
paged listing of the labelled issues plus one listing (newest first) for linked issues without the label;
closed as completed is done, closed as not planned is deprioritized, and disagreements are named."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from postmortem_lint.github.issues import LABEL, marker
from tests.conftest import Run
from tests.fake_github import ACTIONS_BOT, TOKEN, FakeGitHub, serve
from tests.followup_env import TODAY, make_repo


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    with serve() as running:
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        monkeypatch.setenv("GITHUB_API_URL", running.url)
        yield running


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    made = make_repo(tmp_path / "incidents")
    monkeypatch.chdir(made)
    return made


def issues(fake: FakeGitHub) -> None:
    """The Action's issues for four items (found by marker), a linked issue without the label (#12),
    and enough other issues that both listings need more than one page."""
    fake.add_issue(3, "queue alert", marker("queue-alert"), labels=(LABEL,), state="closed",
                   state_reason="completed", closed_at="2026-07-10T09:00:00Z")  # fmt: skip
    fake.add_issue(5, "flag smoke test", marker("flag-smoke"), labels=(LABEL,), state="closed",
                   state_reason="not_planned")  # fmt: skip
    fake.add_issue(7, "pin resolver", marker("dns-pin"), labels=(LABEL,))
    fake.add_issue(8, "session owner", marker("session-owner"), labels=(LABEL,))
    fake.add_pull_request(9, [("postmortems/x.md", "added")])
    fake.add_issue(12, "ACME renewal", "Automate renewal", state="closed", state_reason="completed",
                   closed_at="2026-09-30T18:00:00Z")  # fmt: skip
    for number in range(20, 120):
        fake.add_issue(number, f"other item {number}", marker(f"elsewhere-{number}"), labels=(LABEL,))
    for number in range(120, 251):
        fake.add_issue(number, f"unrelated {number}")


def test_issue_states_decide_open_items_and_disagreements_are_named(
    run: Run, repo: Path, fake: FakeGitHub
) -> None:
    issues(fake)
    code, out, err = run("report", "--today", TODAY, "--format", "json", "--github", "acme/incidents")
    assert (code, err) == (0, "")
    report = json.loads(out)
    changed = {
        a["id"]: (a["status"], a["issue"], a["disagreement"])
        for a in report["actions"]
        if a["issue"] or a["disagreement"]
    }
    assert changed == {
        "queue-alert": ("done", "#3", "open in the document, but #3 was closed as completed"),
        "flag-smoke": ("deprioritized", "#5", "open in the document, but #5 was closed as not planned"),
        "dns-pin": ("done", "#7", "written done, but #7 is open"),
        "session-owner": ("open", "#8", None),
        "12133e9206": ("done", "#12", "open in the document, but #12 was closed as completed"),
    }
    assert report["summary"] == {
        "incidents": 6,
        "actions": 16,
        "open": 4,
        "overdue": 1,
        "done": 5,
        "deprioritized": 6,
        "undated": 2,
        "completion_rate": 0.5,
    }
    checks = {i["date"]: i["check_30_day"]["status"] for i in report["incidents"]}
    assert checks["2026-08-19"] == "passed"  # #12 closed the last open item
    assert report["team"]["median_days_due_to_done"] == -2.5  # #3: 10 days late, #12: 15 days early
    # the token's identity (only its issues' markers count), 2 pages of the labelled listing, then 3
    # pages of all issues, newest first, down to #12
    assert report["github_requests"] == 6
    assert [(r.method, r.path, r.query.get("labels"), r.query.get("page")) for r in fake.requests] == [
        ("GET", "/user", None, None),
        ("GET", "/repos/acme/incidents/issues", LABEL, None),
        ("GET", "/repos/acme/incidents/issues", LABEL, "2"),
        ("GET", "/repos/acme/incidents/issues", None, None),
        ("GET", "/repos/acme/incidents/issues", None, "2"),
        ("GET", "/repos/acme/incidents/issues", None, "3"),
    ]
    assert {(r.query["state"], r.query.get("sort"), r.query.get("direction")) for r in fake.requests[3:]} == {
        ("all", "created", "desc")
    }


def test_text_names_the_request_count_and_each_disagreement(run: Run, repo: Path, fake: FakeGitHub) -> None:
    issues(fake)
    code, out, _ = run("report", "--today", TODAY, "--github", "acme/incidents")
    assert code == 0
    assert "GitHub issue states read in 6 request(s)." in out.splitlines()
    block = out.split("Document and GitHub disagree (4):\n", 1)[1].splitlines()[:4]
    assert "  postmortems/2026-03-10-dns-outage.md:20: written done, but #7 is open" in block


def test_labelled_issues_alone_take_one_listing(run: Run, repo: Path, fake: FakeGitHub) -> None:
    fake.add_issue(3, "queue alert", marker("queue-alert"), labels=(LABEL,))
    fake.add_issue(12, "ACME renewal", "", labels=(LABEL,))  # linked and labelled: no second listing
    code, out, _ = run("report", "--today", TODAY, "--format", "json", "--github", "acme/incidents")
    assert code == 0 and json.loads(out)["github_requests"] == 2  # the identity and one listing
    assert [r.path for r in fake.requests] == ["/user", "/repos/acme/incidents/issues"]


def test_github_failure_is_one_line_and_exit_2(run: Run, repo: Path, fake: FakeGitHub) -> None:
    fake.token = "another"  # the token we send is refused
    code, out, err = run("report", "--today", TODAY, "--github", "acme/incidents")
    assert code == 2 and out == ""
    assert err.startswith("postmortem-lint: error: GitHub API: GET /user: 401")
    assert TOKEN not in err and len(err.splitlines()) == 1


def test_markdown_links_lines_and_issues_on_github(run: Run, repo: Path, fake: FakeGitHub) -> None:
    issues(fake)
    code, out, _ = run("report", "--today", TODAY, "--format", "markdown", "--github", "acme/incidents")
    assert code == 0
    assert "Issue states read from GitHub in 6 request(s)." in out  # the identity, 2 + 3 pages
    assert (
        "| `@ops-lead` | 2026-10-05 | Give the session store an owning team | [2026-09-28-login-errors.md:23]"
        "(https://github.com/acme/incidents/blob/HEAD/postmortems/2026-09-28-login-errors.md#L23) "
        "| [#8](https://github.com/acme/incidents/issues/8) |"
    ) in out.splitlines()
    assert "### Document and GitHub disagree (4)" in out


@pytest.mark.parametrize(
    ("slug", "bot", "other_bot"),
    [(None, ACTIONS_BOT, "incident-helper[bot]"), ("incident-helper", "incident-helper[bot]", ACTIONS_BOT)],
)
def test_a_personal_token_counts_its_own_issues_and_the_actions_not_an_outsiders(
    run: Run,
    repo: Path,
    fake: FakeGitHub,
    *,
    monkeypatch: pytest.MonkeyPatch,
    slug: str | None,
    bot: str,
    other_bot: str,
) -> None:
    """Run by a person with their own token, the report still finds the issues the Action opened (as
    the bot of `--app-slug`), and those its user opened; a marked issue by anyone else counts for
    nothing."""
    monkeypatch.setenv("GITHUB_TOKEN", fake.user_token("ops-lead"))
    fake.add_issue(3, "queue alert", marker("queue-alert"), labels=(LABEL,), state="closed",
                   state_reason="completed", closed_at="2026-07-10T09:00:00Z", user=bot)  # fmt: skip
    fake.add_issue(
        5,
        "flag smoke test",
        marker("flag-smoke"),
        labels=(LABEL,),
        state="closed",
        state_reason="not_planned",
    )  # fmt: skip  (by the token's user)
    fake.add_issue(7, "pin resolver", marker("dns-pin"), labels=(LABEL,), user="mallory")
    fake.add_issue(8, "session owner", marker("session-owner"), labels=(LABEL,), user=other_bot)
    slug_option = ["--app-slug", slug] if slug else []

    code, out, err = run(
        "report", "--today", TODAY, "--format", "json", "--github", "acme/incidents", *slug_option
    )

    assert (code, err) == (0, "")
    found = {a["id"]: (a["status"], a["issue"]) for a in json.loads(out)["actions"]}
    assert {key: found[key] for key in ("queue-alert", "flag-smoke", "dns-pin", "session-owner")} == {
        "queue-alert": ("done", "#3"),
        "flag-smoke": ("deprioritized", "#5"),
        "dns-pin": ("done", None),  # written done; the decoy says nothing
        "session-owner": ("open", None),
    }
