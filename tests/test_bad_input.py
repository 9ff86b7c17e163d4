"""Bad input through the CLI: one clear finding at the offending line, the other files still checked.

Decisions pinned here: a `---` first line with no closing `---` is no front matter (the file is read
as Markdown, as GitHub renders it); a directory named `x.md` is searched like any directory; an
empty file, or one with only front matter, is "not a postmortem" (one PM001).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from postmortem_lint.model import Problem
from postmortem_lint.reader import MAX_BYTES, read_path
from postmortem_lint.reader.vocabulary import Vocabulary
from postmortem_lint.rules import RULES, Context, Rule
from postmortem_lint.rules.missing_section import NOT_A_POSTMORTEM
from tests.conftest import Run

Write = Callable[[str, "str | bytes"], Path]

BODY = "# Outage\n\n## Summary\n\nThe API failed.\n"
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")


def only_finding(run: Run, path: Path) -> str:
    """Check one file, expect exactly one finding and exit 1; return the finding's line."""
    code, out, err = run("check", str(path))
    lines = out.splitlines()
    assert (code, err, len(lines)) == (1, "", 2), out
    assert lines[1] == "Found 1 error in 1 of 1 file checked."
    return lines[0]


def unreadable(run: Run, path: Path, line: int) -> str:
    """The PM000 message for `path`, asserting it is the only finding and sits at `line`."""
    prefix = f"{path}:{line}:1: PM000 unreadable [error] "
    found = only_finding(run, path)
    assert found.startswith(prefix), found
    return found[len(prefix) :]


# --- encodings and binary content ---------------------------------------------------------------


def test_non_utf8_byte_is_reported_at_its_line(run: Run, write: Write) -> None:
    path = write("pm.md", b"# Outage\n\nfine\n\xc3\x28 broken\n")
    assert unreadable(run, path, 4) == "not valid UTF-8 (byte 0xc3); save the file as UTF-8"


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_non_utf8_line_counts_crlf_and_lone_cr_as_one_line_end(
    run: Run, write: Write, newline: bytes
) -> None:
    path = write("pm.md", newline.join([b"# Outage", b"", b"caf\xe9", b""]))
    assert unreadable(run, path, 3).startswith("not valid UTF-8 (byte 0xe9)")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_byte_order_mark_ask_for_utf8(run: Run, write: Write, encoding: str) -> None:
    path = write("pm.md", BODY.encode(encoding))
    label = encoding.upper()
    assert unreadable(run, path, 1) == f"file is encoded as {label}; save it as UTF-8"


def test_utf8_byte_order_mark_is_accepted(run: Run, write: Write, complete_postmortem: str) -> None:
    path = write("pm.md", complete_postmortem.encode("utf-8-sig"))
    assert run("check", str(path))[:2] == (0, "No problems found (1 file checked).\n")


def test_binary_content_is_reported_at_the_first_nul(run: Run, write: Write) -> None:
    path = write("pm.md", b"# Outage\n\ntext\n\x89PNG\x00\x01\x02\n")
    assert unreadable(run, path, 4) == "binary content (NUL byte); not a Markdown text file"


def test_file_over_the_size_bound_is_not_read(run: Run, write: Write) -> None:
    path = write("big.md", b"# Outage\n" + b"a" * MAX_BYTES)
    assert unreadable(run, path, 1) == "file is larger than 2 MB; not read"


def test_file_at_the_size_bound_is_read(run: Run, write: Write) -> None:
    path = write("big.md", b"a" * MAX_BYTES)
    assert NOT_A_POSTMORTEM in only_finding(run, path)


# --- front matter -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front_matter", "line", "message"),
    [
        ("title: Outage\nseverity: SEV2\n  tier: 2\n", 4, "mapping values are not allowed here"),
        ("title: Outage\nseverity: [SEV2, SEV3\n\n", 3, "while parsing a flow sequence"),
        ("title: 'Outage\nseverity: SEV2\n", 2, "while scanning a quoted scalar"),
        ("title: Outage\n\tseverity: SEV2\n", 3, "found character '\\t' that cannot start any token"),
        ("title: Outage\ntitle: Again\n", 3, 'found duplicate key "title"'),
        ("title: Outage\ndate: 2026-13-45\n", 3, "cannot read '2026-13-45': month must be in 1..12"),
        ("title: Outage\nrun: !!python/object:os.system x\n", 3, "could not determine a constructor"),
        ("title: Outage\nnote: bell \x07\n", 3, "character U+0007 is not allowed in YAML"),
        ("title: Outage\nsystems: " + "[" * 50 + "]" * 50 + "\n", 3, "nested more than 20 levels deep"),
    ],
    ids=["indent", "unclosed-list", "unclosed-quote", "tab", "duplicate", "bad-date", "python-tag",
         "control-char", "deep"],
)  # fmt: skip
def test_invalid_front_matter_is_reported_at_the_yaml_error_line(
    run: Run, write: Write, front_matter: str, line: int, message: str
) -> None:
    path = write("pm.md", f"---\n{front_matter}---\n{BODY}")
    found = unreadable(run, path, line)
    assert found.startswith("invalid front matter: ") or "nested" in found
    assert message in found


def test_front_matter_error_line_is_right_with_crlf(run: Run, write: Write) -> None:
    path = write("pm.md", "---\r\ntitle: Outage\r\nseverity: [SEV2\r\n---\r\n# Outage\r\n")
    assert "while parsing a flow" in unreadable(run, path, 3)


@pytest.mark.parametrize(
    ("front_matter", "what"), [("- SEV2\n- checkout\n", "a list"), ("just some text\n", "a single value")]
)
def test_front_matter_that_is_not_a_mapping(run: Run, write: Write, front_matter: str, what: str) -> None:
    path = write("pm.md", f"---\n{front_matter}---\n{BODY}")
    assert unreadable(run, path, 2).startswith(f"front matter must be `key: value` lines, not {what}")


BILLION_LAUGHS = """\
---
title: lol
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
---
# lol
"""
ALIASES_REFUSED = "front matter uses YAML anchors or aliases, which are refused; write the values out"


def test_alias_bomb_is_refused_at_the_first_anchor(run: Run, write: Write) -> None:
    assert unreadable(run, write("pm.md", BILLION_LAUGHS), 3) == ALIASES_REFUSED


@pytest.mark.parametrize(
    ("front_matter", "line"),
    [
        ("title: Outage\ndefaults: &x {severity: SEV2}\nincident:\n  <<: *x\n", 3),
        ("title: Outage\nincident:\n  <<: *x\n", 4),
    ],
    ids=["anchored", "undefined-anchor"],
)
def test_merge_key_is_refused(run: Run, write: Write, front_matter: str, line: int) -> None:
    path = write("pm.md", f"---\n{front_matter}---\n{BODY}")
    assert unreadable(run, path, line) == ALIASES_REFUSED


def test_unclosed_front_matter_is_read_as_markdown(run: Run, write: Write) -> None:
    path = write("pm.md", "---\ntitle: [not yaml\n\n# Outage\n\n## Summary\n\nThe API failed.\n")
    code, out, _ = run("check", str(path))
    assert code == 1
    assert "PM000" not in out
    assert f"{path}:4:1: PM001 missing-section [error] " in out  # the Markdown was checked


def test_file_with_only_front_matter_is_not_a_postmortem(run: Run, write: Write) -> None:
    path = write("pm.md", "---\ntitle: Outage\ndate: 2026-08-19\n---\n")
    assert only_finding(run, path) == f"{path}:1:1: PM001 missing-section [error] {NOT_A_POSTMORTEM}"


# --- files that are not postmortems -------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "",
        "\n\n  \t\n",
        "# my-tool\n\nA CLI.\n\n## Installation\n\n    pip install my-tool\n\n## Usage\n\n"
        "- `my-tool run`\n- `my-tool --help`\n\n## Contributing\n\n| Step | What |\n|---|---|\n"
        "| 1 | Fork |\n\n## License\n\nMIT\n",
    ],
    ids=["empty", "whitespace", "readme"],
)
def test_not_a_postmortem_gets_exactly_one_finding(run: Run, write: Write, content: str) -> None:
    path = write("README.md", content)
    assert only_finding(run, path) == f"{path}:1:1: PM001 missing-section [error] {NOT_A_POSTMORTEM}"


# --- line endings -------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_crlf_and_cr_line_endings_keep_line_numbers(
    run: Run, write: Write, complete_postmortem: str, newline: str
) -> None:
    good = write("good.md", complete_postmortem.replace("\n", newline).encode())
    assert run("check", str(good))[:2] == (0, "No problems found (1 file checked).\n")
    text = complete_postmortem.replace("severity: SEV2", "severity: awful").replace(
        "- 14:31 rollback", "- rollback"
    )
    bad = write("bad.md", text.replace("\n", newline).encode())
    code, out, _ = run("check", str(bad))
    assert code == 1
    assert f"{bad}:4:1: PM003 invalid-field [error] " in out  # in the front matter
    assert f"{bad}:28:1: PM203 " in out  # in the Markdown


# --- unreadable paths ---------------------------------------------------------------------------


def test_directory_named_like_a_postmortem_is_searched(
    run: Run, tmp_path: Path, complete_postmortem: str
) -> None:
    folder = tmp_path / "2026-08-19-outage.md"
    (folder / "inner").mkdir(parents=True)
    (folder / "inner" / "pm.md").write_text(complete_postmortem.replace("severity: SEV2", "severity: awful"))
    code, out, _ = run("check", str(folder))
    assert code == 1
    assert out.splitlines()[0].startswith(f"{folder / 'inner' / 'pm.md'}:4:1: PM003 ")


def test_reading_a_directory_is_a_finding_not_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "x.md"
    folder.mkdir()
    problem = read_path(folder, Vocabulary.default()).unreadable
    assert problem is not None
    assert problem.line == 1
    # Windows refuses to open a directory at all
    assert problem.message in ("cannot read file: Is a directory", "cannot read file: Permission denied")


@POSIX
def test_broken_symlink(run: Run, tmp_path: Path, complete_postmortem: str) -> None:
    (tmp_path / "good.md").write_text(complete_postmortem)
    (tmp_path / "dangling.md").symlink_to(tmp_path / "gone.md")
    code, out, err = run("check", str(tmp_path))
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"{tmp_path / 'dangling.md'}:1:1: PM000 unreadable [error] cannot read file: broken symbolic link to "
        f"{tmp_path / 'gone.md'}",
        "Found 1 error in 1 of 2 files checked.",
    ]


@POSIX
def test_symlink_loop_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    problem = read_path(tmp_path / "a.md", Vocabulary.default()).unreadable
    assert problem is not None
    assert (problem.line, problem.message) == (1, "cannot read file: Too many levels of symbolic links")


@POSIX
def test_symlink_loop_in_a_run(run: Run, tmp_path: Path, complete_postmortem: str) -> None:
    (tmp_path / "good.md").write_text(complete_postmortem)
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    code, out, _ = run("check", str(tmp_path))
    assert code == 1
    assert out.splitlines()[0] == (
        f"{tmp_path / 'loop.md'}:1:1: PM000 unreadable [error] "
        "cannot read file: Too many levels of symbolic links"
    )


@POSIX
def test_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    # a subprocess only so that a regression hangs one child (killed after 60 s), not the suite
    done = subprocess.run(
        [sys.executable, "-m", "postmortem_lint", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines()[0] == (
        f"{tmp_path / 'pipe.md'}:1:1: PM000 unreadable [error] cannot read file: "
        "it is a named pipe (FIFO), not a regular file"
    )


@POSIX
def test_device_is_refused_without_reading_it() -> None:
    problem = read_path("/dev/zero", Vocabulary.default()).unreadable
    assert problem is not None
    assert (problem.line, problem.message) == (
        1,
        "cannot read file: it is a character device, not a regular file",
    )


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root reads files whatever their mode"
)
def test_file_without_read_permission(run: Run, write: Write) -> None:
    path = write("pm.md", BODY)
    path.chmod(0)
    assert unreadable(run, path, 1) == "cannot read file: Permission denied"


# --- several files in one run -------------------------------------------------------------------


def test_bad_files_do_not_stop_the_good_ones(run: Run, write: Write, complete_postmortem: str) -> None:
    good = write("run/a-good.md", complete_postmortem)
    write("run/b-latin1.md", "# Café\n".encode("latin-1"))
    write("run/c-bomb.md", BILLION_LAUGHS)
    write("run/d-big.md", b"x" * (MAX_BYTES + 1))
    write("run/e-readme.md", "# Tool\n\nInstall it.\n")
    warned = write("run/f-warning.md", complete_postmortem.replace("- 14:31 rollback started", "- rollback"))
    code, out, err = run("check", "--format", "json", str(good.parent))
    data = json.loads(out)
    assert (code, err) == (1, "")
    assert [(Path(f["path"]).name, f["line"], f["rule"]) for f in data["findings"]] == [
        ("b-latin1.md", 1, "PM000"),
        ("c-bomb.md", 3, "PM000"),
        ("d-big.md", 1, "PM000"),
        ("e-readme.md", 1, "PM001"),
        ("f-warning.md", 28, "PM203"),
    ]
    tiers = {Path(f["path"]).name: f["tier"] for f in data["files"]}
    assert tiers == {
        "a-good.md": 2,
        "b-latin1.md": None,
        "c-bomb.md": None,
        "d-big.md": None,
        "e-readme.md": 2,
        "f-warning.md": 2,
    }
    # the warning alone fails only with --fail-on warning
    assert run("check", str(good), str(warned))[0] == 0
    assert run("check", "--fail-on", "warning", str(good), str(warned))[0] == 1


def test_unexpected_error_is_one_line_naming_the_file(
    run: Run, write: Write, complete_postmortem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
        raise ValueError("first line\nsecond line " + "x" * 1000)

    broken = Rule("PM998", "broken", RULES["PM001"].severity, explode, "Broken.", "", "")
    monkeypatch.setitem(RULES, broken.id, broken)
    path = write("pm.md", complete_postmortem)
    code, out, err = run("check", str(path))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(
        f"postmortem-lint: internal error while checking {path}: ValueError: first line second line xxx"
    )
    detail = err.split(f"{path}: ", 1)[1].split(" (please report this at https://", 1)[0]
    assert len(detail) == 200 and detail.endswith("xxx...")
