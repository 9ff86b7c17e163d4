"""The store of compiled patterns (regex.py): every pattern the package compiles comes out of it equal to
what `re.compile` makes, whether it was compiled afresh or read back; a store that is not what a run
of ours wrote is ignored and written anew, and a folder that cannot be written costs nothing but time."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem_lint import regex
from postmortem_lint.cli import main
from postmortem_lint.regex import BUILD, LIMIT, Store
from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.skipif(regex.store_file() is None, reason="no re._compiler (Python 3.10)")

SAMPLES = [
    (r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?:\s*(?P<tz>UTC))?", 0),
    (r"\b(?:improve|investigate|monitor)\b", re.IGNORECASE),
    (r"^\s*[-*]\s+\[(?P<state>[ xX-])\]", re.MULTILINE),
    (r"(?<![\w.])(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)", 0),
    (r"(?i:owner)\s*[:=]\s*(?P<who>@[\w-]+)|(a)(b)?", re.VERBOSE | re.DOTALL),
]


def same(made: re.Pattern[str], pattern: str, flags: int) -> None:
    """CPython's Pattern equality compares the pattern, the flags and the compiled code; the group names
    are compared apart."""
    expected = re.compile(pattern, flags)
    assert made == expected
    assert (made.groupindex, made.groups, made.flags) == (
        expected.groupindex,
        expected.groups,
        expected.flags,
    )


def package_patterns() -> list[tuple[str, int]]:
    """Every pattern of the package that a check of the examples and the real corpus compiles (lazy
    ones included): the process's store holds them, read from its file or compiled this run."""
    main(["check", "--no-cache", str(ROOT / "examples"), *([str(CORPUS)] if CORPUS.is_dir() else [])])
    store = regex._STORE
    keys = {**store._load(), **store._new}
    return [(key.split(":", 1)[1], int(key.split(":", 1)[0])) for key in keys]


def test_every_package_pattern_is_what_re_compile_makes_fresh_and_read_back(tmp_path: Path) -> None:
    patterns = package_patterns()
    assert len(patterns) > 150
    first = Store(tmp_path / "regex.json")
    for pattern, flags in patterns:
        same(first.pattern(pattern, flags), pattern, flags)
    first.save()
    again = Store(tmp_path / "regex.json")
    for pattern, flags in patterns:
        same(again.pattern(pattern, flags), pattern, flags)
    assert again._new == {}  # every one came from the file


def test_matches_agree_with_re_on_sample_text(tmp_path: Path) -> None:
    Store(tmp_path / "r.json").pattern(SAMPLES[0][0], 0)
    store = Store(tmp_path / "r.json")
    text = "14:02 UTC deploy; Owner: @maria; [x] improve; 09:5 12:30 ab a"
    for pattern, flags in SAMPLES:
        store.save()
        read = Store(tmp_path / "r.json").pattern(pattern, flags)
        expected = re.compile(pattern, flags)
        assert [m.groupdict() or m.groups() for m in read.finditer(text)] == [
            m.groupdict() or m.groups() for m in expected.finditer(text)
        ]


def test_the_file_is_private_and_holds_this_build(tmp_path: Path) -> None:
    store = Store(tmp_path / "folder" / "regex.json")
    store.pattern(*SAMPLES[0])
    store.save()
    path = tmp_path / "folder" / "regex.json"
    assert path.stat().st_mode & 0o777 == 0o600
    assert (path.parent.stat().st_mode & 0o777) == 0o700
    data = json.loads(path.read_text())
    assert data["build"] == BUILD
    assert list(data["patterns"]) == [f"0:{SAMPLES[0][0]}"]


def _written(tmp_path: Path) -> dict[str, list[object]]:
    store = Store(tmp_path / "regex.json")
    for pattern, flags in SAMPLES:
        store.pattern(pattern, flags)
    store.save()
    data: dict[str, list[object]] = json.loads((tmp_path / "regex.json").read_text())["patterns"]
    return data


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda e: e.__setitem__(1, "ffffffff" + str(e[1])[8:]), id="code that _sre refuses"),
        pytest.param(lambda e: e.__setitem__(1, "not hexadecimal"), id="not hexadecimal"),
        pytest.param(lambda e: e.__setitem__(1, str(e[1])[:-1]), id="half a byte short"),
        pytest.param(lambda e: e.__setitem__(3, {"hour": 2, "minute": 1}), id="group names swapped"),
        pytest.param(lambda e: e.__setitem__(3, {"hour": 9}), id="a group out of range"),
        pytest.param(lambda e: e.__setitem__(4, []), id="too few group names"),
        pytest.param(lambda e: e.__setitem__(0, "0"), id="flags not a number"),
        pytest.param(lambda e: e.pop(), id="an entry too short"),
    ],
)
def test_an_entry_we_did_not_write_is_compiled_afresh_and_replaced(tmp_path: Path, spoil: object) -> None:
    patterns = _written(tmp_path)
    key = f"0:{SAMPLES[0][0]}"
    assert callable(spoil)
    spoil(patterns[key])
    (tmp_path / "regex.json").write_text(json.dumps({"build": BUILD, "patterns": patterns}))
    store = Store(tmp_path / "regex.json")
    same(store.pattern(*SAMPLES[0]), *SAMPLES[0])
    assert list(store._new) == [key]
    store.save()
    repaired = Store(tmp_path / "regex.json")
    same(repaired.pattern(*SAMPLES[0]), *SAMPLES[0])
    assert repaired._new == {}


@pytest.mark.parametrize(
    "content",
    [b"not json", b"[]", b'{"build": "another Python", "patterns": {}}', b'{"build": null}', b"[" * 100_000],
    ids=["not JSON", "a list", "another build", "no patterns", "nested deep"],
)
def test_a_file_we_did_not_write_is_read_as_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "regex.json"
    path.write_bytes(content)
    path.chmod(0o600)
    store = Store(path)
    for pattern, flags in SAMPLES:
        same(store.pattern(pattern, flags), pattern, flags)
    assert len(store._new) == len(SAMPLES)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX modes")
def test_a_link_or_a_file_others_may_write_is_not_read(tmp_path: Path) -> None:
    _written(tmp_path)
    real = tmp_path / "regex.json"
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert len(_load(link)) == 0
    real.chmod(0o666)
    assert len(_load(real)) == 0
    real.chmod(0o600)
    assert len(_load(real)) == len(SAMPLES)


def _load(path: Path) -> dict[str, object]:
    return Store(path)._load()


def test_an_unwritable_folder_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    store = Store(blocker / "regex.json")  # its folder is a file
    same(store.pattern(*SAMPLES[1]), *SAMPLES[1])
    store.save()  # no error
    assert not (blocker / "regex.json").exists()


def test_past_the_limit_only_the_patterns_a_run_used_are_kept(tmp_path: Path) -> None:
    """Other versions' patterns go; the run's own stay, those it read as well as those it compiled."""
    path = tmp_path / "regex.json"
    many = Store(path)
    for index in range(LIMIT):
        many.pattern(f"word{index}", 0)
    many.save()
    later = Store(path)
    later.pattern("word7", 0)  # read from the file
    later.pattern("another", 0)  # compiled: the store is now past the limit
    later.save()
    assert sorted(json.loads(path.read_text())["patterns"]) == ["0:another", "0:word7"]


def test_a_run_writes_the_store_and_the_next_run_reads_it(tmp_path: Path, complete_postmortem: str) -> None:
    """The whole path: two `check` processes with a fresh cache folder give the same output; the first
    writes the store, the second compiles nothing the first did not already keep."""
    postmortem = tmp_path / "pm.md"
    postmortem.write_text(complete_postmortem, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    probe = (
        "import sys; from postmortem_lint.cli import main; code = main(sys.argv[1:]); "
        "from postmortem_lint import regex; print(len(regex._STORE._new)); sys.exit(code)"
    )
    argv = [sys.executable, "-c", probe, "check", "--no-cache", str(postmortem)]
    first = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    second = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    *output_first, new_first = first.stdout.splitlines()
    *output_second, new_second = second.stdout.splitlines()
    assert (first.returncode, output_first) == (second.returncode, output_second)
    assert first.returncode == 0, first.stdout + first.stderr
    assert int(new_first) > 100
    assert int(new_second) == 0
    assert (tmp_path / "cache" / "postmortem-lint" / f"regex-{sys.implementation.cache_tag}.json").is_file()


def _written_in_the_code(node: ast.expr) -> bool:
    """A string literal, or one put together from literals and constants (`_WORDS + r"\\b"`)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        return node.id.lstrip("_").isupper()
    if isinstance(node, ast.BinOp):
        return _written_in_the_code(node.left) and _written_in_the_code(node.right)
    if isinstance(node, ast.JoinedStr):
        return all(
            _written_in_the_code(part.value if isinstance(part, ast.FormattedValue) else part)
            for part in node.values
        )
    return False


_RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "split", "sub", "subn"}


def test_every_literal_pattern_of_the_package_goes_through_the_store() -> None:
    """`re.compile("...")` or `re.sub("...", ...)` would compile its pattern in every run; patterns
    written in the code go through `regex.compiled` or `regex.lazy`. Only patterns that come from the
    user's configuration (a variable) are compiled with `re` itself."""
    found = []
    for path in sorted((ROOT / "src" / "postmortem_lint").rglob("*.py")):
        if path.name == "regex.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in _RE_FUNCTIONS
                and node.args
                and _written_in_the_code(node.args[0])
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
