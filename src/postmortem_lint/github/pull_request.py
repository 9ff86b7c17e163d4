"""Review a pull request: its changed postmortems, checked from the checkout, reported as annotations,
one sticky comment and the job summary. With `create-issues` on, the review says what each action item
becomes on merge (a new issue, or why not), so reviewers see what will be opened.

Annotations and the log come first, and the job summary is written when the comment fails too, so a
failure to comment loses nothing. A 403 on the comment (the read-only token of a pull request from a
fork) is not a failure of the job: the review stays in the annotations and the summary, with a note on
how to enable comments safely.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from postmortem_lint.findings import FileReport
from postmortem_lint.formatters.text import line, summary
from postmortem_lint.github import issues, review, sticky
from postmortem_lint.github.changes import pull_files
from postmortem_lint.github.client import GitHubClient, GitHubError, RateLimitExceeded
from postmortem_lint.github.events import ActionsContext, ActionsLog, PullRequest, append_summary
from postmortem_lint.github.markdown_safety import inline
from postmortem_lint.github.selection import PathFilter, check_changed

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
    create_issues: bool = True


@dataclass(frozen=True)
class Result:
    reports: list[FileReport]
    comment_url: str | None


def run(context: ActionsContext, options: Options, client: GitHubClient, log: ActionsLog) -> Result:
    pull = PullRequest.from_event(context.event)
    changed, listed = pull_files(client, context.repository, pull.number, options.paths)
    checked, skipped = check_changed(context.workspace, [c.path for c in changed], options.config)
    reports = [c.report for c in checked]
    notes: list[str] = []
    if pull.changed_files is not None and pull.changed_files > listed:
        notes.append(
            f"GitHub lists only the first {listed:,} of this pull request's {pull.changed_files:,} "
            "changed files; postmortems among the rest were not checked."
        )
    on_merge = None
    if options.create_issues:
        on_merge = _on_merge(client, context.repository, issues.sources(checked, changed), notes)
    links = review.Links(context.server_url, context.repository, pull.head_sha)
    summary_notes = list(notes)

    log.text([line(f) for r in reports for f in r.findings])
    if options.annotations:
        shown, hidden = review.annotation_commands(reports)
        log.commands(shown)
        if hidden:
            summary_notes.append(
                f"{hidden} more finding{'s' if hidden != 1 else ''} than GitHub shows as annotations "
                f"({review.ANNOTATIONS_PER_TYPE} per type per step); all are listed here."
            )
    log.line(summary(reports))

    comment_url = None
    failed: GitHubError | None = None
    if options.comment:
        body = review.comment(review.Review(reports, links, skipped, notes, on_merge), context.run_url)
        create = bool(reports or skipped)  # a pull request without postmortems gets no new comment
        try:
            comment_url, refused = _comment(
                context, options, client, number=pull.number, body=body, create=create, log=log
            )
        except GitHubError as exc:  # the step fails, after the summary: the full review is not lost
            failed, refused = exc, False
            summary_notes.append(f"The review comment could not be written: {inline(str(exc), 400)}")
        if refused:
            summary_notes.append(FORK_HELP)
    append_summary(context, review.summary(review.Review(reports, links, skipped, summary_notes, on_merge)))
    if failed is not None:
        raise failed
    return Result(reports, comment_url)


def _comment(
    context: ActionsContext,
    options: Options,
    client: GitHubClient,
    *,
    number: int,
    body: str,
    create: bool,
    log: ActionsLog,
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
        log.command("warning", [("title", "postmortem-lint: no comment")], FORK_HELP)
        log.line(f"postmortem-lint: cannot comment: {exc}")
        return None, True
    where = f" ({outcome.url})" if outcome.url else ""
    log.line(f"postmortem-lint: review comment: {outcome.action}{where}")
    if outcome.action.startswith("would"):
        log.text(body.splitlines())
    return outcome.url, False


def _on_merge(
    client: GitHubClient, repository: str, sources: Sequence[issues.Source], notes: list[str]
) -> dict[tuple[str, str], str]:
    """What each action item becomes on merge, by (path, item ID).

    Existing issues are listed only when one could track an item (a file GitHub has seen before, or an
    explicit ID): a new postmortem costs no request. Without `issues: read` the items are shown as new.
    """
    decisions = issues.decide(sources, {})
    if any(d.opens and d.could_be_tracked() for d in decisions):
        try:
            decisions = issues.decide(sources, issues.list_tracked(client, repository).tracked)
        except GitHubError as exc:
            if isinstance(exc, RateLimitExceeded) or exc.status not in (403, 404):
                raise
            notes.append(
                "Existing issues could not be listed (the token needs `permissions: issues: read`), so "
                "items already tracked by an issue may be shown as new."
            )
    return {(d.path, d.item.id): _becomes(d) for d in decisions}


def _becomes(decision: issues.Decision) -> str:
    if decision.item.closed or decision.item.issue:
        return "—"  # the status column says it
    return review.NEW_ISSUE if decision.opens else f"no issue: {decision.reason}"
