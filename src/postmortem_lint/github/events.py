"""What a GitHub Actions run tells a step (the standard `GITHUB_*` environment and the event payload),
and what a step tells it back (outputs, job summary).

Read from a mapping (normally `os.environ`), so `postmortem-lint github` also runs outside Actions with
the same variables set by hand. Missing or malformed values are `UsageError`s naming the variable.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from postmortem_lint.errors import UsageError, read_json, redact
from postmortem_lint.formatters.workflow_commands import log_line, workflow_command
from postmortem_lint.github.client import DEFAULT_API_URL
from postmortem_lint.regex import compiled

PULL_REQUEST_EVENTS = frozenset({"pull_request", "pull_request_target"})
ZERO_SHA = "0" * 40
_PUSHED = ("added", "modified")  # the lists of a push payload's commit that name files it brought
_REPOSITORY = compiled(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_SHA = compiled(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # SHA-1, or SHA-256 repositories


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
            workspace=Path(environ.get("GITHUB_WORKSPACE") or ".").absolute(),
            output=_path(environ.get("GITHUB_OUTPUT")),
            step_summary=_path(environ.get("GITHUB_STEP_SUMMARY")),
            run_url=f"{server_url.rstrip('/')}/{repository}/actions/runs/{run_id}" if run_id else None,
            in_actions=environ.get("GITHUB_ACTIONS") == "true",
            token=read_token(environ.get("GITHUB_TOKEN")),
        )


@dataclass(frozen=True)
class PullRequest:
    number: int
    head_sha: str
    changed_files: int | None

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> PullRequest:
        pull = event.get("pull_request")
        if not isinstance(pull, Mapping):
            raise UsageError("the event payload has no pull_request object")
        number = pull.get("number", event.get("number"))
        head = pull.get("head")
        sha = head.get("sha") if isinstance(head, Mapping) else None
        if not isinstance(number, int) or not isinstance(sha, str) or not sha:
            raise UsageError("the event payload's pull_request lacks number or head.sha")
        changed = pull.get("changed_files")
        return cls(
            number=number,
            head_sha=sha,
            changed_files=changed if isinstance(changed, int) else None,
        )


@dataclass(frozen=True)
class Merge:
    """Postmortems landing on the default branch: a push to it, or a merged pull request."""

    sha: str  # the commit they are read at: the push's `after`, or the merge commit
    default_branch: str
    before: str | None = None  # a push's previous tip; None for the first push of the branch
    forced: bool = False
    pull_number: int | None = None  # a merged pull request
    pushed: tuple[str, ...] = ()  # files the push payload's commits added or modified

    @classmethod
    def from_event(cls, event_name: str, event: Mapping[str, Any]) -> Merge | str:
        """The merge this event reports, or why there is none (a push to another branch, say)."""
        repository = event.get("repository")
        default = repository.get("default_branch") if isinstance(repository, Mapping) else None
        if event_name == "push":
            return cls._from_push(event, default)
        pull = event.get("pull_request")
        if event.get("action") != "closed" or not isinstance(pull, Mapping):
            return f"a {event_name!r} event"
        if pull.get("merged") is not True:
            return "a pull request closed without merging"
        number, sha = pull.get("number"), pull.get("merge_commit_sha")
        base = pull.get("base")
        into = base.get("ref") if isinstance(base, Mapping) else None
        if not isinstance(number, int) or not isinstance(sha, str) or not _SHA.fullmatch(sha):
            raise UsageError("the event payload's merged pull_request lacks number or merge_commit_sha")
        if not isinstance(default, str) or not isinstance(into, str):
            raise UsageError("the event payload lacks repository.default_branch or pull_request.base.ref")
        if into != default:
            return f"a pull request merged into {into!r}, not the default branch {default!r}"
        return cls(sha=sha, default_branch=default, pull_number=number)

    @classmethod
    def _from_push(cls, event: Mapping[str, Any], default: Any) -> Merge | str:
        ref, before, after = event.get("ref"), event.get("before"), event.get("after")
        if not (
            isinstance(ref, str)
            and isinstance(before, str)
            and isinstance(after, str)
            and isinstance(default, str)
        ):
            raise UsageError("the push event payload lacks ref, before, after or repository.default_branch")
        if event.get("deleted") is True or after == ZERO_SHA:
            return f"the deletion of {ref}"
        if ref != f"refs/heads/{default}":
            return f"a push to {ref}, not to the default branch {default!r}"
        if not _SHA.fullmatch(after) or not _SHA.fullmatch(before):
            raise UsageError("the push event payload's before and after must be commit SHAs")
        commits = event.get("commits") or []
        if not isinstance(commits, list) or not all(
            isinstance(c, Mapping) and all(isinstance(c.get(key) or [], list) for key in _PUSHED)
            for c in commits
        ):
            raise UsageError(
                "the push event payload's commits must be a list of commits, each with lists of the files "
                "added and modified"
            )
        pushed = [
            name
            for commit in commits
            for key in _PUSHED
            for name in commit.get(key) or []
            if isinstance(name, str)
        ]
        return cls(
            sha=after,
            default_branch=default,
            before=None if before == ZERO_SHA else before,
            forced=event.get("forced") is True,
            pushed=tuple(dict.fromkeys(pushed)),
        )


def _payload(path: str | None) -> Mapping[str, Any]:
    if not path:
        return {}
    data = read_json(Path(path), f"GITHUB_EVENT_PATH {path}")
    if not isinstance(data, dict):
        raise UsageError(f"GITHUB_EVENT_PATH {path}: the event payload must be a JSON object")
    return data


def read_token(value: str | None) -> str | None:
    """The token without the one line end a pasted secret may carry; refused with any other white space
    or control character inside (it would be sent broken, and quoted back in errors)."""
    if not value:
        return None
    token = value.removesuffix("\n").removesuffix("\r")
    if not token.isascii() or not token.isprintable() or any(c.isspace() for c in token):
        raise UsageError(
            "the GitHub token (GITHUB_TOKEN, the Action's github-token input) contains white space, a line "
            "break or a character no token has: store the secret without them"
        )
    return token or None


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def set_outputs(context: ActionsContext, values: Mapping[str, str]) -> None:
    """Append step outputs to `$GITHUB_OUTPUT` in its heredoc form (safe for any value)."""
    if context.output is None:
        return
    with context.output.open("a", encoding="utf-8") as out:
        for name, value in values.items():
            delimiter = f"ghadelimiter_{uuid.uuid4()}"
            out.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def append_summary(context: ActionsContext, markdown: str) -> None:
    if context.step_summary is not None:
        with context.step_summary.open("a", encoding="utf-8") as out:
            out.write(markdown)


class ActionsLog:
    """Everything `postmortem-lint github` writes to the job's log, so nothing a pull request wrote
    (a file name, an error GitHub sent back) can start a workflow command or print the token.

    Plain lines pass through `log_line`; the tool's own commands are built by `workflow_command`;
    document text is printed with workflow commands stopped (a line of it could start `::`).
    """

    def __init__(self, out: TextIO, in_actions: bool, secret: str | None = None) -> None:
        self.out = out
        self.in_actions = in_actions
        self.secret = secret

    def line(self, text: str) -> None:
        print(log_line(redact(text, self.secret)), file=self.out)

    def command(self, name: str, properties: Sequence[tuple[str, object]], data: str) -> None:
        print(workflow_command(name, properties, redact(data, self.secret)), file=self.out)

    def commands(self, commands: Sequence[str]) -> None:
        """Commands made already by `workflow_command` (annotations)."""
        self.out.writelines(f"{command}\n" for command in commands)

    def text(self, lines: Sequence[str]) -> None:
        """Lines of document text, with workflow commands off while they print."""
        if not lines:
            return
        token = uuid.uuid4().hex
        if self.in_actions:
            print(f"::stop-commands::{token}", file=self.out)
        self.out.writelines(f"{redact(text, self.secret)}\n" for text in lines)
        if self.in_actions:
            print(f"::{token}::", file=self.out)
