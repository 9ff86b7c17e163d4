"""Review a pull request: its changed postmortems, checked from the checkout, reported as annotations,
one sticky comment and the job summary.

Annotations and the log come first, so a failure to comment loses nothing. A 403 on the comment (the
read-only token of a pull request from a fork) is not a failure of the job: the review stays in the
annotations and the summary, with a note on how to enable comments safely.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from postmortem_lint.formatters.github import escape_data
from postmortem_lint.formatters.text import line, summary
from postmortem_lint.github import review, sticky
from postmortem_lint.github.client import GitHubClient, GitHubError, RateLimitExceeded
from postmortem_lint.github.events import ActionsContext, PullRequest, append_summary
from postmortem_lint.github.selection import PathFilter, check_changed
from postmortem_lint.linter import FileReport

MAX_LISTED_FILES = 3000  # GitHub lists at most this many files of a pull request
FORK_HELP = (
    "The token cannot comment (a pull request from a fork gets a read-only token), so the review is "
    "in the annotations and this summary only. To comment on pull requests from forks safely, see "
    '"Pull requests from forks" in postmortem-lint\'s docs/github-action.md.'
)


@dataclass(frozen=True)
class Options:
    paths: PathFilter
    config: str | None = None
    comment: bool = True
    annotations: bool = True
    dry_run: bool = False


@dataclass(frozen=True)
class Result:
    reports: list[FileReport]
    comment_url: str | None


def run(context: ActionsContext, options: Options, client: GitHubClient, out: TextIO) -> Result:
    pull = PullRequest.from_event(context.event, context.repository)
    names, listed = changed_postmortems(client, context.repository, pull.number, options.paths)
    reports, skipped = check_changed(context.workspace, names, options.config)
    notes: list[str] = []
    if pull.changed_files is not None and pull.changed_files > listed:
        notes.append(
            f"GitHub lists only the first {listed:,} of this pull request's {pull.changed_files:,} "
            "changed files; postmortems among the rest were not checked."
        )
    links = review.Links(context.server_url, context.repository, pull.head_sha)
    summary_notes = list(notes)

    _log(out, [line(f) for r in reports for f in r.findings], context.in_actions)
    if options.annotations:
        shown, hidden = review.annotation_commands(reports)
        out.writelines(command + "\n" for command in shown)
        if hidden:
            summary_notes.append(
                f"{hidden} more finding{'s' if hidden != 1 else ''} than GitHub shows as annotations "
                f"({review.ANNOTATIONS_PER_TYPE} per type per step); all are listed here."
            )
    print(summary(reports), file=out)

    comment_url = None
    if options.comment:
        body = review.comment(review.Review(reports, links, skipped, notes), context.run_url)
        create = bool(reports or skipped)  # a pull request without postmortems gets no new comment
        comment_url, refused = _comment(
            context, options, client, number=pull.number, body=body, create=create, out=out
        )
        if refused:
            summary_notes.append(FORK_HELP)
    append_summary(context, review.summary(review.Review(reports, links, skipped, summary_notes)))
    return Result(reports, comment_url)


def _comment(
    context: ActionsContext,
    options: Options,
    client: GitHubClient,
    *,
    number: int,
    body: str,
    create: bool,
    out: TextIO,
) -> tuple[str | None, bool]:
    """Keep the review comment; its URL, and whether GitHub refused it (a read-only token)."""
    try:
        outcome = sticky.upsert(
            client,
            context.repository,
            number,
            body,
            marker=review.MARKER,
            create=create,
            dry_run=options.dry_run,
        )
    except GitHubError as exc:
        if exc.status != 403 or isinstance(exc, RateLimitExceeded):
            raise
        print(f"::warning title=postmortem-lint: no comment::{escape_data(FORK_HELP)}", file=out)
        print(f"postmortem-lint: cannot comment: {exc}", file=out)
        return None, True
    where = f" ({outcome.url})" if outcome.url else ""
    print(f"postmortem-lint: review comment: {outcome.action}{where}", file=out)
    if outcome.action.startswith("would"):
        _log(out, body.splitlines(), context.in_actions)
    return outcome.url, False


def changed_postmortems(
    client: GitHubClient, repository: str, number: int, wanted: PathFilter
) -> tuple[list[str], int]:
    """Names of the added or changed files that `wanted` selects, and how many files GitHub listed."""
    names: list[str] = []
    listed = 0
    for entry in client.paginate(f"/repos/{repository}/pulls/{number}/files", permission=sticky.READ):
        listed += 1
        name = entry.get("filename") if isinstance(entry, dict) else None
        if isinstance(name, str) and entry.get("status") != "removed" and wanted(name):
            names.append(name)
    return names, listed


def _log(out: TextIO, lines: Sequence[str], in_actions: bool) -> None:
    """Lines of document text, with workflow commands off while they print (a line could start `::`)."""
    if not lines:
        return
    token = uuid.uuid4().hex
    if in_actions:
        print(f"::stop-commands::{token}", file=out)
    out.writelines(f"{text}\n" for text in lines)
    if in_actions:
        print(f"::{token}::", file=out)
