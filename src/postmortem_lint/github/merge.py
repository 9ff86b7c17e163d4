"""On merge: one issue per new action item of the postmortems that landed on the default branch, then
(optionally) the write-back pull request that links each item to its issue.

The postmortems are read from the checkout, which must be at the merge commit (checked with git when
the checkout has it); the issues link to their lines at that commit. Existing issues are listed once,
and only when some item may need one. A dry run reads but never writes, and prints the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from postmortem_lint.engine.config import ConfigFinder
from postmortem_lint.errors import UsageError
from postmortem_lint.findings import FileReport
from postmortem_lint.github import issues, review, writeback
from postmortem_lint.github.changes import checkout_head, merged_files
from postmortem_lint.github.client import GitHubClient, GitHubError, RateLimitExceeded
from postmortem_lint.github.events import ActionsContext, ActionsLog, Merge, append_summary
from postmortem_lint.github.markdown_safety import inline
from postmortem_lint.github.selection import PathFilter, check_changed
from postmortem_lint.reader.vocabulary import Vocabulary


@dataclass(frozen=True)
class Options:
    paths: PathFilter
    config: str | None = None
    labels: tuple[str, ...] = ()  # on every issue, besides the configured ones
    dry_run: bool = False
    write_back: bool = False  # open the pull request that links items to their issues
    max_issues: int = issues.MAX_ISSUES  # at most this many issues a run; the next run continues


@dataclass
class Result:
    reports: list[FileReport]
    outcome: issues.Outcome
    pull_request: str | None = None  # the write-back pull request
    problems: list[str] = field(default_factory=list)  # what failed, one line each

    def created(self) -> list[dict[str, object]]:
        """The `created-issues` output."""
        return [opened.output() for opened in self.outcome.opened]


def run(
    context: ActionsContext, merge: Merge, options: Options, client: GitHubClient, log: ActionsLog
) -> Result:
    head = checkout_head(context.workspace)
    if head is not None and head != merge.sha:
        raise UsageError(
            f"the checkout is at {head[:12]}, not at the merged commit {merge.sha[:12]}: check out the merge "
            "commit (for pull_request events, `ref: ${{ github.event.pull_request.merge_commit_sha }}`)"
        )
    changed, notes = merged_files(client, context.repository, merge, context.workspace, options.paths)
    checked, skipped = check_changed(context.workspace, [c.path for c in changed], options.config)
    notes += [f"Not read: {inline(s.path, 300)}: {s.reason}." for s in skipped]
    sources = issues.sources(checked, changed)
    decisions = issues.decide(sources, {})
    listing = issues.Listing({}, frozenset())
    if any(d.opens for d in decisions):
        listing = issues.list_tracked(client, context.repository)
        decisions = issues.decide(sources, listing.tracked)
    links = review.Links(context.server_url, context.repository, merge.sha)
    opener = issues.Opener(
        client,
        context.repository,
        links,
        listing,
        extra_labels=options.labels,
        dry_run=options.dry_run,
        max_issues=options.max_issues,
    )
    result = Result([c.report for c in checked], opener.run(decisions))
    _log(log, decisions, result.outcome)
    result.problems += [f"{f.decision.path}:{f.decision.item.line}: {f.error}" for f in result.outcome.failed]
    if options.write_back and not options.dry_run:
        notes += _write_back(client, context, merge, decisions, result, config=options.config)
    append_summary(context, issues.summary(decisions, result.outcome, links, notes, options.dry_run))
    return result


def _log(log: ActionsLog, decisions: list[issues.Decision], outcome: issues.Outcome) -> None:
    """Each item (document text, printed with workflow commands stopped), the warnings, the totals."""
    log.text(issues.log_lines(decisions, outcome))
    for warning in outcome.warnings:
        log.command("warning", [("title", "postmortem-lint: action item issue")], warning)
    opened = f"{len(outcome.planned)} would be opened" if outcome.planned else f"{len(outcome.opened)} opened"
    passed = sum(1 for d in decisions if not d.opens)
    later = f", {len(outcome.deferred)} left for the next run" if outcome.deferred else ""
    log.line(
        f"postmortem-lint: action items: {opened}, {passed} skipped, {len(outcome.failed)} failed{later}"
    )


def _write_back(
    client: GitHubClient,
    context: ActionsContext,
    merge: Merge,
    decisions: list[issues.Decision],
    result: Result,
    *,
    config: str | None,
) -> list[str]:
    """Open the pull request linking each new or tracked, still unlinked item; notes for the summary."""
    numbers = {id(o.decision): o.number for o in result.outcome.opened}
    for decision in decisions:
        if decision.tracked is not None and not decision.item.done and not decision.item.issue:
            numbers[id(decision)] = decision.tracked.number
    chosen = [d for d in decisions if id(d) in numbers]
    if not chosen:
        return []
    links = [writeback.Link(d.path, d.item.id, d.item.line, numbers[id(d)]) for d in chosen]
    vocabularies = {d.path: d.source.checked.config.vocabulary for d in chosen}
    finder = ConfigFinder(config, confine_to=context.workspace)

    def vocabulary(path: str) -> Vocabulary:
        """A changed file's, or (a file the open write-back holds) the one its configuration gives."""
        return vocabularies.get(path) or finder.for_file(str(context.workspace / path)).vocabulary

    try:
        done = writeback.open_pull_request(
            client,
            context.repository,
            base=merge.default_branch,
            links=links,
            vocabulary=vocabulary,
            run=f"merge of {merge.sha[:7]}",
            run_url=context.run_url,
        )
    except GitHubError as exc:
        if isinstance(exc, RateLimitExceeded):
            raise
        result.problems.append(f"write-back pull request: {exc}")
        return [f"The write-back pull request failed: {inline(str(exc), 400)}"]
    result.pull_request = done.url
    return writeback.notes(done, "linking {} to {}")
