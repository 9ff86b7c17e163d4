"""The scheduled follow-up: `postmortem-lint github` on `schedule` events against the fake GitHub server.

The issues are those the merge flow opens (labelled `postmortem-action`, the item's marker in the body,
written by the token's own identity). The fault tests call the follow-up with a client whose clock is
injected, so rate limits and backoff cost no time.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from postmortem_lint.engine.config import FollowUpSettings, load
from postmortem_lint.errors import UsageError
from postmortem_lint.github import follow_up
from postmortem_lint.github.client import GitHubClient
from postmortem_lint.github.events import ActionsContext, ActionsLog
from postmortem_lint.github.issues import LABEL, item_key, marker, owners
from postmortem_lint.github.markdown_safety import BODY_LIMIT, WORD_JOINER
from postmortem_lint.github.writeback import BRANCH
from tests.actions_env import NAME, REPO, ActionsRun, actions_run
from tests.conftest import Run
from tests.fake_github import TOKEN
from tests.test_github_client import Clock
from tests.test_github_issues import actions, with_items

CONFIG = "owners:\n  Sam Ortiz: sam\n"
TODAY = "2026-09-12"
ITEMS = """\
- [ ] Add alert for payment-gateway queue depth above 200 for 5 minutes — @maria — due 2026-09-01
- [ ] Move the pool size into the shared config with a CI check that prod >= 40 — @dev-lee — due 2026-09-10
- [ ] Update the rollback runbook to use the new deploy tool — Owner: Sam Ortiz — due 2026-09-15
"""
ASSIGNABLE = {"maria", "dev-lee", "sam"}
LONG = "Add alert for payment-gateway queue depth above 200 for 5 minutes " + "and more " * 40
REMINDER = re.compile(r"<!-- postmortem-lint:reminder ([0-9a-f]{16}) -->")


class Schedule(ActionsRun):
    event_name = "schedule"

    def postmortem(self, text: str, name: str = NAME, first: int = 1) -> list[int]:
        """`text` in the checkout, and an issue per item as the merge flow opened them (assigned to the
        owners it can assign); their numbers."""
        self.write(name, text)
        numbers = []
        for number, item in enumerate(actions(text, name), start=first):
            self.fake.add_issue(number, item.text[:60], marker(item_key(name, item)) + "\n", labels=(LABEL,))
            logins = [o.login for o in owners(item, {"Sam Ortiz": "sam"}) if o.login in ASSIGNABLE]
            self.fake.issues[number]["assignees"] = logins
            numbers.append(number)
        return numbers

    def many(self, complete: str, action: str, files: int) -> None:
        """`files` postmortems of nine items with their issues, three of them starting with `action`."""
        for n in range(files):
            items = "".join(
                ITEMS.replace("Add alert for payment-gateway", f"{action} {n}-{k}") for k in range(3)
            )
            name = f"postmortems/2026-08-{n % 28 + 1:02}-x{n}.md"
            self.postmortem(with_items(complete, items), name, 10 + 9 * n)

    def reminders(self, number: int) -> list[str]:
        return [body for body in self.fake.comments_on(number) if REMINDER.search(body)]

    def digest(self) -> dict[str, Any]:
        [found] = [i for i in self.fake.issues.values() if follow_up.DIGEST_LABEL in i["labels"]]
        return found

    def follow(self, clock: Clock, **options: Any) -> follow_up.Result:
        """The follow-up itself, with the injected clock."""
        context = ActionsContext.from_environ(self.environ())
        chosen = follow_up.Options(today=dt.date.fromisoformat(TODAY), **options)
        with GitHubClient(
            TOKEN, self.fake.url, max_wait=600, sleep=clock.sleep, clock=clock.time, jitter=lambda: 1.0
        ) as client:
            return follow_up.run(context, chosen, client, ActionsLog(io.StringIO(), in_actions=False))


@pytest.fixture
def schedule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, complete_postmortem: str) -> Iterator[Schedule]:
    with actions_run(Schedule, tmp_path, monkeypatch, CONFIG) as made:
        monkeypatch.chdir(made.home)  # the Action runs outside the checkout, which it reads by path
        made.set_event("schedule", {"schedule": "0 7 * * 1"})
        made.postmortem(with_items(complete_postmortem, ITEMS))
        yield made


def follow(run: Run, *extra: str) -> tuple[int, str, str]:
    return run("github", "--today", TODAY, "--write-interval", "0", *extra)


def test_a_scheduled_run_labels_reminds_once_and_keeps_one_digest(schedule: Schedule, run: Run) -> None:
    code, _, err = follow(run)

    assert (code, err) == (0, "")
    fake = schedule.fake
    assert [fake.issues[n]["labels"] for n in (1, 2, 3)] == [[LABEL, "overdue"], [LABEL, "overdue"], [LABEL]]
    [first], [second] = schedule.reminders(1), schedule.reminders(2)
    assert first.count("@") == 1 and "@maria: this action item was due on **2026-09-01**" in first
    assert "(11 days overdue)" in first and "(2 days overdue)" in second and "@dev-lee" in second
    assert schedule.reminders(3) == []
    digest = schedule.digest()
    assert digest["title"] == "Postmortem follow-ups" and digest["user"] == "github-actions[bot]"
    assert follow_up.DIGEST_MARKER in digest["body"] and len(digest["body"]) < BODY_LIMIT
    assert "`@maria`" in digest["body"] and not re.search(r"(?<!`)@maria", digest["body"])  # not notified
    outputs = schedule.outputs()
    assert outputs["digest-url"] == f"https://github.com/{REPO}/issues/4" and outputs["overdue"] == "2"
    assert [(r["issue"], r["owners"], r["due"]) for r in json.loads(outputs["reminded"])] == [
        (1, ["maria"], "2026-09-01"),
        (2, ["dev-lee"], "2026-09-10"),
    ]
    assert "Postmortem follow-ups on 2026-09-12" in schedule.summary()  # the digest, in the summary

    writes = len(fake.writes())
    assert follow(run)[0] == 0  # the same day again: nothing to write
    assert len(fake.writes()) == writes
    assert json.loads(schedule.outputs()["reminded"]) == []
    assert len(schedule.reminders(1)) == 1 and len(fake.issues) == 4


def test_done_deprioritized_and_redated_items_lose_the_label_and_a_new_date_earns_a_new_reminder(
    schedule: Schedule, run: Run, complete_postmortem: str
) -> None:
    assert follow(run)[0] == 0
    fake = schedule.fake
    fake.issues[2].update(state="closed", state_reason="completed")
    text = with_items(complete_postmortem, ITEMS.replace("due 2026-09-01", "due 2026-09-20"))
    schedule.write(NAME, text)

    assert follow(run)[0] == 0
    assert fake.issues[1]["labels"] == [LABEL]  # re-dated into the future
    assert fake.issues[2]["labels"] == [LABEL, "overdue"]  # closed: never touched
    assert len(schedule.reminders(1)) == 1 and fake.comments_on(2) == schedule.reminders(2)

    assert run("github", "--today", "2026-09-22", "--write-interval", "0")[0] == 0
    assert fake.issues[1]["labels"] == [LABEL, "overdue"]
    assert [r.count("**2026-09-20**") for r in schedule.reminders(1)] == [0, 1]  # the new due date
    assert fake.issues[2]["state"] == "closed" and len(fake.comments_on(2)) == 1


def test_a_crash_between_the_label_and_the_comment_leaves_one_of_each(schedule: Schedule, run: Run) -> None:
    schedule.fake.inject("POST", r"/issues/1/comments$", "500")
    code, _, err = follow(run, "--max-wait", "0")  # backing off is over the wait budget: the run dies
    assert code == 2 and "wait budget" in err
    assert schedule.fake.issues[1]["labels"] == [LABEL, "overdue"] and schedule.reminders(1) == []

    code, _, err = follow(run)

    assert (code, err) == (0, "")
    assert schedule.fake.issues[1]["labels"] == [LABEL, "overdue"] and len(schedule.reminders(1)) == 1
    assert len(schedule.reminders(2)) == 1


@pytest.mark.parametrize(
    ("kind", "times", "retry_after"), [("secondary", 2, 30), ("502", 2, None), ("drop-after", 1, None)]
)
def test_rate_limits_errors_and_lost_answers_still_make_one_comment(
    schedule: Schedule, kind: str, times: int, retry_after: int | None
) -> None:
    schedule.fake.inject("POST", r"/comments$", kind, times=times, retry_after=retry_after)
    clock = Clock()

    result = schedule.follow(clock)
    again = schedule.follow(clock)

    assert [len(schedule.reminders(n)) for n in (1, 2, 3)] == [1, 1, 0]
    assert len(result.reminded) == 2 and again.reminded == []
    if retry_after:
        assert retry_after in clock.sleeps


def test_a_reminder_answered_with_no_comment_fails_in_one_line_and_is_not_made_twice(
    schedule: Schedule, run: Run
) -> None:
    schedule.fake.inject("POST", r"/issues/1/comments$", "html-after")  # made; the answer is a web page

    code, _, err = follow(run)

    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err and "internal error" not in err
    assert f"reminder on #1: POST /repos/{REPO}/issues/1/comments: GitHub's answer is not JSON" in err
    assert len(schedule.reminders(2)) == 1  # the other item is reminded all the same

    assert follow(run)[0] == 0
    assert [len(schedule.reminders(n)) for n in (1, 2, 3)] == [1, 1, 0]


def test_a_digest_github_refuses_fails_the_step_after_the_outputs_and_the_summary(
    schedule: Schedule, run: Run
) -> None:
    schedule.fake.inject("POST", rf"^/repos/{REPO}/issues$", "422")

    code, _, err = follow(run)

    assert code == 2 and err.count("\n") == 1 and f"digest: POST /repos/{REPO}/issues: 422" in err
    assert len(schedule.reminders(1)) == 1 and schedule.outputs()["overdue"] == "2"  # the rest is done
    assert "Postmortem follow-ups on 2026-09-12" in schedule.summary()  # the digest is not lost

    assert follow(run)[0] == 0
    assert schedule.digest()["title"] == "Postmortem follow-ups" and len(schedule.reminders(1)) == 1


def test_a_read_only_token_writes_nothing_and_explains(schedule: Schedule, run: Run) -> None:
    schedule.fake.read_only = True

    code, out, _ = follow(run)

    assert code == 0
    assert [r for r in schedule.fake.writes() if r.status != 403] == []
    assert len(schedule.fake.writes()) == 1  # the first write told it; no request loop
    summary = schedule.summary()
    assert "Nothing was written" in summary and "permissions: issues: write" in summary
    assert "Postmortem follow-ups on 2026-09-12" in summary  # the digest, in the job summary
    assert "::warning title=postmortem-lint%3A follow-up::" in out
    assert schedule.outputs()["digest-url"] == "" and schedule.outputs()["overdue"] == "2"


def test_closed_issues_are_never_reopened_or_commented(schedule: Schedule, run: Run) -> None:
    for number, reason in ((1, "completed"), (2, "not_planned")):
        schedule.fake.issues[number].update(state="closed", state_reason=reason)

    assert follow(run)[0] == 0

    assert [schedule.fake.issues[n]["state"] for n in (1, 2)] == ["closed", "closed"]
    assert schedule.fake.comments_on(1) == schedule.fake.comments_on(2) == []
    assert schedule.outputs()["overdue"] == "0"
    touched = {r.path for r in schedule.fake.writes()}
    assert touched == {f"/repos/{REPO}/issues"}  # the digest only


def test_an_owner_without_a_handle_is_named_in_the_digest_without_a_request_loop(
    schedule: Schedule, run: Run, complete_postmortem: str
) -> None:
    text = with_items(complete_postmortem, ITEMS.replace("— @maria —", "— Owner: Kim Lee —"))
    schedule.write(NAME, text)
    schedule.fake.issues[2]["assignees"] = []  # @dev-lee could not be assigned when it was opened

    assert follow(run)[0] == 0

    [comment] = schedule.reminders(1)
    assert "`Kim Lee`: this action item" in comment and "@" not in comment.split("\n")[1]
    body = schedule.digest()["body"]
    assert "Owners who may not hear of it" in body
    assert "No GitHub handle (map the names under `owners:` in the configuration): `Kim Lee`" in body
    assert (
        "Not assigned to the item's issue (not a collaborator, or not a GitHub user): `@dev-lee` (#2)" in body
    )
    assert not any("/assignees/" in r.path for r in schedule.fake.requests)


def test_the_first_run_on_a_backlog_reminds_the_oldest_first_and_lists_the_rest(
    schedule: Schedule, run: Run
) -> None:
    assert follow(run, "--remind", "1")[0] == 0

    assert len(schedule.reminders(1)) == 1 and schedule.reminders(2) == []
    body = schedule.digest()["body"]
    assert "Overdue, not reminded yet (1)" in body and "`@dev-lee`, due 2026-09-10" in body

    assert follow(run, "--remind", "1")[0] == 0  # the next run takes the next one
    assert len(schedule.reminders(1)) == len(schedule.reminders(2)) == 1
    assert "Overdue, not reminded yet" not in schedule.digest()["body"]


@pytest.mark.parametrize("cap", range(9))
def test_the_request_cap_holds_for_every_request_and_the_next_run_finishes_the_rest(
    schedule: Schedule, run: Run, cap: int
) -> None:
    # in full: the token's identity, two pages of issues (the items', the digest's), two labels, two
    # reminders and the digest: 8 requests
    code, out, err = follow(run, "--max-requests", str(cap))

    assert (code, err) == (0, "")
    fake = schedule.fake
    assert len(fake.requests) <= cap
    summary = schedule.summary()
    if cap < 3:  # not even the reads fit: nothing written, and the fix named
        assert fake.writes() == []
        assert f"Nothing was written: max-requests ({cap}) is too small even for the reads" in summary
        assert "is too small even for the reads" in out and schedule.outputs()["overdue"] == "0"
    elif cap < 8:
        assert f"stopped early: the request cap ({cap}, input max-requests) was reached" in summary
        assert "Left for the next run" in summary and f"API requests: {len(fake.requests)} " in summary
        if cap == 3:  # the reads fit, the digest's write does not
            assert fake.writes() == [] and "The digest issue was not updated" in summary
        else:
            assert "Left for the next run" in schedule.digest()["body"]
    before = len(fake.requests)

    assert follow(run)[0] == 0  # a cap big enough: the rest, nothing twice

    assert len(fake.requests) - before <= 8
    assert [fake.issues[n]["labels"] for n in (1, 2, 3)] == [[LABEL, "overdue"], [LABEL, "overdue"], [LABEL]]
    assert [len(schedule.reminders(n)) for n in (1, 2, 3)] == [1, 1, 0]
    assert "Left for the next run" not in schedule.digest()["body"]  # one digest (digest() asserts it)
    assert [r.path for r in fake.writes()].count(f"/repos/{REPO}/issues") == 1  # created once


@pytest.mark.parametrize("cap", range(6, 15))
def test_the_request_cap_holds_through_the_write_back_and_the_next_run_finishes_it(
    schedule: Schedule, run: Run, cap: int
) -> None:
    data = (schedule.workspace / NAME).read_bytes()
    schedule.fake.commit({NAME: data})
    schedule.fake.issues[1].update(state="closed", state_reason="completed")
    fake = schedule.fake
    fake.requests.clear()
    # in full: 3 reads, a label and a reminder on #2, the write-back's 9 (default branch, its tip,
    # the file, the pull requests, the branch, the commit, the pull request, its label), the digest: 14

    code, _, err = follow(run, "--write-back", "pull-request", "--max-requests", str(cap))

    assert (code, err) == (0, "")
    assert len(fake.requests) <= cap
    if cap < 14:
        assert "the write-back pull request of 1 decision" in schedule.summary()
    before = len(fake.requests)

    assert follow(run, "--write-back", "pull-request")[0] == 0

    assert len(fake.requests) - before <= 14
    [pull] = fake.pulls.values()
    assert pull["head"] == BRANCH
    edited = fake.file(BRANCH, NAME)
    assert edited.count(b"- [x] Add alert") == 1 and len(edited) == len(data)
    assert len(schedule.reminders(2)) == 1 and fake.issues[2]["labels"] == [LABEL, "overdue"]
    assert "Left for the next run" not in schedule.digest()["body"]


def test_a_snoozed_issue_gets_no_label_and_no_reminder(schedule: Schedule, run: Run) -> None:
    schedule.fake.add_issue(
        1, "Snoozed", schedule.fake.issues[1]["body"], labels=(LABEL, "postmortem-snooze")
    )

    assert follow(run)[0] == 0

    assert "overdue" not in schedule.fake.issues[1]["labels"] and schedule.reminders(1) == []
    assert "Snoozed (label `postmortem-snooze`): #1" in schedule.digest()["body"]


def test_only_our_own_digest_is_found_again(schedule: Schedule, run: Run) -> None:
    schedule.fake.add_issue(
        90, "Postmortem follow-ups", follow_up.DIGEST_MARKER, labels=(follow_up.DIGEST_LABEL,), user="mallory"
    )
    assert follow(run)[0] == 0
    ours = [n for n, i in schedule.fake.issues.items() if i["user"] == "github-actions[bot]" and n != 90]
    assert schedule.fake.issues[90]["body"] == follow_up.DIGEST_MARKER  # untouched
    digest = max(ours)
    assert follow(run, "--today", "2026-09-13")[0] == 0  # another day: the same digest, edited
    assert max(n for n, i in schedule.fake.issues.items() if i["user"] == "github-actions[bot]") == digest
    assert "on 2026-09-13" in schedule.fake.issues[digest]["body"]


def test_postmortem_text_is_untrusted_in_comments_and_the_digest(
    schedule: Schedule, run: Run, complete_postmortem: str
) -> None:
    hostile = "Ping @everyone and <img src=x onerror=alert(1)> about the alert"
    other = "postmortems/2026-08-20-other.md"
    text = with_items(complete_postmortem, ITEMS.replace("Add alert for payment-gateway", hostile))
    schedule.postmortem(text, other, first=10)

    assert follow(run)[0] == 0

    [comment] = schedule.reminders(10)
    for text in (comment, schedule.digest()["body"]):
        assert "@everyone" not in text and f"@{WORD_JOINER}everyone" in text
        assert "<img" not in text


def test_due_dates_pass_at_midnight_in_the_configured_time_zone(tmp_path: Path) -> None:
    east, west = (
        follow_up.today_in(FollowUpSettings(time_zone=zone)) for zone in ("Pacific/Kiritimati", "Etc/GMT+12")
    )
    assert (east - west).days in (1, 2)  # 26 hours apart: never the same calendar day
    (tmp_path / ".postmortem-lint.yaml").write_text(
        "follow-up: {time-zone: Europe/Berlin}\n", encoding="utf-8"
    )
    assert load(tmp_path / ".postmortem-lint.yaml").follow_up.time_zone == "Europe/Berlin"
    (tmp_path / ".postmortem-lint.yaml").write_text(
        "follow-up: {time-zone: Mars/Olympus}\n", encoding="utf-8"
    )
    with pytest.raises(UsageError, match="unknown time zone 'Mars/Olympus'"):
        load(tmp_path / ".postmortem-lint.yaml")


def test_decisions_taken_on_issues_are_written_back_in_one_pull_request(schedule: Schedule, run: Run) -> None:
    data = (schedule.workspace / NAME).read_bytes()
    schedule.fake.commit({NAME: data})
    schedule.fake.issues[1].update(state="closed", state_reason="completed")
    schedule.fake.issues[2].update(state="closed", state_reason="not_planned")

    code, _, err = follow(run, "--write-back", "pull-request")

    assert (code, err) == (0, "")
    [pull] = [{**schedule.fake.issues[n], **p} for n, p in schedule.fake.pulls.items()]
    assert pull["head"] == BRANCH and pull["title"].startswith(
        "Record decisions on 2 postmortem action items"
    )
    edited = schedule.fake.file(BRANCH, NAME)
    items = {item.line: item for item in actions(edited.decode(), NAME)}
    first, second, third = (items[i.line] for i in actions(data.decode(), NAME))
    assert first.done and second.deprioritized and not third.closed
    assert b"- [x] Add alert" in edited and b"- [-] Move the pool" in edited  # only the checkboxes change
    assert len(edited) == len(data)
    assert schedule.outputs()["write-back-url"] == f"https://github.com/{REPO}/pull/4"
    assert "recording the decisions on 2 items taken on their issues" in schedule.digest()["body"]
    assert schedule.fake.comments_on(1) == schedule.fake.comments_on(2) == []  # closed: no reminder

    writes = len(schedule.fake.writes())
    assert follow(run, "--write-back", "pull-request")[0] == 0  # the same again: nothing to write
    assert len(schedule.fake.writes()) == writes and len(schedule.fake.pulls) == 1


def test_the_30_day_check_asks_for_a_decision_in_the_week_its_window_ends(
    schedule: Schedule, run: Run
) -> None:
    assert follow(run)[0] == 0  # 2026-09-12: the incident of 2026-08-19 is in its window
    assert "a decision is needed" not in schedule.digest()["body"]

    assert run("github", "--today", "2026-09-20", "--write-interval", "0")[0] == 0  # it ended on the 18th

    body = schedule.digest()["body"]
    decision = body.split("### 30-day check: a decision is needed")[1].split("###")[0]
    assert "**done**" in decision and "**re-dated**" in decision and "**deprioritized**" in decision
    assert decision.count("  - ") == 3 and "`@maria`: Add alert for payment-gateway" in decision


def test_a_dry_run_writes_nothing_and_shows_the_digest(schedule: Schedule, run: Run) -> None:
    assert follow(run, "--dry-run", "true")[0] == 0

    assert schedule.fake.writes() == []
    summary = schedule.summary()
    assert "Dry run: nothing was written" in summary and "Overdue, not reminded yet (2)" in summary
    assert schedule.outputs()["reminded"] == "[]" and schedule.outputs()["overdue"] == "2"


@pytest.mark.parametrize("long", [LONG, "Add alert for payment-gateway queue depth " + "🔥" * 150])
def test_a_digest_over_github_s_limit_cuts_the_long_tail(
    schedule: Schedule, complete_postmortem: str, long: str
) -> None:
    """Emoji take two UTF-16 units: the digest stays within the limit however GitHub counts, as the
    review comment does."""
    schedule.many(complete_postmortem, long, 40)

    result = schedule.follow(Clock(), remind=0)

    body = schedule.digest()["body"]
    assert len(body.encode("utf-16-le")) // 2 <= BODY_LIMIT and body.rstrip().endswith("-->")  # state kept
    assert re.search(r"and \d+ more overdue items not shown \(over GitHub's size limit", body)
    assert result.overdue > 200


def test_a_digest_with_more_overdue_items_than_github_s_limit_holds_is_still_written(
    schedule: Schedule, complete_postmortem: str
) -> None:
    """The digest's own list of items waiting for a reminder is cut too, before the hidden state."""
    schedule.many(complete_postmortem, LONG, 150)

    result = schedule.follow(Clock(), remind=0)

    assert result.problems == [] and result.overdue > 300
    body = schedule.digest()["body"]
    assert len(body.encode("utf-16-le")) // 2 <= BODY_LIMIT and body.rstrip().endswith("-->")
    assert f"### Overdue, not reminded yet ({result.overdue})" in body
    assert re.search(r"… and more not shown here \(over GitHub's size limit", body)
