"""Write-back: a pull request that appends each new issue's reference, `(#123)`, to its action item.

Nothing else in a file changes, byte for byte: line endings, trailing spaces, a byte-order mark and the
front matter stay as they are (the front matter is never edited). A list item or paragraph gets the
reference at the end of its first paragraph; a table row gets it in an empty Issue cell, or after the
action text. Each edit is checked by reading the file again: an item the reader would not then see as
linked is left untouched and reported. Once linked, later runs skip the item even if its text is edited.

The files are read and written through the API at the merge commit, so a shallow checkout is enough.
The branch name is derived from the links, so a re-run finds its own branch and pull request.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote

from postmortem_lint.github.client import GitHubClient, GitHubError, WriteOutcomeUnknown
from postmortem_lint.github.markdown_safety import inline
from postmortem_lint.model import ActionItem, Document
from postmortem_lint.reader import frontmatter, read_bytes
from postmortem_lint.reader.blocks import Block, parse_blocks
from postmortem_lint.vocabulary import Vocabulary

CONTENTS_READ = "contents: read"
CONTENTS_WRITE = "contents: write"
PULLS_WRITE = "pull-requests: write"
BRANCH_PREFIX = "postmortem-lint/link-issues-"
TITLE = "Link postmortem action items to their issues"
_ATTEMPTS = 3
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# `- [ ] [Owner] [Due date] [Specific fix]`: the reference goes inside the last brackets
_BRACKET_FORM = re.compile(r"(?:\[[ xX]\]\s*)?\[[^\]\n]*\]\s*\[[^\]\n]*\]\s*\[[^\[\]\n]*\]")


_Where = Literal["end", "brackets"] | list[str | None]  # a table row: its columns' roles


@dataclass(frozen=True)
class Link:
    path: str
    item_id: str  # the item's ID within its file (`ActionItem.id`)
    line: int
    number: int  # the issue


@dataclass
class Result:
    url: str | None = None  # the pull request
    linked: list[Link] = field(default_factory=list)
    missed: list[tuple[Link, str]] = field(default_factory=list)  # and why


# -- the edit ------------------------------------------------------------------------------------


def add_references(data: bytes, numbers: Mapping[str, int], vocabulary: Vocabulary) -> tuple[bytes, set[str]]:
    """`data` with the issue reference added to each unlinked item whose ID is in `numbers`, and the
    IDs it linked. Items the edit would not link (an unusual layout) are left as they are."""
    document = read_bytes(data, "", vocabulary)
    pending = {item.line: item for item in document.actions if item.id in numbers and not item.issue}
    if document.unreadable is not None or not pending:
        return data, set()
    text = data.decode("utf-8")
    places = _places(document, vocabulary)
    while pending:
        lines = _LINES.findall(text)
        for line, item in pending.items():
            target, roles = places[line]
            lines[target - 1] = _insert(lines[target - 1], numbers[item.id], roles)
        edited = "".join(lines).encode("utf-8")
        again = {item.line: item for item in read_bytes(edited, "", vocabulary).actions}
        wrong = {line for line, item in pending.items() if _linked(again.get(line)) != f"#{numbers[item.id]}"}
        if not wrong:
            return edited, {item.id for item in pending.values()}
        pending = {line: item for line, item in pending.items() if line not in wrong}
    return data, set()


def _linked(item: ActionItem | None) -> str | None:
    return item.issue if item is not None else None


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


def _insert(line: str, number: int, where: _Where) -> str:
    """`line` (with its line ending) with the reference inserted."""
    content = line.rstrip("\r\n")
    ending = line[len(content) :]
    if where == "brackets":
        at = content.rstrip().rindex("]")
        return content[:at] + f" (#{number})" + content[at:] + ending
    if where == "end":
        at = len(content.rstrip(" \t"))
        if content[:at].endswith("\\") and not content[:at].endswith("\\\\"):
            at -= 1  # before a backslash hard break
        return content[:at] + f" (#{number})" + content[at:] + ending
    roles = where
    cells = _cells(content)
    issue = roles.index("issue") if "issue" in roles else None
    if issue is not None and issue < len(cells) and not content[slice(*cells[issue])].strip():
        start, end = cells[issue]
        at = start + min(1, end - start)  # after the cell's first space, if it has one
        space = " " if at == end and at > start else ""  # "| |" becomes "| #12 |"
        return content[:at] + f"#{number}{space}" + content[at:] + ending
    text = roles.index("text") if "text" in roles else next((i for i, r in enumerate(roles) if r is None), 0)
    start, end = cells[min(text, len(cells) - 1)]
    at = start + len(content[start:end].rstrip())
    return content[:at] + f" (#{number})" + content[at:] + ending


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


def branch_name(links: Sequence[Link]) -> str:
    """The same links give the same branch, so a re-run finds the branch and pull request it made."""
    text = "\n".join(sorted(f"{x.path}\0{x.item_id}\0{x.number}" for x in links))
    return BRANCH_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:12]


def open_pull_request(
    client: GitHubClient,
    repository: str,
    *,
    base: str,
    sha: str,
    links: Sequence[Link],
    vocabularies: Mapping[str, Vocabulary],
) -> Result:
    """Edit the files on a new branch from `sha` and open a pull request into `base`."""
    result = Result()
    by_path: dict[str, list[Link]] = {}
    for link in links:
        by_path.setdefault(link.path, []).append(link)
    branch = _Branch(client, repository, branch_name(links))
    edits: dict[str, tuple[bytes, str]] = {}  # path -> (edited content, the blob SHA it replaces)
    for path, group in by_path.items():
        data, blob = branch.read(path, sha)
        edited, linked = add_references(data, _numbers(group), vocabularies[path])
        result.linked += [x for x in group if x.item_id in linked]
        result.missed += [
            (x, "its line could not take a reference") for x in group if x.item_id not in linked
        ]
        if linked:
            edits[path] = (edited, blob)
    if not edits:
        return result
    fresh = branch.create(sha)
    for path, first in edits.items():
        # On a branch an earlier run made, the file is read there: it may hold the references already.
        branch.commit(path, _numbers(by_path[path]), vocabularies[path], first if fresh else None)
    result.url = branch.pull_request(base, _description(result.linked, sha))
    return result


def _numbers(links: Sequence[Link]) -> dict[str, int]:
    return {x.item_id: x.number for x in links}


class _Branch:
    """The write-back branch, and the requests that read and change it."""

    def __init__(self, client: GitHubClient, repository: str, name: str) -> None:
        self.client = client
        self.repository = repository
        self.name = name

    def create(self, sha: str) -> bool:
        """Create the branch at `sha`; False when it exists already (made by an earlier run)."""
        return self.client.create(
            f"/repos/{self.repository}/git/refs",
            {"ref": f"refs/heads/{self.name}", "sha": sha},
            permission=CONTENTS_WRITE,
        )

    def read(self, path: str, ref: str) -> tuple[bytes, str]:
        """The file's bytes at `ref` and its blob SHA."""
        found = self.client.get(self._contents(path), {"ref": ref}, permission=CONTENTS_READ)
        if not isinstance(found, dict) or found.get("type") != "file" or found.get("encoding") != "base64":
            raise GitHubError(f"{path} at {ref[:12]}: not a file the contents API returns (over 1 MB?)")
        return base64.b64decode(str(found.get("content") or "")), str(found.get("sha"))

    def commit(
        self, path: str, numbers: Mapping[str, int], vocabulary: Vocabulary, known: tuple[bytes, str] | None
    ) -> None:
        """Put the edited file (content, and the blob SHA it replaces) on the branch; read it there
        first when `known` is None or it changed under us (409, also after our write's answer was lost)."""
        for _ in range(_ATTEMPTS):
            if known is None:
                data, blob = self.read(path, self.name)
                edited, linked = add_references(data, numbers, vocabulary)
                if not linked:
                    return  # the branch has the references already
                known = (edited, blob)
            body = {
                "message": f"Link the action items of {path} to their issues",
                "content": base64.b64encode(known[0]).decode("ascii"),
                "sha": known[1],
                "branch": self.name,
            }
            try:
                self.client.request("PUT", self._contents(path), body=body, permission=CONTENTS_WRITE)
            except GitHubError as exc:
                if exc.status != 409:
                    raise
                known = None
                continue
            return
        raise GitHubError(f"{path} kept changing on {self.name}; not linked")

    def pull_request(self, base: str, body: str) -> str:
        """Open the pull request, or find the one an earlier run opened."""
        pulls = f"/repos/{self.repository}/pulls"
        head = f"{self.repository.split('/', maxsplit=1)[0]}:{self.name}"
        for _ in range(2):
            try:
                made = self.client.post(
                    pulls,
                    {"title": TITLE, "head": self.name, "base": base, "body": body},
                    permission=PULLS_WRITE,
                )
            except WriteOutcomeUnknown:
                pass
            except GitHubError as exc:
                if exc.status != 422:  # 422: one is open already, or there is nothing to merge
                    raise
            else:
                return str(made["html_url"])
            for found in self.client.paginate(pulls, {"head": head, "state": "all"}, permission=PULLS_WRITE):
                if isinstance(found, dict) and found.get("html_url"):
                    return str(found["html_url"])
        raise GitHubError(f"could not open or find the pull request from {self.name}")

    def _contents(self, path: str) -> str:
        return f"/repos/{self.repository}/contents/{quote(path, safe='/')}"


def _description(linked: Sequence[Link], sha: str) -> str:
    lines = [
        f"The action items below got issues when commit {sha[:7]} was merged. This appends each issue's "
        "reference to its item, so later runs see it is tracked even if its text is edited. Nothing "
        "else in the files changes.",
        "",
    ]
    lines += [f"- {inline(x.path, 300)}, line {x.line}: #{x.number}" for x in linked]
    return "\n".join(lines) + "\n"
