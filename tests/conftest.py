"""Shared fixtures: the CLI as a function, sample postmortems, git run in isolation, and the real corpus
when present."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from postmortem_lint.cli import main
from postmortem_lint.engine.cache import ENV_VAR as CACHE_ENV_VAR
from postmortem_lint.rules.examples import COMPLETE

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "real"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="session")
def user_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' $XDG_CACHE_HOME, where the key that seals the result cache is made."""
    return tmp_path_factory.mktemp("user-cache")


@pytest.fixture(autouse=True)
def cache_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, user_cache_home: Path
) -> Path:
    """Each test its own result cache (`check` keeps one by default), never one in the repository,
    and a key of the session's, never the user's; subprocesses (pre-commit, git hooks) inherit both
    through the environment. pip (in pre-commit) keeps the cache it had before."""
    base = Path(os.environ.get("XDG_CACHE_HOME", ""))
    user_cache = base if base.is_absolute() else Path.home() / ".cache"
    monkeypatch.setenv("PIP_CACHE_DIR", os.environ.get("PIP_CACHE_DIR", str(user_cache / "pip")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(user_cache_home))
    folder = tmp_path_factory.mktemp("cache") / "postmortem-lint-cache"
    monkeypatch.setenv(CACHE_ENV_VAR, str(folder))
    return folder


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Call `main([...])` and return (exit code, stdout, stderr)."""

    def call(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file under tmp_path and return its path."""

    def make(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return make


@pytest.fixture
def complete_postmortem() -> str:
    return COMPLETE


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/real is not present (a user's clone); the corpus tests run in CI")
    return CORPUS


def isolated_env() -> dict[str, str]:
    """os.environ without the caller's git state or git configuration, and with a commit identity.

    A hook that runs the tests sets GIT_INDEX_FILE and friends, and a user's global config may set
    core.hooksPath or commit signing; either would change what the tests see.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    return {
        **env,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }


def git(
    repo: Path, *args: str, check: bool = True, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repo, env=isolated_env(), input=stdin, capture_output=True, text=True, check=check
    )


def bad_postmortem(complete: str) -> str:
    """`complete` without its Impact section and with an invalid severity: PM001 and PM003."""
    without_impact = re.sub(r"## Impact\n\n.*?\n\n", "", complete, flags=re.DOTALL)
    assert without_impact != complete
    return without_impact.replace("severity: SEV2", "severity: awful")


def severity_line(text: str) -> int:
    return text.splitlines().index("severity: awful") + 1
