"""Hostile and arbitrary input: the reader never raises, never hangs, and every line it names exists.

Property tests (hypothesis) feed arbitrary text and Markdown built from postmortem-shaped fragments.
Hostile-input tests feed long runs of the characters regexes trip on ("a:", "[", "*", "1:1:1:", ...)
through the reader and the CLI, and 400,000-character runs through `dates` and `markup`, in a
subprocess: its 60 s timeout is only a hang guard (a backtracking regex takes hours on these lines,
a quadratic one in `dates` or `markup` minutes on the long ones), never a timing assertion.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_lint.engine.config import Config
from postmortem_lint.engine.linter import check_document
from postmortem_lint.model import Document
from postmortem_lint.reader import read_bytes, read_text
from postmortem_lint.rules.examples import COMPLETE

CONFIG = Config.default()
VOCABULARY = CONFIG.vocabulary
FUZZ = settings(max_examples=300, deadline=None, database=None)
HANG_GUARD = 60  # seconds

FRAGMENTS = [
    *(
        f"{'#' * level} {name}"
        for level in (1, 2, 3)
        for name in ("Summary", "Impact", "Timeline", "Action Items")
    ),
    "## Trigger Event",
    "## What Worked Well",
    "**Impact:** 18% of requests failed",
    "**Timeline**",
    "- 14:02 deploy",
    "* 2026-08-19 13:30-13:45 UTC retries",
    "1. 3pm PT alert fires",
    "- [ ] Add alert — @maria — due 2026-09-01 (#12)",
    "- [x] ~~Rotate keys~~ owner: lee, due: next sprint",
    "  - Owner: @dev-lee",
    "| Time | Event |",
    "| Action | Owner | Due |",
    "|---|---|",
    "| 14:02 | deploy |",
    "| [Fix](https://x/issues/1) | @a | Dec 1, 2026 |",
    "---",
    "...",
    "title: Outage",
    "date: 2026-13-45",
    "a: &x [1]",
    "b: *x",
    "  <<: *x",
    "- list",
    "[",
    "{",
    "> quote",
    "```",
    "<!-- comment",
    "-->",
    "<details>",
    "Date: 19.09.2023",
    "Severity: SEV2",
    "All times in PT",
    "2026-08-19 (all times UTC)",
    "",
    " ",
    "\t",
    "\r",
]
_LINE = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12))
MARKDOWN = st.lists(_LINE, max_size=30).map("\n".join)


def assert_lines_exist(document: Document) -> None:
    """Every line the reader reports is a line of the file."""
    last = max(document.line_count, 1)
    found = [
        *(s.line for s in document.sections),
        *(e.line for e in document.timeline),
        *(a.line for a in document.actions),
        *(f.line for f in document.fields.values()),
        *([document.unreadable.line] if document.unreadable else []),
    ]
    assert all(1 <= line <= last for line in found), (found, last)


@FUZZ
@given(st.text())
def test_read_text_never_raises_on_arbitrary_text(text: str) -> None:
    assert_lines_exist(read_text(text, "pm.md", VOCABULARY))


@FUZZ
@given(st.binary())
def test_read_bytes_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    document = read_bytes(data, "pm.md", VOCABULARY)
    if document.unreadable is not None:
        assert 1 <= document.unreadable.line <= data.count(b"\n") + data.count(b"\r") + 1


@FUZZ
@given(MARKDOWN)
def test_read_text_never_raises_on_markdown(text: str) -> None:
    assert_lines_exist(read_text(text, "pm.md", VOCABULARY))


@FUZZ
@given(MARKDOWN)
def test_front_matter_never_raises(text: str) -> None:
    assert_lines_exist(read_text("---\n" + text + "\n---\n# Outage\n", "pm.md", VOCABULARY))


@FUZZ
@given(MARKDOWN)
def test_checking_never_raises(text: str) -> None:
    check_document(read_text(COMPLETE + text, "pm.md", VOCABULARY), CONFIG)


# --- hostile input --------------------------------------------------------------------------------

REPEATS = 10_000  # lines of 10-80 KB: a backtracking regex takes hours, and the suite stays quick
PIECES = [
    "a:", "[", "*", "1:1:1:", "-", " ", "@a", "due ", "**", "_", "<!--", "{{", "](", "(", "`", "\t", "![",
    "by ", "http://a", "✅ ", "owner: ", "12:00 ", "Dec 1 ", "[a](", "<a", "~~", "|", "> ", "#", "a ", "\\",
]  # fmt: skip


def guarded(*args: str) -> subprocess.CompletedProcess[str]:
    """Run Python with `args`; the timeout only stops a hang."""
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=HANG_GUARD, check=False
    )


def hostile(piece: str) -> str:
    """The complete postmortem with `piece` repeated in a paragraph, a timeline bullet, an action item,
    an action table row and a heading, each a single line."""
    run = piece * REPEATS
    text = COMPLETE
    for heading, body in (
        ("## Summary\n\n", f"Note: {run}\n\n"),
        ("## Timeline\n\n", f"- {run}\n"),
        ("## Action Items\n\n", f"- [ ] {run}\n\n| Action | Owner |\n|---|---|\n| {run} | {run} |\n\n"),
        ("## Impact\n\n", f"### {run}\n\n"),
    ):
        at = text.index(heading) + len(heading)
        text = text[:at] + body + text[at:]
    return text


def nested(depth: int) -> str:
    """Lists and quotes nested `depth` deep, in the action items."""
    lists = "".join("  " * level + f"- item {level} due 2026-09-01 @a\n" for level in range(depth))
    quotes = "".join(">" * level + f" quote {level}\n" for level in range(1, depth))
    return COMPLETE.replace("## Action Items\n\n", f"## Action Items\n\n{lists}\n{quotes}\n")


LINEAR_HELPERS = """\
import sys
from postmortem_lint import dates, markup
for piece in sys.argv[1:]:
    text = piece * (400_000 // len(piece))
    markup.plain(text), markup.normalise_label(text)
    dates.find_date(text), dates.find_time(text), dates.stated_timezone(text)
    print(repr(piece))
"""


def test_dates_and_markup_stay_linear_on_long_lines() -> None:
    """400,000 characters: a quadratic pattern would take minutes here, a linear one a blink."""
    pieces = [
        *PIECES, "1 ", "1:1 ", "12 p", "12:00-", "Dec ", "1 Dec ", "1st of ", "all times ", "all times are ",
        "2026-", "2026-1-", "1/1/", "1.1.", "UTC+", ")", "<", "<http://a", "![a](", "[a][", "-->", "_a", "a*",
    ]  # fmt: skip
    done = guarded("-c", LINEAR_HELPERS, *pieces)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [repr(piece) for piece in pieces]


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Piece -> its hostile file, and "nested" -> deeply nested lists and quotes."""
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for number, piece in enumerate(PIECES):
        files[piece] = folder / f"{number:02d}.md"
        files[piece].write_bytes(hostile(piece).encode())
    files["nested"] = folder / "nested.md"
    files["nested"].write_text(nested(500))
    return files


READ_ALL = """\
import sys
from postmortem_lint.reader import read_path
from postmortem_lint.reader.vocabulary import Vocabulary
for name in sys.argv[1:]:
    document = read_path(name, Vocabulary.default())
    print(name, document.unreadable is None, ",".join(sorted({s.kind or "" for s in document.sections})))
"""


def test_reader_survives_hostile_input(hostile_files: dict[str, Path]) -> None:
    paths = [str(path) for path in hostile_files.values()]
    done = guarded("-c", READ_ALL, *paths)
    assert (done.returncode, done.stderr) == (0, "")
    rows = [line.split() for line in done.stdout.splitlines()]
    assert [row[0] for row in rows] == paths
    assert all(row[1] == "True" for row in rows)  # all under 2 MB, all read
    kinds = ",".join(sorted({s.kind or "" for s in read_text(COMPLETE, "pm.md", VOCABULARY).sections}))
    assert all(row[2] == kinds for row in rows)  # the postmortem's sections are all still found


def test_cli_survives_hostile_input(hostile_files: dict[str, Path]) -> None:
    paths = [str(path) for path in hostile_files.values()]
    done = guarded("-m", "postmortem_lint", "check", "--format", "json", *paths)
    assert done.stderr == ""
    assert done.returncode in (0, 1)
    report = json.loads(done.stdout)
    assert [f["path"] for f in report["files"]] == paths
    assert not [f for f in report["findings"] if f["rule"] == "PM000"]
