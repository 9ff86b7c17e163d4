"""The plain git hook through real `git commit`s, and `check --staged` on real git indexes."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem_lint.commands.install_hook import MARKER, hook_text
from tests.conftest import ROOT, Run, bad_postmortem, git, isolated_env, severity_line

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PM = "postmortems/2026-08-19-checkout.md"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new git repository as the working directory, isolated from the user's git setup."""
    for key in [key for key in os.environ if key.startswith("GIT_")]:
        monkeypatch.delenv(key)
    for key, value in isolated_env().items():
        monkeypatch.setenv(key, value)
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q")
    monkeypatch.chdir(path)
    return path


@pytest.fixture
def hooked(repo: Path, run: Run) -> Path:
    """`repo` with the hook installed by `postmortem-lint install-hook`."""
    code, out, err = run("install-hook")
    assert (code, err) == (0, "")
    assert out == f"installed {Path('.git', 'hooks', 'pre-commit')}\n"
    return repo


def stage(repo: Path, name: str, text: str) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    git(repo, "add", "--", name)


def commit(repo: Path, *args: str) -> tuple[int, str]:
    """`git commit`: its exit code and output (the hook's output goes to stderr)."""
    done = git(repo, "commit", "-q", "-m", "test", *args, check=False)
    return done.returncode, done.stdout + done.stderr


def commits(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "--all").stdout)


def test_repository_hook_is_the_packaged_one() -> None:
    hook = ROOT / "hooks" / "pre-commit"
    assert hook.is_symlink()
    assert hook.resolve() == ROOT / "src" / "postmortem_lint" / "data" / "pre-commit-hook.sh"
    assert hook.stat().st_mode & stat.S_IXUSR


def test_installed_hook_runs_this_interpreter(hooked: Path) -> None:
    hook = hooked / ".git" / "hooks" / "pre-commit"
    assert hook.stat().st_mode & stat.S_IXUSR
    assert f'PYTHON="${{POSTMORTEM_LINT_PYTHON:-{Path(sys.executable).as_posix()}}}"' in hook.read_text()


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
def test_interpreter_path_is_quoted_for_the_shell() -> None:
    python = '/opt/my tools/$HOME/"q"/`x`/back\\slash/python'
    [line] = [line for line in hook_text(python).splitlines() if line.startswith('PYTHON="')]
    env = {key: value for key, value in os.environ.items() if key != "POSTMORTEM_LINT_PYTHON"}
    done = subprocess.run(
        ["sh", "-c", f'{line}\nprintf %s "$PYTHON"'], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout == python


def test_bad_postmortem_blocks_the_commit_until_fixed(hooked: Path, complete_postmortem: str) -> None:
    bad = bad_postmortem(complete_postmortem)
    stage(hooked, PM, bad)
    code, output = commit(hooked)
    assert code != 0
    assert f"{PM}:{severity_line(bad)}:1: PM003 invalid-field [error] " in output
    assert re.search(
        rf"^{re.escape(PM)}:\d+:1: PM001 missing-section \[error\] .*\"Impact\"", output, re.MULTILINE
    )
    assert commits(hooked) == 0
    stage(hooked, PM, complete_postmortem)
    code, output = commit(hooked)
    assert code == 0
    assert "--no-verify" not in output
    assert commits(hooked) == 1


def test_a_blocked_commit_ends_saying_how_to_skip_once(hooked: Path, complete_postmortem: str) -> None:
    stage(hooked, PM, bad_postmortem(complete_postmortem))
    code, output = commit(hooked)
    assert code != 0
    assert "PM003" in output
    assert output.rstrip("\n").splitlines()[-1] == (
        "postmortem-lint hook: commit blocked; to skip this check once: git commit --no-verify"
    )
    assert commit(hooked, "--no-verify")[0] == 0
    assert commits(hooked) == 1


def test_hook_checks_the_staged_content_not_the_working_tree(hooked: Path, complete_postmortem: str) -> None:
    bad = bad_postmortem(complete_postmortem)
    stage(hooked, PM, complete_postmortem)
    (hooked / PM).write_text(bad)  # unstaged
    assert commit(hooked)[0] == 0
    stage(hooked, PM, bad)
    (hooked / PM).write_text(complete_postmortem)  # unstaged
    code, output = commit(hooked)
    assert code != 0
    assert f"{PM}:{severity_line(bad)}:1: PM003" in output
    assert commits(hooked) == 1


def test_commit_all_checks_what_it_commits(hooked: Path, complete_postmortem: str) -> None:
    """`git commit -a` commits the working tree through a temporary index; the hook reads that one."""
    stage(hooked, PM, complete_postmortem)
    assert commit(hooked)[0] == 0
    (hooked / PM).write_text(bad_postmortem(complete_postmortem))
    code, output = commit(hooked, "-a")
    assert code != 0
    assert "PM003" in output
    assert commits(hooked) == 1


def test_other_markdown_is_not_checked(hooked: Path) -> None:
    for name in ("README.md", "docs/guide.md", "postmortems/README.md", "incidents/notes.txt"):
        stage(hooked, name, "# Project\n\nNot a postmortem.\n")
    code, output = commit(hooked)
    assert code == 0, output
    assert "README" not in output
    assert "guide" not in output


def test_hook_reads_the_files_pattern_from_git_config(hooked: Path, complete_postmortem: str) -> None:
    stage(hooked, "docs/reviews/2026-08-19.md", bad_postmortem(complete_postmortem))
    git(hooked, "config", "postmortem-lint.files", r"^docs/reviews/.*\.md$")
    code, output = commit(hooked)
    assert code != 0
    assert "docs/reviews/2026-08-19.md:" in output


def test_copied_hook_finds_postmortem_lint_on_path(repo: Path, complete_postmortem: str) -> None:
    """hooks/pre-commit copied as is (no interpreter written in) runs the `postmortem-lint` on PATH."""
    scripts = Path(sys.executable).parent
    if not (scripts / "postmortem-lint").exists():
        pytest.skip(f"no postmortem-lint script beside {sys.executable}")
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    shutil.copy(ROOT / "hooks" / "pre-commit", hook)
    stage(repo, PM, bad_postmortem(complete_postmortem))
    env = {**isolated_env(), "PATH": f"{scripts}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["git", "commit", "-q", "-m", "test"], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode != 0
    assert f"{PM}:" in done.stderr + done.stdout


def test_install_honours_core_hooks_path(repo: Path, run: Run, complete_postmortem: str) -> None:
    git(repo, "config", "core.hooksPath", ".githooks")
    assert run("install-hook") == (0, f"installed {Path('.githooks', 'pre-commit')}\n", "")
    stage(repo, PM, bad_postmortem(complete_postmortem))
    assert commit(repo)[0] != 0


def test_install_refuses_a_foreign_hook_without_force(repo: Path, run: Run) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text("#!/bin/sh\necho mine\n")
    code, out, err = run("install-hook")
    assert (code, out) == (2, "")
    assert "not postmortem-lint's hook" in err and "--force" in err
    assert hook.read_text() == "#!/bin/sh\necho mine\n"
    assert run("install-hook", "--force")[0] == 0
    assert MARKER in hook.read_text()
    assert run("install-hook")[0] == 0  # ours: replaced without --force


def test_install_replaces_a_symlinked_hook_without_writing_through_it(repo: Path, run: Run) -> None:
    shared = repo / "hooks" / "pre-commit"
    shared.parent.mkdir()
    shutil.copy(ROOT / "hooks" / "pre-commit", shared)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.symlink_to(shared)
    assert run("install-hook")[0] == 0
    assert not hook.is_symlink()
    assert shared.read_bytes() == (ROOT / "hooks" / "pre-commit").read_bytes()


def test_install_outside_a_repository_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("install-hook")
    assert code == 2
    assert "not inside a git repository" in err


# `check --staged` on the edge cases git's index has, without going through a commit.


def test_staged_names_with_spaces_and_non_ascii(repo: Path, run: Run, complete_postmortem: str) -> None:
    name = "postmortems/2026 café outage — Zürich.md"
    stage(repo, name, bad_postmortem(complete_postmortem))
    code, out, _ = run("check", "--staged")
    assert code == 1
    assert f"{name}:{severity_line(bad_postmortem(complete_postmortem))}:1: PM003" in out


def test_staged_deletion_is_skipped(repo: Path, run: Run, complete_postmortem: str) -> None:
    stage(repo, PM, bad_postmortem(complete_postmortem))
    git(repo, "commit", "-q", "--no-verify", "-m", "bad")
    git(repo, "rm", "-q", "--", PM)
    code, out, _ = run("check", "--staged")
    assert (code, out) == (0, "")


def test_staged_rename_is_checked_under_its_new_name(repo: Path, run: Run, complete_postmortem: str) -> None:
    stage(repo, "drafts/checkout.md", bad_postmortem(complete_postmortem))
    stage(repo, "postmortems/search.md", complete_postmortem)
    git(repo, "commit", "-q", "-m", "drafts")
    git(repo, "mv", "drafts/checkout.md", PM)
    git(repo, "mv", "postmortems/search.md", "postmortems/2026-09-02-search.md")
    code, out, _ = run("check", "--staged")
    assert code == 1
    assert re.findall(r"^[^:\n]+(?=:\d+:\d+: )", out, re.MULTILINE) == [PM, PM]
    assert out.endswith(" in 1 of 2 files checked.\n")


def test_staged_symlink_is_skipped(repo: Path, run: Run) -> None:
    """A symlink's staged content is its target's path, not a postmortem (pre-commit skips them too)."""
    blob = git(repo, "hash-object", "-w", "--stdin", stdin="../README.md").stdout.strip()
    git(repo, "update-index", "--add", "--cacheinfo", f"120000,{blob},postmortems/latest.md")
    assert run("check", "--staged")[:2] == (0, "")


def test_staged_from_a_subfolder(
    repo: Path, monkeypatch: pytest.MonkeyPatch, run: Run, complete_postmortem: str
) -> None:
    """The pattern sees paths from the root (even with diff.relative set); output is from the cwd."""
    stage(repo, PM, bad_postmortem(complete_postmortem))
    (repo / "docs").mkdir()
    git(repo, "config", "diff.relative", "true")
    monkeypatch.chdir(repo / "docs")
    code, out, _ = run("check", "--staged")
    assert code == 1
    assert out.startswith(f"../{PM}:")


def test_staged_files_option(repo: Path, run: Run, complete_postmortem: str) -> None:
    stage(repo, "reviews/one.md", bad_postmortem(complete_postmortem))
    assert run("check", "--staged")[:2] == (0, "")
    assert run("check", "--staged", "--files", r"^reviews/")[0] == 1
    code, _, err = run("check", "--staged", "--files", "reviews/(")
    assert code == 2
    assert "--files is not a valid regular expression" in err


def test_staged_outside_a_repository_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "--staged")
    assert (code, out) == (2, "")
    assert err.startswith("postmortem-lint: error: git failed: fatal: not a git repository")
