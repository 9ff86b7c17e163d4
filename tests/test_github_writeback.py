"""Write-back: the pull request that appends `(#123)` to each action item that got an issue.

The edit itself is checked on many layouts and on the real corpus (every change is an inserted
reference, nothing else moves); the pull request runs through the CLI against the fake server, whose
small git store validates the refs, contents and pulls requests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postmortem_lint.github.issues import LABEL as ISSUE_LABEL
from postmortem_lint.github.issues import item_key, marker
from postmortem_lint.github.markdown_safety import BODY_LIMIT
from postmortem_lint.github.writeback import BRANCH, LABEL, add_references, edit
from postmortem_lint.reader import read_bytes
from postmortem_lint.reader.vocabulary import Vocabulary
from tests.actions_env import NAME, REPO
from tests.conftest import Run
from tests.test_github_client import Clock
from tests.test_github_issues import THREE, Repo, actions, repo, with_items

__all__ = ["repo"]  # the fixture, shared with the issue tests

VOCABULARY = Vocabulary.default()
LAYOUTS = """\ufeff---
title: Gateway pool exhausted  # the front matter is never touched
date: 2026-08-19
---
# Gateway pool exhausted

## Action Items

- [ ] Add alert on queue depth — @maria — due 2026-09-01\x20\x20\x20
- Move the pool size into shared config,
  with a CI check that prod >= 40 — @dev-lee — due 2026-09-10\\
  - Owner: @dev-lee
  - Due: 2026-09-10
1. Update the runbook {#runbook} — @sam — due 2026-09-15
- [Maria] [2026-09-20] [Add a canary stage to deploys]
- [x] Roll back the deploy — @maria

| Action | Owner | Due | Issue |
| --- | --- | --- | --- |
| Add dashboard for pool saturation | @maria | 2026-09-03 | |
| Alert on 5xx rate \\| by region | @kim | 2026-09-04 |  |

> | Action | Owner |
> |--|--|
> | Review timeouts in the gateway client | @lee |

**Action item:** Add synthetic checkout probe. Owner: @maria, due 2026-09-30
"""


def inserted_only(before: bytes, after: bytes) -> list[bytes]:
    """The references `after` adds to `before`, one per changed line; fails if anything else changed
    (a reference never adds a line, so the files are compared line by line)."""
    old, new = before.split(b"\n"), after.split(b"\n")
    assert len(old) == len(new)
    chunks = []
    for a, b in zip(old, new, strict=True):
        if a == b:
            continue
        spans = [
            span
            for m in re.finditer(rb"#\d+", b)
            for span in ((m.start(), m.end()), (m.start(), m.end() + 1), (m.start() - 2, m.end() + 1))
        ]
        found = [
            b[i:j] for i, j in spans if re.fullmatch(rb" \(#\d+\)|#\d+ ?", b[i:j]) and b[:i] + b[j:] == a
        ]
        assert found, f"not just a reference added: {a!r} -> {b!r}"
        chunks.append(found[0])
    return chunks


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_references_are_inserted_and_nothing_else_changes(newline: str) -> None:
    data = LAYOUTS.replace("\n", newline).encode("utf-8")
    items = read_bytes(data, NAME, VOCABULARY).actions
    numbers = {item.id: 100 + index for index, item in enumerate(items) if not item.done}

    edited, linked = add_references(data, numbers, VOCABULARY)

    assert linked == set(numbers)
    chunks = inserted_only(data, edited)
    assert len(chunks) == len(numbers)
    assert edited.split(b"# Gateway")[0] == data.split(b"# Gateway")[0]  # BOM and front matter
    again = {item.line: item for item in read_bytes(edited, NAME, VOCABULARY).actions}
    for item in items:
        assert again[item.line].issue == (f"#{numbers[item.id]}" if item.id in numbers else None)
        assert again[item.line].text == item.text
    text = edited.decode("utf-8")
    assert "due 2026-09-01 (#100)   " + newline in text  # before trailing spaces ...
    assert "due 2026-09-10 (#101)\\" + newline in text  # ... and a backslash line break
    assert "[Add a canary stage to deploys (#103)]" in text
    assert "| 2026-09-03 | #105 |" in text and "| 2026-09-04 | #106 |" in text  # the empty Issue cells
    assert "> | Review timeouts in the gateway client (#107) | @lee |" in text


def test_linked_items_and_unknown_ids_are_left_alone() -> None:
    data = LAYOUTS.encode("utf-8")
    items = read_bytes(data, NAME, VOCABULARY).actions
    edited, linked = add_references(data, {items[0].id: 7, "not-an-item": 8}, VOCABULARY)
    assert linked == {items[0].id}
    assert inserted_only(data, edited) == [b" (#7)"]
    once_more, again = add_references(edited, {items[0].id: 9}, VOCABULARY)
    assert (once_more, again) == (edited, set())


def test_a_placeholder_in_the_issue_cell_is_replaced_by_the_reference() -> None:
    data = (
        "# Outage\n\n## Action Items\n\n| Action | Owner | Due | Issue |\n| --- | --- | --- | --- |\n"
        "| Add alert on queue depth | @maria | 2026-09-03 | — |\n"
        "| Add a canary stage | @kim | 2026-09-04 | n/a |\n"
        "| Review timeouts | @lee | 2026-09-05 |-|\n"
    ).encode()
    numbers = {item.id: 12 + n for n, item in enumerate(read_bytes(data, NAME, VOCABULARY).actions)}

    edited, linked = add_references(data, numbers, VOCABULARY)

    assert linked == set(numbers)
    assert edited == (
        data.replace(b"| \xe2\x80\x94 |", b"| #12 |")
        .replace(b"| n/a |", b"| #13 |")
        .replace(b"|-|", b"|#14|")
    )
    assert [item.issue for item in read_bytes(edited, NAME, VOCABULARY).actions] == ["#12", "#13", "#14"]


def test_decisions_taken_on_issues_are_written_as_the_reader_reads_them() -> None:
    data = LAYOUTS.encode("utf-8")
    items = [item for item in read_bytes(data, NAME, VOCABULARY).actions if not item.done]
    changes = {item.id: ("done" if n % 2 else "deprioritized", 40 + n) for n, item in enumerate(items)}

    edited, changed = edit(data, changes, VOCABULARY)

    assert changed == set(changes)
    again = {item.line: item for item in read_bytes(edited, NAME, VOCABULARY).actions}
    for item in items:
        kind = changes[item.id][0]
        assert (again[item.line].done, again[item.line].deprioritized) == (kind == "done", kind != "done")
        assert again[item.line].text == item.text or kind != "done"
    text = edited.decode("utf-8")
    assert "- [-] Add alert on queue depth" in text  # a checkbox is ticked, nothing added
    assert "due 2026-09-10 (done)\\" in text  # before the hard break, as a reference would be
    assert "(won't do: its issue #44 was closed as not planned)" in text
    assert edit(edited, changes, VOCABULARY) == (edited, set())  # decided already: left alone


def test_every_item_of_the_real_corpus_takes_its_reference(corpus: Path) -> None:
    files = linked_items = 0
    for path in sorted(corpus.glob("*.md")):
        data = path.read_bytes()
        items = [item for item in read_bytes(data, path.name, VOCABULARY).actions if not item.issue]
        if not items:
            continue
        numbers = {item.id: 9000 + index for index, item in enumerate(items)}
        edited, linked = add_references(data, numbers, VOCABULARY)
        assert linked == set(numbers), path.name
        assert len(inserted_only(data, edited)) == len(numbers), path.name
        files += 1
        linked_items += len(linked)
    assert files >= 20 and linked_items >= 100


# -- the pull request ----------------------------------------------------------------------------


def merged(repo: Repo, text: str, name: str = NAME) -> bytes:
    """`text` as the postmortem `name` of the merge commit, in the checkout and on the fake's main."""
    return merged_files(repo, {name: text})[name]


def merged_files(repo: Repo, files: dict[str, str]) -> dict[str, bytes]:
    """`files` as the postmortems of the merge commit, in the checkout and on the fake's main branch
    (the commit before it changes the README, so each merge is a commit of its own)."""
    data = {name: repo.write(name, text).encode("utf-8") for name, text in files.items()}
    repo.fake.commit({"README.md": f"# incidents {len(repo.fake.trees)}\n".encode()})
    before = repo.fake.branches["main"]
    after = repo.fake.commit(data)
    repo.push([(name, "modified") for name in files], before=before, after=after)
    repo.monkeypatch.setenv("GITHUB_SHA", after)
    return data


def pull_requests(repo: Repo) -> list[dict[str, object]]:
    return [{**repo.fake.issues[n], **p} for n, p in sorted(repo.fake.pulls.items())]


def write_back(run: Run) -> tuple[int, str, str]:
    return run("github", "--write-back", "pull-request", "--write-interval", "0")


def test_the_write_back_pull_request_only_appends_the_references(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    original = merged(repo, with_items(complete_postmortem, THREE))
    items = actions(original.decode())

    code, out, err = write_back(run)

    assert (code, err) == (0, "")
    [pull] = pull_requests(repo)
    assert pull["base"] == "main" and pull["head"] == BRANCH and pull["labels"] == [LABEL]
    sha = repo.fake.branches["main"][:7]
    assert (
        pull["title"] == f"Link 3 postmortem action items to issues: {NAME.split('/')[-1]} (merge of {sha})"
    )
    for number, item in enumerate(items, start=1):
        assert f"{NAME}, line {item.line}: #{number}" in str(pull["body"])
    edited = repo.fake.file(BRANCH, NAME)
    assert inserted_only(original, edited) == [b" (#1)", b" (#2)", b" (#3)"]
    assert repo.fake.file("main", NAME) == original  # the default branch itself is not written
    url = f"https://github.com/{REPO}/pull/4"
    assert f"Write-back: [pull request]({url}) linking 3 items to their issues." in repo.summary()
    assert repo.outputs()["write-back-url"] == url
    puts = [r for r in repo.fake.writes() if r.method == "PUT"]
    assert len(puts) == 1 and puts[0].body["branch"] == BRANCH

    # A re-run finds its branch and pull request, which have everything: not one write.
    writes = len(repo.fake.writes())
    assert write_back(run)[0] == 0
    assert len(pull_requests(repo)) == 1 and len(repo.fake.writes()) == writes
    assert repo.fake.file(BRANCH, NAME) == edited and repo.outputs()["write-back-url"] == url

    # Merged and its branch deleted: the default branch has the references, so a re-run of the
    # same merge opens nothing (it compares with the default branch first).
    repo.fake.merge_pull(4)
    assert write_back(run)[0] == 0
    assert len(pull_requests(repo)) == 1 and len(repo.fake.writes()) == writes
    assert "nothing to do for 3 items: the default branch has them" in repo.summary()
    assert repo.outputs()["write-back-url"] == ""

    # Once merged, the items are linked: edited or not, they get no second issue.
    linked = repo.fake.file("main", NAME).decode()
    merged(repo, linked.replace("Add alert for payment-gateway", "Add an alert for the payment-gateway"))
    code, out, _ = write_back(run)
    assert code == 0 and len(repo.issues()) == 3
    assert [f"linked to #{n}" in out for n in (1, 2, 3)] == [True, True, True]
    assert len(pull_requests(repo)) == 1


def test_a_second_merge_while_the_write_back_is_open_adds_to_it(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    merged(repo, with_items(complete_postmortem, THREE))
    assert write_back(run)[0] == 0
    other = "postmortems/2026-09-02-search.md"
    second = merged(repo, with_items(complete_postmortem, THREE.splitlines(keepends=True)[0]), other)

    code, _, err = write_back(run)
    assert (code, err) == (0, ""), err

    [pull] = pull_requests(repo)  # still one, now with both files' edits
    assert inserted_only(second, repo.fake.file(BRANCH, other)) == [b" (#5)"]
    assert b"(#1)" in repo.fake.file(BRANCH, NAME)
    assert str(pull["title"]).startswith("Link 4 postmortem action items to issues: 2026-09-02-search.md")
    assert "In all: #1, #2, #3, #5" in str(pull["body"]) and f"{other}, line" in str(pull["body"])
    assert "linking 1 item to its issue." in repo.summary()
    repo.fake.merge_pull(4)  # merging it conflicts with nothing: there is no other write-back
    assert repo.fake.file("main", other).count(b"(#5)") == 1


def test_a_write_back_closed_unmerged_is_respected_until_new_items_need_linking(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    merged(repo, with_items(complete_postmortem, THREE))
    assert write_back(run)[0] == 0
    repo.fake.close_pull(4)
    writes = len(repo.fake.writes())

    assert write_back(run)[0] == 0

    assert len(pull_requests(repo)) == 1 and len(repo.fake.writes()) == writes
    assert "3 items left as they are: the [pull request]" in repo.summary()
    assert repo.outputs()["write-back-url"] == ""

    text = (
        repo.fake.file("main", NAME).decode()
        + "- [ ] Add a canary stage to deploys — @maria — due 2026-09-12\n"
    )
    data = merged(repo, text)
    assert write_back(run)[0] == 0

    first, second = pull_requests(repo)
    assert first["state"] == "closed" and second["state"] == "open"
    assert "In all: #5\n" in str(second["body"])  # only the new item; the declined ones stay declined
    assert inserted_only(data, repo.fake.file(BRANCH, NAME)) == [b" (#5)"]  # the branch was reset


def test_a_file_over_1_mb_is_read_through_the_git_blobs_api(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    padding = "".join(
        f"- Step {n}: the on-call engineer checked the gateway logs again.\n" for n in range(20_000)
    )
    text = with_items(complete_postmortem, THREE).replace("## Action Items", padding + "\n## Action Items")
    original = merged(repo, text)
    assert 1024 * 1024 < len(original) < 2 * 1024 * 1024

    assert write_back(run)[0] == 0

    assert len(pull_requests(repo)) == 1
    assert inserted_only(original, repo.fake.file(BRANCH, NAME)) == [b" (#1)", b" (#2)", b" (#3)"]
    assert any("/git/blobs/" in r.path for r in repo.fake.requests)


def test_a_file_that_cannot_be_read_is_skipped_with_a_note_and_the_rest_linked(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    other = "postmortems/2026-09-02-search.md"
    data = merged_files(
        repo, {NAME: with_items(complete_postmortem, THREE), other: with_items(complete_postmortem, THREE)}
    )
    repo.fake.inject("GET", f"/contents/{other}$", "404")

    assert write_back(run)[0] == 0

    assert len(pull_requests(repo)) == 1
    assert inserted_only(data[NAME], repo.fake.file(BRANCH, NAME)) == [b" (#1)", b" (#2)", b" (#3)"]
    assert repo.fake.file(BRANCH, other) == data[other]
    assert f"Not written back: {other}:" in repo.summary() and "not read:" in repo.summary()


def test_the_repository_setting_that_forbids_pull_requests_is_named(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    merged(repo, with_items(complete_postmortem, THREE))
    repo.fake.forbid_pulls = True

    code, _, err = write_back(run)

    assert code == 2 and "Allow GitHub Actions to create and approve pull requests" in err
    assert "Workflow permissions" in err and "needs `permissions" not in err


def test_items_tracked_before_write_back_was_on_are_linked_too(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    original = merged(repo, with_items(complete_postmortem, THREE))
    assert run("github", "--write-interval", "0")[0] == 0  # issues, no write-back
    assert repo.fake.pulls == {}
    text = original.decode() + "- [ ] Add a canary stage to gateway deploys — @maria — due 2026-09-12\n"
    merged(repo, text)

    assert run("github", "--write-back", "pull-request", "--write-interval", "0")[0] == 0

    [pull] = pull_requests(repo)
    edited = repo.fake.file(str(pull["head"]), NAME)
    assert inserted_only(text.encode(), edited) == [b" (#1)", b" (#2)", b" (#3)", b" (#4)"]


def test_a_lost_answer_to_the_file_update_adds_no_second_reference(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    original = merged(repo, with_items(complete_postmortem, THREE))
    repo.fake.inject("PUT", "/contents/", "drop-after")  # applied; the client retries, GitHub says 409

    result = repo.merge_once(Clock(), write_back=True)

    assert result.problems == [] and result.pull_request is not None
    [pull] = pull_requests(repo)
    assert inserted_only(original, repo.fake.file(str(pull["head"]), NAME)) == [b" (#1)", b" (#2)", b" (#3)"]
    assert [r.status for r in repo.fake.requests if r.method == "PUT"] == [0, 409]


@pytest.mark.parametrize("answer", ["list-after", "object-after"])
def test_a_write_back_pull_request_answered_with_no_pull_request_fails_in_one_line_and_is_not_opened_twice(
    repo: Repo, run: Run, complete_postmortem: str, answer: str
) -> None:
    merged(repo, with_items(complete_postmortem, THREE))
    repo.fake.inject("POST", "/pulls$", answer)  # opened, but the answer is no pull request

    code, _, err = write_back(run)

    assert code == 2 and err.count("\n") == 1 and "internal error" not in err
    assert f"write-back pull request: POST /repos/{REPO}/pulls: GitHub's answer " in err
    assert len(repo.created()) == 3  # the issues are opened and reported

    assert write_back(run)[0] == 0  # the re-run finds and labels the one it opened
    [pull] = pull_requests(repo)
    assert (
        pull["labels"] == [LABEL] and repo.outputs()["write-back-url"] == f"https://github.com/{REPO}/pull/4"
    )


def test_a_description_over_github_s_limit_is_cut_and_keeps_its_marker(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    """200 items in files with long names, every `_` of which the description escapes."""
    names = [f"postmortems/{k}" + "x_" * 118 + ".md" for k in range(2)]
    items = "".join(
        f"- [ ] Add alert number {n} for the gateway queue — @maria — due 2026-09-01\n" for n in range(100)
    )
    merged_files(repo, {name: with_items(complete_postmortem, items) for name in names})
    for k, name in enumerate(names):  # tracked by issues opened before write-back was on
        for n, item in enumerate(actions(with_items(complete_postmortem, items), name)):
            repo.fake.add_issue(
                100 + 100 * k + n, item.text, marker(item_key(name, item)), labels=(ISSUE_LABEL,)
            )

    code, _, err = write_back(run)

    assert (code, err) == (0, ""), err
    [pull] = pull_requests(repo)
    body = str(pull["body"])
    assert len(body.encode("utf-16-le")) // 2 <= BODY_LIMIT
    assert "(over GitHub's size limit" in body
    tokens = re.search(r"<!-- postmortem-lint:write-back ([^>]*) -->\n$", body)
    assert tokens is not None and len(tokens.group(1).split()) == 200  # the state is whole


def test_dry_run_opens_no_write_back(repo: Repo, run: Run, complete_postmortem: str) -> None:
    merged(repo, with_items(complete_postmortem, THREE))
    assert run("github", "--write-back", "pull-request", "--dry-run", "true")[0] == 0
    assert repo.fake.writes() == []


def test_a_refused_write_back_fails_the_step_after_the_issues(
    repo: Repo, run: Run, complete_postmortem: str
) -> None:
    merged(repo, with_items(complete_postmortem, THREE))
    repo.fake.inject("POST", "/pulls$", "403", times=1)

    code, _, err = run("github", "--write-back", "pull-request", "--write-interval", "0")

    assert code == 2 and "write-back pull request" in err and "403" in err
    assert len(repo.created()) == 3  # the outputs are set before the step fails
    assert "The write-back pull request failed" in repo.summary()


def test_only_our_own_write_back_pull_requests_count(repo: Repo, run: Run, complete_postmortem: str) -> None:
    merged(repo, with_items(complete_postmortem, THREE))
    marker = "<!-- postmortem-lint:write-back link:1 link:2 link:3 -->"  # "declines" what the run will link
    repo.fake.issues[50] = {"title": "x", "body": marker, "state": "closed", "labels": [], "pull": True}
    repo.fake.pulls[50] = {"head": BRANCH, "base": "main", "user": "mallory"}

    assert write_back(run)[0] == 0

    [ours] = [n for n, p in repo.fake.pulls.items() if p["user"] != "mallory"]
    assert repo.fake.issues[ours]["state"] == "open" and "left as they are" not in repo.summary()
