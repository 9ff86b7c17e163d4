"""The hook as the pre-commit framework runs it: manifest, default file pattern, and a real try-repo."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from postmortem_lint.engine.cache import ENV_VAR as CACHE_ENV_VAR
from postmortem_lint.engine.staged import DEFAULT_FILES
from postmortem_lint.rules.examples import COMPLETE
from tests.conftest import ROOT, bad_postmortem, git, isolated_env, severity_line
from tests.test_cache import read_shard, write_shard

# pre-commit beside this interpreter (a virtualenv not on PATH) or on PATH.
PRE_COMMIT = shutil.which(
    "pre-commit", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
needs_pre_commit = pytest.mark.skipif(
    PRE_COMMIT is None, reason="pre-commit is not installed (pip install pre-commit)"
)


def manifest() -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = YAML(typ="safe").load(ROOT / ".pre-commit-hooks.yaml")
    return hooks


def test_manifest_files_is_default_files() -> None:
    [hook] = manifest()
    assert hook["files"] == DEFAULT_FILES


@pytest.mark.parametrize(
    "path",
    [
        "postmortems/2026-08-19-checkout.md",
        "post-mortems/checkout.md",
        "post_mortems/checkout.md",
        "docs/postmortems/2026/08/checkout.md",
        "Docs/PostMortem/Checkout.MD",
        "incidents/checkout.markdown",
        "incident-reviews/checkout.md",
        "handbook/incident_reports/checkout.md",
        "post-incident-reviews/checkout.md",
        "retrospectives/checkout.md",
        "rcas/checkout.md",
        "postmortems/readme-checkout.md",
    ],
)
def test_default_pattern_selects_postmortem_folders(path: str) -> None:
    assert re.search(DEFAULT_FILES, path)


@pytest.mark.parametrize(
    "path",
    [
        "README.md",
        "docs/README.md",
        "postmortems/README.md",
        "postmortems/2026/Readme.markdown",
        "postmortems.md",
        "docs/incident-response.md",
        "mypostmortems/checkout.md",
        "postmortems/checkout.txt",
        "postmortems/checkout.md.orig",
    ],
)
def test_default_pattern_leaves_other_files_alone(path: str) -> None:
    assert not re.search(DEFAULT_FILES, path)


@needs_pre_commit
def test_manifest_is_valid_for_pre_commit() -> None:
    assert PRE_COMMIT is not None
    done = subprocess.run(
        [PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        env=isolated_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def commit_all(repo: Path) -> None:
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "snapshot")


def hook_repository(dest: Path) -> Path:
    """This project as a hook repository: a commit of what pre-commit needs from the working tree.

    try-repo on the checkout itself would commit only tracked files, so a module not yet added to
    git would be missing from the hook's environment.
    """
    shutil.copytree(ROOT / "src", dest / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, dest / name)
    commit_all(dest)
    return dest


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit") / "project"


@pytest.fixture(scope="module")
def try_repo(project: Path) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo <this project> postmortem-lint --all-files` in a repository holding a good
    postmortem, a bad one and a README that the hook would fail if it checked it. The result cache
    stays where users get it: `.postmortem-lint-cache/` in the repository.

    Run once for the module: pre-commit builds a virtualenv and installs the package from PyPI.
    """
    if PRE_COMMIT is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    tmp = project.parent
    hooks = hook_repository(tmp / "hook-repo")
    (project / "postmortems").mkdir(parents=True)
    (project / "postmortems" / "good.md").write_text(COMPLETE)
    (project / "postmortems" / "bad.md").write_text(bad_postmortem(COMPLETE))
    (project / "README.md").write_text("# Project\n\nNot a postmortem.\n")
    commit_all(project)
    return try_repo_in(project, hooks, tmp / "cache")


def try_repo_in(project: Path, hooks: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo HOOKS postmortem-lint --all-files` in `project`, pre-commit's own cache
    in `home`."""
    assert PRE_COMMIT is not None
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(hooks), "postmortem-lint", "--all-files", "--color", "never"],
        cwd=project,
        env={**without_cache_dir(isolated_env()), "PRE_COMMIT_HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def many_files(try_repo: subprocess.CompletedProcess[str], project: Path) -> subprocess.CompletedProcess[str]:
    """try-repo (the hook repository and environment of `try_repo`) on 150 postmortems, every tenth bad:
    without `require_serial`, pre-commit splits the files into one batch per core, each a process."""
    tmp = project.parent
    repo = tmp / "many"
    (repo / "postmortems").mkdir(parents=True)
    for i in range(150):
        text = bad_postmortem(COMPLETE) if i % 10 == 0 else COMPLETE
        (repo / "postmortems" / f"{i:03}.md").write_text(text)
    commit_all(repo)
    assert PRE_COMMIT is not None  # try_repo skipped otherwise
    hooks = str(tmp / "hook-repo")
    return subprocess.run(
        [PRE_COMMIT, "try-repo", hooks, "postmortem-lint", "--all-files", "--color", "never"],
        cwd=repo,
        env={**without_cache_dir(isolated_env()), "PRE_COMMIT_HOME": str(tmp / "cache")},
        capture_output=True,
        text=True,
        check=False,
    )


def test_try_repo_on_many_files_prints_one_summary(many_files: subprocess.CompletedProcess[str]) -> None:
    output = many_files.stdout + many_files.stderr
    assert many_files.returncode == 1, output
    summaries = re.findall(r"^(?:Found .*|No problems found .*) checked\.$", output, re.MULTILINE)
    assert summaries == ["Found 30 errors in 15 of 150 files checked."], output


def without_cache_dir(env: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in env.items() if key != CACHE_ENV_VAR}


def test_try_repo_fails_naming_the_bad_file_and_lines(try_repo: subprocess.CompletedProcess[str]) -> None:
    output = try_repo.stdout + try_repo.stderr
    assert try_repo.returncode == 1, output
    assert re.search(r"^postmortem-lint\.+Failed$", output, re.MULTILINE), output
    assert "- exit code: 1" in output
    line = severity_line(bad_postmortem(COMPLETE))
    assert f"postmortems/bad.md:{line}:1: PM003 invalid-field [error] " in output
    assert re.search(r"^postmortems/bad\.md:\d+:1: PM001 missing-section .*\"Impact\"", output, re.MULTILINE)


def test_try_repo_checks_the_good_file_and_leaves_the_readme_alone(
    try_repo: subprocess.CompletedProcess[str],
) -> None:
    output = try_repo.stdout + try_repo.stderr
    assert " in 1 of 2 files checked." in output  # good.md and bad.md were passed to the hook
    assert "good.md" not in output
    assert "README" not in output


def test_try_repo_keeps_its_cache_out_of_git(
    try_repo: subprocess.CompletedProcess[str], project: Path
) -> None:
    assert try_repo.returncode == 1, try_repo.stdout + try_repo.stderr
    shards = (project / ".postmortem-lint-cache").glob("*/*.json")
    assert {path for shard in shards for path in read_shard(shard)} == {
        "postmortems/good.md",
        "postmortems/bad.md",
    }
    assert git(project, "status", "--porcelain", "--untracked-files=all").stdout == ""


@needs_pre_commit
def test_the_hook_fails_a_postmortem_whose_committed_cache_calls_it_clean(tmp_path: Path) -> None:
    """A pull request commits the cache its author's run wrote in the hook's own environment (the
    very tool version CI runs), edited to call its failing postmortem clean and sealed with the
    author's key: `pre-commit run` in CI, with its own key, still fails the postmortem.

    `pre-commit run` with a configuration, not try-repo: try-repo installs the hook anew each time,
    so the author could not run the same installation first.
    """
    assert PRE_COMMIT is not None
    hooks = hook_repository(tmp_path / "hooks")
    checkout = tmp_path / "pull-request"
    (checkout / "postmortems").mkdir(parents=True)
    (checkout / "postmortems" / "bad.md").write_text(bad_postmortem(COMPLETE))
    rev = git(hooks, "rev-parse", "HEAD").stdout.strip()
    (checkout / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n  - id: postmortem-lint\n"
    )
    ci = {**without_cache_dir(isolated_env()), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}
    commit_all(checkout)
    subprocess.run([PRE_COMMIT, "install-hooks"], cwd=checkout, env=ci, capture_output=True, check=True)

    [python] = (tmp_path / "pre-commit").glob("repo*/py_env-*/bin/python")
    author = {**ci, "XDG_CACHE_HOME": str(tmp_path / "author")}
    check = [str(python), "-m", "postmortem_lint", "check", "postmortems/bad.md"]
    assert subprocess.run(check, cwd=checkout, env=author, capture_output=True, check=False).returncode == 1
    [shard] = (checkout / ".postmortem-lint-cache").glob("*/*.json")
    forged = read_shard(shard)
    forged["postmortems/bad.md"]["report"] = [2, [], []]
    write_shard(shard, forged, (tmp_path / "author" / "postmortem-lint" / "key").read_bytes())
    assert subprocess.run(check, cwd=checkout, env=author, capture_output=True, check=False).returncode == 0
    git(checkout, "add", "--force", ".postmortem-lint-cache")
    git(checkout, "commit", "-q", "--no-verify", "-m", "the cache, forged")

    done = subprocess.run(
        [PRE_COMMIT, "run", "--all-files", "--color", "never"],
        cwd=checkout,
        env=ci,
        capture_output=True,
        text=True,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert re.search(r"^postmortem-lint\.+Failed$", output, re.MULTILINE), output
    assert "postmortems/bad.md" in output and "PM003 invalid-field" in output
