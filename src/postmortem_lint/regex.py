"""The package's regular expressions, compiled once per machine rather than once per run: what .pyc
files are to modules, the store is to patterns.

A one-file run (a commit hook) uses some 220 patterns, and `re` spends 25-30 ms parsing and compiling
them, a fifth of the run. What a pattern compiles to (the `_sre` code, a list of integers, and its
groups) depends only on the pattern, its flags and the Python build, so it is kept in a file in this
user's cache folder, private like the result cache's key (private_files.py), and later runs give it to
`_sre.compile`, which validates code before it accepts it. The store only saves time: a missing,
corrupt or foreign file, another Python build, an interpreter without `re._compiler` (Python 3.10,
PyPy) or an unwritable folder all mean plain `re.compile`. tests/test_regex.py checks that every pattern
the package compiles equals `re.compile`'s (equal patterns have equal code), and how a bad store is read.

`lazy` patterns are compiled on first use: a long alternation a document may never need (a tier
check, a blame phrase) costs nothing until then.
"""

from __future__ import annotations

import atexit
import importlib
import json
import re
import sys
from array import array
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any

from postmortem_lint.private_files import read_own, user_cache_folder, write_atomically

try:  # CPython 3.11 and later: the two halves of re.compile (private modules, so typed as Any)
    _sre: Any = importlib.import_module("_sre")
    _compiler: Any = importlib.import_module("re._compiler")
    _parser: Any = importlib.import_module("re._parser")
except ImportError:  # Python 3.10, other interpreters
    _sre = None

LazyPattern = Callable[[], re.Pattern[str]]  # call it for the compiled pattern
LIMIT = 2000  # patterns in the store at the most; past it, only those the run that writes it used stay
# The Python build the code belongs to: its version string (with the build date), the code's format and
# its byte order, as the stored code is native 32-bit words.
BUILD = f"{sys.version} / sre {getattr(_sre, 'MAGIC', None)} / {sys.byteorder}"

Entry = list[Any]  # [final flags, the code words in hexadecimal, groups, group index, index to group]


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the store when it has the pattern."""
    return _STORE.pattern(pattern, int(flags))


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """A function that compiles `pattern` on its first call and returns that compiled pattern."""
    return cache(partial(compiled, pattern, flags))


class Store:
    """The compiled forms of patterns, kept in one JSON file: read on the first pattern, written at exit
    when a pattern was new to it."""

    def __init__(self, path: Path | None) -> None:
        self.path = path  # None: nothing is kept (no usable interpreter support)
        self._known: dict[str, Any] | None = None
        self._new: dict[str, Entry] = {}
        self._used: set[str] = set()  # the keys asked for: what a full store keeps

    def pattern(self, pattern: str, flags: int) -> re.Pattern[str]:
        if self.path is None:
            return re.compile(pattern, flags)
        key = f"{flags}:{pattern}"
        self._used.add(key)
        with_code = self._load().get(key)
        if with_code is not None:
            try:
                return _build(pattern, with_code)
            except (TypeError, ValueError, RuntimeError, OverflowError):
                pass  # not what this module wrote: compiled afresh below, and written anew
        entry = _entry(pattern, flags)
        if not self._new:
            atexit.register(self.save)
        self._new[key] = entry
        return _build(pattern, entry)

    def save(self) -> None:
        """Add the patterns this run compiled to the file; a folder that cannot be written only costs
        the next run the time of compiling them again."""
        if self.path is None or not self._new:
            return
        patterns = {**self._load(), **self._new}
        if len(patterns) > LIMIT:  # mostly patterns of other versions: keep this run's
            patterns = {key: patterns[key] for key in self._used if key in patterns}
        body = json.dumps({"build": BUILD, "patterns": patterns}, ensure_ascii=True).encode("ascii")
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_atomically(self.path, body, 0o600)
        except OSError:
            return
        self._known, self._new = patterns, {}

    def _load(self) -> dict[str, Any]:
        if self._known is None:
            self._known = {}
            assert self.path is not None
            try:
                data = json.loads(read_own(self.path, private=True))
            except (OSError, ValueError, RecursionError):
                return self._known  # none yet, a link, another user's, not JSON: compiled afresh
            if (
                isinstance(data, dict)
                and data.get("build") == BUILD
                and isinstance(data.get("patterns"), dict)
            ):
                self._known = data["patterns"]
        return self._known


def store_file() -> Path | None:
    """The store for this Python build's major version, beside the result cache's key."""
    if _sre is None:
        return None
    return user_cache_folder() / f"regex-{sys.implementation.cache_tag}.json"


def _entry(pattern: str, flags: int) -> Entry:
    """What `re._compiler.compile` computes before it calls `_sre.compile`, in a form JSON keeps."""
    tree = _parser.parse(pattern, flags)
    code = _compiler._code(tree, flags)
    groups = tree.state.groupdict
    names: list[str | None] = [None] * tree.state.groups
    for name, index in groups.items():
        names[index] = name
    words = array("I", code).tobytes().hex()
    return [flags | tree.state.flags, words, tree.state.groups - 1, dict(groups), names]


def _build(pattern: str, entry: Entry) -> re.Pattern[str]:
    """The pattern from its entry; TypeError or ValueError for an entry of the wrong shape, and
    RuntimeError from `_sre` for code that is not valid."""
    flags, words, groups, index, names = entry
    if not (isinstance(index, dict) and isinstance(names, list) and len(names) == groups + 1):
        raise TypeError("not a pattern entry")
    if not all(isinstance(v, int) and 0 < v <= groups and names[v] == k for k, v in index.items()):
        raise ValueError("the group names do not match")
    code = array("I")
    code.frombytes(bytes.fromhex(words))
    built: re.Pattern[str] = _sre.compile(pattern, flags, code.tolist(), groups, index, tuple(names))
    return built


_STORE = Store(store_file())
