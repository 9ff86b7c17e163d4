"""The scheduled follow-up: one digest issue, overdue items labelled, each owner reminded once per due date.

It builds the follow-up report (`postmortem_lint.followup`, with the issue states from GitHub) and then:
- labels the issue of each overdue, still open item (`overdue-label`), and takes the label off once the
  item is done, deprioritized or re-dated;
- comments once on the issue of each item that became overdue, mentioning its owner; the comment
  carries a hidden marker for the item and its due date, so a re-run, a crash or a lost answer never
  makes a second one, and a new due date earns a new reminder. At most `remind` per run, oldest first:
  the rest wait in the digest;
- keeps one digest issue (labelled `postmortem-digest`, found by its marker among the issues our own
  identity wrote, never by title or search), its body replaced only when the text changed; it names
  owners in code format, so it notifies nobody.
Closed issues are never reopened or commented on; an issue with the snooze label is left alone.

Every request is counted against `max-requests`, reads and retries included (the client refuses the one
past the cap): the run stops cleanly before the cap, keeping two requests for the digest, and reports
what is left for the next run. A cap too small for the reads a run needs writes nothing and says so.
A token that cannot write (a fork, `permissions: issues: read`) writes nothing: the digest goes to the
job summary with the permission it lacks, and the step succeeds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from postmortem_lint.engine.config import ConfigFinder, FollowUpSettings
from postmortem_lint.followup import FollowUpItem, Report, Status, written_status
from postmortem_lint.followup.collect import make_report
from postmortem_lint.followup.markdown import code, render
from postmortem_lint.followup.text import listing
from postmortem_lint.github import issues, writeback
from postmortem_lint.github.client import (
    GitHubClient,
    GitHubError,
    Needs,
    RateLimitExceeded,
    RequestCapReached,
    WriteOutcomeUnknown,
)
from postmortem_lint.github.events import ActionsContext, ActionsLog, append_summary
from postmortem_lint.github.identity import Identity, own_identity
from postmortem_lint.github.markdown_safety import BODY_LIMIT, body_size, fit_rows, inline, plural
from postmortem_lint.github.review import Links
from postmortem_lint.regex import compiled

DIGEST_LABEL = "postmortem-digest"
DIGEST_MARKER = "<!-- postmortem-lint:digest -->"
DECISION_DAYS = 7  # a 30-day window that ended this many days ago or less asks for a decision
_REMINDED = compiled(r"<!-- postmortem-lint:reminded ([0-9a-f ]*) -->")
_REMINDER = compiled(r"<!-- postmortem-lint:reminder ([0-9a-f]{16}) -->")
_RESERVE = 2  # requests kept for the digest: its write, and a look after a lost answer
_LISTED = 100  # rows of "left for the next run" listed
_ISSUE = {"number": int, "html_url": str}  # what the digest's create must answer
_LIST_SHARE = BODY_LIMIT // 4  # of the digest's body, each of its own lists takes at most this much
_CUT = "_… and more not shown here (over GitHub's size limit; run `postmortem-lint report`)._"


@dataclass(frozen=True)
class Options:
    config: str | None = None
    remind: int = 10  # reminders per run at most, oldest due date first
    overdue_label: str = "overdue"
    snooze_label: str = "postmortem-snooze"
    digest_title: str = "Postmortem follow-ups"
    dry_run: bool = False
    write_back: bool = False  # a pull request that writes the decisions taken on issues into the documents
    max_requests: int = 1000  # the run stops before making more
    today: dt.date | None = None  # default: today in the configured time zone


@dataclass
class Result:
    report: Report | None  # None when the cap did not allow the reads
    digest_url: str = ""
    reminded: list[dict[str, Any]] = field(default_factory=list)  # the `reminded` output
    labelled: list[int] = field(default_factory=list)  # issues given the overdue label
    unlabelled: list[int] = field(default_factory=list)  # issues it was taken from
    left: list[str] = field(default_factory=list)  # what the request cap left for the next run
    stopped: str | None = None  # why writing stopped: the request cap, or a token that cannot write
    digest_stale: bool = False  # the digest needed a change the request cap left no room for
    requests: int = 0  # API requests the run made
    read_only: bool = False  # the token cannot write issues
    problems: list[str] = field(default_factory=list)  # writes that failed, one line each
    write_back: writeback.Result | None = None

    @property
    def overdue(self) -> int:
        return len(self.report.overdue) if self.report else 0


def today_in(settings: FollowUpSettings) -> dt.date:
    """Today's calendar date where the repository lives: a due date passes at its midnight."""
    return dt.datetime.now(ZoneInfo(settings.time_zone)).date()


def reminder_id(item: FollowUpItem) -> str:
    """One ID per item and due date: a new due date is a new reminder."""
    due = item.item.due.isoformat() if item.item.due else ""
    return hashlib.sha256(f"{item.key}\0{due}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Digest:
    number: int
    url: str
    body: str

    @property
    def reminded(self) -> set[str]:
        """The reminders the digest records as made."""
        found = _REMINDED.search(self.body)
        return set(found.group(1).split()) if found else set()


class _Stop(Exception):
    """The request cap is reached, or the token cannot write: no more writes this run."""


class FollowUp:
    """One scheduled run's writes, each counted against the cap and made at most once."""

    def __init__(
        self, client: GitHubClient, context: ActionsContext, options: Options, identity: Identity
    ) -> None:
        self.client = client
        self.repository = context.repository
        self.options = options
        self.identity = identity
        self.stopped: str | None = None
        self.read_only = False
        self.digest_stale = False

    # -- budget and permission ---------------------------------------------------------------------

    def _afford(self, requests: int) -> None:
        """Stop unless the cap allows `requests` more: a write is not begun that cannot be finished."""
        if self.stopped is not None:
            raise _Stop(self.stopped)
        try:
            self.client.ensure(requests, "the next write")
        except RequestCapReached:
            raise self.capped() from None

    def capped(self) -> _Stop:
        """The cap is reached (a retry or a further page can reach it too): no more writes."""
        self.stopped = f"the request cap ({self.options.max_requests}, input max-requests) was reached"
        return _Stop(self.stopped)

    def _write(
        self, method: str, path: str, body: dict[str, Any] | None = None, *, needs: Needs = None
    ) -> Any:
        """One write and its answer; a 403 that is no rate limit means the token cannot write: stop."""
        if self.options.dry_run:
            raise _Stop("dry run")
        try:
            return self.client.call(method, path, body=body, permission=issues.WRITE, needs=needs)
        except RequestCapReached:
            raise self.capped() from None
        except RateLimitExceeded:
            raise
        except GitHubError as exc:
            if exc.status == 403:
                self.read_only = True
                self.stopped = (
                    "the token cannot write issues (403): give the workflow `permissions: issues: write` "
                    "(a pull request from a fork never can)"
                )
                raise _Stop(self.stopped) from None
            raise

    # -- labels ------------------------------------------------------------------------------------

    def label(self, item: FollowUpItem, overdue: bool) -> bool:
        """Add or remove the overdue label as the item's state asks; True when a write was made."""
        github = item.github
        assert github is not None
        name = self.options.overdue_label
        has = any(label.casefold() == name.casefold() for label in github.labels)
        if has == overdue:
            return False
        self._afford(1)
        where = f"/repos/{self.repository}/issues/{github.number}/labels"
        if overdue:
            self._write("POST", where, {"labels": [name]})
        else:
            try:
                self._write("DELETE", f"{where}/{quote(name, safe='')}")
            except GitHubError as exc:
                if exc.status != 404:  # gone already
                    raise
        return True

    # -- reminders ---------------------------------------------------------------------------------

    def remind(self, item: FollowUpItem, links: Links, owners: Sequence[issues.Owner]) -> None:
        """Comment once for this item and due date: the issue's comments are looked at first when it
        has any (a run that crashed after commenting), and again after a lost answer."""
        github = item.github
        assert github is not None
        marker = reminder_id(item)
        self._afford(2 if github.comments else 1)  # the look, and the comment
        if github.comments and self._find_reminder(github.number, marker):
            return
        body = reminder(item, links, owners, self.options.snooze_label)
        path = f"/repos/{self.repository}/issues/{github.number}/comments"
        for _ in range(3):
            self._afford(1)
            try:
                self._write("POST", path, {"body": body})
            except WriteOutcomeUnknown:
                if self._find_reminder(github.number, marker):
                    return
                continue
            return
        raise GitHubError(f"could not confirm the reminder on #{github.number}")

    def _find_reminder(self, number: int, marker: str) -> bool:
        """Whether our identity's reminder with `marker` is on the issue (one page per 100 comments)."""
        self._afford(1)
        comments = self.client.paginate(
            f"/repos/{self.repository}/issues/{number}/comments", permission=issues.READ
        )
        try:
            for comment in comments:
                if not self.identity.wrote(comment):
                    continue
                found = _REMINDER.search(str(comment.get("body") or ""))
                if found and found.group(1) == marker:
                    return True
        except RequestCapReached:
            raise self.capped() from None
        return False

    # -- the digest --------------------------------------------------------------------------------

    def find_digest(self) -> Digest | None:
        """Our digest issue: labelled, with the marker, written by our identity (oldest if several)."""
        found = None
        for issue in self.client.paginate(
            f"/repos/{self.repository}/issues",
            {"labels": DIGEST_LABEL, "state": "all"},
            permission=issues.READ,
        ):
            if not self.identity.wrote(issue) or "pull_request" in issue:
                continue
            body = str(issue.get("body") or "")
            number = issue.get("number")
            if DIGEST_MARKER in body and isinstance(number, int) and (found is None or number < found.number):
                found = Digest(number, str(issue.get("html_url") or ""), body)
        return found

    def keep_digest(self, digest: Digest | None, body: str) -> str:
        """Create the digest, or replace its body when the text changed; its URL ('' when not written)."""
        if digest is not None and digest.body == body:
            return digest.url
        if self.options.dry_run or self.read_only:
            return digest.url if digest else ""
        path = f"/repos/{self.repository}/issues"
        try:
            if digest is not None:
                self._write("PATCH", f"{path}/{digest.number}", {"body": body})
                return digest.url
            payload = {"title": self.options.digest_title, "body": body, "labels": [DIGEST_LABEL]}
            try:
                made = self._write("POST", path, payload, needs=_ISSUE)
            except WriteOutcomeUnknown:
                try:
                    found = self.find_digest()  # look before trying again
                except RequestCapReached:
                    raise self.capped() from None
                if found is not None:
                    return self.keep_digest(found, body)
                made = self._write("POST", path, payload, needs=_ISSUE)
        except _Stop:
            self.digest_stale = not self.read_only
            return digest.url if digest else ""
        return str(made["html_url"])


def reminder(item: FollowUpItem, links: Links, owners: Sequence[issues.Owner], snooze: str) -> str:
    """The one comment per due date: the owner mentioned (no one else), what, when, how to answer."""
    due = item.item.due.isoformat() if item.item.due else "?"
    mentions = [f"@{o.login}" for o in owners if o.login]
    named = [code(o.written) for o in owners if not o.login]
    who = ", ".join(mentions + named) or "Owner (none named)"
    days = plural(item.days_overdue or 0, "day")
    source = links.blob(item.path, item.item.line)
    return "\n".join(
        [
            f"<!-- postmortem-lint:reminder {reminder_id(item)} -->",
            f"{who}: this action item was due on **{due}** and is still open ({days} overdue).",
            "",
            f"> {inline(item.item.text or item.item.raw, 500)}",
            "",
            f"From [{inline(item.path, 200)}, line {item.item.line}]({source}). "
            "When it is done, close this issue as completed. If the plan changed, write the new due date in "
            "the postmortem, or record the decision not to do it (`- [-] … (won't do: reason)`) and close "
            f"this issue as not planned. The label `{inline(snooze, 50)}` stops these reminders.",
            "",
            "_One reminder per due date, from postmortem-lint's scheduled follow-up._",
        ]
    )


# -- the run ---------------------------------------------------------------------------------------


def run(context: ActionsContext, options: Options, client: GitHubClient, log: ActionsLog) -> Result:
    """The follow-up, in at most `options.max_requests` requests."""
    with client.capped(options.max_requests):
        return _run(context, options, client, log)


def _run(context: ActionsContext, options: Options, client: GitHubClient, log: ActionsLog) -> Result:
    finder = ConfigFinder(options.config, confine_to=context.workspace)
    root = context.workspace
    settings = finder.for_file(str(root)).follow_up
    today = options.today or today_in(settings)
    try:
        report = make_report([], finder, today, github=(client, context.repository), root=root)
        # Without knowing who we are, our digest and reminders cannot be told from others': no guessing.
        follow = FollowUp(client, context, options, own_identity(client))
        digest = follow.find_digest()
    except RequestCapReached:
        return _too_small(context, options, client, log)
    result = Result(report)
    links = Links(context.server_url, context.repository, context.sha or "HEAD")
    owners = {id(i): issues.owners(i.item, finder.for_file(str(root / i.path)).owners) for i in report.items}
    with client.capped((client.requests_left or 0) - _RESERVE):  # the rest is the digest's
        waiting, snoozed, reminded = _items(follow, report, digest, links=links, owners=owners, result=result)
        if options.write_back and not options.dry_run:
            _write_back(follow, context, report, finder, result)
    result.stopped, result.read_only = follow.stopped, follow.read_only
    body = digest_body(
        report,
        result,
        waiting=waiting,
        snoozed=snoozed,
        owners=owners,
        links=links,
        reminded=reminded,
        options=options,
    )
    try:
        result.digest_url = follow.keep_digest(digest, body)
    except GitHubError as exc:  # a problem of the run, reported after the summary: the digest is not lost
        result.problems.append(f"digest: {exc}")
    result.stopped, result.read_only = follow.stopped, follow.read_only
    result.digest_stale, result.requests = follow.digest_stale, client.requests_sent
    _log(log, result, waiting)
    append_summary(context, _summary(result, body, options))
    return result


def _too_small(context: ActionsContext, options: Options, client: GitHubClient, log: ActionsLog) -> Result:
    """The cap ran out before the reads every run needs: nothing is written, and the fix is named."""
    stopped = (
        f"max-requests ({options.max_requests}) is too small even for the reads this run needs (the "
        "token's identity, the items' issues at 100 a page, the digest lookup): nothing was written; "
        f"raise it to at least ceil(issues / 100) + 2, plus one a write ({client.requests_sent} "
        "requests made)"
    )
    result = Result(None, stopped=stopped)
    log.command("warning", [("title", "postmortem-lint: follow-up")], stopped)
    append_summary(
        context, f"## postmortem-lint: follow-up\n\nNothing was written: {inline(stopped, 400)}.\n"
    )
    return result


def _items(
    follow: FollowUp,
    report: Report,
    digest: Digest | None,
    *,
    links: Links,
    owners: dict[int, list[issues.Owner]],
    result: Result,
) -> tuple[list[FollowUpItem], list[FollowUpItem], set[str]]:
    """Label and remind, oldest due date first: the items waiting for a reminder, those snoozed, and
    the reminders made (this run's and before)."""
    options = follow.options
    reminded = digest.reminded if digest else set()
    waiting: list[FollowUpItem] = []
    snoozed: list[FollowUpItem] = []
    for item in sorted(report.items, key=_oldest_first):
        github = item.github
        if github is None or github.state != "open":
            continue  # no issue, or closed: never reopened or commented on
        if any(label.casefold() == options.snooze_label.casefold() for label in github.labels):
            snoozed.append(item)
            continue
        overdue = item.status is Status.OVERDUE
        mark = reminder_id(item)
        try:
            if follow.label(item, overdue):
                (result.labelled if overdue else result.unlabelled).append(github.number)
        except RateLimitExceeded:
            raise
        except GitHubError as exc:
            result.problems.append(f"label on #{github.number}: {exc}")
        except _Stop:
            change = "add" if overdue else "remove"
            result.left.append(f"#{github.number}: {change} the `{inline(options.overdue_label, 50)}` label")
        if not overdue or mark in reminded:
            continue
        if len(result.reminded) >= options.remind or follow.stopped or options.dry_run:
            waiting.append(item)
            continue
        try:
            follow.remind(item, links, owners[id(item)])
        except _Stop:
            waiting.append(item)
            continue
        except RateLimitExceeded:
            raise
        except GitHubError as exc:
            result.problems.append(f"reminder on #{github.number}: {exc}")
            waiting.append(item)
            continue
        reminded.add(mark)
        result.reminded.append(_output(item, owners[id(item)]))
    return waiting, snoozed, reminded


def decisions(report: Report) -> list[writeback.Link]:
    """The items whose issue was closed while the document still has them open: closed as completed
    they become done, closed as not planned (or as a duplicate) deprioritized."""
    found = []
    for item in report.items:
        github = item.github
        if github is None or github.status is None or written_status(item.item) is not None:
            continue
        kind = "done" if github.status is Status.DONE else "deprioritized"
        found.append(writeback.Link(item.path, item.item.id, item.item.line, github.number, kind))
    return found


def _write_back(
    follow: FollowUp, context: ActionsContext, report: Report, finder: ConfigFinder, result: Result
) -> None:
    """The write-back pull request of the decisions; a failure is a problem of the run, not its end,
    and a cap it does not fit in leaves it to the next run (started only when it can be finished)."""
    links = decisions(report)
    if not links:
        return
    root, client = context.workspace, follow.client
    try:
        if follow.stopped:
            raise follow.capped()
        result.write_back = writeback.open_pull_request(
            client,
            context.repository,
            base=_default_branch(client, context),
            links=links,
            vocabulary=lambda path: finder.for_file(str(root / path)).vocabulary,
            run=f"follow-up of {report.today.isoformat()}",
            run_url=context.run_url,
        )
    except (_Stop, RequestCapReached):
        follow.capped()
        result.left.append(f"the write-back pull request of {plural(len(links), 'decision')}")
    except RateLimitExceeded:
        raise
    except GitHubError as exc:
        result.problems.append(f"write-back pull request: {exc}")


def _default_branch(client: GitHubClient, context: ActionsContext) -> str:
    """The default branch, from the event when it says (workflow_dispatch does), else from GitHub."""
    repository = context.event.get("repository")
    named = repository.get("default_branch") if isinstance(repository, dict) else None
    if isinstance(named, str) and named:
        return named
    needs = {"default_branch": str}
    found = client.get(f"/repos/{context.repository}", permission=writeback.CONTENTS_READ, needs=needs)
    return str(found["default_branch"])


def _oldest_first(item: FollowUpItem) -> tuple[dt.date, str, int]:
    return (item.item.due or dt.date.max, item.path, item.item.line)


def _output(item: FollowUpItem, owners: Sequence[issues.Owner]) -> dict[str, Any]:
    """An entry of the `reminded` output."""
    github = item.github
    return {
        "issue": github.number if github else None,
        "url": github.url if github else None,
        "owners": [o.login for o in owners if o.login],
        "due": item.item.due.isoformat() if item.item.due else None,
        "path": item.path,
        "line": item.item.line,
    }


def digest_body(
    report: Report,
    result: Result,
    *,
    waiting: Sequence[FollowUpItem],
    snoozed: Sequence[FollowUpItem],
    owners: dict[int, list[issues.Owner]],
    links: Links,
    reminded: set[str],
    options: Options,
) -> str:
    """The digest: what needs a person this week, then the report; the reminders made, hidden."""
    state = f"<!-- postmortem-lint:reminded {' '.join(sorted(reminded))} -->"
    lines = [DIGEST_MARKER, ""]
    decisions = [
        i
        for i in report.failed_checks
        if i.check.ends is not None and 0 <= (report.today - i.check.ends).days < DECISION_DAYS
    ]
    if decisions:
        lines += [
            "### 30-day check: a decision is needed",
            "",
            "The 30-day window of these incidents ended this week with items still open. For each item, "
            "decide: **done** (close its issue as completed), **re-dated** (write the new due date in the "
            "postmortem) or **deprioritized** (write the reason, `- [-] … (won't do: reason)`, and close "
            "its issue as not planned).",
            "",
        ]
        rows = []
        for incident in decisions:
            rows.append(f"- [{inline(incident.title, 120)}]({links.blob(incident.path)}):")
            rows += [
                f"  - {', '.join(code(o) for o in i.item.owners) or 'no owner'}: {inline(i.item.text, 150)}"
                for i in incident.check.still_open
            ]
        lines += [*fit_rows(rows, _LIST_SHARE, _CUT), ""]
    if waiting:
        lines += [
            f"### Overdue, not reminded yet ({len(waiting)})",
            "",
            f"At most {plural(options.remind, 'reminder')} a run (input `remind`), oldest due date first; "
            "these wait for the next runs."
            if options.remind
            else "Reminders are off (input `remind: 0`).",
            "",
        ]
        lines += [*fit_rows([_waiting_row(i) for i in waiting], _LIST_SHARE, _CUT), ""]
    nameless = sorted(
        {o.written for i in report.items if not i.status.closed for o in owners[id(i)] if not o.login}
    )
    unassigned = sorted({pair for i in report.items for o in owners[id(i)] if (pair := _unassigned(i, o))})
    if nameless or unassigned:
        lines += ["### Owners who may not hear of it", ""]
        if nameless:
            lines.append(
                "No GitHub handle (map the names under `owners:` in the configuration): "
                + listing([code(name) for name in nameless], _LISTED)
            )
        if unassigned:
            lines.append(
                "Not assigned to the item's issue (not a collaborator, or not a GitHub user): "
                + listing([f"{code('@' + login)} (#{number})" for login, number in unassigned], _LISTED)
            )
        lines.append("")
    if snoozed:
        lines += [f"Snoozed (label `{inline(options.snooze_label, 50)}`): "]
        lines[-1] += ", ".join(f"#{i.github.number}" for i in snoozed if i.github)
        lines.append("")
    if result.write_back is not None:
        lines += writeback.notes(result.write_back, "recording the decisions on {} taken on {}")
        lines.append("")
    if result.stopped and not result.read_only and not options.dry_run:
        lines += ["### Left for the next run", "", f"The run stopped: {inline(result.stopped, 300)}.", ""]
        lines += [f"- {row}" for row in result.left[:_LISTED]]
        if len(result.left) > _LISTED:
            lines.append(f"- and {len(result.left) - _LISTED} more")
        if waiting:
            lines.append(f"- {plural(len(waiting), 'reminder')}: see “Overdue, not reminded yet” above")
        lines.append("")
    head = "\n".join(lines)
    room = BODY_LIMIT - body_size(head) - body_size(state) - 2
    return head + render(report, links, room) + "\n" + state + "\n"


def _unassigned(item: FollowUpItem, owner: issues.Owner) -> tuple[str, int] | None:
    """(login, issue) for an owner with a handle whom the item's open issue is not assigned to."""
    github = item.github
    if github is None or github.state != "open" or not owner.login or item.status.closed:
        return None
    if owner.login.casefold() in {login.casefold() for login in github.assignees}:
        return None
    return owner.login, github.number


def _waiting_row(item: FollowUpItem) -> str:
    due = item.item.due.isoformat() if item.item.due else "?"
    owner = ", ".join(code(o) for o in item.item.owners) or "no owner"
    number = f"#{item.github.number}" if item.github else ""
    return f"- {owner}, due {due}: {inline(item.item.text, 150)} {number}".rstrip()


def _log(log: ActionsLog, result: Result, waiting: Sequence[FollowUpItem]) -> None:
    log.line(
        f"postmortem-lint: follow-up: {result.overdue} overdue, {len(result.reminded)} reminded, "
        f"{len(waiting)} waiting, {len(result.labelled)} labelled, {len(result.unlabelled)} unlabelled"
    )
    title = [("title", "postmortem-lint: follow-up")]
    for problem in result.problems:
        log.command("warning", title, problem)
    if result.stopped and result.stopped != "dry run":
        log.command("warning", title, result.stopped)


def _summary(result: Result, body: str, options: Options) -> str:
    """The job summary: what the run did, then the digest itself."""
    lines = ["## postmortem-lint: follow-up", ""]
    if options.dry_run:
        lines.append("Dry run: nothing was written; the digest below is what it would say.")
    elif result.read_only:
        lines.append(f"Nothing was written: {inline(result.stopped or '', 300)}. The digest is below.")
    elif result.stopped:
        lines.append(
            f"The run stopped early: {inline(result.stopped, 300)}; the rest is left for the next run "
            "(see “Left for the next run” below)."
        )
    if result.digest_stale:
        lines.append("The digest issue was not updated (no request was left for it); it would say this.")
    if result.digest_url:
        lines.append(f"Digest: {result.digest_url}")
    lines += [
        f"Overdue: {result.overdue}; reminded now: {len(result.reminded)}; "
        f"labelled: {len(result.labelled)}; unlabelled: {len(result.unlabelled)}; "
        f"API requests: {result.requests} (max-requests {options.max_requests}).",
        "",
        "---",
        "",
    ]
    # the digest is within BODY_LIMIT, far below the step summary's limit: nothing to cut
    return "\n".join(lines + body.replace(DIGEST_MARKER, "").splitlines()) + "\n"
