"""Action items as GitHub issues: which items get one, what it says, and opening each exactly once.

An item gets an issue when it is open, links no issue yet, is not a template prompt, sits in a
postmortem whose tier the configuration covers, and no issue tracks it already. "Tracks" is decided by
a hidden marker in the issue body, `<!-- postmortem-lint:action <id> -->`, found by listing the issues
labelled `postmortem-action` (all states, every page): the search API is not used, its index lags
behind and a re-run right after a merge would open duplicates. Only issues the token's own identity
opened count (identity.py): anyone can open an issue with the label and a copied marker, and such a
decoy must not make an item look tracked. A create whose answer is lost (`WriteOutcomeUnknown`) is
followed by listing again before anything is retried, so an issue GitHub did open is found rather than
opened twice.

Exactly once still has gaps no listing closes: two runs at the same time, or a list that lags behind a
create whose answer was lost. So after opening, the issues are listed once more, and when two of ours
carry one marker the older is kept and each newer open one is closed as its duplicate
(`state_reason: duplicate`, with a comment linking the kept one).

One run opens at most `MAX_ISSUES` issues (the `--max-issues` option); the rest are left for the
next run, which finds the ones opened and continues. GitHub allows about 500 content-creating
requests an hour per token, and a run that opens a hundred, a second apart, takes about two minutes.

Owners are checked once each (`GET /repos/{o}/{r}/assignees/{login}`); one who cannot be assigned
still gets the issue, unassigned, with their name in the body and a warning. Document text reaches
issue bodies and summaries through `markdown_safety.inline`, so it cannot forge a marker, ping anyone
or break the layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from postmortem_lint.github.changes import Changed
from postmortem_lint.github.client import GitHubClient, GitHubError, RateLimitExceeded, WriteOutcomeUnknown
from postmortem_lint.github.identity import Identity, own_identity
from postmortem_lint.github.markdown_safety import inline, one_line, plural
from postmortem_lint.github.review import SUMMARY_LIMIT, Links, due_cell, fit_summary
from postmortem_lint.github.selection import Checked
from postmortem_lint.model import ActionItem
from postmortem_lint.regex import compiled

LABEL = "postmortem-action"
READ = "issues: read"
WRITE = "issues: write"
TITLE_LIMIT = 100  # characters; GitHub allows 256, a list of issues reads better short
LABEL_LIMIT = 50  # characters GitHub accepts in a label name
_MARKER = compiled(r"<!-- postmortem-lint:action (\S+) -->")
_LOGIN = compiled(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
_ATTEMPTS = 3
MAX_ISSUES = 100  # a run's cap; see the module's docstring
_FATAL = frozenset({401, 403, 404, 410})  # every other create would fail the same way
_STYLES = {  # colour and description of the labels postmortem-lint creates
    "action": ("5319e7", "An action item from a postmortem, opened by postmortem-lint"),
    "extra": ("c5def5", "Follow-up of a postmortem (postmortem-lint)"),
    "severity": ("b60205", "Severity of the incident a postmortem describes (postmortem-lint)"),
    "theme": ("fbca04", "A theme of a postmortem (postmortem-lint)"),
}


def marker(key: str) -> str:
    return f"<!-- postmortem-lint:action {key} -->"


def item_key(path: str, item: ActionItem) -> str:
    """The ID in the marker: an explicit `{#id}` as written (repository-wide, it survives renames and
    edits), else the file's path and the fingerprint of the item's normalised text."""
    if "{#" + item.id + "}" in item.raw:
        return item.id
    return f"{quote(path, safe='/')}#{item.id}"


# -- deciding ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A changed postmortem as read at the commit being merged (or reviewed)."""

    checked: Checked
    status: str = "modified"  # added, modified, renamed ...
    previous: str | None = None  # its name before a rename

    @property
    def path(self) -> str:
        return self.checked.path


def sources(checked: Sequence[Checked], changed: Sequence[Changed]) -> list[Source]:
    """Each checked postmortem with how the change touched it (status, name before a rename)."""
    by_path = {c.path: c for c in changed}
    return [Source(c, by_path[c.path].status, by_path[c.path].previous) for c in checked]


@dataclass(frozen=True)
class Tracked:
    number: int
    url: str
    state: str
    state_reason: str | None = None  # completed, not_planned, duplicate, reopened
    closed_at: str | None = None  # ISO timestamp
    id: int = 0  # GitHub's ID of the issue (not its number)
    labels: tuple[str, ...] = ()
    comments: int = 0  # how many comments it has (0: no reminder can be there)
    assignees: tuple[str, ...] = ()  # logins


def tracked(issue: Any) -> Tracked | None:
    """An issue of a listing as `Tracked`; None for pull requests (GitHub lists them as issues too)."""
    if not isinstance(issue, dict) or "pull_request" in issue or not isinstance(issue.get("number"), int):
        return None
    reason, closed, issue_id = issue.get("state_reason"), issue.get("closed_at"), issue.get("id")
    return Tracked(
        issue["number"],
        str(issue.get("html_url") or ""),
        str(issue.get("state") or ""),
        reason if isinstance(reason, str) else None,
        closed if isinstance(closed, str) else None,
        issue_id if isinstance(issue_id, int) else 0,
        tuple(str(x.get("name")) for x in issue.get("labels") or [] if isinstance(x, dict)),
        issue["comments"] if isinstance(issue.get("comments"), int) else 0,
        tuple(str(x.get("login")) for x in issue.get("assignees") or [] if isinstance(x, dict)),
    )


@dataclass(frozen=True)
class Decision:
    source: Source
    item: ActionItem
    key: str
    reason: str | None  # why no issue is opened; None: one is
    tracked: Tracked | None = None

    @property
    def opens(self) -> bool:
        return self.reason is None

    @property
    def path(self) -> str:
        return self.source.path

    def could_be_tracked(self) -> bool:
        """Whether an issue could exist for it: not when its key is a path that is new to GitHub."""
        new_path = self.source.status == "added" and self.source.previous is None
        return not (new_path and self.key.startswith(quote(self.path, safe="/") + "#"))


def decide(sources: Sequence[Source], tracked: Mapping[str, Tracked]) -> list[Decision]:
    """What happens to each action item of `sources`, in document order."""
    decisions: list[Decision] = []
    first: dict[str, tuple[str, int]] = {}
    for source in sources:
        report, document = source.checked.report, source.checked.document
        tier_off = document.tier == 1 and not source.checked.config.issues.tier_1
        for item in report.actions:
            key = item_key(source.path, item)
            found = tracked.get(key)
            if found is None and source.previous is not None:
                found = tracked.get(item_key(source.previous, item))
            reason: str | None = None
            if item.done:
                reason = "done"
            elif item.deprioritized:
                reason = "deprioritized"
            elif item.issue:
                reason = f"linked to {item.issue}"
            elif item.prompts:
                reason = "still a template prompt"
            elif not item.text:
                reason = "no action text"
            elif tier_off:
                reason = "a tier-1 recap (issues: tier-1 is off)"
            elif found is not None:
                reason = f"tracked in #{found.number}" + (" (closed)" if found.state == "closed" else "")
            elif key in first:
                reason = "the same ID as {}:{}".format(*first[key])
            if reason is None:
                first[key] = (source.path, item.line)
            decisions.append(Decision(source, item, key, reason, found))
    return decisions


@dataclass(frozen=True)
class Listing:
    tracked: dict[str, Tracked]
    labels: frozenset[str]  # label names seen on the listed issues, case-folded
    numbers: dict[int, Tracked] = field(default_factory=dict)  # every listed issue by number
    duplicates: tuple[tuple[Tracked, Tracked], ...] = ()  # (a newer issue of ours, the older it repeats)


def list_tracked(client: GitHubClient, repository: str, also: tuple[Identity, ...] = ()) -> Listing:
    """Every issue of ours labelled `postmortem-action`, open or closed, by the marker in its body.

    Pull requests are in the listing too (GitHub's issues are both); they track nothing, and neither
    does an issue someone else opened: only the token's own identity, and those in `also`, count. When
    two of ours carry one marker (two runs that raced), the older one counts and the newer is listed as
    its duplicate.
    """
    trusted = (own_identity(client), *also)
    found: dict[str, list[Tracked]] = {}
    numbers: dict[int, Tracked] = {}
    labels: set[str] = set()
    for issue in client.paginate(
        f"/repos/{repository}/issues", {"labels": LABEL, "state": "all"}, permission=READ
    ):
        if not isinstance(issue, dict):
            continue
        labels.update(
            str(label.get("name", "")).casefold()
            for label in issue.get("labels") or []
            if isinstance(label, dict)
        )
        this = tracked(issue)
        if this is None:
            continue
        numbers[this.number] = this
        if not any(who.wrote(issue) for who in trusted):
            continue
        for key in set(_MARKER.findall(str(issue.get("body") or ""))):
            found.setdefault(key, []).append(this)
    ours: dict[str, Tracked] = {}
    duplicates: list[tuple[Tracked, Tracked]] = []
    for key, issues in found.items():
        kept, *newer = sorted(issues, key=lambda t: t.number)
        ours[key] = kept
        duplicates += [(extra, kept) for extra in newer]
    return Listing(ours, frozenset(labels), numbers, tuple(duplicates))


# -- what an issue says --------------------------------------------------------------------------


@dataclass(frozen=True)
class Owner:
    written: str  # as in the postmortem
    login: str | None  # the GitHub user it maps to
    problem: str | None = None  # why it has none


def owners(item: ActionItem, mapping: Mapping[str, str]) -> list[Owner]:
    """The item's owners as GitHub logins: `@handle` as written, or a name through `owners:`."""
    folded = {name.casefold(): login for name, login in mapping.items()}
    found: list[Owner] = []
    for name in item.owners:
        login = mapping.get(name) or folded.get(name.casefold())
        if login is None and name.startswith("@"):
            login = name[1:]
        if login is None:
            found.append(
                Owner(name, None, "no GitHub handle; map the name under `owners:` in the configuration")
            )
        elif not _LOGIN.fullmatch(login):
            found.append(
                Owner(name, None, f"{login!r} is not a GitHub user name (a team cannot be assigned)")
            )
        else:
            found.append(Owner(name, login))
    return found


def labels_for(source: Source, extra: Sequence[str]) -> dict[str, str]:
    """Label name -> its kind: `postmortem-action`, the configured and given ones, severity, themes."""
    settings = source.checked.config.issues
    document = source.checked.document
    wanted: dict[str, str] = {LABEL: "action"}
    for name in (*settings.labels, *extra):
        wanted.setdefault(name, "extra")
    severity = document.field_value("severity")
    if settings.severity_label and isinstance(severity, (str, int)):
        wanted.setdefault(str(severity), "severity")
    themes = document.field_value("themes")
    if settings.theme_labels and isinstance(themes, list):
        for theme in themes:
            wanted.setdefault(str(theme), "theme")
    return {
        cleaned: kind
        for name, kind in wanted.items()
        if (cleaned := " ".join(name.split())) and len(cleaned) <= LABEL_LIMIT
    }


def title(item: ActionItem) -> str:
    return one_line(item.text, TITLE_LIMIT)


def body(decision: Decision, links: Links, assigned: Sequence[Owner], unassigned: Sequence[Owner]) -> str:
    """The issue text: the marker first, then what, who, when and where it comes from."""
    item, document = decision.item, decision.source.checked.document
    path = decision.path
    who = [f"@{o.login}" for o in assigned]
    who += [
        f"{inline(o.written, 100)} (not assigned: {inline(o.problem or 'not assignable', 200)})"
        for o in unassigned
    ]
    facts = [inline(str(document.title or path), 200)]
    severity = document.field_value("severity")
    if severity is not None:
        facts.append(f"severity {inline(str(severity), 40)}")
    if document.incident_date:
        facts.append(f"incident of {document.incident_date.isoformat()}")
    lines = [
        marker(decision.key),
        f"- **What:** {inline(item.text, 2000)}",
        f"- **Who:** {', '.join(who) or 'no owner named'}",
        f"- **Due:** {due_cell(item, 'none given')}",
        f"- **Postmortem:** [{facts[0]}]({links.blob(path)})" + "".join(f" · {fact}" for fact in facts[1:]),
        f"- **Source:** [{inline(path, 300)}, line {item.line}]({links.blob(path, item.line)}) "
        f"at commit {links.sha[:7]}",
        "",
        "Opened by postmortem-lint when the postmortem was merged. When this is done, close the issue "
        "and mark the item done in the postmortem.",
    ]
    return "\n".join(lines) + "\n"


# -- opening -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opened:
    decision: Decision
    number: int
    url: str

    def output(self) -> dict[str, Any]:
        """The entry of the `created-issues` output."""
        return {
            "id": self.decision.key,
            "number": self.number,
            "url": self.url,
            "path": self.decision.path,
            "line": self.decision.item.line,
        }


@dataclass(frozen=True)
class Failed:
    decision: Decision
    error: str


@dataclass
class Outcome:
    opened: list[Opened] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    planned: list[tuple[Decision, str]] = field(default_factory=list)  # dry run: each issue and its line
    warnings: list[str] = field(default_factory=list)  # owners not assigned, no milestone that fits
    closed: list[tuple[int, int]] = field(default_factory=list)  # (duplicate, the issue kept) numbers
    deferred: list[Decision] = field(default_factory=list)  # over the run's cap: for the next run
    cap: int = MAX_ISSUES


@dataclass(frozen=True)
class Request:
    """What one issue is opened with."""

    decision: Decision
    owners: list[Owner]
    labels: dict[str, str]
    milestone: tuple[int, str] | None


class Opener:
    """Opens the issues of one run: checks owners, makes labels, creates issues one at a time."""

    def __init__(
        self,
        client: GitHubClient,
        repository: str,
        links: Links,
        listing: Listing,
        *,
        extra_labels: Sequence[str] = (),
        dry_run: bool = False,
        max_issues: int = MAX_ISSUES,
    ) -> None:
        self.client = client
        self.repository = repository
        self.links = links
        self.listing = listing
        self.extra_labels = tuple(extra_labels)
        self.dry_run = dry_run
        self.assignable: dict[str, bool] = {}
        self.outcome = Outcome(cap=max_issues)

    def run(self, decisions: Sequence[Decision]) -> Outcome:
        opening = [d for d in decisions if d.opens]
        self.outcome.deferred = opening[self.outcome.cap :]
        requests = self._requests(opening[: self.outcome.cap])
        if requests and not self.dry_run:
            self._ensure_labels({name: kind for r in requests for name, kind in r.labels.items()})
        stopped: str | None = None
        for request in requests:
            if stopped is not None:
                self.outcome.failed.append(Failed(request.decision, f"not attempted: {stopped}"))
                continue
            try:
                self._open(request)
            except RateLimitExceeded as exc:
                stopped = str(exc)
                self.outcome.failed.append(Failed(request.decision, stopped))
            except GitHubError as exc:
                self.outcome.failed.append(Failed(request.decision, str(exc)))
                if exc.status in _FATAL:
                    stopped = f"stopped after: {exc}"
        if not self.dry_run and stopped is None:
            try:
                self._close_duplicates()
            except GitHubError as exc:  # what was opened stands; the next run's listing finds them
                self._warn(f"Duplicates were not looked for: {exc}")
        return self.outcome

    def _close_duplicates(self) -> None:
        """Close each newer open issue of ours repeating an older one's marker; report the older."""
        if self.outcome.opened:
            self.listing = list_tracked(self.client, self.repository)  # look again
        kept_for: dict[int, Tracked] = {}
        for extra, kept in self.listing.duplicates:
            if extra.state != "open" or extra.number in kept_for:
                continue
            try:
                self._close_as_duplicate(extra, kept)
            except RateLimitExceeded:
                raise
            except GitHubError as exc:
                self._warn(f"Issue #{extra.number} repeats #{kept.number} and could not be closed: {exc}")
                continue
            kept_for[extra.number] = kept
            self.outcome.closed.append((extra.number, kept.number))
        self.outcome.opened = [
            replace(o, number=kept_for[o.number].number, url=kept_for[o.number].url)
            if o.number in kept_for
            else o
            for o in self.outcome.opened
        ]

    def _close_as_duplicate(self, extra: Tracked, kept: Tracked) -> None:
        """`state_reason: duplicate` pointing at the kept issue; `not_planned` where GitHub (an older
        Enterprise Server) refuses it. A comment links the kept issue either way."""
        path = f"/repos/{self.repository}/issues/{extra.number}"
        close = {"state": "closed", "state_reason": "duplicate", "duplicate_issue_id": kept.id}
        try:
            self.client.patch(path, close, permission=WRITE)
        except GitHubError as exc:
            if exc.status != 422:
                raise
            self.client.patch(path, {"state": "closed", "state_reason": "not_planned"}, permission=WRITE)
        note = (
            f"Duplicate of #{kept.number}, which tracks the same action item: postmortem-lint opened it "
            "twice (two runs at once, or an answer lost on the way). Closed automatically."
        )
        self.client.post(f"{path}/comments", {"body": note}, permission=WRITE)

    def _requests(self, decisions: Sequence[Decision]) -> list[Request]:
        made: list[Request] = []
        milestones: list[tuple[dt.date, int, str]] | None = None
        for decision in decisions:
            config = decision.source.checked.config
            found = owners(decision.item, config.owners)
            for owner in found:
                if owner.login is not None and owner.login.casefold() not in self.assignable:
                    self.assignable[owner.login.casefold()] = self._check_assignee(owner.login)
            milestone = None
            if config.issues.milestone and decision.item.due is not None:
                if milestones is None:
                    milestones = self._milestones()
                milestone = next(((n, t) for due, n, t in milestones if due >= decision.item.due), None)
                if milestone is None:
                    self._warn(f"No open milestone is due on or after {decision.item.due.isoformat()}.")
            made.append(Request(decision, found, labels_for(decision.source, self.extra_labels), milestone))
        return made

    def _check_assignee(self, login: str) -> bool:
        """Whether `login` can be assigned here: 204 yes, 404 no; other answers are left to the create."""
        try:
            self.client.get(f"/repos/{self.repository}/assignees/{quote(login)}", permission=READ)
        except RateLimitExceeded:
            raise
        except GitHubError as exc:
            return exc.status != 404
        return True

    def _milestones(self) -> list[tuple[dt.date, int, str]]:
        """Open milestones with a due date, soonest first."""
        found = []
        for milestone in self.client.paginate(
            f"/repos/{self.repository}/milestones",
            {"state": "open", "sort": "due_on", "direction": "asc"},
            permission=READ,
        ):
            due = milestone.get("due_on") if isinstance(milestone, dict) else None
            if isinstance(due, str) and isinstance(milestone.get("number"), int):
                try:
                    day = dt.date.fromisoformat(due[:10])
                except ValueError:
                    continue
                found.append((day, milestone["number"], str(milestone.get("title") or "")))
        return sorted(found)

    def _ensure_labels(self, wanted: Mapping[str, str]) -> None:
        """Create missing labels with a colour and description (GitHub would make them plain grey)."""
        missing = {name: kind for name, kind in wanted.items() if name.casefold() not in self.listing.labels}
        if not missing:
            return
        path = f"/repos/{self.repository}/labels"
        existing = {
            str(label.get("name", "")).casefold()
            for label in self.client.paginate(path, permission=READ)
            if isinstance(label, dict)
        }
        for name, kind in missing.items():
            if name.casefold() in existing:
                continue
            color, description = _STYLES[kind]
            label = {"name": name, "color": color, "description": description}
            self.client.create(path, label, permission=WRITE)  # False: another run made it meanwhile

    def _open(self, request: Request) -> None:
        decision = request.decision
        assigned = [o for o in request.owners if o.login and self.assignable[o.login.casefold()]]
        payload: dict[str, Any] = {"title": title(decision.item), "labels": list(request.labels)}
        if request.milestone is not None:
            payload["milestone"] = request.milestone[0]
        for _ in range(_ATTEMPTS):
            unassigned = [
                o if o.login is None else replace(o, problem="not assignable in this repository")
                for o in request.owners
                if o not in assigned
            ]
            for owner in unassigned:
                self._warn(f"{owner.written} is not assigned: {owner.problem}.")
            payload["body"] = body(decision, self.links, assigned, unassigned)
            payload["assignees"] = [o.login for o in assigned]
            if self.dry_run:
                self.outcome.planned.append((decision, _plan(payload, request.milestone)))
                return
            try:
                issue = self.client.post(
                    f"/repos/{self.repository}/issues", payload, permission=WRITE, needs={"number": int}
                )
            except WriteOutcomeUnknown:
                self.listing = list_tracked(self.client, self.repository)  # look before trying again
                found = self.listing.tracked.get(decision.key)
                if found is not None:
                    self.outcome.opened.append(Opened(decision, found.number, found.url))
                    return
                continue
            except GitHubError as exc:
                if exc.status != 422 or not assigned:
                    raise
                for owner in assigned:  # GitHub refused an assignee that the check let through
                    self.assignable[str(owner.login).casefold()] = False
                assigned = []
                continue
            self.outcome.opened.append(Opened(decision, issue["number"], str(issue.get("html_url") or "")))
            return
        where = f"{decision.path}:{decision.item.line}"
        raise GitHubError(f"could not confirm the issue for {where} after {_ATTEMPTS} attempts")

    def _warn(self, message: str) -> None:
        if message not in self.outcome.warnings:
            self.outcome.warnings.append(message)


def _over_cap(cap: int) -> str:
    return f"one run opens at most {cap} issues (--max-issues); re-run the job to open the rest"


def _plan(payload: Mapping[str, Any], milestone: tuple[int, str] | None) -> str:
    who = ", ".join(f"@{login}" for login in payload["assignees"]) or "nobody"
    extra = f"; milestone {milestone[1]}" if milestone else ""
    return f"{payload['title']!r} assigned to {who}; labels {', '.join(payload['labels'])}{extra}"


# -- reporting -----------------------------------------------------------------------------------


def log_lines(decisions: Sequence[Decision], outcome: Outcome) -> list[str]:
    """One line per item (document text: print them with workflow commands stopped)."""
    opened = {id(o.decision): o for o in outcome.opened}
    failed = {id(f.decision): f for f in outcome.failed}
    planned = {id(d): plan for d, plan in outcome.planned}
    deferred = {id(d) for d in outcome.deferred}
    lines = [f"closed #{extra} as a duplicate of #{kept}" for extra, kept in outcome.closed]
    for decision in decisions:
        where = f"{decision.path}:{decision.item.line}"
        if id(decision) in opened:
            lines.append(f"opened #{opened[id(decision)].number} for {where}: {title(decision.item)}")
        elif id(decision) in planned:
            lines.append(f"would open an issue for {where}: {planned[id(decision)]}")
        elif id(decision) in failed:
            lines.append(f"failed {where}: {failed[id(decision)].error}")
        elif id(decision) in deferred:
            lines.append(f"left for the next run {where}: {_over_cap(outcome.cap)}")
        else:
            lines.append(f"skipped {where}: {decision.reason}")
    return lines


def summary(
    decisions: Sequence[Decision], outcome: Outcome, links: Links, notes: Iterable[str], dry_run: bool
) -> str:
    """The job summary: every item with what happened to it and why."""
    opened = {id(o.decision): o for o in outcome.opened}
    failed = {id(f.decision): f for f in outcome.failed}
    deferred = {id(d) for d in outcome.deferred}
    verb = "would open" if dry_run else "opened"
    count = len(outcome.planned) if dry_run else len(outcome.opened)
    head = f"## postmortem-lint: {verb} {plural(count, 'issue')} for action items"
    lines = [head, "", f"Merged at commit [{links.sha[:7]}]({links.commit()}).", ""]
    lines += [f"> {note}" for note in notes]
    lines += [f"> ⚠️ {inline(w, 400)}" for w in outcome.warnings]
    if outcome.deferred:
        lines.append(
            f"> ⏸️ {plural(len(outcome.deferred), 'more item')} will get an issue on the next run: "
            f"{_over_cap(outcome.cap)}."
        )
    issues = f"{links.server_url}/{links.repository}/issues"
    lines += [
        f"> Closed [#{extra}]({issues}/{extra}) as a duplicate of [#{kept}]({issues}/{kept}): "
        "postmortem-lint had opened it twice for one item."
        for extra, kept in outcome.closed
    ]
    if lines[-1] != "":
        lines.append("")
    if not decisions:
        lines.append("No action items in the changed postmortems.")
    else:
        lines += ["| Result | Action item | Issue |", "| --- | --- | --- |"]
    for decision in decisions:
        item = decision.item
        where = f"[{inline(decision.path, 200)}:{item.line}]({links.blob(decision.path, item.line)})"
        text = inline(item.text or item.raw, 200)
        if id(decision) in opened:
            found = opened[id(decision)]
            result, issue = "✅ opened", f"[#{found.number}]({found.url})"
        elif id(decision) in failed:
            result, issue = "❌ failed", inline(failed[id(decision)].error, 400)
        elif id(decision) in deferred:
            result, issue = "⏸️ next run", "—"
        elif decision.opens:
            result, issue = "📝 would open", "—"
        else:
            result, issue = "⏭️ skipped", inline(decision.reason or "", 200)
        lines.append(f"| {result} | {where} {text} | {issue} |")
    note = f"**The summary is cut here**: it would exceed GitHub's {SUMMARY_LIMIT:,}-byte limit."
    return fit_summary(lines, note)
