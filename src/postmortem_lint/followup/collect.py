"""From files to the follow-up model: find and read the postmortems, then give each item its status.

Reading is apart from building so that the GitHub issue states (which need every item's key and link)
can be read in between, in one listing for all items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from postmortem_lint.confine import Outside, inside
from postmortem_lint.engine.config import Config, ConfigFinder
from postmortem_lint.engine.linter import discover, map_files
from postmortem_lint.engine.staged import DEFAULT_FILES
from postmortem_lint.errors import UsageError
from postmortem_lint.followup.history import first_commits
from postmortem_lint.followup.model import (
    Facts,
    Incident,
    IssueState,
    Report,
    build,
    follow_up_item,
    thirty_day_check,
)
from postmortem_lint.github.issues import item_key
from postmortem_lint.model import ActionItem, Document
from postmortem_lint.reader import read_path
from postmortem_lint.regex import compiled
from postmortem_lint.rules.support.themes import theme_key, written_themes
from postmortem_lint.schema.validate import normalise_severity

if TYPE_CHECKING:
    from postmortem_lint.github.client import GitHubClient

# An item's issue state, given its key and its link as written; None when unknown.
Lookup = Callable[[str, "str | None"], "IssueState | None"]


@dataclass(frozen=True)
class Postmortem(Facts):
    """What the follow-up needs of one postmortem (small: it comes back from worker processes)."""

    actions: tuple[ActionItem, ...]
    check_days: int

    @classmethod
    def of(cls, path: str, document: Document, config: Config) -> Postmortem:
        severity = document.field_value("severity")
        names, _ = written_themes(document)
        return cls(
            path,
            str(document.title or document.field_value("title") or Path(path).stem),
            document.incident_date,
            normalise_severity(str(severity)) if severity is not None else None,
            document.tier,
            tuple(dict.fromkeys(theme_key(name) for name in names)),
            tuple(document.actions),
            config.follow_up.check_days,
        )


def read_postmortems(
    paths: Sequence[str], finder: ConfigFinder, since: dt.date | None = None, root: Path | None = None
) -> tuple[list[Postmortem], int]:
    """The postmortems under `paths` (incidents on or after `since`), and how many files were skipped
    as no postmortem. Without `paths`, the postmortem folders below the current directory (or `root`:
    a checkout, whose files are then named relative to it and never followed outside it), found by
    the pattern the hooks use."""
    base = root or Path()
    if paths:
        missing = [p for p in paths if not (base / p).exists()]
        if missing:
            raise UsageError(f"no such file or directory: {missing[0]}")
        files = list(dict.fromkeys(discover(str(base / p) for p in paths)))
    else:
        pattern = compiled(DEFAULT_FILES)
        files = [f for f in discover([str(base)]) if pattern.search(_name(f, root).removeprefix("./"))]
    read = [p for p in map_files(partial(_read, finder=finder, root=root), files) if p is not None]
    kept = [p for p in read if since is None or (p.date is not None and p.date >= since)]
    return kept, len(files) - len(read)


def _read(file: str, finder: ConfigFinder, root: Path | None = None) -> Postmortem | None:
    """The postmortem in `file`; None for a file that is none (or cannot be read, or, below `root`,
    a link out of it)."""
    if root is not None:
        try:
            inside(Path(file), root)
        except Outside:
            return None
    config = finder.for_file(file)
    document = read_path(file, config.vocabulary)
    if document.unreadable is not None or not document.recognised:
        return None
    return Postmortem.of(_name(file, root), document, config)


def _name(file: str, root: Path | None) -> str:
    """A file as the report names it: relative to `root` (POSIX), or as found."""
    return Path(file).relative_to(root).as_posix() if root is not None else Path(file).as_posix()


def incident(
    postmortem: Postmortem,
    today: dt.date,
    lookup: Lookup | None = None,
    committed: dt.date | None = None,
) -> Incident:
    """The incident with each item's status on `today` (and its issue's state when `lookup` knows it)."""
    path, date = postmortem.path, postmortem.date
    items = tuple(
        follow_up_item(path, key, item, date, today, github=lookup(key, item.issue) if lookup else None)
        for item, key in ((item, item_key(path, item)) for item in postmortem.actions)
    )
    check = thirty_day_check(date, items, today, postmortem.check_days)
    return Incident(**postmortem.facts(), items=items, check=check, committed=committed)


def make_report(
    paths: Sequence[str],
    finder: ConfigFinder,
    today: dt.date,
    *,
    since: dt.date | None = None,
    github: tuple[GitHubClient, str] | None = None,
    root: Path | None = None,
) -> Report:
    """The follow-up report on `today` for the postmortems under `paths` (see `read_postmortems`);
    with `github` (a client and "owner/repo"), the items' issue states too. The settings come from
    the configuration of the first path (or `--config`); `root` as for `read_postmortems`."""
    postmortems, skipped = read_postmortems(paths, finder, since, root)
    lookup: Lookup | None = None
    requests = None
    if github is not None:
        # Here, not at the top: it loads the GitHub client and requests (about 40 ms), which a report
        # on the files alone never needs.
        from postmortem_lint.followup.github_states import read_states  # noqa: PLC0415

        client, repository = github
        states = read_states(client, repository, (i.issue for p in postmortems for i in p.actions))
        lookup, requests = states.find, states.requests
    base = root or Path()
    committed = first_commits([str(base / p.path) for p in postmortems])
    incidents = [incident(p, today, lookup, committed.get(str(base / p.path))) for p in postmortems]
    settings = finder.for_file(str(base / paths[0]) if paths else str(base)).follow_up
    return build(incidents, today, settings, requests, skipped)
