"""What a GitHub Actions run tells a step (the standard `GITHUB_*` environment and the event payload),
and what a step tells it back (outputs, job summary).

Read from a mapping (normally `os.environ`), so `postmortem-lint github` also runs outside Actions with
the same variables set by hand. Missing or malformed values are `UsageError`s naming the variable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postmortem_lint.errors import UsageError
from postmortem_lint.github.client import DEFAULT_API_URL

PULL_REQUEST_EVENTS = frozenset({"pull_request", "pull_request_target"})
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class ActionsContext:
    event_name: str
    event: Mapping[str, Any]
    repository: str  # "owner/name"
    api_url: str
    server_url: str
    sha: str | None
    workspace: Path
    output: Path | None  # GITHUB_OUTPUT
    step_summary: Path | None  # GITHUB_STEP_SUMMARY
    run_url: str | None  # the workflow run's page, for "see the job summary"
    in_actions: bool
    token: str | None = field(default=None, repr=False)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> ActionsContext:
        repository = environ.get("GITHUB_REPOSITORY", "")
        if not _REPOSITORY.fullmatch(repository):
            raise UsageError(f"GITHUB_REPOSITORY must be owner/name, got {repository!r}")
        server_url = environ.get("GITHUB_SERVER_URL") or "https://github.com"
        run_id = environ.get("GITHUB_RUN_ID")
        return cls(
            event_name=environ.get("GITHUB_EVENT_NAME", ""),
            event=_payload(environ.get("GITHUB_EVENT_PATH")),
            repository=repository,
            api_url=environ.get("GITHUB_API_URL") or DEFAULT_API_URL,
            server_url=server_url.rstrip("/"),
            sha=environ.get("GITHUB_SHA") or None,
            workspace=Path(environ.get("GITHUB_WORKSPACE") or "."),
            output=_path(environ.get("GITHUB_OUTPUT")),
            step_summary=_path(environ.get("GITHUB_STEP_SUMMARY")),
            run_url=f"{server_url.rstrip('/')}/{repository}/actions/runs/{run_id}" if run_id else None,
            in_actions=environ.get("GITHUB_ACTIONS") == "true",
            token=environ.get("GITHUB_TOKEN") or None,
        )


@dataclass(frozen=True)
class PullRequest:
    number: int
    head_sha: str
    head_repository: str | None  # None when the fork was deleted
    base_repository: str
    changed_files: int | None

    @property
    def from_fork(self) -> bool:
        return self.head_repository != self.base_repository

    @classmethod
    def from_event(cls, event: Mapping[str, Any], repository: str) -> PullRequest:
        pull = event.get("pull_request")
        if not isinstance(pull, Mapping):
            raise UsageError("the event payload has no pull_request object")
        number = pull.get("number", event.get("number"))
        head = pull.get("head")
        sha = head.get("sha") if isinstance(head, Mapping) else None
        if not isinstance(number, int) or not isinstance(sha, str) or not sha:
            raise UsageError("the event payload's pull_request lacks number or head.sha")
        base = pull.get("base")
        changed = pull.get("changed_files")
        return cls(
            number=number,
            head_sha=sha,
            head_repository=_full_name(head),
            base_repository=_full_name(base) or repository,
            changed_files=changed if isinstance(changed, int) else None,
        )


def _full_name(ref: Any) -> str | None:
    repo = ref.get("repo") if isinstance(ref, Mapping) else None
    name = repo.get("full_name") if isinstance(repo, Mapping) else None
    return name if isinstance(name, str) else None


def _payload(path: str | None) -> Mapping[str, Any]:
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read GITHUB_EVENT_PATH {path}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"GITHUB_EVENT_PATH {path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise UsageError(f"GITHUB_EVENT_PATH {path}: the event payload must be a JSON object")
    return data


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def set_outputs(context: ActionsContext, values: Mapping[str, str]) -> None:
    """Append step outputs to `$GITHUB_OUTPUT` in its heredoc form (safe for any value)."""
    if context.output is None:
        return
    import uuid

    with context.output.open("a", encoding="utf-8") as out:
        for name, value in values.items():
            delimiter = f"ghadelimiter_{uuid.uuid4()}"
            out.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def append_summary(context: ActionsContext, markdown: str) -> None:
    if context.step_summary is not None:
        with context.step_summary.open("a", encoding="utf-8") as out:
            out.write(markdown)
