"""Acceptance over the guide itself (../shared/guide): its template filled in the way it prescribes passes
every path a team takes, its weak action items fail, its strong ones pass, and the bare template from
`new` fails once per prompt line.

The example postmortems are in tests/guide/: `filled-template.md` is the guide's outline ("Incident
Review", Summary / Impact / Timeline / Trigger Event / Contributing Factors / What Worked Well / What
Slowed Response / Action Items) filled in, with action items in the bracket form
`- [Owner] [Due date] [Specific fix]`; `weak-actions.md` and `strong-actions.md` are the same review
with the guide's own weak and strong action items.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from postmortem_lint.github.issues import LABEL
from postmortem_lint.reader import read_text
from postmortem_lint.reader.vocabulary import Vocabulary
from tests.actions_env import NAME, REPO
from tests.conftest import ROOT, Run
from tests.fake_github import serve
from tests.test_action_yml import Runner, stand_in_python
from tests.test_git_hook import commit, commits, hooked, repo, stage  # noqa: F401 (fixtures)
from tests.test_precommit import PRE_COMMIT, commit_all, hook_repository, try_repo_in

GUIDE = Path(__file__).parent / "guide"
FILLED = GUIDE / "filled-template.md"
WEAK = GUIDE / "weak-actions.md"
STRONG = GUIDE / "strong-actions.md"
HEAD = "1" * 40
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def report(run: Run, path: Path) -> list[dict[str, Any]]:
    code, out, err = run("check", "--format", "json", "--no-cache", str(path))
    assert err == "" and code in (0, 1)
    findings: list[dict[str, Any]] = json.loads(out)["findings"]
    return findings


def items(path: Path) -> list[int]:
    """The lines of the action items."""
    return [
        a.line for a in read_text(path.read_text(encoding="utf-8"), path.name, Vocabulary.default()).actions
    ]


# -- check ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [FILLED, STRONG], ids=["filled-template", "strong-actions"])
def test_the_filled_in_template_is_clean_in_every_format(run: Run, path: Path) -> None:
    assert len(items(path)) >= 3
    code, out, err = run("check", "--no-cache", str(path))
    assert (code, err) == (0, ""), out
    assert out == "No problems found (1 file checked).\n"
    assert report(run, path) == []
    code, out, _ = run("check", "--no-cache", "--format", "github", str(path))
    assert code == 0 and "::" not in out
    code, out, _ = run("check", "--no-cache", "--format", "sarif", str(path))
    assert code == 0 and [r["results"] for r in json.loads(out)["runs"]] == [[]]


def test_the_guides_weak_action_items_are_vague_in_the_bracket_form(run: Run) -> None:
    found = report(run, WEAK)
    lines = items(WEAK)
    assert len(lines) == 5
    assert [(f["line"], f["rule"]) for f in found] == [(line, "PM105") for line in lines]
    written = ["improve monitoring", "communicate better next time", "improve resilience"]
    written += ["redesign architecture", "review all alerting"]
    assert [f["message"].split('"')[1] for f in found] == written


def test_the_bare_template_fails_once_on_every_prompt_line(run: Run, tmp_path: Path) -> None:
    for tier in (1, 2, 3):
        code, out, _ = run(
            "new", "Replica lag", "--tier", str(tier), "--dir", str(tmp_path), "--date", "2026-10-14"
        )
        path = Path(out.strip())
        assert code == 0
        text = path.read_text(encoding="utf-8")
        prompts = [
            number
            for number, line in enumerate(text.splitlines(), 1)
            if re.search(r"\[[^\]`]{3,}\]", re.sub(r"`[^`]*`", "", line)) and "[bracketed]" not in line
        ]
        found = report(run, path)
        placeholders = [f["line"] for f in found if f["rule"] == "PM004"]
        assert sorted(Counter(placeholders).values()) == [1] * len(placeholders)
        assert placeholders == prompts
        [action_line] = items(path)
        assert [f["rule"] for f in found if f["line"] == action_line] == ["PM004"]
        path.unlink()


def test_the_new_tier_1_template_filled_in_passes(run: Run, tmp_path: Path) -> None:
    """`themes: []` is no longer written for a recap that needs no themes; the task-box line filled in
    is an action item."""
    code, out, _ = run("new", "Replica lag", "--tier", "1", "--dir", str(tmp_path), "--date", "2026-10-14")
    assert code == 0
    path = Path(out.strip())
    text = path.read_text(encoding="utf-8")
    for prompt, answer in {
        '"[SEV1-SEV4]"': "SEV3",
        "systems: []": "systems: [orders-db]",
        '"[e.g. 25 minutes]"': "25 minutes",
        "[Two or three sentences: what broke, why, how it was fixed.]": (
            "A long vacuum on orders-db left its replica 40 minutes behind; reads fell back to the primary."
        ),
        "[Who or what was affected, with a figure: duration, percentage, count, money.]": (
            "Order history pages showed data up to 40 minutes old for 25 minutes."
        ),
        "- [ ] [Owner] [Due date] [Specific fix]": (
            "- [ ] [@nina] [2026-11-20] [Add a replica-lag alert above 30 s]"
        ),
    }.items():
        assert prompt in text
        text = text.replace(prompt, answer)
    path.write_text(text, encoding="utf-8")
    assert [f for f in report(run, path) if f["severity"] != "info"] == []


def test_new_writes_front_matter_yaml_reads_back(run: Run, tmp_path: Path) -> None:
    for title in (
        "Disk full on C:\\data\\queue",
        '"Quoted": yes #1 - {x} & *y',
        "Tab\\t and 'single' quotes",
    ):
        code, out, _ = run("new", title, "--dir", str(tmp_path), "--date", "2026-10-14")
        assert code == 0
        path = Path(out.strip())
        document = read_text(path.read_text(encoding="utf-8"), path.name, Vocabulary.default())
        assert document.unreadable is None
        assert document.front_matter is not None and document.front_matter["title"] == title
        assert document.title == title
        path.unlink()


# -- the hooks --------------------------------------------------------------------------------------


@needs_git
@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install pre-commit)")
def test_pre_commit_accepts_the_filled_in_template(tmp_path: Path) -> None:
    assert PRE_COMMIT is not None
    hooks = hook_repository(tmp_path / "hook-repo")
    project = tmp_path / "project"
    (project / "postmortems").mkdir(parents=True)
    for path in (FILLED, STRONG):
        shutil.copy(path, project / "postmortems" / path.name)
    commit_all(project)
    done = try_repo_in(project, hooks, tmp_path / "cache")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"^postmortem-lint\.+Passed$", output, re.MULTILINE), output


@needs_git
@pytest.mark.usefixtures("hooked")  # a new repository as the working directory, the hook installed
def test_the_git_hook_commits_the_filled_in_template() -> None:
    checkout = Path.cwd()
    stage(checkout, f"postmortems/{FILLED.name}", FILLED.read_text(encoding="utf-8"))
    code, output = commit(checkout)
    assert code == 0, output
    assert commits(checkout) == 1


# -- the Action -------------------------------------------------------------------------------------


@pytest.fixture
def runner(tmp_path: Path) -> Iterator[Runner]:
    """action.yml run as a runner runs it, on a checkout holding the filled-in template."""
    action: dict[str, Any] = YAML(typ="safe").load((ROOT / "action.yml").read_text(encoding="utf-8"))
    with serve() as fake:
        home = tmp_path / "runner"
        (home / "temp").mkdir(parents=True)
        workspace = tmp_path / "workspace"
        (workspace / ".git").mkdir(parents=True)
        (workspace / NAME).parent.mkdir(parents=True)
        shutil.copy(FILLED, workspace / NAME)
        stand_in_python(home)
        yield Runner(action, fake, home, workspace)


def test_the_pull_request_review_of_the_filled_in_template_is_all_clear(runner: Runner) -> None:
    runner.fake.add_pull_request(7, [(NAME, "added")])
    event = {"number": 7, "pull_request": {"number": 7, "head": {"sha": HEAD, "repo": {"full_name": REPO}}}}
    (runner.home / "event.json").write_text(json.dumps(event), encoding="utf-8")

    assert runner.run() == 0, runner.logs

    [body] = runner.fake.comments_on(7)
    assert "postmortem-lint: all clear ✅ (1 postmortem checked, no findings)" in body
    assert runner.outputs()["errors"] == "0" and runner.outputs()["warnings"] == "0"
    assert "::error" not in runner.logs["review"] and "::warning" not in runner.logs["review"]


def test_on_merge_every_item_of_the_filled_in_template_becomes_one_issue(runner: Runner) -> None:
    runner.push([(NAME, "added")])
    runner.fake.assignable = {"rkim", "lena", "nina"}
    actions = read_text(FILLED.read_text(encoding="utf-8"), NAME, Vocabulary.default()).actions
    assert len(actions) == 3

    assert runner.run() == 0, runner.logs

    issues = [issue for _, issue in sorted(runner.fake.issues.items()) if not issue.get("pull")]
    assert [(i["title"], i["assignees"], i["labels"]) for i in issues] == [
        (a.text, [a.owners[0].removeprefix("@")], [LABEL]) for a in actions
    ]
    assert "still a template prompt" not in runner.summaries["review"]
    assert runner.run() == 0, runner.logs  # a re-run opens nothing twice
    assert len([i for i in runner.fake.issues.values() if not i.get("pull")]) == 3
