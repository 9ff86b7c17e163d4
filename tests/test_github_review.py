"""`postmortem-lint github` on pull requests, against the fake GitHub server over real HTTP.

The CLI runs with the standard Actions environment pointing at the fake; the recovery tests call the
review flow with a client whose clock is injected, so backoff and rate limits cost no time.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from postmortem_lint.engine.linter import check_paths
from postmortem_lint.findings import FileReport, Finding, Severity
from postmortem_lint.github import pull_request, review
from postmortem_lint.github.client import GitHubClient
from postmortem_lint.github.events import ActionsContext, ActionsLog
from postmortem_lint.github.markdown_safety import BODY_LIMIT, WORD_JOINER, fit, inline
from postmortem_lint.github.selection import PathFilter
from tests.actions_env import NAME, REPO, ActionsRun, actions_run
from tests.conftest import ROOT, Run
from tests.fake_github import TOKEN
from tests.test_github_client import Clock

HEAD = "1" * 40
NEXT_HEAD = "2" * 40
# Invalid fields are warnings here, so one document has both errors and warnings.
CONFIG = "rules:\n  PM003: warning\n"


def bad(complete: str) -> str:
    """Errors (a missing section, an item without a due date) and a warning (an invalid severity)."""
    return (
        complete.replace("severity: SEV2", "severity: awful")
        .replace("## What Worked Well\n", "## Notes\n")
        .replace(" — due 2026-09-01", "")
    )


class Action(ActionsRun):
    """A repository checkout and a pull request event, for one test."""

    def event(self, head: str = HEAD, fork: bool = False, name: str = "pull_request") -> None:
        head_repo = "someone/incidents" if fork else REPO
        payload = {
            "action": "synchronize",
            "number": 7,
            "pull_request": {
                "number": 7,
                "head": {"sha": head, "repo": {"full_name": head_repo}},
                "base": {"sha": "0" * 40, "repo": {"full_name": REPO}},
                "changed_files": len(self.fake.pull_files.get(7, [])),
            },
        }
        self.set_event(name, payload)

    def comment(self) -> str:
        bodies = [b for b in self.fake.comments_on(7) if b.startswith(review.MARKER)]
        assert len(bodies) == 1, f"{len(bodies)} review comments"
        return bodies[0]

    def writes(self) -> list[tuple[str, int]]:
        return [(r.method, r.status) for r in self.fake.writes()]


@pytest.fixture
def action(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Action]:
    with actions_run(Action, tmp_path, monkeypatch, CONFIG) as made:
        made.fake.add_pull_request(
            7, [(NAME, "added"), ("src/app.py", "modified"), ("postmortems/old.md", "removed")]
        )
        made.event()
        yield made


def expected(action: Action, name: str = NAME) -> FileReport:
    """What `check` itself finds in the file: the oracle for what the review must show."""
    [report] = check_paths([str(action.workspace / name)])
    return report


def test_first_run_creates_one_comment_with_findings_links_and_action_items(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    action.write(NAME, bad(complete_postmortem))
    report = expected(action)
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in report.findings if f.severity is Severity.WARNING)
    assert errors and warnings

    code, out, _ = run("github", "--write-interval", "0")

    assert code == 1
    assert action.writes() == [("POST", 201)]
    body = action.comment()
    assert "tier 2, standard postmortem" in body
    for finding in report.findings:
        assert f"(https://github.com/{REPO}/blob/{HEAD}/{NAME}#L{finding.line})" in body
        assert finding.rule in body
    assert f"| open | [{report.actions[0].line}](" in body
    assert f"@{WORD_JOINER}maria | — | Add alert for payment" in body  # its due date was removed
    assert f"@{WORD_JOINER}dev-lee | 2026-09-10 | Move the pool size" in body
    assert "src/app.py" not in body and "old.md" not in body
    outputs = action.outputs()
    assert outputs == {
        "errors": str(errors),
        "warnings": str(warnings),
        "comment-url": f"https://github.com/{REPO}/pull/7#issuecomment-{min(action.fake.comments)}",
        "created-issues": "[]",
        "write-back-url": "",
        "digest-url": "",
        "overdue": "0",
        "reminded": "[]",
    }
    assert out.count(f"::error file={NAME},line=") == errors
    assert out.count(f"::warning file={NAME},line=") == warnings
    assert "postmortem-lint: review comment: created" in out
    summary = action.summary()
    assert review.MARKER not in summary
    assert summary.count(f"/blob/{HEAD}/{NAME}#L") == len(report.findings) + len(report.actions)


DECIDED = """\
- [ ] Add alert for payment-gateway queue depth above 200 for 5 minutes — @maria — due 2026-09-01
- [x] Move the pool size into the shared config with a CI check that prod >= 40 — @dev-lee — due 2026-09-10
- [-] Add a second region for the payment gateway — @ben — due 2026-12-01 (won't do: the vendor sunsets it)
- [ ] Rewrite the deploy tool for rollbacks in under 5 minutes — @sam — due 2026-12-01
  - Deprioritized: the new platform replaces the tool in Q1
"""


def test_deprioritized_items_are_counted_apart_as_the_report_counts_them(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    """The guide's 30-day check asks whether items were completed or consciously deprioritized: the
    review counts the decided items as `postmortem-lint report` does, and opens no issue for them."""
    head, _ = complete_postmortem.split("## Action Items\n")
    action.write(NAME, f"{head}## Action Items\n\n{DECIDED}")
    statuses = [
        ("done" if a.done else "deprioritized" if a.deprioritized else "open")
        for a in expected(action).actions
    ]
    assert statuses == ["open", "done", "deprioritized", "deprioritized"]

    run("github", "--write-interval", "0")

    body = action.comment()
    assert (
        "Action items: 1 open, 1 done, 2 consciously deprioritized. On merge, 1 becomes a new issue." in body
    )
    rows = [line for line in body.splitlines() if line.startswith(("| open", "| done", "| deprioritized"))]
    assert [row.split(" |")[0].lstrip("| ") for row in rows] == statuses
    assert [row.rsplit(" | ", 1)[1] for row in rows] == ["new issue |", "— |", "— |", "— |"]

    code, out, _ = run("report", str(action.workspace / NAME), "--today", "2026-08-20", "--format", "json")
    summary = json.loads(out)["summary"]
    assert code == 0 and (
        summary["open"] + summary["overdue"],
        summary["done"],
        summary["deprioritized"],
    ) == (
        1,
        1,
        2,
    )


def test_a_new_commit_updates_the_same_comment(action: Action, run: Run, complete_postmortem: str) -> None:
    action.write(NAME, bad(complete_postmortem))
    run("github", "--write-interval", "0")
    first = action.comment()
    action.write(NAME, bad(complete_postmortem).replace("severity: awful", "severity: SEV2"))
    action.event(head=NEXT_HEAD)

    code, out, _ = run("github", "--write-interval", "0")

    assert code == 1
    assert action.writes() == [("POST", 201), ("PATCH", 200)]
    body = action.comment()
    assert body != first
    assert f"/blob/{NEXT_HEAD}/" in body and f"/blob/{HEAD}/" not in body
    assert "PM003" not in body
    assert "review comment: updated" in out


def test_an_identical_rerun_makes_no_write_request(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    action.write(NAME, bad(complete_postmortem))
    first = run("github", "--write-interval", "0")
    second = run("github", "--write-interval", "0")
    assert first[0] == second[0] == 1
    assert [(r.method, r.path.removeprefix(f"/repos/{REPO}")) for r in action.fake.requests] == [
        ("GET", "/pulls/7/files"),
        ("GET", "/user"),  # whose comments are ours: once a run
        ("GET", "/issues/7/comments"),
        ("POST", "/issues/7/comments"),
        ("GET", "/pulls/7/files"),
        ("GET", "/user"),
        ("GET", "/issues/7/comments"),
    ]
    assert "review comment: unchanged" in second[1]
    assert action.outputs()["comment-url"].endswith(f"#issuecomment-{min(action.fake.comments)}")


def test_our_comment_is_found_among_150_others(action: Action, run: Run, complete_postmortem: str) -> None:
    for index in range(150):
        action.fake.add_comment(7, f"comment {index} mentioning {review.MARKER} in passing")
        if index == 120:
            ours = action.fake.add_comment(7, f"{review.MARKER}\nan older review", "github-actions[bot]")
    action.write(NAME, bad(complete_postmortem))

    run("github", "--write-interval", "0")

    assert action.writes() == [("PATCH", 200)]
    assert action.fake.writes()[0].path.endswith(f"/issues/comments/{ours}")
    listed = [r.query.get("page") for r in action.fake.requests if r.path.endswith("/issues/7/comments")]
    assert listed == [None, "2"]
    assert len(action.fake.comments_on(7)) == 151


def test_changed_files_are_paged_through(action: Action, run: Run, complete_postmortem: str) -> None:
    action.write(NAME, bad(complete_postmortem))
    action.fake.pull_files[7] = [(f"src/file{index}.py", "modified") for index in range(230)] + [
        (NAME, "added")
    ]
    action.event()
    assert run("github", "--write-interval", "0")[0] == 1
    assert NAME in action.comment()
    pages = [r.query.get("page") for r in action.fake.requests if r.path.endswith("/pulls/7/files")]
    assert pages == [None, "2", "3"]


def test_a_looping_next_link_ends_the_run_with_one_clear_line(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    action.write(NAME, bad(complete_postmortem))
    action.fake.pull_files[7] += [(f"src/file{index}.py", "modified") for index in range(150)]
    action.fake.looping_next_link = True  # a broken proxy: page 2 of the files is page 1 again

    code, _, err = run("github", "--write-interval", "0")

    assert code == 2
    assert err == (
        f"postmortem-lint: error: GitHub API: GET /repos/{REPO}/pulls/7/files: GitHub's `next` link "
        "leads back to a page already read (page 2); stopping\n"
    )
    assert len(action.fake.requests) == 2 and action.writes() == []


def test_extra_marked_comments_from_a_race_are_removed(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    first = action.fake.add_comment(7, f"{review.MARKER}\nrun A", "github-actions[bot]")
    second = action.fake.add_comment(7, f"{review.MARKER}\nrun B", "github-actions[bot]")
    action.write(NAME, bad(complete_postmortem))
    run("github", "--write-interval", "0")
    assert [(r.method, r.path.rsplit("/", 1)[1]) for r in action.fake.writes()] == [
        ("DELETE", str(second)),
        ("PATCH", str(first)),
    ]
    assert action.comment().startswith(review.MARKER)


def ours_on(action: Action) -> list[int]:
    """The IDs of the marked comments on the pull request that the token's identity wrote."""
    return [
        i
        for i, c in sorted(action.fake.comments.items())
        if c["user"] == action.fake.token_user and c["body"].startswith(review.MARKER)
    ]


def test_an_outsiders_marked_comment_before_the_first_run_is_left_alone(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    decoy = action.fake.add_comment(7, f"{review.MARKER}\nall clear ✅ (trust me)", "mallory")
    action.write(NAME, bad(complete_postmortem))

    assert run("github", "--write-interval", "0")[0] == 1

    assert action.writes() == [("POST", 201)]  # a comment of our own; the decoy is not taken over
    assert action.fake.comments[decoy]["body"] == f"{review.MARKER}\nall clear ✅ (trust me)"
    (ours,) = ours_on(action)
    assert "| Severity |" in action.fake.comments[ours]["body"]
    assert action.outputs()["comment-url"].endswith(f"#issuecomment-{ours}")


def test_an_outsiders_marked_comment_after_the_first_run_is_neither_deleted_nor_updated(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    action.write(NAME, bad(complete_postmortem))
    run("github", "--write-interval", "0")
    (ours,) = ours_on(action)
    decoy = action.fake.add_comment(7, f"{review.MARKER}\nall clear ✅", "mallory")
    action.write(NAME, complete_postmortem)
    action.event(head=NEXT_HEAD)

    assert run("github", "--write-interval", "0")[0] == 0

    assert [(r.method, r.path.rsplit("/", 1)[1]) for r in action.fake.writes()][1:] == [("PATCH", str(ours))]
    assert action.fake.comments[decoy]["body"] == f"{review.MARKER}\nall clear ✅"
    assert "all clear ✅ (1 postmortem checked" in action.fake.comments[ours]["body"]


def test_with_a_personal_token_the_comment_of_its_user_is_ours_and_the_bots_is_not(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    action.monkeypatch.setenv("GITHUB_TOKEN", action.fake.user_token("octo-bot"))
    bots = action.fake.add_comment(7, f"{review.MARKER}\nby the workflow token", "github-actions[bot]")
    mine = action.fake.add_comment(7, f"{review.MARKER}\nan older review", "octo-bot")
    action.write(NAME, bad(complete_postmortem))

    run("github", "--write-interval", "0")

    assert [(r.method, r.path.rsplit("/", 1)[1]) for r in action.fake.writes()] == [("PATCH", str(mine))]
    assert action.fake.comments[bots]["body"] == f"{review.MARKER}\nby the workflow token"
    assert sum(r.path == "/user" for r in action.fake.requests) == 1


def test_when_the_findings_are_gone_the_comment_says_all_clear(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    action.write(NAME, bad(complete_postmortem))
    run("github", "--write-interval", "0")
    action.write(NAME, complete_postmortem)
    action.event(head=NEXT_HEAD)

    code, _, _ = run("github", "--write-interval", "0")

    assert code == 0
    body = action.comment()
    assert "all clear ✅ (1 postmortem checked, no findings)" in body
    assert "| Severity |" not in body
    assert "Action items: 2 open, 0 done, 0 consciously deprioritized." in body
    assert action.outputs()["errors"] == "0"

    action.fake.pull_files[7] = [("src/app.py", "modified")]
    run("github", "--write-interval", "0")
    assert "all clear ✅ (no postmortem changed)" in action.comment()
    assert [method for method, _ in action.writes()] == ["POST", "PATCH", "PATCH"]


@pytest.mark.parametrize("answer", ["html-after", "list-after", "object-after"])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_a_comment_write_answered_with_no_comment_fails_in_one_line_and_a_rerun_makes_none_twice(
    action: Action, run: Run, complete_postmortem: str, answer: str, method: str
) -> None:
    action.write(NAME, bad(complete_postmortem))
    if method == "PATCH":
        assert run("github", "--write-interval", "0")[0] == 1
        action.write(NAME, complete_postmortem)
    action.fake.inject(method, r"/comments(/\d+)?$", answer)  # written, but the answer is no comment

    code, _, err = run("github", "--write-interval", "0")

    assert code == 2 and err.count("\n") == 1 and "internal error" not in err, err
    assert f"{method} /repos/{REPO}/issues/" in err and ": GitHub's answer " in err
    run("github", "--write-interval", "0")
    assert action.comment()  # one comment, still
    assert action.outputs()["comment-url"].startswith(f"https://github.com/{REPO}/pull/7#issuecomment-")


def test_a_comment_github_refuses_fails_the_step_after_the_annotations_and_the_summary(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    action.write(NAME, bad(complete_postmortem))
    action.fake.inject("POST", r"/comments$", "422")

    code, out, err = run("github", "--write-interval", "0")

    assert code == 2 and err.count("\n") == 1 and f"POST /repos/{REPO}/issues/7/comments: 422" in err
    assert f"::error file={NAME},line=" in out  # the annotations ...
    summary = action.summary()  # ... and the full review in the job summary, with why no comment
    assert f"/blob/{HEAD}/{NAME}#L" in summary and "The review comment could not be written: POST" in summary


def test_no_comment_for_a_pull_request_without_postmortems(action: Action, run: Run) -> None:
    action.fake.pull_files[7] = [("src/app.py", "modified"), ("README.md", "modified")]
    code, out, _ = run("github")
    assert code == 0
    assert action.writes() == []
    assert action.fake.comments_on(7) == []
    assert "review comment: absent" in out


def test_fork_pull_request_reports_through_annotations_and_summary(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    action.fake.read_only = True
    action.write(NAME, bad(complete_postmortem))
    action.event(fork=True)

    code, out, err = run("github")

    assert code == 1  # the findings, not the refused comment
    assert err == ""
    assert action.writes() == [("POST", 403)]
    assert action.fake.comments_on(7) == []
    assert f"::error file={NAME}" in out
    assert "::warning title=postmortem-lint%3A no comment::The token cannot comment" in out
    summary = action.summary()
    assert "a pull request from a fork gets a read-only token" in summary
    assert "docs/github-action.md" in summary
    assert f"/blob/{HEAD}/{NAME}#L" in summary
    assert action.outputs()["comment-url"] == ""

    action.write(NAME, complete_postmortem)
    assert run("github")[0] == 0


@dataclass(frozen=True)
class Fault:
    method: str
    path: str
    kind: str
    retry_after: int | None = None


@pytest.mark.parametrize(
    "fault",
    [
        Fault("GET", "/pulls/7/files$", "502"),
        Fault("GET", "/issues/7/comments$", "drop"),
        Fault("POST", "/issues/7/comments$", "502"),
        Fault("POST", "/issues/7/comments$", "drop"),
        Fault("POST", "/issues/7/comments$", "drop-after"),
        Fault("POST", "/issues/7/comments$", "secondary", retry_after=30),
        Fault("POST", "/issues/7/comments$", "secondary"),
        Fault("POST", "/issues/7/comments$", "429", retry_after=5),
        Fault("GET", "/pulls/7/files$", "primary"),
    ],
    ids=lambda f: f"{f.method}-{f.kind}",
)
def test_review_recovers_from_faults_without_a_duplicate_comment(
    action: Action, complete_postmortem: str, fault: Fault
) -> None:
    clock = Clock()
    action.write(NAME, bad(complete_postmortem))
    reset = int(clock.now) + 90 if fault.kind == "primary" else None
    action.fake.inject(fault.method, fault.path, fault.kind, retry_after=fault.retry_after, reset=reset)
    context = ActionsContext.from_environ(action.environ())
    options = pull_request.Options(PathFilter())

    def review_once() -> pull_request.Result:
        with GitHubClient(TOKEN, action.fake.url, sleep=clock.sleep, clock=clock.time) as client:
            return pull_request.run(context, options, client, ActionsLog(io.StringIO(), in_actions=False))

    result = review_once()
    writes_before = len(action.fake.writes())
    rerun = review_once()

    assert action.comment()  # exactly one
    assert result.comment_url == rerun.comment_url is not None
    assert len(action.fake.writes()) == writes_before  # the re-run finds it identical
    assert clock.sleeps  # it did wait (backoff or rate limit), on the injected clock
    if fault.kind == "secondary" and fault.retry_after is None:
        assert clock.sleeps[0] >= 60


def test_untrusted_text_pings_nobody_runs_no_html_and_fits_githubs_limit(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    items = "\n".join(f"- [ ] Improve monitoring #123 item {index} — @everyone" for index in range(300))
    hostile = complete_postmortem.replace(
        "severity: SEV2", 'severity: "<img src=x onerror=alert(1)> @everyone"'
    )
    hostile = hostile.replace("## Action Items\n", f"## Action Items\n\n{items}\n")
    action.write(NAME, hostile)

    code, _, _ = run("github", "--write-interval", "0")

    assert code == 1
    summary = action.summary()
    assert len(summary) > 70_000  # the full review, which the comment cannot hold
    body = action.comment()
    assert len(body) <= BODY_LIMIT
    assert "**The review is cut here**" in body
    assert f"[job summary](https://github.com/{REPO}/actions/runs/42)" in body
    for text in (body, summary):
        assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
        assert "@everyone" not in text and f"@{WORD_JOINER}everyone" in text
        assert "#123" not in text
    assert f"tracked in #{WORD_JOINER}123" in summary  # the comment is cut before the action items
    assert summary.count(f"/blob/{HEAD}/{NAME}#L") == len(expected(action).findings) + 302


def test_a_symlinked_postmortem_is_not_read(action: Action, run: Run, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# TOKEN=supersecret\n", encoding="utf-8")
    link = action.workspace / "postmortems" / "leak.md"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    (link.parent / "loop").symlink_to("loop")
    action.fake.pull_files[7] = [("postmortems/leak.md", "added"), ("postmortems/loop/x.md", "added")]

    code, out, err = run("github", "--write-interval", "0")

    assert (code, err) == (0, "")
    body = action.comment()
    assert "supersecret" not in body + out + action.summary()
    assert "postmortems/leak.md: a symbolic link; not read" in body
    assert "- postmortems/loop/x.md: " in body  # not read, and no traceback


def test_paths_select_the_postmortems_among_the_changed_files(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    action.write("ops/reviews/2026-q3/db.md", complete_postmortem)
    action.write(NAME, bad(complete_postmortem))
    action.fake.pull_files[7] = [(NAME, "modified"), ("ops/reviews/2026-q3/db.md", "added")]

    code, _, _ = run("github", "--paths", "ops/reviews/**/*.md", "--write-interval", "0")

    assert code == 0
    body = action.comment()
    assert "ops/reviews/2026" in body and "checkout.md" not in body


def test_dry_run_makes_no_write_request_and_prints_the_comment(
    action: Action, run: Run, complete_postmortem: str
) -> None:
    action.write(NAME, bad(complete_postmortem))
    code, out, _ = run("github", "--dry-run", "true")
    assert code == 1
    assert action.writes() == []
    assert "review comment: would create" in out
    # Document text is printed with workflow commands stopped (a line of it could start with `::`).
    blocks = re.findall(r"^::stop-commands::(\w+)\n(.*?)^::\1::$", out, re.MULTILINE | re.DOTALL)
    assert [NAME in block for _, block in blocks] == [True, True]  # the findings, then the comment
    assert review.MARKER in blocks[1][1]


def test_comment_false_and_annotations_false(action: Action, run: Run, complete_postmortem: str) -> None:
    action.write(NAME, bad(complete_postmortem))
    code, out, _ = run("github", "--comment", "false", "--annotations", "false")
    assert code == 1
    assert not any(r.path.endswith("/comments") for r in action.fake.requests)
    assert "::error" not in out
    assert "/blob/" in action.summary()


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("never", 0)])
def test_fail_on(action: Action, run: Run, complete_postmortem: str, fail_on: str, code: int) -> None:
    action.write(NAME, complete_postmortem.replace("severity: SEV2", "severity: awful"))  # a warning here
    assert run("github", "--fail-on", fail_on, "--comment", "false")[0] == code


def test_other_events_have_nothing_to_do(action: Action, run: Run) -> None:
    action.event(name="release")
    code, out, _ = run("github")
    assert code == 0
    assert "nothing to do for a 'release' event" in out
    assert action.fake.requests == []
    assert action.outputs()["created-issues"] == "[]"


def test_api_failures_are_one_line_errors(action: Action, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    action.fake.pull_files.clear()
    code, _, err = run("github")
    assert code == 2
    assert err.count("\n") == 1
    assert "404 Not Found" in err and "`permissions: pull-requests: read`" in err
    monkeypatch.delenv("GITHUB_TOKEN")
    code, _, err = run("github")
    assert code == 2
    assert "no GitHub token" in err


def test_bad_boolean_is_a_usage_error(run: Run) -> None:
    code, _, err = run("github", "--comment", "maybe")
    assert code == 2
    assert "expected true or false, got 'maybe'" in err


# -- the pieces ----------------------------------------------------------------------------------


def _finding(severity: Severity, line: int) -> Finding:
    return Finding("pm.md", line, 1, "PM003", "invalid-field", severity, f"problem {line}")


def test_annotations_keep_githubs_limits_most_severe_first() -> None:
    findings = [_finding(s, n) for s in Severity for n in range(1, 13)]
    commands, hidden = review.annotation_commands([FileReport("pm.md", 2, (), tuple(findings))])
    kinds = [c.split(" ", 1)[0] for c in commands]
    assert kinds == ["::error"] * 10 + ["::warning"] * 10 + ["::notice"] * 10
    assert hidden == 6
    assert commands[0].startswith("::error file=pm.md,line=1,")


def test_inline_escapes_html_and_markdown_and_neutralises_references() -> None:
    text = inline("<b>hi</b> [x](http://e.com) *a* | `c` @alice #12 GH-3 www.example.com\nnext")
    assert text == (
        "&lt;b&gt;hi&lt;/b&gt; \\[x\\](http:\u2060//e.com) \\*a\\* \\| \\`c\\` "
        "@\u2060alice #\u206012 GH\u2060-3 www\u2060.example.com next"
    )
    assert inline("x" * 500, 10) == "x" * 9 + "…"


def test_fit_cuts_whole_lines_and_adds_the_note() -> None:
    lines = [f"| row {i} |" for i in range(100)]
    text = fit(lines, 200, "NOTE")
    assert len(text) <= 200
    assert text.endswith("\n\nNOTE\n")
    assert all(line.startswith("| row") for line in text.split("\n\n")[0].splitlines())
    assert fit(lines[:2], 200, "NOTE") == "| row 0 |\n| row 1 |\n"


def test_github_s_body_limit_is_defined_once() -> None:
    """Every body postmortem-lint writes (comment, issue, digest, report) is held to one limit."""
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\b65_?536\b", line)
    ]
    assert found == ["src/postmortem_lint/github/markdown_safety.py:" + found[0].rsplit(":", 1)[-1]], found


def test_the_comment_limit_holds_in_utf16_units_too() -> None:
    """Emoji take two UTF-16 units; the body stays within 65,536 however GitHub counts."""
    findings = tuple(
        Finding("pm.md", n, 1, "PM003", "invalid-field", Severity.ERROR, "🔥" * 200) for n in range(1, 400)
    )
    links = review.Links("https://github.com", REPO, HEAD)
    body = review.comment(review.Review([FileReport("pm.md", 2, (), findings)], links), None)
    assert len(body.encode("utf-16-le")) // 2 <= BODY_LIMIT < len(body) * 2
    assert body.endswith("The full review is in the job summary of this workflow run.\n")


@pytest.mark.parametrize(
    ("spec", "matches", "ignores"),
    [
        (
            "",
            ["postmortems/a.md", "docs/incidents/2026/b.md"],
            ["README.md", "postmortems/README.md", "src/a.md"],
        ),
        ("ops/reviews", ["ops/reviews/a.md", "ops/reviews/x/b.markdown"], ["ops/a.md", "ops/reviews/a.txt"]),
        ("**/*.md, !drafts/**", ["a.md", "x/y/z.md"], ["drafts/a.md", "x.txt"]),
        ("pm/*.md", ["pm/a.md"], ["pm/x/a.md"]),
    ],
)
def test_path_filter(spec: str, matches: list[str], ignores: list[str]) -> None:
    wanted = PathFilter(spec)
    assert [p for p in matches if wanted(p)] == matches
    assert [p for p in ignores if wanted(p)] == []


def test_links_encode_the_path() -> None:
    links = review.Links("https://ghe.example.com", REPO, HEAD)
    assert links.blob("post mortems/a(1)#.md", 3) == (
        f"https://ghe.example.com/{REPO}/blob/{HEAD}/post%20mortems/a%281%29%23.md#L3"
    )
