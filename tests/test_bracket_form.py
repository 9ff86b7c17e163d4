"""The guide's bracket form `- [Owner] [Due date] [Specific fix]`: filled in it is an action item, each
bracket read by what it holds; a bracket is a template prompt only when it reads like one."""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem_lint.reader import read_text
from postmortem_lint.reader.brackets import classify, is_prompt
from postmortem_lint.reader.vocabulary import Vocabulary
from postmortem_lint.rules.examples import COMPLETE
from tests.conftest import Run
from tests.lint import findings

HEAD = COMPLETE[: COMPLETE.index("## Action Items")]  # incident 2026-08-19, SEV2, tier 2
FIRST_ITEM = HEAD.count("\n") + 3


def postmortem(items: str) -> str:
    return f"{HEAD}## Action Items\n\n{items}"


def on_item(items: str, line_offset: int = 0) -> list[str]:
    """`rule: message` of every finding on the item `line_offset` lines after the first."""
    line = FIRST_ITEM + line_offset
    return [f"{f.rule}: {f.message}" for f in findings(postmortem(items)) if f.line == line]


@pytest.mark.parametrize(
    ("item", "owners", "due", "done", "text"),
    [
        (
            "[@rkim] [2026-09-10] [Add a config validation step that rejects pool sizes below 20]",
            ("@rkim",),
            "2026-09-10",
            False,
            "Add a config validation step that rejects pool sizes below 20",
        ),
        (
            "[Maria López] [Sep 10, 2026] [Add a config validation step that rejects pool sizes below 20]",
            ("Maria López",),
            "2026-09-10",
            False,
            "Add a config validation step that rejects pool sizes below 20",
        ),
        (
            "[ ] [@rkim] [2026-09-10] [Add a config validation step that rejects pool sizes below 20]",
            ("@rkim",),
            "2026-09-10",
            False,
            "Add a config validation step that rejects pool sizes below 20",
        ),
        (
            "[x] [@rkim] [2026-09-10] [Add a config validation step that rejects pool sizes below 20]",
            ("@rkim",),
            "2026-09-10",
            True,
            "Add a config validation step that rejects pool sizes below 20",
        ),
        (  # by what each bracket holds, not by its place
            "[2026-09-10] [Add a config validation step that rejects pool sizes below 20] [@rkim]",
            ("@rkim",),
            "2026-09-10",
            False,
            "Add a config validation step that rejects pool sizes below 20",
        ),
    ],
    ids=["handle", "name-and-written-date", "task-box", "done-box", "any-order"],
)
def test_filled_in_bracket_form_is_an_action_item(
    item: str, owners: tuple[str, ...], due: str, done: bool, text: str
) -> None:
    [read] = read_text(postmortem(f"- {item}\n"), "pm.md", Vocabulary.default()).actions
    assert (read.owners, str(read.due), read.done, read.text, read.prompts) == (owners, due, done, text, ())
    assert on_item(f"- {item}\n") == []


def test_a_bracket_with_a_part_missing_is_read_by_what_it_holds() -> None:
    items = (
        "- [2026-09-10] [Add a disk usage alert at 80% on all search nodes]\n"
        "- [@jo] [Move the cleanup job into the search-indexer cron]\n"
    )
    [no_owner] = on_item(items)
    assert no_owner.startswith('PM101: "Add a disk usage alert at 80% on all search nodes" has no owner')
    assert [m[:5] for m in on_item(items, 1)] == ["PM103"]


def test_the_bare_template_line_is_one_placeholder_finding_and_nothing_else() -> None:
    items = "- [Owner] [Due date] [Specific fix]\n- [ ] [Owner] [Due date] [Specific fix]\n"
    for offset in (0, 1):
        [only] = on_item(items, offset)
        assert only.startswith('PM004: template text left in: "[Owner]", "[Due date]", "[Specific fix]"')


def test_a_prompt_is_a_prompt_wherever_it_stands_and_only_it_is_quoted() -> None:
    [only] = on_item("- [@rkim] [Specific fix] [2026-09-10]\n")
    assert only.startswith('PM004: template text left in: "[Specific fix]";')
    [only] = on_item("- [e.g. @maria] [2026-09-10] [Add a disk usage alert at 80% on all search nodes]\n")
    assert only.startswith('PM004: template text left in: "[e.g. @maria]";')
    [only] = on_item("- [TBD] [2026-09-10] [Add a disk usage alert at 80% on all search nodes]\n")
    assert only.startswith('PM004: template text left in: "[TBD]";')


def test_outside_action_items_an_instruction_in_brackets_is_still_a_prompt() -> None:
    text = COMPLETE.replace("## Impact\n", "## Impact\n\n[Add the number of failed checkouts]\n", 1)
    [found] = findings(text, "PM004")
    assert found.message.startswith('template text left in: "[Add the number of failed checkouts]";')


@pytest.mark.parametrize(
    "items",
    [
        "- Add a disk usage alert at 80% on all search nodes — @jo — due Sep 6\n",
        "- [@jo] [Sep 6] [Add a disk usage alert at 80% on all search nodes]\n",
        "| Action | Owner | Due |\n|---|---|---|\n"
        "| Add a disk usage alert at 80% on all search nodes | @jo | Sep 6 |\n",
    ],
    ids=["after-due", "bracket", "table-cell"],
)
def test_a_due_date_without_a_year_takes_the_incidents(items: str) -> None:
    [item] = read_text(postmortem(items), "pm.md", Vocabulary.default()).actions
    assert str(item.due) == "2026-09-06"  # the incident is 2026-08-19
    assert findings(postmortem(items), "PM104") == []


def test_an_unreadable_due_date_hints_at_another_date() -> None:
    [found] = findings(
        postmortem("- [@jo] [Feb 30] [Add a disk usage alert at 80% on all search nodes]\n"), "PM104"
    )
    assert found.message.endswith(
        'is due "Feb 30", which is not a calendar date: write one date, e.g. "due 2026-09-18"'
    )
    no_date = postmortem("- [@jo] [Sep 6] [Add a disk usage alert at 80% on all search nodes]\n").replace(
        "date: 2026-08-19\n", ""
    )
    [found] = findings(no_date, "PM104")
    assert found.message.endswith('e.g. "due YYYY-MM-DD"')


@pytest.mark.parametrize(
    ("item", "issue", "text"),
    [
        ("[@jo] [2026-09-10] [Add a disk usage alert at 80% on all search nodes] (PAY-881)", "PAY-881", None),
        (
            "Add a disk usage alert at 80% on all search nodes — @jo — due 2026-09-10 — OPS-1320",
            "OPS-1320",
            None,
        ),
        (
            "Add a disk usage alert at 80% on all search nodes (see OPS-1320) — @jo — due 2026-09-10",
            "OPS-1320",
            None,
        ),
        (
            "[@jo] [2026-09-10] [Sign webhooks with SHA-256 on the SEV-2 path]",
            None,
            "Sign webhooks with SHA-256 on the SEV-2 path",
        ),
        ("[@jo] [2026-09-10] [Serve the API over HTTP-2]", None, "Serve the API over HTTP-2"),
        (
            "[@jo] [2026-09-10] [Add the [retry] flag to the export job]",
            None,
            "Add the [retry] flag to the export job",
        ),
    ],
    ids=["enclosed-key", "last-key", "led-in-key", "sev-and-sha", "http-2", "nested-bracket"],
)
def test_a_tracker_key_is_the_items_issue_and_brackets_of_the_text_stay(
    item: str, issue: str | None, text: str | None
) -> None:
    [read] = read_text(postmortem(f"- {item}\n"), "pm.md", Vocabulary.default()).actions
    assert read.issue == issue
    assert read.text == (text or "Add a disk usage alert at 80% on all search nodes")


def test_the_actions_command_shows_the_fix_without_the_form_s_brackets(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text(postmortem("- [@jo] [2026-09-10] [Add the [retry] flag to the export job] (PAY-881)\n"))
    code, out, _ = run("actions", str(path))
    assert code == 0
    assert f"{path}:{FIRST_ITEM}: [ ] Add the [retry] flag to the export job (@jo; 2026-09-10" in out
    assert out.splitlines()[0].endswith("; PAY-881)")


@pytest.mark.parametrize(
    ("brackets", "kinds"),
    [
        (["@jo", "2026-10-01", "Fix DNS"], ["owner", "due", "text"]),  # a short fix is no second owner
        (["Maria López", "Oct 28"], ["owner", "due"]),
        (["@jo", "Add an alert by 2026-10-01 for X"], ["owner", "text"]),  # a fix that names a date
        (["@jo", "next sprint", "Fix it next week"], ["owner", "due", "text"]),
        (["@jo", "By adding X we fix Y"], ["owner", "text"]),
        (["@jo", "Due to a bug, fix X"], ["owner", "text"]),
        (["@jo", "due: 2026-10-01", "X"], ["owner", "due", "text"]),
        (["Platform team", "end of Q3", "Add X"], ["owner", "due", "text"]),
        (["@jo", "Oct 28, 2026 (end of sprint)", "Add X"], ["owner", "due", "text"]),
        (["Owner", "Due date", "Specific fix"], ["prompt", "prompt", "prompt"]),
        (["e.g. @maria", "YYYY-MM-DD", "TBD"], ["prompt", "prompt", "prompt"]),
    ],
)
def test_each_bracket_is_classified_by_what_it_holds(brackets: list[str], kinds: list[str]) -> None:
    assert classify(brackets, "") == kinds


@pytest.mark.parametrize(
    ("content", "prompt"),
    [
        ("Owner", True), ("Owner/Team", True), ("Date (YYYY-MM-DD)", True), ("@handle", True), ("TBD", True),
        ("e.g. 47 minutes", True), ("Specific fix", True), ("Owner: @maria", False), ("@rkim", False),
        ("Maria López", False), ("Add a disk usage alert at 80%", False),
        ("A short description of the fix", True), ("Description of the fix", True),
        ("Two or three sentences: what broke", True), ("Owner name goes here", True),
        ("Add a description of the rollback to runbooks/db.md", False),
    ],
)  # fmt: skip
def test_a_bracket_in_an_action_item_is_a_prompt_only_when_it_reads_like_one(
    content: str, prompt: bool
) -> None:
    assert is_prompt(content, in_action=True) is prompt


def test_a_prose_prompt_as_an_action_item_is_a_placeholder_and_nothing_else() -> None:
    [only] = on_item("- [A short description of the fix, in one sentence]\n")
    assert only.startswith('PM004: template text left in: "[A short description of the fix, in o..."')
