"""action.yml and the CLI cannot drift apart.

The static tests read action.yml: the inputs and outputs of the contract, every input handed to
`postmortem-lint github` and understood by its parser, no `${{ }}` spliced into a script. The
end-to-end tests run its `run:` steps with bash as a runner does (expressions substituted, the
GITHUB_* environment, a fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY per step) against the fake
GitHub server. Only the interpreter is stood in for: `python3 -m venv` makes a venv whose python
records `pip install` (this checkout is already installed in the test environment) and runs the
test's Python for everything else, so the steps' commands run exactly as written, with their flags
and from their working directory.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from postmortem_lint.cli import build_parser, main
from postmortem_lint.engine import linter
from postmortem_lint.formatters.workflow_commands import escape_property, log_line
from postmortem_lint.github import follow_up
from postmortem_lint.github.issues import LABEL, item_key, marker
from postmortem_lint.github.review import MARKER
from postmortem_lint.model import ActionItem
from postmortem_lint.reader import read_text
from postmortem_lint.reader.vocabulary import Vocabulary
from tests.actions_env import NAME, REPO, parse_outputs
from tests.conftest import ROOT
from tests.fake_github import TOKEN, FakeGitHub, serve
from tests.test_github_review import CONFIG, HEAD, bad

INPUTS = {
    "github-token",
    "paths",
    "config",
    "fail-on",
    "comment",
    "annotations",
    "create-issues",
    "labels",
    "write-back",
    "dry-run",
    "follow-up",
    "remind",
    "overdue-label",
    "snooze-label",
    "digest-title",
    "max-requests",
    "max-issues",
    "app-slug",
}
OUTPUTS = {
    "errors",
    "warnings",
    "comment-url",
    "created-issues",
    "write-back-url",
    "digest-url",
    "overdue",
    "reminded",
}
CACHE_ACTIONS = {"actions/cache/restore@v4", "actions/cache/save@v4"}
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return data


def steps(action: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(action["runs"]["steps"])


def test_inputs_outputs_and_branding_follow_the_contract(action: dict[str, Any]) -> None:
    assert set(action["inputs"]) == INPUTS
    defaults = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    assert defaults == {
        "github-token": "${{ github.token }}",
        "paths": "",
        "config": "",
        "fail-on": "error",
        "comment": "true",
        "annotations": "true",
        "create-issues": "true",
        "labels": "",
        "write-back": "off",
        "dry-run": "false",
        "follow-up": "false",
        "remind": "10",
        "overdue-label": "overdue",
        "snooze-label": "postmortem-snooze",
        "digest-title": "Postmortem follow-ups",
        "max-requests": "1000",
        "max-issues": "100",
        "app-slug": "github-actions",
    }
    assert set(action["outputs"]) == OUTPUTS
    for name, spec in action["outputs"].items():
        assert spec["value"] == f"${{{{ steps.review.outputs.{name} }}}}"
        assert spec["description"]
    assert action["runs"]["using"] == "composite"
    assert action["branding"]["icon"] and action["branding"]["color"]


def test_scripts_take_inputs_from_the_environment_only(action: dict[str, Any]) -> None:
    """An expression spliced into a script would let an input (or a branch name) inject shell code."""
    for step in steps(action):
        if "uses" in step:
            assert step["uses"] in CACHE_ACTIONS, step  # the only actions it runs
            continue
        assert step["shell"] == "bash"
        assert "${{" not in step["run"]


def test_every_input_is_passed_to_and_understood_by_the_cli(action: dict[str, Any]) -> None:
    review = next(s for s in steps(action) if s.get("id") == "review")
    by_input = {
        m.group(1): variable
        for variable, value in review["env"].items()
        if (m := re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", str(value)))
    }
    assert set(by_input) == INPUTS
    assert by_input["github-token"] == "GITHUB_TOKEN"  # the CLI reads the token from there
    script = review["run"]
    argv = []
    for name in INPUTS - {"github-token"}:
        assert re.search(rf'--{name} "\${by_input[name]}"', script), f"input {name} is not passed as --{name}"
        argv += [f"--{name}", str(action["inputs"][name].get("default") or "x.yaml")]
    assert 'm postmortem_lint github "${args[@]}"' in script
    parsed = build_parser().parse_args(["github", *argv])  # a flag it did not know would exit
    assert parsed.fail_on == "error" and parsed.comment is True and parsed.dry_run is False


def test_the_docs_describe_every_input_and_output(action: dict[str, Any]) -> None:
    docs = (ROOT / "docs" / "github-action.md").read_text(encoding="utf-8")
    for name in [*action["inputs"], *action["outputs"]]:
        assert f"| `{name}` |" in docs, name
    assert "## Pull requests from forks" in docs  # where the fork notice points


# -- running the steps -----------------------------------------------------------------------------


@dataclass
class Runner:
    """Runs a composite action's steps the way the Actions runner does, in `home`."""

    action: Mapping[str, Any]
    fake: FakeGitHub
    home: Path
    workspace: Path
    event_name: str = "pull_request"
    inputs: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)  # set by the workflow (`env:` of the job)
    cache: dict[str, Path] = field(default_factory=dict)  # the repository's Actions cache: key -> saved copy
    step_outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    logs: dict[str, str] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)

    def evaluate(self, text: str) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            context: dict[str, str] = {
                "github.action_path": str(ROOT),
                "github.token": TOKEN,
                "runner.temp": str(self.home / "temp"),
                "runner.os": "Linux",
            }
            if name.startswith("inputs."):
                spec = self.action["inputs"][name.removeprefix("inputs.")]
                return self.evaluate(
                    self.inputs.get(name.removeprefix("inputs."), str(spec.get("default", "")))
                )
            if step := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", name):
                return self.step_outputs.get(step.group(1), {}).get(step.group(2), "")
            if name not in context:
                raise AssertionError(f"the test runner does not know the expression {name!r}")
            return context[name]

        return _EXPRESSION.sub(value, text)

    def environment(self) -> dict[str, str]:
        return {
            "PATH": f"{self.home / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(self.home),
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": self.event_name,
            "GITHUB_EVENT_PATH": str(self.home / "event.json"),
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_API_URL": self.fake.url,
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_SHA": "f" * 40,
            "GITHUB_RUN_ID": "42",
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_ACTION_PATH": str(ROOT),
            "RUNNER_TEMP": str(self.home / "temp"),
            **self.env,
        }

    def run(self) -> int:
        """Each step until one fails, run as `shell: bash` is: bash --noprofile --norc -eo pipefail.
        A fresh `step_outputs` per run, as per job; `if:` conditions are evaluated."""
        self.step_outputs = {}
        for index, step in enumerate(steps(self.action)):
            step_id = step.get("id", f"step{index}")
            if "if" in step and not self.condition(step["if"]):
                continue
            if "uses" in step:
                self.step_outputs[step_id] = self.cache_action(step)
                continue
            output = self.home / f"output-{step_id}"
            summary = self.home / f"summary-{step_id}.md"
            script = self.home / f"{step_id}.sh"
            output.write_text("")
            script.write_text(step["run"], encoding="utf-8")
            env = {**self.environment(), "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)}
            env.update({key: self.evaluate(str(value)) for key, value in step.get("env", {}).items()})
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=self.workspace,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            self.logs[step_id] = done.stdout + done.stderr
            self.summaries[step_id] = summary.read_text(encoding="utf-8") if summary.exists() else ""
            self.step_outputs[step_id] = parse_outputs(output.read_text(encoding="utf-8"))
            if done.returncode:
                return done.returncode
        return 0

    def condition(self, text: str) -> bool:
        """The one form of `if:` action.yml uses: `steps.ID.outputs.NAME == 'value'`."""
        match = re.fullmatch(r"(steps\.[\w-]+\.outputs\.[\w-]+) == '([^']*)'", text.strip())
        if match is None:
            raise AssertionError(f"the test runner does not know the condition {text!r}")
        return self.evaluate(f"${{{{ {match.group(1)} }}}}") == match.group(2)

    def cache_action(self, step: Mapping[str, Any]) -> dict[str, str]:
        """actions/cache/restore and /save as documented (they cannot run here): restore copies the
        entry saved under exactly `key` back to `path` and sets `cache-hit` (no restore-keys are used);
        save stores `path` under `key` unless an entry with that key exists (entries are immutable)."""
        assert step["uses"] in CACHE_ACTIONS, step["uses"]
        inputs = {name: self.evaluate(str(value)) for name, value in step["with"].items()}
        assert set(inputs) == {"path", "key"}, inputs
        path, key = Path(inputs["path"]), inputs["key"]
        if step["uses"].startswith("actions/cache/restore@"):
            if key not in self.cache:
                return {"cache-hit": "false", "cache-primary-key": key}
            shutil.copytree(self.cache[key], path, symlinks=True, dirs_exist_ok=True)
            return {"cache-hit": "true", "cache-primary-key": key, "cache-matched-key": key}
        if key not in self.cache and path.exists():
            self.cache[key] = self.home.parent / "actions-cache" / f"{len(self.cache)}"
            shutil.copytree(path, self.cache[key], symlinks=True)
        return {}

    def push(self, changed: list[tuple[str, ...]]) -> tuple[str, str]:
        """Make the run a push to the default branch that changed `changed` (path, status); returns
        the commits before and after it (after: the runner's GITHUB_SHA)."""
        before, after = "e" * 40, "f" * 40
        event = {
            "ref": "refs/heads/main",
            "before": before,
            "after": after,
            "repository": {"default_branch": "main"},
        }
        (self.home / "event.json").write_text(json.dumps(event), encoding="utf-8")
        self.event_name = "push"
        self.fake.comparisons[f"{before}...{after}"] = changed
        return before, after

    def scheduled(self, postmortem: str) -> None:
        """Make the run the scheduled follow-up of a checkout with `postmortem` in it."""
        (self.workspace / NAME).write_text(postmortem, encoding="utf-8")
        (self.home / "event.json").write_text(json.dumps({"schedule": "0 7 * * 1"}), encoding="utf-8")
        self.event_name = "schedule"

    def outputs(self) -> dict[str, str]:
        return {name: self.evaluate(spec["value"]) for name, spec in self.action["outputs"].items()}


_SPLIT_FLAGS = """flags=""
while [ $# -gt 0 ] && [ "$1" != "-m" ] && [ "${1#-}" != "$1" ]; do flags="$flags $1"; shift; done
"""


def stand_in_python(home: Path) -> Path:
    """`python3` on PATH: `-m venv DIR` makes DIR/bin/python, which records `-m pip ...` and runs this
    Python for everything else. Every command is logged. The stand-ins still resolve `venv` and `pip` as
    the real interpreter would, with the same flags from the same working directory (`-m venv --help`,
    `-m pip --version`), so a module planted where the step would import it from runs."""
    real = shlex.quote(sys.executable)
    log = shlex.quote(str(home / "python.log"))
    venv_python = f"""#!/bin/sh
echo "venv-python $*" >> {log}
{_SPLIT_FLAGS}if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then exec {real} $flags -m pip --version > /dev/null; fi
exec {real} $flags "$@"
"""
    shim = home / "bin" / "python3"
    shim.parent.mkdir(parents=True)
    shim.write_text(
        f"""#!/bin/sh
echo "python3 $*" >> {log}
{_SPLIT_FLAGS}if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  {real} $flags -m venv --help > /dev/null || exit $?
  mkdir -p "$3/bin"
  cat > "$3/bin/python" <<'EOF'
{venv_python}EOF
  chmod +x "$3/bin/python"
  exit 0
fi
exec {real} $flags "$@"
"""
    )
    shim.chmod(0o755)
    return home / "python.log"


def python_commands(runner: Runner, interpreter: str) -> list[list[str]]:
    log = (runner.home / "python.log").read_text(encoding="utf-8").splitlines()
    return [line.split()[1:] for line in log if line.split()[0] == interpreter]


@pytest.fixture
def runner(action: dict[str, Any], tmp_path: Path, complete_postmortem: str) -> Iterator[Runner]:
    with serve() as fake:
        fake.add_pull_request(7, [(NAME, "added"), ("src/app.py", "modified")])
        home = tmp_path / "runner"
        (home / "temp").mkdir(parents=True)
        workspace = tmp_path / "workspace"
        (workspace / ".git").mkdir(parents=True)
        (workspace / ".postmortem-lint.yaml").write_text(CONFIG, encoding="utf-8")
        (workspace / NAME).parent.mkdir(parents=True)
        (workspace / NAME).write_text(bad(complete_postmortem), encoding="utf-8")
        event = {
            "number": 7,
            "pull_request": {"number": 7, "head": {"sha": HEAD, "repo": {"full_name": REPO}}},
        }
        (home / "event.json").write_text(json.dumps(event), encoding="utf-8")
        stand_in_python(home)
        yield Runner(action, fake, home, workspace)


def test_the_action_reviews_a_pull_request_like_a_runner_runs_it(runner: Runner) -> None:
    code = runner.run()

    assert code == 1, runner.logs  # errors, and fail-on defaults to error
    [pip] = [c for c in python_commands(runner, "venv-python") if c[1:3] == ["-m", "pip"]]
    assert pip[:4] == ["-I", "-m", "pip", "install"] and pip[-1] == str(ROOT)
    assert runner.step_outputs["install"]["python"] == str(
        runner.home / "temp" / "postmortem-lint-venv/bin/python"
    )
    [body] = runner.fake.comments_on(7)
    assert body.startswith(MARKER) and f"/blob/{HEAD}/{NAME}#L" in body
    assert [r.headers["authorization"] for r in runner.fake.writes()] == [f"Bearer {TOKEN}"]
    outputs = runner.outputs()
    assert int(outputs["errors"]) > 0 and int(outputs["warnings"]) > 0
    assert outputs["comment-url"].startswith(f"https://github.com/{REPO}/pull/7#issuecomment-")
    assert json.loads(outputs["created-issues"]) == []
    assert f"::error file={NAME},line=" in runner.logs["review"]
    assert f"/blob/{HEAD}/{NAME}#L" in runner.summaries["review"]


# Each trap, when imported or run, leaves its name in the folder SPRUNG and exits 97.
_TRAP = "import pathlib; pathlib.Path({sprung!r}, {name!r}).touch(); raise SystemExit(97)\n"
_PACKAGE_TRAPS = ("pip", "venv", "postmortem_lint", "requests", "json", "jsonschema", "ruamel")


def plant_traps(workspace: Path, sprung: Path) -> list[str]:
    """Code a pull request could add to run with the token if anything imported or ran it."""

    def trap(name: str) -> str:
        return _TRAP.format(sprung=str(sprung), name=name)

    planted = []
    for package in _PACKAGE_TRAPS:
        (workspace / package).mkdir()
        for module in ("__init__", "__main__"):
            (workspace / package / f"{module}.py").write_text(trap(f"{package}.{module}"))
        planted.append(package)
    for module in ("sitecustomize", "usercustomize", "trapbackend", "setup"):
        (workspace / f"{module}.py").write_text(trap(module))
        planted.append(module)
    (workspace / "trap.pth").write_text(trap("trap.pth").replace("; raise SystemExit(97)", ""))
    (workspace / "setup.cfg").write_text("[metadata]\nname = trap\n[options]\nsetup_requires = trapbackend\n")
    (workspace / "pyproject.toml").write_text(
        '[build-system]\nrequires = []\nbuild-backend = "trapbackend"\nbackend-path = ["."]\n'
    )
    return planted


def test_nothing_in_the_checkout_is_imported_or_run(runner: Runner, tmp_path: Path) -> None:
    """A pull request (checked out by pull_request_target, say) plants modules named like the ones the
    steps import, startup hooks and build files; the workflow even puts the checkout on PYTHONPATH."""
    sprung = tmp_path / "sprung"
    sprung.mkdir()
    assert plant_traps(runner.workspace, sprung)
    runner.env = {"PYTHONPATH": str(runner.workspace), "PYTHONSTARTUP": str(runner.workspace / "setup.py")}
    trapped = subprocess.run(  # the traps work: run as the old steps ran them, they spring
        [sys.executable, "-m", "pip", "--version"], cwd=runner.workspace, check=False, capture_output=True
    )
    assert trapped.returncode == 97 and [p.name for p in sprung.iterdir()] == ["pip.__init__"]
    (sprung / "pip.__init__").unlink()

    code = runner.run()

    assert sorted(p.name for p in sprung.iterdir()) == []
    assert code == 1, runner.logs  # the real linter's verdict: errors
    [body] = runner.fake.comments_on(7)
    assert body.startswith(MARKER)
    commands = python_commands(runner, "python3") + python_commands(runner, "venv-python")
    assert commands and all(c[0] == "-I" for c in commands), commands


def test_every_input_changes_what_the_action_does(runner: Runner, complete_postmortem: str) -> None:
    draft = "postmortems/drafts/wip.md"
    (runner.workspace / draft).parent.mkdir()
    (runner.workspace / draft).write_text(complete_postmortem.replace("date: 2026-08-19\n", ""))
    runner.fake.pull_files[7].append((draft, "added"))
    # Only the invalid severity is left, as a warning.
    (runner.workspace / "custom.yaml").write_text("rules:\n  PM001: off\n  PM103: off\n  PM003: warning\n")
    runner.inputs = {
        "paths": "postmortems/**\n!postmortems/drafts/**",
        "config": "custom.yaml",
        "fail-on": "warning",
        "comment": "true",
        "annotations": "false",
        "create-issues": "false",
        "labels": "postmortem, sev2",
        "dry-run": "true",
    }

    code = runner.run()

    assert code == 1, runner.logs  # one warning, and fail-on is warning
    assert runner.outputs()["errors"] == "0" and runner.outputs()["warnings"] == "1"
    assert "drafts" not in runner.logs["review"] + runner.summaries["review"]
    assert runner.fake.writes() == []  # dry run ...
    assert "review comment: would create" in runner.logs["review"]  # ... of the comment
    assert "::warning file=" not in runner.logs["review"]
    assert "On merge" not in runner.logs["review"]  # create-issues: false


def test_the_action_opens_issues_on_a_push_like_a_runner_runs_it(
    runner: Runner, complete_postmortem: str
) -> None:
    text = bad(complete_postmortem).replace("- [ ] Move the pool", "- [x] Move the pool")  # one open item
    (runner.workspace / NAME).write_text(text, encoding="utf-8")
    _, after = runner.push([(NAME, "modified"), ("src/app.py", "modified")])
    runner.fake.labels[LABEL] = {"color": "5319e7", "description": "ours"}
    runner.fake.assignable = {"maria"}
    [item] = [a for a in read_text(text, NAME, Vocabulary.default()).actions if not a.done]

    assert runner.run() == 0, runner.logs  # findings do not fail a merge

    [issue] = [i for i in runner.fake.issues.values() if not i.get("pull")]
    assert (issue["title"], issue["assignees"], issue["labels"]) == (item.text, ["maria"], [LABEL])
    assert f"/blob/{after}/{NAME}#L{item.line}" in issue["body"]
    assert json.loads(runner.outputs()["created-issues"]) == [
        {
            "id": f"{NAME}#{item.id}",
            "number": 8,
            "url": f"https://github.com/{REPO}/issues/8",
            "path": NAME,
            "line": item.line,
        }
    ]
    assert runner.outputs()["comment-url"] == "" and int(runner.outputs()["errors"]) > 0
    assert f"opened #8 for {NAME}:{item.line}" in runner.logs["review"]
    assert "opened 1 issue for action items" in runner.summaries["review"]
    assert [(r.method, r.path) for r in runner.fake.writes()] == [("POST", f"/repos/{REPO}/issues")]

    assert runner.run() == 0, runner.logs  # a re-run of the job
    assert json.loads(runner.outputs()["created-issues"]) == []
    assert len(runner.fake.writes()) == 1


def open_items(runner: Runner) -> list[ActionItem]:
    """The open action items of the postmortem in the workspace, which a push then adds."""
    text = (runner.workspace / NAME).read_text(encoding="utf-8")
    runner.push([(NAME, "modified")])
    runner.fake.labels[LABEL] = {"color": "5319e7", "description": "ours"}
    return [a for a in read_text(text, NAME, Vocabulary.default()).actions if not a.done]


def test_max_issues_caps_the_issues_a_run_opens(runner: Runner) -> None:
    items = open_items(runner)
    assert len(items) == 2
    runner.inputs = {"max-issues": "1"}

    assert runner.run() == 0, runner.logs  # the cap is not a failure
    assert len(json.loads(runner.outputs()["created-issues"])) == 1
    assert "1 left for the next run" in runner.logs["review"]

    assert runner.run() == 0, runner.logs  # the next run opens the rest
    assert len(json.loads(runner.outputs()["created-issues"])) == 1
    assert sorted(i["title"] for i in runner.fake.issues.values() if not i.get("pull")) == sorted(
        a.text for a in items
    )


def assert_one_line_error(log: str, request: str) -> None:
    """The step failed with one error line naming `request`, not with a traceback."""
    errors = [line for line in log.splitlines() if line.startswith("postmortem-lint: error: GitHub API: ")]
    assert len(errors) == 1 and f"{request}: GitHub's answer " in errors[0], log
    assert "Traceback" not in log and "internal error" not in log


@pytest.mark.parametrize("answer", ["html-after", "list-after", "object-after"])
def test_an_issue_create_answered_with_no_issue_fails_in_one_line_and_a_rerun_opens_none_twice(
    runner: Runner, answer: str
) -> None:
    """The first create took effect but its answer is an HTML page, a list or an object without the
    issue's number: a clear error naming the request; the re-run finds that issue by its marker."""
    items = open_items(runner)
    runner.fake.inject("POST", rf"^/repos/{REPO}/issues$", answer)

    assert runner.run() == 2, runner.logs
    assert_one_line_error(runner.logs["review"], f"POST /repos/{REPO}/issues")
    assert len(json.loads(runner.outputs()["created-issues"])) == len(items) - 1  # the others opened

    assert runner.run() == 0, runner.logs
    assert json.loads(runner.outputs()["created-issues"]) == []
    opened = [i["title"] for i in runner.fake.issues.values() if not i.get("pull")]
    assert sorted(opened) == sorted(a.text for a in items)


def test_app_slug_names_the_bot_whose_issues_are_the_actions_own(runner: Runner) -> None:
    """With an app's installation token, the issues its bot opened on an earlier run track their
    items: none is opened again."""
    runner.fake.token_user = "incident-helper[bot]"
    for number, item in enumerate(open_items(runner), start=40):
        runner.fake.add_issue(number, item.text[:50], marker(item_key(NAME, item)), labels=(LABEL,))
    runner.inputs = {"app-slug": "incident-helper"}

    assert runner.run() == 0, runner.logs
    assert json.loads(runner.outputs()["created-issues"]) == []
    assert runner.fake.writes() == []


def test_the_token_input_is_the_token_used(runner: Runner) -> None:
    runner.inputs = {"github-token": "ghp_notTheRightOne"}
    assert runner.run() == 2
    assert (
        "401 Bad credentials — the token is missing, invalid or expired (github-token)"
        in runner.logs["review"]
    )
    assert "ghp_notTheRightOne" not in runner.logs["review"]
    assert {r.headers["authorization"] for r in runner.fake.requests} == {"Bearer ghp_notTheRightOne"}


def test_a_bad_input_fails_the_step_with_a_usage_error(runner: Runner) -> None:
    runner.inputs = {"comment": "sometimes"}
    assert runner.run() == 2
    assert "--comment: expected true or false, got 'sometimes'" in runner.logs["review"]
    assert runner.fake.requests == []


@pytest.mark.skipif(
    os.environ.get("POSTMORTEM_LINT_REAL_INSTALL") != "1",
    reason="installs the package into a new venv from PyPI (about 15 s); set POSTMORTEM_LINT_REAL_INSTALL=1",
)
def test_the_install_step_really_installs(runner: Runner) -> None:
    (runner.home / "bin" / "python3").unlink()  # the real python3 on PATH, as on a runner
    assert runner.run() == 1, runner.logs
    assert runner.step_outputs["install"]["python"].startswith(str(runner.home / "temp"))
    assert len(runner.fake.comments_on(7)) == 1


# -- what reaches the log --------------------------------------------------------------------------

EVIL = "postmortems/a\n::error file=README.md::FORGED\r::add-mask::x 100%0A ##[add-mask]y\n  ::warning::b.md"


def runner_commands(log: str) -> list[tuple[str, str]]:
    """The workflow commands the runner would act on in `log`, as (command, rest of the line): lines
    end at CR or LF; `::name ...::` after leading white space (v2), else `##[name]` anywhere (v1); nothing
    between `::stop-commands::TOKEN` and `::TOKEN::` but that end marker."""
    found: list[tuple[str, str]] = []
    stopped: str | None = None
    for raw in re.split(r"\r\n|\r|\n", log):
        line = raw.lstrip()
        if stopped is not None:
            stopped = None if line == f"::{stopped}::" else stopped
            continue
        if m := re.match(r"::([\w-]+)[ :]", line):
            if m.group(1) == "stop-commands":
                stopped = line.split("::")[2]
            found.append((m.group(1), line))
        elif "##[" in line:  # tried only when the line is no v2 command
            found.append(("v1", line))
    return found


def assert_only_own_commands(log: str, name: str) -> None:
    """Every command is the tool's own: an annotation of `name` (escaped), a titled warning, or the
    stop/resume pair around document text."""
    own_file = f"file={escape_property(name)},"
    for command, line in runner_commands(log):
        assert command in ("error", "warning", "notice", "stop-commands"), line
        if command != "stop-commands":
            assert line.startswith(f"::{command} {own_file}") or line.startswith(
                f"::{command} title=postmortem-lint%3A "
            ), line


def test_a_hostile_file_name_forges_no_command_in_a_review(runner: Runner, complete_postmortem: str) -> None:
    (runner.workspace / EVIL).parent.mkdir(parents=True, exist_ok=True)
    (runner.workspace / EVIL).write_text(bad(complete_postmortem), encoding="utf-8")
    runner.fake.pull_files[7] = [(EVIL, "added")]

    assert runner.run() == 1, runner.logs

    log = runner.logs["review"]
    assert f"::error {'file=' + escape_property(EVIL)}," in log  # annotated, with its name escaped
    assert_only_own_commands(log, EVIL)
    [body] = runner.fake.comments_on(7)
    assert "FORGED" in body  # the name is there, as text


def test_a_hostile_file_name_forges_no_command_in_an_internal_error(
    runner: Runner,
    complete_postmortem: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A bug in a check is reported naming its file. No input reaches one (that is what a bug is), so
    one is injected, in process: what is under test is the report, not the check."""
    (runner.workspace / EVIL).parent.mkdir(parents=True, exist_ok=True)
    (runner.workspace / EVIL).write_text(bad(complete_postmortem), encoding="utf-8")
    runner.fake.pull_files[7] = [(EVIL, "added")]
    files = {"GITHUB_OUTPUT": str(runner.home / "output"), "GITHUB_STEP_SUMMARY": str(runner.home / "s.md")}
    for key, value in {**runner.environment(), **files, "GITHUB_TOKEN": TOKEN}.items():
        monkeypatch.setenv(key, value)

    def broken(document: object, config: object) -> list[object]:
        raise ValueError("a bug")

    monkeypatch.setattr(linter, "check_document", broken)

    assert main(["github"]) == 2

    out, err = capsys.readouterr()
    assert "internal error while checking postmortems/a%0A::error file=README.md::FORGED%0D::" in err
    assert_only_own_commands(out + err, EVIL)


def test_a_hostile_file_name_forges_no_command_on_merge(runner: Runner, complete_postmortem: str) -> None:
    (runner.workspace / EVIL).parent.mkdir(parents=True, exist_ok=True)
    (runner.workspace / EVIL).write_text(complete_postmortem, encoding="utf-8")
    runner.push([(EVIL, "added")])
    runner.fake.labels[LABEL] = {"color": "5319e7", "description": "ours"}
    runner.fake.inject("POST", r"/issues$", "422", times=100)  # every issue fails: problems[0] names the file

    assert runner.run() == 2, runner.logs

    log = runner.logs["review"]
    assert "GitHub API: postmortems/a%0A::error file=README.md::FORGED%0D::" in log
    assert_only_own_commands(log, EVIL)


def test_the_checker_of_commands_catches_a_forgery() -> None:
    """The assertion above can fail: raw names, a v1 command, a leading `::` after spaces."""
    for forged in (f"postmortem-lint: error: {EVIL}", "note ##[add-mask]x", "   ::error::x"):
        with pytest.raises(AssertionError):
            assert_only_own_commands(forged, EVIL)
    assert_only_own_commands(log_line(f"postmortem-lint: error: {EVIL}"), EVIL)


# -- the token -------------------------------------------------------------------------------------


def test_a_token_with_white_space_inside_is_refused_unprinted(runner: Runner) -> None:
    broken = "ghp_firstHalfOfTheToken\nsecondHalfOfTheToken"
    runner.inputs = {"github-token": broken}

    assert runner.run() == 2

    log = runner.logs["review"]
    assert "the GitHub token (GITHUB_TOKEN, the Action's github-token input) contains white space" in log
    assert "firstHalf" not in log and "secondHalf" not in log
    assert runner.fake.requests == []


def test_a_token_pasted_with_its_line_end_works(runner: Runner) -> None:
    runner.inputs = {"github-token": TOKEN + "\n"}

    assert runner.run() == 1, runner.logs

    assert {r.headers["authorization"] for r in runner.fake.requests} == {f"Bearer {TOKEN}"}
    assert len(runner.fake.comments_on(7)) == 1


def test_the_token_is_redacted_from_errors_that_quote_it(runner: Runner) -> None:
    runner.env = {"GITHUB_REPOSITORY": TOKEN}  # a workflow that swapped two values: a usage error quotes it

    assert runner.run() == 2
    assert "GITHUB_REPOSITORY must be owner/name, got '***'" in runner.logs["review"]
    assert TOKEN not in runner.logs["review"]


def test_the_token_is_redacted_by_the_catch_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug's exception text that quotes the token (here: an output file that is a folder named so)."""
    folder = tmp_path / f"out-{TOKEN}\nnext-{TOKEN}"
    folder.mkdir()
    for key, value in {
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_EVENT_NAME": "release",
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_OUTPUT": str(folder),
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GITHUB_EVENT_PATH", raising=False)
    done = subprocess.run(
        [sys.executable, "-I", "-m", "postmortem_lint", "github"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "internal error: IsADirectoryError" in done.stderr and r"out-***\nnext-***" in done.stderr
    assert TOKEN not in done.stdout + done.stderr


# -- the configuration stays inside the checkout ---------------------------------------------------


def test_a_configuration_linked_from_outside_the_checkout_is_not_read(runner: Runner, tmp_path: Path) -> None:
    secret = tmp_path / "runner-secrets.yaml"
    secret.write_text("SECRET-KEY: SECRET-VALUE\n")
    (runner.workspace / ".postmortem-lint.yaml").unlink()
    (runner.workspace / ".postmortem-lint.yaml").symlink_to(secret)

    assert runner.run() == 2

    log = runner.logs["review"]
    assert f"config file {runner.workspace.resolve() / '.postmortem-lint.yaml'}: outside" in log
    assert "SECRET" not in log + "".join(c for c in runner.fake.comments_on(7))


def test_a_schema_ref_to_the_network_is_not_fetched_by_the_action(runner: Runner) -> None:
    url = f"{runner.fake.url}/internal/metadata.json"
    (runner.workspace / "extra.json").write_text(json.dumps({"properties": {"fields": {"$ref": url}}}))
    (runner.workspace / ".postmortem-lint.yaml").write_text("schema: extra.json\n")

    assert runner.run() == 2

    assert f"$ref '{url}' is not a local file" in runner.logs["review"]
    assert [r.path for r in runner.fake.requests if "metadata" in r.path] == []


# -- the environment cache -------------------------------------------------------------------------


def pip_installs(runner: Runner) -> int:
    return sum(1 for c in python_commands(runner, "venv-python") if c[1:4] == ["-m", "pip", "install"])


def fresh_machine(runner: Runner) -> None:
    """The next job: a new runner (its temporary folder empty), the same repository cache."""
    shutil.rmtree(runner.home / "temp")
    (runner.home / "temp").mkdir()


def test_a_repeat_run_restores_the_environment_instead_of_installing(runner: Runner) -> None:
    assert runner.run() == 1, runner.logs
    assert pip_installs(runner) == 1
    [key] = runner.cache  # saved under the key the setup step computed
    assert key == runner.step_outputs["setup"]["key"] and key.startswith("postmortem-lint-Linux-")
    assert runner.step_outputs["restore"]["cache-hit"] == "false"

    fresh_machine(runner)
    assert runner.run() == 1, runner.logs

    assert pip_installs(runner) == 1  # no second install
    assert runner.step_outputs["restore"]["cache-hit"] == "true"
    assert "using the environment restored from the cache" in runner.logs["install"]
    assert "save" not in runner.step_outputs["install"]
    assert len(runner.fake.comments_on(7)) == 1  # the restored environment reviewed the pull request


def test_a_restored_environment_with_another_stamp_is_installed_afresh(runner: Runner) -> None:
    assert runner.run() == 1, runner.logs
    [saved] = runner.cache.values()
    (saved / "postmortem-lint.stamp").write_text("postmortem-lint-Linux-x86_64-CPython3.0.0-0000")

    fresh_machine(runner)
    assert runner.run() == 1, runner.logs

    assert pip_installs(runner) == 2
    assert runner.step_outputs["restore"]["cache-hit"] == "true"
    assert (runner.home / "temp" / "postmortem-lint-venv" / "postmortem-lint.stamp").read_text() == next(
        iter(runner.cache)
    )


def test_the_key_changes_with_the_actions_code(runner: Runner, tmp_path: Path) -> None:
    """Another ref of the Action (other source) must not reuse this one's environment."""
    runner.run()
    first = runner.step_outputs["setup"]["key"]
    copy = tmp_path / "action-copy"
    shutil.copytree(ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    base = runner.step_outputs["setup"]["base"]
    script = steps(runner.action)[0]["run"]
    env = {**runner.environment(), "ACTION_PATH": str(copy), "VENV": str(runner.home / "temp" / "v")}

    def key() -> str:
        out = tmp_path / "out"
        out.write_text("")
        subprocess.run(["bash", "-c", script], env={**env, "GITHUB_OUTPUT": str(out)}, check=True)
        return parse_outputs(out.read_text())["key"]

    env["VENV"] = str(runner.home / "temp" / "postmortem-lint-venv")
    assert key() == first and base
    (copy / "src" / "postmortem_lint" / "__init__.py").write_text('__version__ = "9.9.9"\n')
    assert key() != first


def test_the_follow_up_runs_on_a_schedule_like_a_runner_runs_it(
    runner: Runner, complete_postmortem: str
) -> None:
    runner.scheduled(complete_postmortem)
    items = [a for a in read_text(complete_postmortem, NAME, Vocabulary.default()).actions if not a.closed]
    for number, item in enumerate(items, start=20):  # the issues the merge opened for them
        runner.fake.add_issue(number, item.text[:50], marker(item_key(NAME, item)), labels=(LABEL,))
    runner.inputs = {"remind": "1", "overdue-label": "late"}

    assert runner.run() == 0, runner.logs

    outputs = runner.outputs()
    digest = next(i for i in runner.fake.issues.values() if follow_up.DIGEST_LABEL in i["labels"])
    assert digest["title"] == "Postmortem follow-ups" and outputs["digest-url"].endswith("/issues/22")
    assert outputs["overdue"] == str(len(items))  # their due dates (September 2026) have passed
    [reminded] = json.loads(outputs["reminded"])  # remind: 1
    assert reminded["issue"] == 20 and len(runner.fake.comments_on(20)) == 1
    assert all("late" in runner.fake.issues[n]["labels"] for n in range(20, 20 + len(items)))
    assert "Postmortem follow-ups on" in runner.summaries["review"]

    writes = len(runner.fake.writes())
    assert runner.run() == 0, runner.logs  # the next run: the next reminder, and the digest edited
    assert len(runner.fake.comments_on(21)) == 1 and len(runner.fake.writes()) == writes + 2
    assert runner.run() == 0, runner.logs  # then nothing is left to write
    assert len(runner.fake.writes()) == writes + 2


@pytest.mark.parametrize("answer", ["html-after", "list-after"])
def test_a_digest_create_answered_with_no_issue_fails_in_one_line_and_a_rerun_makes_none_twice(
    runner: Runner, complete_postmortem: str, answer: str
) -> None:
    runner.scheduled(complete_postmortem)
    runner.fake.inject("POST", rf"^/repos/{REPO}/issues$", answer)  # made, but the answer is no issue

    assert runner.run() == 2, runner.logs
    assert_one_line_error(runner.logs["review"], f"POST /repos/{REPO}/issues")

    assert runner.run() == 0, runner.logs
    [digest] = [n for n, i in runner.fake.issues.items() if follow_up.DIGEST_LABEL in i["labels"]]
    assert runner.outputs()["digest-url"].endswith(f"/issues/{digest}")


def test_the_follow_up_reads_its_configuration_in_the_checkout_only(
    runner: Runner, complete_postmortem: str, tmp_path: Path
) -> None:
    runner.scheduled(complete_postmortem)
    (runner.workspace / "custom.yaml").write_text("rules:\n  PM003: warning\n")
    runner.inputs = {"config": "custom.yaml", "dry-run": "true"}  # relative to the checkout, not to cwd

    assert runner.run() == 0, runner.logs

    secret = tmp_path / "secret.yaml"
    secret.write_text("SECRET: 1\n")
    (runner.workspace / "custom.yaml").unlink()
    (runner.workspace / "custom.yaml").symlink_to(secret)
    assert runner.run() == 2
    assert f"config file {runner.workspace / 'custom.yaml'}: outside" in runner.logs["review"]
    assert "SECRET" not in runner.logs["review"]
