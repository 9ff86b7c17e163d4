"""The follow-up fixture: tests/followup_repo as a git repository whose postmortems were committed on
known dates, so that every figure of `postmortem-lint report --today 2026-10-01` is fixed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import git, isolated_env

FIXTURE = Path(__file__).parent / "followup_repo"
TODAY = "2026-10-01"
COMMITTED = {  # file -> the day its first commit was made
    "postmortems/2026-03-10-dns-outage.md": "2026-03-12",
    "postmortems/2026-06-02-queue-backlog.md": "2026-06-05",
    "postmortems/undated-cache-stampede.md": "2026-07-01",
    "postmortems/2026-08-19-cert-expiry.md": "2026-08-20",
    "postmortems/2026-09-20-deploy-rollback.md": "2026-09-22",
    "postmortems/2026-09-28-login-errors.md": "2026-09-30",
    "postmortems/notes.md": "2026-09-30",
}


def make_repo(target: Path) -> Path:
    """A copy of the fixture in `target`, each postmortem in its own commit on its day."""
    shutil.copytree(FIXTURE, target)
    git(target, "init", "-q", "-b", "main")
    for name, day in COMMITTED.items():
        git(target, "add", name)
        stamp = f"{day}T12:00:00+00:00"
        env = {**isolated_env(), "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        subprocess.run(["git", "commit", "-q", "-m", f"add {name}"], cwd=target, env=env, check=True)
    return target
