"""Write-back: a pull request that appends each new issue's reference, `(#123)`, to its action item.

Nothing else in a file changes, byte for byte: line endings, trailing spaces, a byte-order mark and the
front matter stay as they are (the front matter is never edited). A list item or paragraph gets the
reference at the end of its first paragraph; a table row gets it in its Issue cell when that is empty
or a placeholder (`—`, `n/a`, `TBD`: the reference replaces it), else after the action text. Each edit
is checked by reading the file again: an item the reader would not then see as linked is left
untouched and reported. Once linked, later runs skip the item even if its text is edited.

The files are read and written through the API on the default branch, so a shallow checkout is
enough. There is one rolling write-back branch and pull request: a later run adds to it while it is
open; the hidden marker in its description lists what it holds, so a re-run, a merge or a decline is
read back from GitHub rather than remembered.
"""

from __future__ import annotations

import base64
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

from postmortem_lint.github.client import GitHubClient, GitHubError, RateLimitExceeded, WriteOutcomeUnknown
from postmortem_lint.github.identity import own_identity
from postmortem_lint.github.markdown_safety import BODY_LIMIT, body_size, fit_rows, inline, one_line, plural
from postmortem_lint.model import ActionItem, Document
from postmortem_lint.reader import frontmatter, read_bytes
from postmortem_lint.reader.blocks import Block, parse_blocks
from postmortem_lint.reader.vocabulary import Vocabulary
from postmortem_lint.regex import compiled

CONTENTS_READ = "contents: read"
CONTENTS_WRITE = "contents: write"
PULLS_READ = "pull-requests: read"
PULLS_WRITE = "pull-requests: write"
BRANCH = "postmortem-lint/write-back"
KINDS = ("link", "done", "deprioritized")  # what a write-back changes in an item
LABEL = "postmortem-write-back"
MARKER = "<!-- postmortem-lint:write-back {} -->"
_MARKER = compiled(r"<!-- postmortem-lint:write-back ([a-z]+:\d+(?: [a-z]+:\d+)*) -->")
_NUMBER = compiled(r"#(\d+)")  # a reference the write-back added
_ATTEMPTS = 3
_PULL = {"number": int}  # what each answer about a pull request must hold
_SAYS = {  # each change, as the description lists it
    "link": "#{}",
    "done": "done (#{} was closed as completed)",
    "deprioritized": "deprioritized (#{} was closed as not planned)",
}
_LISTED = 200  # items listed in a description at most; fewer when they would pass GitHub's limit
_CUT = "_… and more not shown here (over GitHub's size limit); the changes show them all._"
# what each change adds to an item's text (`kind:` when the issue is not known)
_ADDED = {
    "link": " (#{})",
    "done": " (done)",
    "deprioritized": " (won't do: its issue #{} was closed as not planned)",
    "deprioritized:": " (won't do: its issue was closed as not planned)",
}
_BOX = compiled(r"\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)])\s+\[(?P<mark> )\]")  # an open task list checkbox
# an Issue cell that names no issue yet: empty, a dash, "n/a", "none", "TBD"
_NO_ISSUE = compiled(r"\s*(?:[-—–‐_?]{0,3}|n/?a|none|tbd|todo)\s*", re.IGNORECASE)
_LINES = compiled(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# `- [ ] [Owner] [Due date] [Specific fix]`: the reference goes inside the last brackets
_BRACKET_FORM = compiled(r"(?:\[[ xX]\]\s*)?\[[^\]\n]*\]\s*\[[^\]\n]*\]\s*\[[^\[\]\n]*\]")


_Where = Literal["end", "brackets"] | list[str | None]  # a table row: its columns' roles


@dataclass(frozen=True)
class Link:
    path: str
    item_id: str  # the item's ID within its file (`ActionItem.id`)
    line: int
    number: int  # the issue
    kind: str = "link"  # the change (KINDS): the issue's reference added, or the decision taken on it

    @property
    def token(self) -> str:
        """How the write-back pull request's marker names this change."""
        return f"{self.kind}:{self.number}"


@dataclass
class Result:
    url: str | None = None  # the pull request
    linked: list[Link] = field(default_factory=list)
    missed: list[tuple[Link, str]] = field(default_factory=list)  # and why
    present: list[Link] = field(default_factory=list)  # the default branch has them already
    declined: list[Link] = field(default_factory=list)  # in a write-back closed unmerged
    declined_url: str | None = None  # that pull request


# -- the edit ------------------------------------------------------------------------------------


def add_references(data: bytes, numbers: Mapping[str, int], vocabulary: Vocabulary) -> tuple[bytes, set[str]]:
    """`data` with the issue reference added to each unlinked item whose ID is in `numbers`, and the
    IDs it linked. Items the edit would not link (an unusual layout) are left as they are."""
    return edit(data, {key: ("link", number) for key, number in numbers.items()}, vocabulary)


def edit(
    data: bytes, changes: Mapping[str, tuple[str, int]], vocabulary: Vocabulary
) -> tuple[bytes, set[str]]:
    """`data` with each item whose ID is in `changes` changed as its `(kind, issue)` says: `link` adds
    the issue's reference; `done` and `deprioritized` (a decision taken on the issue) tick its checkbox
    (`[x]`, `[-]`) or add `(done)` / `(won't do: …)` where a reference would go. The IDs changed;
    items the edit would not change (an unusual layout) are left as they are."""
    document = read_bytes(data, "", vocabulary)
    pending = {
        item.line: (item, changes[item.id])
        for item in document.actions
        if item.id in changes and not settled(item, changes[item.id][0])
    }
    if document.unreadable is not None or not pending:
        return data, set()
    text = data.decode("utf-8")
    places = _places(document, vocabulary)
    while pending:
        lines = _LINES.findall(text)
        for line, (_, (kind, number)) in pending.items():
            box = _BOX.match(lines[line - 1]) if kind != "link" else None
            if box is not None:
                at = box.start("mark")
                mark = "x" if kind == "done" else "-"
                lines[line - 1] = lines[line - 1][:at] + mark + lines[line - 1][at + 1 :]
                continue
            target, roles = places[line]
            lines[target - 1] = _insert(lines[target - 1], kind, number, roles)
        edited = "".join(lines).encode("utf-8")
        again = {item.line: item for item in read_bytes(edited, "", vocabulary).actions}
        wrong = {line for line, (_, change) in pending.items() if not _made(again.get(line), change)}
        if not wrong:
            return edited, {item.id for item, _ in pending.values()}
        pending = {line: pair for line, pair in pending.items() if line not in wrong}
    return data, set()


def settled(item: ActionItem, kind: str) -> bool:
    """Whether the item has the change of `kind` already: linked, or closed by a decision (a
    decision written in the document is never overwritten by one taken on the issue)."""
    return item.issue is not None if kind == "link" else item.closed


def _made(item: ActionItem | None, change: tuple[str, int]) -> bool:
    """Whether the edited item reads as the change asked."""
    kind, number = change
    if item is None:
        return False
    if kind == "link":
        return item.issue == f"#{number}"
    return item.done if kind == "done" else item.deprioritized


def _places(document: Document, vocabulary: Vocabulary) -> dict[int, tuple[int, _Where]]:
    """For each item's line: the line its reference goes on, and where in that line."""
    lines = document.text.split("\n")
    split = frontmatter.split(document.text)
    offset = split[1] if split else 0
    blocks: dict[int, Block] = {}
    for parsed in parse_blocks("\n".join(lines[offset:]), offset):
        blocks.setdefault(parsed.line, parsed)
    starts = sorted(item.line for item in document.actions)
    bracketed = {item.line for item in document.actions if _BRACKET_FORM.fullmatch(item.raw.strip())}
    places: dict[int, tuple[int, _Where]] = {}
    for index, line in enumerate(starts):
        block = blocks.get(line)
        if block is not None and block.kind == "row":
            places[line] = (line, [vocabulary.action_column(h) for h in block.header])
            continue
        end = block.last_line if block is not None else line
        if index + 1 < len(starts):
            end = min(end, starts[index + 1] - 1)
        places[line] = (max(end, line), "brackets" if line in bracketed else "end")
    return places


def _insert(line: str, kind: str, number: int, where: _Where) -> str:
    """`line` (with its line ending) with the change's text inserted: the reference, or the decision."""
    content = line.rstrip("\r\n")
    ending = line[len(content) :]
    added = _ADDED[kind].format(number) if number or kind == "link" else _ADDED[kind + ":"]
    if where == "brackets":
        at = content.rstrip().rindex("]")
        return content[:at] + added + content[at:] + ending
    if where == "end":
        at = len(content.rstrip(" \t"))
        if content[:at].endswith("\\") and not content[:at].endswith("\\\\"):
            at -= 1  # before a backslash hard break
        return content[:at] + added + content[at:] + ending
    roles = where
    cells = _cells(content)
    issue = roles.index("issue") if "issue" in roles else None
    if (
        kind == "link"
        and issue is not None
        and issue < len(cells)
        and _NO_ISSUE.fullmatch(content[slice(*cells[issue])])
    ):
        start, end = cells[issue]
        cell = content[start:end]
        if cell.strip():  # a placeholder: "| — |" becomes "| #12 |"
            at = start + len(cell) - len(cell.lstrip())
            return content[:at] + f"#{number}" + content[at + len(cell.strip()) :] + ending
        at = start + min(1, end - start)  # after the cell's first space, if it has one
        space = " " if at == end and at > start else ""  # "| |" becomes "| #12 |"
        return content[:at] + f"#{number}{space}" + content[at:] + ending
    text = roles.index("text") if "text" in roles else next((i for i, r in enumerate(roles) if r is None), 0)
    start, end = cells[min(text, len(cells) - 1)]
    at = start + len(content[start:end].rstrip())
    return content[:at] + added + content[at:] + ending


def _cells(row: str) -> list[tuple[int, int]]:
    """The spans of a table row's cells: between pipes that are not escaped, after any `>` quoting."""
    start = len(row) - len(row.lstrip(" \t>"))
    end = len(row.rstrip())
    bars = [i for i in range(start, end) if row[i] == "|" and (i - len(row[:i].rstrip("\\"))) % 2 == 0]
    edges = bars if bars and bars[0] == start else [start - 1, *bars]
    if edges[-1] != end - 1:
        edges.append(end)
    return [(a + 1, b) for a, b in itertools.pairwise(edges)]


# -- the pull request ----------------------------------------------------------------------------


def open_pull_request(
    client: GitHubClient,
    repository: str,
    *,
    base: str,
    links: Sequence[Link],
    vocabulary: Callable[[str], Vocabulary],
    run: str,
    run_url: str | None = None,
) -> Result:
    """Make the edits in the one rolling write-back pull request into `base`: added to it while it is
    open, else on the branch reset to `base`. The files are read on `base` first: what it has already
    is left out, so nothing is opened again after the edits were merged. A pull request closed
    unmerged is a decision: only items it did not hold make a new one. An open one whose branch fell
    behind `base` is rebuilt on it (its edits made again), so it never conflicts. `vocabulary` gives
    each file's vocabulary; `run` names this run in the title."""
    result = Result()
    branch = _Branch(client, repository)
    tip = branch.tip(base)
    files: dict[str, tuple[bytes, str]] = {}
    wanted = _wanted(branch, tip, links, vocabulary, files=files, result=result)
    if not wanted:
        return result
    pulls = branch.pulls()
    current = next((p for p in pulls if p.get("state") == "open"), None)
    if current is None and pulls and not pulls[0].get("merged_at"):
        declined = _marked(pulls[0])
        result.declined = [x for x in wanted if x.token in declined]
        result.declined_url = str(pulls[0].get("html_url") or "") if result.declined else None
        wanted = [x for x in wanted if x.token not in declined]
        if not wanted:
            return result
    compared = branch.compare(tip) if current is not None else {}
    rebuild = current is None or compared.get("behind_by") != 0
    carried: list[Link] = []
    if current is not None and rebuild:  # the open pull request's own edits, made again on `tip`
        held = branch.held(compared, tip, vocabulary)
        carried = _wanted(branch, tip, held, vocabulary, files=files, result=Result())
        tokens = {x.token for x in wanted}
        carried = [x for x in carried if x.token not in tokens]
    changes = _by_path([*wanted, *carried])
    # a branch reset and left half-committed would drop the open pull request's edits: start the
    # writes only when a request cap (the follow-up's) allows them all, each file's commit, the
    # reset's two and the pull request's two (open or update, and its label)
    client.ensure(len(changes) + 2 * rebuild + 2, "the write-back pull request")
    if rebuild:
        branch.reset(tip)
    for path, group in changes.items():
        known = None
        if rebuild:
            edited, changed = apply(files[path][0], group, vocabulary(path))
            known = (edited, files[path][1], changed)
        done = branch.commit(path, group, vocabulary(path), known)
        mine = [x for x in group if x in wanted]
        result.linked += [x for x in mine if x.item_id in done]
        result.missed += [(x, "its line could not take the change") for x in mine if x.item_id not in done]
    if not result.linked:
        return result
    tokens = {x.token for x in result.linked} | _marked(current)
    title = _title(result.linked, run, len(tokens))
    body = _description(result.linked, tokens, run_url)
    result.url = branch.open(base, title, body) if current is None else branch.update(current, title, body)
    return result


def _wanted(
    branch: _Branch,
    tip: str,
    links: Sequence[Link],
    vocabulary: Callable[[str], Vocabulary],
    *,
    files: dict[str, tuple[bytes, str]],
    result: Result,
) -> list[Link]:
    """The links whose change the files at `tip` lack (read into `files`); the others go to `result`:
    present already, or missed and why."""
    wanted: list[Link] = []
    for path, group in _by_path(links).items():
        if path not in files:
            try:
                files[path] = branch.read(path, tip)
            except RateLimitExceeded:
                raise
            except GitHubError as exc:
                result.missed += [(x, f"not read: {exc}") for x in group]
                continue
        there = {item.id: item for item in read_bytes(files[path][0], path, vocabulary(path)).actions}
        for link in group:
            item = there.get(link.item_id)
            if item is None:
                result.missed.append((link, "not in the file on the default branch any more"))
            elif settled(item, link.kind):
                result.present.append(link)
            else:
                wanted.append(link)
    return wanted


def _by_path(links: Sequence[Link]) -> dict[str, list[Link]]:
    grouped: dict[str, list[Link]] = {}
    for link in links:
        grouped.setdefault(link.path, []).append(link)
    return grouped


def apply(data: bytes, links: Sequence[Link], vocabulary: Vocabulary) -> tuple[bytes, set[str]]:
    """`data` with each of `links` made (see `edit`; links before decisions, as an item may have
    both), and the IDs of the items changed."""
    changed: set[str] = set()
    for kind in KINDS:
        chosen = {x.item_id: (x.kind, x.number) for x in links if x.kind == kind}
        if chosen:
            data, made = edit(data, chosen, vocabulary)
            changed |= made
    return data, changed


def _changes(before: bytes, after: bytes, path: str, vocabulary: Vocabulary) -> list[Link]:
    """The changes `after` holds that `before` lacks, item by item (IDs ignore references)."""
    old = {item.id: item for item in read_bytes(before, path, vocabulary).actions}
    found = []
    for item in read_bytes(after, path, vocabulary).actions:
        was = old.get(item.id)
        number = _NUMBER.fullmatch(item.issue or "")
        if was is None:
            continue
        if number and not was.issue:
            found.append(Link(path, item.id, item.line, int(number.group(1))))
        if item.closed and not was.closed:  # a decision; its issue's number is not needed to make it again
            kind = "done" if item.done else "deprioritized"
            found.append(Link(path, item.id, item.line, int(number.group(1)) if number else 0, kind))
    return found


def _marked(pull: Mapping[str, Any] | None) -> set[str]:
    """The changes a write-back pull request holds, from the marker in its description."""
    body = pull.get("body") if pull else None
    found = _MARKER.search(body) if isinstance(body, str) else None
    return set(found.group(1).split()) if found else set()


class _Branch:
    """The write-back branch and its pull request, and the requests that read and change them."""

    def __init__(self, client: GitHubClient, repository: str) -> None:
        self.client = client
        self.repository = repository

    def tip(self, base: str) -> str:
        """The commit `base` points at now."""
        found = self.client.get(
            f"/repos/{self.repository}/git/ref/heads/{quote(base, safe='/')}",
            permission=CONTENTS_READ,
            needs={"object": dict},
        )
        sha = found["object"].get("sha")
        if not isinstance(sha, str):
            raise GitHubError(f"the branch {base} has no commit GitHub reports")
        return sha

    def compare(self, tip: str) -> dict[str, Any]:
        """How the branch stands to `tip`: `behind_by` commits, and the `files` it changed."""
        found = self.client.get(
            f"/repos/{self.repository}/compare/{tip}...{quote(BRANCH, safe='')}", permission=CONTENTS_READ
        )
        return found if isinstance(found, dict) else {}

    def held(
        self, compared: Mapping[str, Any], tip: str, vocabulary: Callable[[str], Vocabulary]
    ) -> list[Link]:
        """The changes the branch makes to the files it changed (`compared`, from `compare`)."""
        held: list[Link] = []
        for entry in compared.get("files") or []:
            path = entry.get("filename") if isinstance(entry, dict) else None
            if isinstance(path, str) and entry.get("status") in ("modified", "changed"):
                try:
                    held += _changes(
                        self.read(path, tip)[0], self.read(path, BRANCH)[0], path, vocabulary(path)
                    )
                except RateLimitExceeded:
                    raise
                except GitHubError:
                    continue  # gone from the default branch: nothing to carry over
        return held

    def read(self, path: str, ref: str) -> tuple[bytes, str]:
        """The file's bytes at `ref` and its blob SHA; over 1 MB through the git blobs API, which the
        contents API leaves empty for such files."""
        found = self.client.get(self._contents(path), {"ref": ref}, permission=CONTENTS_READ)
        if (
            not isinstance(found, dict)
            or found.get("type") != "file"
            or not isinstance(found.get("sha"), str)
        ):
            raise GitHubError(f"{path} at {ref[:12]} is not a file")
        blob = str(found["sha"])
        if found.get("encoding") != "base64":
            found = self.client.get(f"/repos/{self.repository}/git/blobs/{blob}", permission=CONTENTS_READ)
            if not isinstance(found, dict) or found.get("encoding") != "base64":
                raise GitHubError(f"{path} at {ref[:12]}: GitHub returns no content for it (over 100 MB?)")
        return base64.b64decode(str(found.get("content") or "")), blob

    def pulls(self) -> list[dict[str, Any]]:
        """The write-back pull requests our own identity opened, newest first."""
        head = f"{self.repository.split('/', maxsplit=1)[0]}:{BRANCH}"
        found = self.client.paginate(
            self._pulls, {"head": head, "state": "all"}, permission=PULLS_READ, needs=_PULL
        )
        me = own_identity(self.client)
        return sorted((p for p in found if me.wrote(p)), key=lambda p: -p["number"])

    def reset(self, sha: str) -> None:
        """Point the branch at `sha`, making it if it is not there (deleted after a merge, say)."""
        made = self.client.create(
            f"/repos/{self.repository}/git/refs",
            {"ref": f"refs/heads/{BRANCH}", "sha": sha},
            permission=CONTENTS_WRITE,
        )
        if not made:
            self.client.patch(
                f"/repos/{self.repository}/git/refs/heads/{BRANCH}",
                {"sha": sha, "force": True},
                permission=CONTENTS_WRITE,
            )

    def commit(
        self,
        path: str,
        links: Sequence[Link],
        vocabulary: Vocabulary,
        known: tuple[bytes, str, set[str]] | None,
    ) -> set[str]:
        """Put the edited file (content, the blob SHA it replaces, the items changed) on the branch;
        read it there first when `known` is None or it changed under us (409, also after our write's
        answer was lost). The IDs of the items the branch has the change for."""
        for _ in range(_ATTEMPTS):
            if known is None:
                data, blob = self.read(path, BRANCH)
                there = read_bytes(data, path, vocabulary).actions
                present = {i.id for i in there for x in links if i.id == x.item_id and settled(i, x.kind)}
                edited, changed = apply(data, links, vocabulary)
                if not changed:
                    return present
                known = (edited, blob, changed | present)
            body = {
                "message": f"postmortem-lint write-back: {path}",
                "content": base64.b64encode(known[0]).decode("ascii"),
                "sha": known[1],
                "branch": BRANCH,
            }
            try:
                self.client.request("PUT", self._contents(path), body=body, permission=CONTENTS_WRITE)
            except GitHubError as exc:
                if exc.status != 409:
                    raise
                known = None
                continue
            return known[2]
        raise GitHubError(f"{path} kept changing on {BRANCH}; not linked")

    def open(self, base: str, title: str, body: str) -> str:
        """Open the pull request (or find the one a concurrent run opened) and label it."""
        for _ in range(2):
            try:
                made = self.client.post(
                    self._pulls,
                    {"title": title, "head": BRANCH, "base": base, "body": body},
                    permission=PULLS_WRITE,
                    needs=_PULL,
                )
            except WriteOutcomeUnknown:
                pass
            except GitHubError as exc:
                if exc.status != 422:  # 422: one is open already
                    raise
            else:
                return self._label(made)
            found = next((p for p in self.pulls() if p.get("state") == "open"), None)
            if found is not None:
                return self.update(found, title, body)
        raise GitHubError(f"could not open or find the pull request from {BRANCH}")

    def update(self, pull: Mapping[str, Any], title: str, body: str) -> str:
        """Bring the open pull request's title and description up to date, when they changed."""
        if (pull.get("title"), pull.get("body")) != (title, body):
            pull = self.client.patch(
                f"{self._pulls}/{pull['number']}",
                {"title": title, "body": body},
                permission=PULLS_WRITE,
                needs=_PULL,
            )
        return self._label(pull)

    def _label(self, pull: Mapping[str, Any]) -> str:
        names = {str(x.get("name")) for x in pull.get("labels") or [] if isinstance(x, dict)}
        if LABEL not in names:
            self.client.post(
                f"/repos/{self.repository}/issues/{pull['number']}/labels",
                {"labels": [LABEL]},
                permission=PULLS_WRITE,
            )
        return str(pull.get("html_url") or "")

    @property
    def _pulls(self) -> str:
        return f"/repos/{self.repository}/pulls"

    def _contents(self, path: str) -> str:
        return f"/repos/{self.repository}/contents/{quote(path, safe='/')}"


def _title(linked: Sequence[Link], run: str, count: int) -> str:
    """Which postmortems (this run's) and which run, so each write-back reads apart from the last."""
    names = sorted({x.path.rsplit("/", 1)[-1] for x in linked})
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    kinds = {x.kind for x in linked}
    verb = (
        "Link" if kinds == {"link"} else "Record decisions on" if "link" not in kinds else "Link and update"
    )
    head = f"{verb} {plural(count, 'postmortem action item')}{' to issues' if verb == 'Link' else ''}: "
    return one_line(f"{head}{shown} ({run})", 250)


def _description(linked: Sequence[Link], tokens: set[str], run_url: str | None) -> str:
    numbers = sorted({int(t.rsplit(":", 1)[1]) for t in tokens})
    by = f"[this run]({run_url})" if run_url else "this run"
    lines = [
        "This appends each action item's issue reference to the item, so later runs see it is tracked "
        "even if its text is edited, and writes down the decisions taken on the items' issues: closed as "
        "completed is done, closed as not planned is deprioritized. Nothing else in the files changes. "
        "postmortem-lint keeps this one pull request up to date while it is open; closing it unmerged "
        "declines these edits.",
        "",
        f"Added by {by}:",
        "",
    ]
    rows = [
        f"- {inline(x.path, 300)}, line {x.line}: {_SAYS[x.kind].format(x.number)}" for x in linked[:_LISTED]
    ]
    if len(linked) > _LISTED:
        rows.append(f"- and {len(linked) - _LISTED} more")
    tail = ["", f"In all: {', '.join(f'#{n}' for n in numbers)}", "", MARKER.format(" ".join(sorted(tokens)))]
    room = BODY_LIMIT - body_size("\n".join(lines + tail)) - 2  # the marker is kept whole: it is the state
    return "\n".join([*lines, *fit_rows(rows, room, _CUT), *tail]) + "\n"


def notes(result: Result, doing: str) -> list[str]:
    """What the write-back did, for the job summary: `doing` is e.g. "linking {} to {}" (the items,
    their issues)."""
    found = []
    if result.url:
        items = plural(len(result.linked), "item")
        what = doing.format(items, "its issue" if len(result.linked) == 1 else "their issues")
        found.append(f"Write-back: [pull request]({result.url}) {what}.")
    if result.present:
        found.append(
            f"Write-back: nothing to do for {plural(len(result.present), 'item')}: "
            "the default branch has them."
        )
    if result.declined:
        found.append(
            f"Write-back: {plural(len(result.declined), 'item')} left as they are: the [pull request]"
            f"({result.declined_url}) that held them was closed without merging."
        )
    found += [
        f"Not written back: {inline(x.path, 300)}:{x.line}: {inline(why, 400)}." for x, why in result.missed
    ]
    return found
