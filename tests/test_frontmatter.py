"""Front matter: where it ends, what it holds, and the line of every refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from postmortem_lint.reader import frontmatter
from postmortem_lint.reader.frontmatter import MAX_CHARS, MAX_DEPTH, FrontMatterError, parse, split


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: x\n---\n# T\n", ("title: x\n", 3)),
        ("---  \ntitle: x\n...\n# T\n", ("title: x\n", 3)),  # YAML's document end closes too
        ("---\n---\n", ("", 2)),
        ("---\na: 1\nb: 2\n---", ("a: 1\nb: 2\n", 4)),
        ("---\r\ntitle: x\n---\n", ("title: x\n", 3)),
    ],
)
def test_split(text: str, expected: tuple[str, int]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "# T\n---\ntitle: x\n---\n",  # not at the start
        "---\ntitle: x\n# T\n",  # never closed: the file is Markdown
        " ---\ntitle: x\n---\n",
        "----\ntitle: x\n---\n",
        "---",
        "",
    ],
)
def test_no_front_matter(text: str) -> None:
    assert split(text) is None


def test_values_and_key_lines() -> None:
    source = 'title: Outage\n"severity": SEV2\nsystems:\n  - api\n  - db\ndate: 2026-08-19\n1: one\n'
    matter = parse(source)
    assert matter.data == {
        "title": "Outage",
        "severity": "SEV2",
        "systems": ["api", "db"],
        "date": dt.date(2026, 8, 19),
        "1": "one",
    }
    assert matter.lines == {"title": 2, "severity": 3, "systems": 4, "date": 7}


def test_a_nested_key_is_not_taken_for_a_top_level_one() -> None:
    matter = parse("incident:\n  title: inner\ntitle: outer\n")
    assert matter.lines["title"] == 4


def test_empty_and_comment_only_front_matter_is_an_empty_mapping() -> None:
    assert parse("").data == {}
    assert parse("# nothing yet\n").data == {}


def error(source: str, first_line: int = 2) -> tuple[int, str]:
    with pytest.raises(FrontMatterError) as caught:
        parse(source, first_line)
    return caught.value.line, caught.value.message


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("a: 1\nb: &x 2\n", 3),  # an anchored scalar
        ("a: 1\nb: &x [1, 2]\n", 3),  # an anchored list
        ("a: 1\nb: &x\n  c: 1\n", 3),  # an anchored mapping
        ("a: 1\nb: *x\n", 3),  # an alias to nothing
        ("a: 1\nb:\n  <<: *x\n", 4),  # a merge key
    ],
)
def test_anchors_and_aliases_are_refused_at_their_line(source: str, line: int) -> None:
    assert error(source) == (
        line,
        "front matter uses YAML anchors or aliases, which are refused; write the values out",
    )


def test_nesting_is_bounded() -> None:
    """The top-level mapping counts: `a: [[...]]` with MAX_DEPTH - 1 lists is the deepest allowed."""
    nested = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    expected: list[object] = []
    for _ in range(MAX_DEPTH - 2):
        expected = [expected]
    assert parse(f"a: {nested}\n").data == {"a": expected}
    line, message = error(f"a: 1\nb: [{nested}]\n")
    assert (line, message) == (3, f"front matter is nested more than {MAX_DEPTH} levels deep")


def test_errors_count_from_the_given_first_line() -> None:
    assert error("a: 1\n  b: 2\n", first_line=10)[0] == 11


def test_unexpected_end_points_at_what_was_left_open() -> None:
    line, message = error("a: 1\nb: {c: 1,\n\n\n")
    assert line == 3
    assert message.startswith("invalid front matter: while parsing a flow node, expected the node content")


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_unicode_line_separators_do_not_push_the_line_past_the_block(separator: str) -> None:
    """ruamel breaks lines at these too; Markdown does not. The line stays inside the front matter."""
    line, _ = error(f"a: 1{separator * 50}b: [\n")
    assert line == 2


def test_huge_integer_is_an_error_at_its_line() -> None:
    line, message = error("a: 1\nb: " + "9" * 5000 + "\n")
    assert line == 3
    assert message.startswith(f"invalid front matter: cannot read '{'9' * 37}...': ")


def test_multiline_problem_is_one_line() -> None:
    _, message = error("a: \x1b[31m\n")
    assert message == "invalid front matter: character U+001B is not allowed in YAML"


def test_length_is_bounded() -> None:
    lines = [f"k{number:05d}: {'x' * 66}\n" for number in range(MAX_CHARS // 75 + 1)]
    longest = "".join(lines[:-1])
    assert len(parse(longest).data) == len(lines) - 1
    line, message = error(longest + lines[-1])
    assert (line, message) == (2, "front matter is longer than 64 KB; move long text into the Markdown")


_VALUES = st.sampled_from(
    [
        "SEV2",
        "sev 2",
        "2026-08-19",
        "2026-13-45",
        "2026-08-19- ",
        "47 minutes",
        "'quoted: yes'",
        '"double"',
        "no",
        "null",
        "yes",
        "on",
        "12",
        "012",
        "1e3",
        "0x1f",
        "[a, b]",
        "[]",
        "[ 'x', y ]",
        "~",
        "a # comment",
        "@maria",
        "Checkout: errors",
        "3.5",
        "-1",
        "a  b",
        "true",
        "2026-08-19 10:00",
        "x: y",
        "- item",
        "",
    ]
)


@given(
    st.lists(
        st.tuples(st.sampled_from(["title", "date", "severity", "tier", "themes", "a-b", "x_1"]), _VALUES),
        min_size=1,
        max_size=6,
    )
)
@settings(max_examples=300, deadline=None)
def test_fast_path_reads_what_yaml_reads(pairs: list[tuple[str, str]]) -> None:
    """The parser-free reading of flat front matter agrees with ruamel.yaml whenever it answers."""
    source = "".join(f"{key}: {value}\n" for key, value in pairs)
    fast = frontmatter.simple(source)
    if fast is None:
        return
    assert fast == YAML(typ="safe", pure=True).load(source)
