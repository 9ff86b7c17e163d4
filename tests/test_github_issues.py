"""Issues on merge: `postmortem-lint github` on push and merged pull request events, against the fake
GitHub server over real HTTP.

The CLI runs with the standard Actions environment pointing at the fake; the recovery tests call the
merge flow with a client whose clock is injected, so rate limits and backoff cost no time.
"""

from __future__ import annotations

import io
import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from postmortem_lint.github import merge, review
from postmortem_lint.github.client import GitHubClient
from postmortem_lint.github.events import ActionsContext, ActionsLog, Merge
from postmortem_lint.github.issues import LABEL, marker
from postmortem_lint.github.markdown_safety import WORD_JOINER
from postmortem_lint.github.selection import PathFilter
from postmortem_lint.model import ActionItem
from postmortem_lint.reader import read_text
from postmortem_lint.reader.vocabulary import Vocabulary
from tests import conftest
from tests.actions_env import NAME, REPO, ActionsRun, actions_run
from tests.conftest import Run
from tests.fake_github import TOKEN
from tests.test_github_client import Clock
from tests.test_github_review import DECIDED

BEFORE = "a" * 40
AFTER = "b" * 40
CONFIG = "owners:\n  Sam Ortiz: sam\n"
THREE = """\
- [ ] Add alert for payment-gateway queue depth above 200 for 5 minutes — @maria — due 2026-09-01
- [ ] Move the pool size into the shared config with a CI check that prod >= 40 — @dev-lee — due 2026-09-10
- [ ] Update the rollback runbook to use the new deploy tool — Owner: Sam Ortiz — due 2026-09-15
"""


def with_items(complete: str, items: str) -> str:
    """The complete postmortem with `items` as its action items."""
    head, _ = complete.split("## Action Items\n")
    return f"{head}## Action Items\n\n{items}"


def numbered_items(count: int) -> str:
    """`count` (at most 9) distinct action items, all @maria's."""
    return "".join(
        f"- [ ] Add alert number {n} for the gateway queue — @maria — due 2026-09-0{n}\n"
        for n in range(1, count + 1)
    )


def actions(text: str, name: str = NAME) -> list[ActionItem]:
    return read_text(text, name, Vocabulary.default()).actions


class Repo(ActionsRun):
    """A checkout at the merged commit and the event that merged it, for one test."""

    event_name = "push"

    def event(self, name: str, payload: dict[str, Any]) -> None:
        self.set_event(name, {**payload, "repository": {"default_branch": "main"}})

    def push(
        self,
        files: list[tuple[str, ...]] | None = None,
        *,
        before: str = BEFORE,
        after: str = AFTER,
        ref: str = "refs/heads/main",
        **extra: Any,
    ) -> None:
        self.fake.comparisons[f"{before}...{after}"] = files if files is not None else [(NAME, "modified")]
        self.event("push", {"ref": ref, "before": before, "after": after, **extra})

    def created(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = json.loads(self.outputs()["created-issues"])
        return found

    def issues(self) -> dict[int, dict[str, Any]]:
        return {n: i for n, i in self.fake.issues.items() if not i.get("pull")}

    def markers(self) -> Counter[str]:
        """How many issues carry each action marker."""
        return Counter(
            m
            for i in self.issues().values()
            for m in re.findall(r"postmortem-lint:action (\S+) ", i["body"] or "")
        )

    def creates(self) -> list[Any]:
        return [r for r in self.fake.requests if r.method == "POST" and r.path == f"/repos/{REPO}/issues"]

    def merge_once(self, clock: Clock, max_wait: float = 300.0, write_back: bool = False) -> merge.Result:
        """The merge flow itself, with the injected clock (GitHub's one-second write spacing included)."""
        context = ActionsContext.from_environ({**self.environ(), "GITHUB_EVENT_NAME": "push"})
        found = Merge.from_event(context.event_name, context.event)
        assert isinstance(found, Merge)
        options = merge.Options(PathFilter(), write_back=write_back)
        with GitHubClient(
            TOKEN, self.fake.url, max_wait=max_wait, sleep=clock.sleep, clock=clock.time, jitter=lambda: 1.0
        ) as client:
            return merge.run(context, found, options, client, ActionsLog(io.StringIO(), in_actions=False))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Repo]:
    with actions_run(Repo, tmp_path, monkeypatch, CONFIG) as made:
        made.fake.assignable = {"maria", "dev-lee", "sam"}
        made.push()
        yield made


def key(item: ActionItem, name: str = NAME) -> str:
    return f"{name}#{item.id}"


def test_three_new_items_open_three_issues_and_a_rerun_opens_none(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    text = repo.write(NAME, with_items(complete_postmortem, THREE))
    items = actions(text)

    code, out, err = run("github", "--write-interval", "0")

    assert (code, err) == (0, "")
    issues = repo.issues()
    assert [i["title"] for i in issues.values()] == [item.text for item in items]
    assert [i["assignees"] for i in issues.values()] == [["maria"], ["dev-lee"], ["sam"]]
    assert all(i["labels"] == [LABEL] for i in issues.values())
    for (number, issue), item in zip(issues.items(), items, strict=True):
        body = issue["body"]
        assert body.startswith(marker(key(item)) + "\n")
        assert f"(https://github.com/{REPO}/blob/{AFTER}/{NAME}#L{item.line})" in body
        assert f"- **Due:** {item.due}" in body
        assert "severity SEV2 · incident of 2026-08-19" in body
        assert f"opened #{number} for {NAME}:{item.line}" in out
    assert "@sam" in issues[3]["body"]  # "Sam Ortiz" through the owners map
    assert "postmortem-lint: action items: 3 opened, 0 skipped, 0 failed" in out
    label = repo.fake.labels[LABEL]
    assert label["color"] == "5319e7" and label["description"]
    assert repo.created() == [
        {
            "id": key(item),
            "number": n,
            "url": f"https://github.com/{REPO}/issues/{n}",
            "path": NAME,
            "line": item.line,
        }
        for n, item in zip(issues, items, strict=True)
    ]
    assert "opened 3 issues for action items" in repo.summary()

    writes = len(repo.fake.writes())
    code, out, _ = run("github", "--write-interval", "0")

    assert code == 0
    assert len(repo.fake.writes()) == writes
    assert repo.created() == []
    assert "postmortem-lint: action items: 0 opened, 3 skipped, 0 failed" in out
    assert f"skipped {NAME}:{items[0].line}: tracked in #1\n" in out
    assert "| ⏭️ skipped |" in repo.summary()


def test_existing_issues_are_found_on_every_page_among_closed_issues_and_pull_requests(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    items = actions(repo.write(NAME, with_items(complete_postmortem, THREE)))
    for number in range(1, 251):
        repo.fake.add_issue(
            number, f"older {number}", "no marker", "closed" if number % 2 else "open", (LABEL,)
        )
    repo.fake.issues[130].update(body=f"{marker(key(items[0]))}\nedited by hand", state="closed")
    repo.fake.issues[245]["body"] = f"{marker(key(items[1]))}\n"
    repo.fake.add_pull_request(251, [])  # a labelled pull request quoting the third marker tracks nothing
    repo.fake.issues[251].update(body=f"quoting {marker(key(items[2]))}", labels=[LABEL])

    assert run("github", "--write-interval", "0")[0] == 0

    assert [(c["number"], c["line"]) for c in repo.created()] == [(252, items[2].line)]
    listed = [r.query for r in repo.fake.requests if r.path == f"/repos/{REPO}/issues" and r.method == "GET"]
    assert [(q.get("page"), q["labels"], q["state"], q["per_page"]) for q in listed] == 2 * [
        (None, LABEL, "all", "100"),
        ("2", LABEL, "all", "100"),
        ("3", LABEL, "all", "100"),
    ]  # before opening, and once more after it (for duplicates)
    assert (
        f"tracked in #{WORD_JOINER}130" in repo.summary()
        and f"tracked in #{WORD_JOINER}245" in repo.summary()
    )
    # The label exists (the listing showed it), so it is not looked up or made again.
    assert not any(r.path.endswith("/labels") for r in repo.fake.requests)


@pytest.mark.parametrize("refusal", ["404 on the check", "422 on create"])
def test_an_owner_who_cannot_be_assigned_still_gets_the_issue_unassigned(
    repo: Repo, run: Run, complete_postmortem: str, refusal: str
) -> None:
    if refusal == "404 on the check":
        repo.fake.assignable.discard("sam")
    else:
        repo.fake.revoked = {"sam"}
    repo.write(NAME, with_items(complete_postmortem, THREE))

    code, out, err = run("github", "--write-interval", "0")

    assert (code, err) == (0, "")
    issues = repo.issues()
    assert [i["assignees"] for i in issues.values()] == [["maria"], ["dev-lee"], []]
    assert "- **Who:** Sam Ortiz (not assigned: not assignable in this repository)" in issues[3]["body"]
    warning = "Sam Ortiz is not assigned: not assignable in this repository."
    assert out.count(f"::warning title=postmortem-lint%3A action item issue::{warning}") == 1
    assert f"> ⚠️ {warning}" in repo.summary()
    checks = [r.path.rsplit("/", 1)[1] for r in repo.fake.requests if "/assignees/" in r.path]
    assert checks == ["maria", "dev-lee", "sam"]  # once per distinct owner


def test_names_without_a_handle_and_teams_are_written_in_the_body(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    repo.write(
        NAME,
        with_items(
            complete_postmortem,
            "- [ ] Page the database team on replica lag — Owner: Priya Raman — due 2026-09-01\n"
            "- [ ] Document the failover drill for all regions — @acme/sre — due 2026-09-02\n",
        ),
    )
    assert run("github", "--write-interval", "0")[0] == 0
    first, second = repo.issues().values()
    assert first["assignees"] == second["assignees"] == []
    assert "Priya Raman (not assigned: no GitHub handle; map the name under \\`owners:\\`" in first["body"]
    assert "a team cannot be assigned" in second["body"]
    assert not any("/assignees/" in r.path for r in repo.fake.requests)


@pytest.mark.parametrize("lost", ["drop", "drop-after"])
def test_rate_limit_and_a_lost_answer_end_with_exactly_six_issues(
    repo: Repo, complete_postmortem: str, lost: str
) -> None:
    """A secondary rate limit after the 2nd create and a dropped connection after the 4th of 6."""
    six = numbered_items(6)
    items = actions(repo.write(NAME, with_items(complete_postmortem, six)))
    repo.fake.inject("POST", "/issues$", "secondary", retry_after=90, after=2)
    repo.fake.inject("POST", "/issues$", lost, after=4)
    clock = Clock()

    first = repo.merge_once(clock)

    assert len(first.outcome.opened) == 6 and first.problems == []
    assert repo.markers() == Counter(key(item) for item in items)  # each exactly once
    assert 90 in clock.sleeps  # the rate limit's retry-after, on the injected clock
    # The lost create was looked up (listed again) before anything was retried; a create GitHub did
    # apply is not sent again.
    methods = [r.method for r in repo.fake.requests if r.path == f"/repos/{REPO}/issues"]
    assert methods.count("GET") == 3  # before, after the lost answer, and the look for duplicates
    assert methods.count("POST") == 6 + 1 + (1 if lost == "drop" else 0)  # + the rate-limited one

    again = repo.merge_once(clock)

    assert again.outcome.opened == [] and len(repo.issues()) == 6
    assert repo.markers() == Counter(key(item) for item in items)


def test_a_run_stopped_by_the_wait_budget_is_finished_by_the_next(
    repo: Repo, complete_postmortem: str
) -> None:
    six = numbered_items(6)
    items = actions(repo.write(NAME, with_items(complete_postmortem, six)))
    repo.fake.inject("POST", "/issues$", "secondary", after=2)  # no retry-after: at least a minute
    repo.fake.inject("POST", "/issues$", "drop-after", after=3)
    clock = Clock()

    stopped = repo.merge_once(clock, max_wait=30)

    assert len(stopped.outcome.opened) == 2
    assert len(stopped.problems) == 4 and "wait budget" in stopped.problems[0]
    assert "not attempted" in stopped.problems[1]

    finished = repo.merge_once(clock)

    assert len(finished.outcome.opened) == 4
    assert repo.markers() == Counter(key(item) for item in items)
    assert len(repo.issues()) == 6


def test_done_linked_and_removed_items_open_nothing(repo: Repo, run: Run, complete_postmortem: str) -> None:
    items = (
        "- [x] Roll back the gateway to v2.13 — @maria — due 2026-08-19\n"
        "- [ ] Add a canary stage to gateway deploys — @maria — due 2026-10-01 (#12)\n"
        "- ~~Rewrite the gateway in another language — @dev-lee~~\n"
        "- [ ] [Owner] [Due date] [Specific fix]\n"
    )
    repo.write(NAME, with_items(complete_postmortem, items))
    repo.write("postmortems/gone.md", with_items(complete_postmortem, THREE))  # still in the checkout ...
    repo.push([(NAME, "modified"), ("postmortems/gone.md", "removed")])  # ... but removed by the push

    code, out, _ = run("github", "--write-interval", "0")

    assert code == 0
    assert repo.fake.writes() == []
    assert repo.created() == []
    summary = repo.summary()
    assert "opened 0 issues" in summary
    for reason in ("done", f"linked to #{WORD_JOINER}12", "still a template prompt"):
        assert f"| ⏭️ skipped | [{NAME}:" in summary and reason in summary
    assert "gone.md" not in summary + out


def test_dry_run_prints_the_plan_and_writes_nothing(repo: Repo, run: Run, complete_postmortem: str) -> None:
    items = actions(repo.write(NAME, with_items(complete_postmortem, THREE)))

    code, out, _ = run("github", "--dry-run", "true", "--labels", "postmortem, reliability")

    assert code == 0
    assert repo.fake.writes() == []
    assert repo.created() == []
    assert (
        f"would open an issue for {NAME}:{items[0].line}: '{items[0].text}' assigned to @maria; "
        "labels postmortem-action, postmortem, reliability"
    ) in out
    assert re.search(r"^::stop-commands::(\w+)\n.*^::\1::$", out, re.MULTILINE | re.DOTALL)
    assert "would open 3 issues" in repo.summary()


def test_fifty_new_items_in_one_merge_are_all_opened(repo: Repo, run: Run, complete_postmortem: str) -> None:
    owners = ["maria", "dev-lee", "sam", "kim", "lee"]
    repo.fake.assignable |= set(owners)
    lines = "".join(
        f"- [ ] Add alert {n} on the checkout queue depth for region {n} — @{owners[n % 5]} "
        f"— due 2026-10-{n % 28 + 1:02}\n"
        for n in range(50)
    )
    items = actions(repo.write(NAME, with_items(complete_postmortem, lines)))
    assert len(items) == 50

    assert run("github", "--write-interval", "0")[0] == 0

    issues = list(repo.issues().values())
    assert [i["title"] for i in issues] == [item.text for item in items]
    assert [i["assignees"] for i in issues] == [[owners[n % 5]] for n in range(50)]
    assert repo.markers() == Counter(key(item) for item in items)
    assert [c["line"] for c in repo.created()] == [item.line for item in items]
    requests = Counter(
        (r.method, r.path.removeprefix(f"/repos/{REPO}").split("/")[1]) for r in repo.fake.requests
    )
    assert requests == {
        ("GET", "user"): 1,
        ("GET", "compare"): 1,
        ("GET", "issues"): 2,
        ("GET", "assignees"): 5,
        ("GET", "labels"): 1,
        ("POST", "labels"): 1,
        ("POST", "issues"): 50,
    }


def test_configured_labels_tier_one_milestones(repo: Repo, run: Run, complete_postmortem: str) -> None:
    (repo.workspace / ".postmortem-lint.yaml").write_text(
        "issues:\n"
        "  labels: [follow-up]\n"
        "  severity-label: true\n"
        "  theme-labels: true\n"
        "  milestone: true\n"
        "  tier-1: false\n",
        encoding="utf-8",
    )
    repo.fake.add_milestone(1, "August", "2026-08-31T07:00:00Z")
    repo.fake.add_milestone(2, "September", "2026-09-30T07:00:00Z")
    repo.fake.add_milestone(3, "Someday", None)
    repo.fake.labels["sev2"] = {"color": "000000", "description": "ours"}  # GitHub's names ignore case
    repo.write(NAME, with_items(complete_postmortem, THREE.replace("2026-09-15", "2026-11-15")))
    recap = with_items(complete_postmortem, THREE).replace("tier: 2", "tier: 1")
    repo.write("postmortems/recap.md", recap)
    repo.push([(NAME, "modified"), ("postmortems/recap.md", "added")])

    code, _, _ = run("github", "--write-interval", "0")

    assert code == 0
    issues = list(repo.issues().values())
    assert len(issues) == 3  # the tier-1 recap's items get none
    wanted = [LABEL, "follow-up", "SEV2", "deployment-safety", "monitoring-gaps"]
    assert all(i["labels"] == wanted for i in issues)
    assert [i["milestone"] for i in issues] == [2, 2, None]
    assert "No open milestone is due on or after 2026-11-15." in repo.summary()
    created = [r.body["name"] for r in repo.fake.writes() if r.path.endswith("/labels")]
    assert created == [LABEL, "follow-up", "deployment-safety", "monitoring-gaps"]
    assert repo.summary().count("a tier-1 recap (issues: tier-1 is off)") == 3


def test_the_same_explicit_id_twice_opens_one_issue(repo: Repo, run: Run, complete_postmortem: str) -> None:
    repo.write(
        NAME,
        with_items(
            complete_postmortem,
            "- [ ] Add alert on queue depth {#queue-alert} — @maria — due 2026-09-01\n"
            "- [ ] Add an alert on the queue depth of the gateway {#queue-alert} — @maria — due 2026-09-02\n",
        ),
    )
    assert run("github", "--write-interval", "0")[0] == 0
    assert [c["id"] for c in repo.created()] == ["queue-alert"]
    assert f"the same ID as {NAME}:" in repo.summary()


# -- events and changed files ---------------------------------------------------------------------


def test_pushes_elsewhere_and_unmerged_pull_requests_do_nothing(repo: Repo, run: Run) -> None:
    repo.push(ref="refs/heads/feature")
    assert (
        "nothing to do for a push to refs/heads/feature, not to the default branch 'main'" in run("github")[1]
    )
    repo.event("pull_request", {"action": "closed", "pull_request": {"number": 9, "merged": False}})
    assert "nothing to do for a pull request closed without merging" in run("github")[1]
    repo.push()
    assert "nothing to do for a merge with create-issues off" in run("github", "--create-issues", "false")[1]
    assert repo.fake.requests == []
    assert repo.outputs()["created-issues"] == "[]"


def test_a_merged_pull_request_reads_its_files_at_the_merge_commit(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    items = actions(repo.write(NAME, with_items(complete_postmortem, THREE)))
    repo.fake.add_pull_request(9, [(NAME, "added"), ("src/app.py", "modified")])
    merged = "c" * 40
    repo.event(
        "pull_request",
        {
            "action": "closed",
            "number": 9,
            "pull_request": {
                "number": 9,
                "merged": True,
                "merge_commit_sha": merged,
                "base": {"ref": "main"},
            },
        },
    )

    assert run("github", "--write-interval", "0")[0] == 0

    assert len(repo.created()) == 3
    assert f"/blob/{merged}/{NAME}#L{items[0].line}" in repo.issues()[10]["body"]
    assert not any("/compare/" in r.path for r in repo.fake.requests)


def test_the_first_push_of_a_branch_reads_every_postmortem(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    repo.write(NAME, with_items(complete_postmortem, THREE))
    repo.write("docs/notes.md", with_items(complete_postmortem, THREE))  # not a postmortem folder
    repo.push(before="0" * 40, created=True)

    assert run("github", "--write-interval", "0")[0] == 0

    assert {c["path"] for c in repo.created()} == {NAME}
    assert "The first push of the branch" in repo.summary()
    assert not any("/compare/" in r.path for r in repo.fake.requests)


def test_after_a_force_push_the_pushed_commits_files_are_read(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    repo.write(NAME, with_items(complete_postmortem, THREE))
    repo.fake.comparisons.clear()  # GitHub no longer has the commit before the force-push
    repo.event(
        "push",
        {
            "ref": "refs/heads/main",
            "before": BEFORE,
            "after": AFTER,
            "forced": True,
            "commits": [{"added": [], "modified": [NAME], "removed": []}, {"added": ["src/x.py"]}],
        },
    )

    assert run("github", "--write-interval", "0")[0] == 0

    assert len(repo.created()) == 3
    assert "is gone; the postmortems the pushed commits touched were read instead" in repo.summary()

    repo.event("push", {"ref": "refs/heads/main", "before": BEFORE, "after": AFTER, "forced": False})
    code, _, err = run("github")
    assert code == 2 and "compare" in err and "404" in err


def git(workspace: Path, *args: str) -> str:
    return conftest.git(workspace, *args).stdout.strip()


def test_a_deep_checkout_is_compared_locally(repo: Repo, run: Run, complete_postmortem: str) -> None:
    (repo.workspace / ".git").rmdir()
    git(repo.workspace, "init", "-q", "-b", "main")
    repo.write("postmortems/old.md", with_items(complete_postmortem, THREE))
    git(repo.workspace, "add", "-A")
    git(repo.workspace, "commit", "-q", "-m", "first")
    before = git(repo.workspace, "rev-parse", "HEAD")
    git(repo.workspace, "mv", "postmortems/old.md", "postmortems/renamed.md")
    repo.write(NAME, with_items(complete_postmortem, THREE.replace("@maria", "@sam")))
    git(repo.workspace, "add", "-A")
    git(repo.workspace, "commit", "-q", "-m", "second")
    after = git(repo.workspace, "rev-parse", "HEAD")
    old = actions((repo.workspace / "postmortems/renamed.md").read_text(), "postmortems/old.md")
    repo.fake.add_issue(40, "older", marker(key(old[0], "postmortems/old.md")), labels=(LABEL,))
    repo.push(before=before, after=after)

    assert run("github", "--write-interval", "0")[0] == 0

    assert not any("/compare/" in r.path for r in repo.fake.requests)
    paths = Counter(c["path"] for c in repo.created())
    assert paths == {NAME: 3, "postmortems/renamed.md": 2}  # the renamed file's first item is tracked
    assert f"tracked in #{WORD_JOINER}40" in repo.summary()


def test_a_checkout_at_another_commit_is_refused(repo: Repo, run: Run, complete_postmortem: str) -> None:
    (repo.workspace / ".git").rmdir()
    git(repo.workspace, "init", "-q", "-b", "main")
    repo.write(NAME, with_items(complete_postmortem, THREE))
    git(repo.workspace, "add", "-A")
    git(repo.workspace, "commit", "-q", "-m", "first")
    code, _, err = run("github")
    assert code == 2
    assert f"not at the merged commit {AFTER[:12]}" in err and "merge_commit_sha" in err
    assert repo.fake.requests == []


def test_bad_push_payloads_are_usage_errors(repo: Repo, run: Run) -> None:
    repo.event("push", {"ref": "refs/heads/main", "before": BEFORE})
    code, _, err = run("github")
    assert code == 2 and "lacks ref, before, after" in err
    repo.event("push", {"ref": "refs/heads/main", "before": "x", "after": AFTER})
    code, _, err = run("github")
    assert code == 2 and "must be commit SHAs" in err
    (repo.home / "event.json").write_bytes(b'{"ref": "\xff"}')
    code, _, err = run("github")
    assert code == 2 and err.count("\n") == 1 and "GITHUB_EVENT_PATH" in err and "not UTF-8" in err
    for commits in (5, [{"added": 5}], [{"modified": "postmortems/a.md"}], ["postmortems/a.md"]):
        repo.push(commits=commits)
        code, _, err = run("github")
        assert code == 2 and err.count("\n") == 1 and "internal error" not in err, err
        assert "the push event payload's commits must be a list of commits" in err


def test_a_missing_permission_fails_with_one_line(repo: Repo, run: Run, complete_postmortem: str) -> None:
    repo.write(NAME, with_items(complete_postmortem, THREE))
    repo.fake.read_only = True
    code, _, err = run("github", "--write-interval", "0")
    assert code == 2
    assert err.count("\n") == 1
    assert "403 Resource not accessible by integration" in err and "issues: write" in err
    assert repo.issues() == {}


def test_issue_settings_are_validated(run: Run, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".postmortem-lint.yaml").write_text("issues:\n  labels: [a]\n  milestones: true\n")
    code, _, err = run("config", str(tmp_path))
    assert code == 2
    assert ".postmortem-lint.yaml:3: unknown issues setting 'milestones'" in err
    (tmp_path / ".postmortem-lint.yaml").write_text("issues:\n  tier-1: sometimes\n")
    code, _, err = run("config", str(tmp_path))
    assert code == 2 and ':2: expected true or false, got "sometimes"' in err


def test_a_merge_opens_no_issue_for_items_already_deprioritized(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    items = actions(repo.write(NAME, with_items(complete_postmortem, DECIDED)))
    repo.fake.add_issue(5, "tracked", marker(key(items[3])), labels=(LABEL,))  # deprioritized after its issue

    code, out, _ = run("github", "--write-interval", "0")

    assert code == 0
    assert [i["title"] for i in repo.issues().values()] == ["tracked", items[0].text]
    assert [c["line"] for c in repo.created()] == [items[0].line]
    for item in items[2:]:
        assert f"skipped {NAME}:{item.line}: deprioritized" in out


# -- the pull request review says what merging will open -----------------------------------------


def test_the_review_comment_lists_what_each_item_becomes_on_merge(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    items = actions(
        repo.write(
            NAME, with_items(complete_postmortem, THREE + "- [x] Roll back — @maria — due 2026-08-19\n")
        )
    )
    repo.fake.add_issue(5, "tracked", marker(key(items[1])), labels=(LABEL,))
    repo.fake.add_pull_request(7, [(NAME, "modified")])
    repo.event(
        "pull_request",
        {"action": "synchronize", "number": 7, "pull_request": {"number": 7, "head": {"sha": AFTER}}},
    )

    assert run("github", "--write-interval", "0")[0] == 0

    [comment] = repo.fake.comments_on(7)
    assert (
        "Action items: 3 open, 1 done, 0 consciously deprioritized. On merge, 2 become new issues." in comment
    )
    assert "| Status | Line | Owner | Due | Action | On merge |" in comment
    rows = [line for line in comment.splitlines() if line.startswith(("| open", "| done"))]
    assert [row.rsplit("|", 2)[1].strip() for row in rows] == [
        "new issue",
        f"no issue: tracked in #{WORD_JOINER}5",
        "new issue",
        "—",
    ]
    assert repo.fake.writes()[0].path.endswith("/issues/7/comments")  # the review opens no issue


def test_a_new_postmortem_needs_no_listing_for_the_review(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    repo.write(NAME, with_items(complete_postmortem, THREE))
    repo.fake.add_pull_request(7, [(NAME, "added")])
    repo.event(
        "pull_request",
        {"action": "opened", "number": 7, "pull_request": {"number": 7, "head": {"sha": AFTER}}},
    )
    run("github", "--write-interval", "0")
    assert "On merge, 3 become new issues." in repo.fake.comments_on(7)[0]
    assert not any(r.path == f"/repos/{REPO}/issues" for r in repo.fake.requests)
    code, _, _ = run("github", "--create-issues", "false", "--write-interval", "0")
    assert code == 0 and "On merge" not in repo.fake.comments_on(7)[0]
    assert review.NEW_ISSUE == "new issue"


def open_markers(repo: Repo) -> Counter[str]:
    """How many open issues carry each action marker."""
    return Counter(
        m
        for i in repo.issues().values()
        if i["state"] == "open"
        for m in re.findall(r"postmortem-lint:action (\S+) ", i["body"] or "")
    )


def test_an_outsiders_decoy_issue_does_not_track_the_item(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    items = actions(repo.write(NAME, with_items(complete_postmortem, THREE)))
    decoy = f"{marker(key(items[0]))}\nalready handled, nothing to see"
    repo.fake.add_issue(1, "decoy", decoy, "closed", (LABEL,), user="mallory")

    assert run("github", "--write-interval", "0")[0] == 0

    assert [c["number"] for c in repo.created()] == [2, 3, 4]
    assert open_markers(repo) == Counter(key(item) for item in items)
    assert repo.fake.issues[1]["body"] == decoy and repo.fake.issues[1]["state"] == "closed"
    assert not any(r.path.startswith(f"/repos/{REPO}/issues/1") for r in repo.fake.writes())
    assert "tracked in" not in repo.summary()


def test_a_create_applied_but_answered_502_while_the_list_lags_ends_with_one_open_issue_per_item(
    repo: Repo, complete_postmortem: str
) -> None:
    items = actions(repo.write(NAME, with_items(complete_postmortem, THREE)))
    repo.fake.inject("POST", "/issues$", "502-after", after=1)  # the second item's issue is made ...
    repo.fake.inject("GET", "/issues$", "lagging", after=1)  # ... and the look that follows misses it

    result = repo.merge_once(Clock())

    assert result.problems == []
    assert len(repo.creates()) == 4 and len(repo.issues()) == 4  # the lost one was opened again
    assert open_markers(repo) == Counter(key(item) for item in items)
    duplicate = repo.fake.issues[3]
    assert (duplicate["state"], duplicate["state_reason"]) == ("closed", "duplicate")
    (patch,) = [r for r in repo.fake.writes() if r.method == "PATCH"]
    assert patch.body["duplicate_issue_id"] == 2 * 7919  # the kept issue's ID, as the fake numbers them
    (note,) = repo.fake.comments_on(3)
    assert "Duplicate of #2" in note
    assert [o.number for o in result.outcome.opened] == [1, 2, 4]  # the kept issue, not the duplicate
    assert result.outcome.closed == [(3, 2)]

    again = repo.merge_once(Clock())

    assert again.outcome.opened == [] and again.outcome.closed == []  # nothing left to close
    assert not [r for r in repo.fake.writes() if r.method == "PATCH"][1:]


def test_a_failed_look_for_duplicates_after_opening_keeps_what_was_opened(
    repo: Repo, complete_postmortem: str
) -> None:
    items = actions(repo.write(NAME, with_items(complete_postmortem, THREE)))
    repo.fake.inject("GET", "/issues$", "502", times=5, after=1)  # the look after opening, every retry

    result = repo.merge_once(Clock())

    assert [o.decision.item for o in result.outcome.opened] == items and result.problems == []
    assert [w for w in result.outcome.warnings if w.startswith("Duplicates were not looked for: GET ")]
    assert repo.merge_once(Clock()).outcome.opened == [] and len(repo.issues()) == 3


def test_where_duplicate_is_no_state_reason_yet_the_duplicate_is_closed_not_planned(
    repo: Repo, complete_postmortem: str
) -> None:
    """Older Enterprise Servers know `completed` and `not_planned` only: a 422 for `duplicate`."""
    items = actions(repo.write(NAME, with_items(complete_postmortem, THREE)))
    repo.fake.add_issue(1, "ours, from a run that raced", f"{marker(key(items[0]))}\n", labels=(LABEL,))
    repo.fake.add_issue(2, "ours, the same item", f"{marker(key(items[0]))}\n", labels=(LABEL,))
    repo.fake.inject("PATCH", "/issues/2$", "422")

    result = repo.merge_once(Clock())

    assert [o.number for o in result.outcome.opened] == [3, 4]
    assert (repo.fake.issues[2]["state"], repo.fake.issues[2]["state_reason"]) == ("closed", "not_planned")
    assert "Duplicate of #1" in repo.fake.comments_on(2)[0]
    assert open_markers(repo) == Counter(key(item) for item in items)


def documented_group(event: dict[str, Any], sha: str) -> str:
    """The issues workflow's `concurrency.group` in docs/github-action.md, evaluated as Actions does
    for this event (the expressions it uses: property paths joined by `||`)."""
    docs = (Path(__file__).parents[1] / "docs" / "github-action.md").read_text(encoding="utf-8")
    workflow = next(b for b in re.findall(r"```yaml\n(.*?)```", docs, re.S) if "postmortem-issues" in b)
    (group,) = re.findall(r"^  group: (.+)$", workflow, re.M)
    ref = event.get("ref") or f"refs/pull/{event['number']}/merge"  # GITHUB_REF of the two events
    github = {"repository": REPO, "sha": sha, "ref": ref, "event": event}

    def value(path: str) -> Any:
        found: Any = {"github": github}
        for part in path.strip().split("."):
            found = found.get(part) if isinstance(found, dict) else None
        return found

    def evaluate(match: re.Match[str]) -> str:
        return str(next((v for v in map(value, match.group(1).split("||")) if v), ""))

    return re.sub(r"\$\{\{(.*?)\}\}", evaluate, group)


def test_both_documented_events_for_one_merge_share_a_group_and_open_each_issue_once(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    items = actions(repo.write(NAME, with_items(complete_postmortem, THREE)))
    merged = "c" * 40
    push: dict[str, Any] = {"ref": "refs/heads/main", "before": BEFORE, "after": merged}
    closed: dict[str, Any] = {
        "action": "closed",
        "number": 9,
        "pull_request": {"number": 9, "merged": True, "merge_commit_sha": merged, "base": {"ref": "main"}},
    }
    # GITHUB_SHA: the pushed commit; for pull_request events the PR's own test-merge commit
    assert documented_group(push, merged) == documented_group(closed, "d" * 40)
    assert documented_group(push, merged) != documented_group({**push, "after": "e" * 40}, "e" * 40)
    repo.fake.add_pull_request(9, [(NAME, "added")])
    repo.fake.comparisons[f"{BEFORE}...{merged}"] = [(NAME, "modified")]

    # One group runs one at a time, in whichever order the events arrive.
    events: list[tuple[str, dict[str, Any]]] = [("push", push), ("pull_request", closed)]
    for order in (events, events[::-1]):
        repo.fake.issues = {9: repo.fake.issues[9]}
        for name, payload in order:
            repo.event(name, payload)
            assert run("github", "--write-interval", "0")[0] == 0
        assert repo.markers() == Counter(key(item) for item in items)


def test_runs_at_the_same_time_end_with_one_open_issue_per_item(repo: Repo, complete_postmortem: str) -> None:
    """Two merges touching one postmortem are in different groups and may run at once."""
    items = actions(repo.write(NAME, with_items(complete_postmortem, THREE)))
    repo.fake.write_delay = 0.05  # each write takes a while, so the two runs overlap
    results: list[merge.Result] = []
    threads = [threading.Thread(target=lambda: results.append(repo.merge_once(Clock()))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 2 and all(r.problems == [] for r in results)
    assert open_markers(repo) == Counter(key(item) for item in items)
    kept = {n for n, i in repo.issues().items() if i["state"] == "open"}
    assert all(o.number in kept for r in results for o in r.outcome.opened)
    for number, issue in repo.issues().items():
        if issue["state"] == "closed":
            assert issue["state_reason"] == "duplicate" and number > min(kept)


def test_more_items_than_one_run_opens_stop_cleanly_at_the_cap_and_the_next_run_continues(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    five = numbered_items(5)
    items = actions(repo.write(NAME, with_items(complete_postmortem, five)))

    code, out, err = run("github", "--write-interval", "0", "--max-issues", "3")

    assert (code, err) == (0, "")
    assert [c["line"] for c in repo.created()] == [item.line for item in items[:3]]
    assert "postmortem-lint: action items: 3 opened, 0 skipped, 0 failed, 2 left for the next run" in out
    assert f"left for the next run {NAME}:{items[3].line}: one run opens at most 3 issues" in out
    summary = repo.summary()
    assert "> ⏸️ 2 more items will get an issue on the next run: one run opens at most 3 issues" in summary
    assert summary.count("| ⏸️ next run |") == 2
    assert len(repo.creates()) == 3

    code, out, _ = run("github", "--write-interval", "0", "--max-issues", "3")

    assert code == 0
    assert [c["line"] for c in repo.created()] == [item.line for item in items[3:]]
    assert "2 opened, 3 skipped, 0 failed\n" in out
    assert repo.markers() == Counter(key(item) for item in items)


def test_the_cap_must_be_a_positive_number(repo: Repo, run: Run) -> None:
    code, _, err = run("github", "--max-issues", "0")
    assert code == 2 and "expected a whole number of at least 1, got '0'" in err
