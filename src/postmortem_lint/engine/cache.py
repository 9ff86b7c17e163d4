"""The result cache of `check` (like `.ruff_cache`): a file's report is reused while its bytes, its
configuration and the installed tool stay the same, so re-checking unchanged postmortems costs a read
and a hash each.

Layout: DIR/<tool fingerprint>/<shard>.json. A shard is a line with its seal, then a JSON object mapping
the path as displayed to {"content": digest of the bytes, "config": digest of the Config, "report":
[tier, actions, findings]}; paths are spread over SHARDS files so that checking one file reads and
rewrites a small file, not the whole cache. A missing or corrupt cache is read as empty; an unwritable
one costs a warning, never the run.

The cache folder lives in the checkout, and a checkout may be hostile (a pull request in CI): it can
commit a cache that calls a bad postmortem clean. So every shard is sealed with a keyed BLAKE2b MAC
under a per-user key kept outside any repository ($XDG_CACHE_HOME/postmortem-lint/key, else
~/.cache/postmortem-lint/key; made private and atomically on first use), and a shard whose seal does
not verify is read as empty: only what this user's runs wrote is trusted, and it is written anew. A
key that cannot be trusted (a link, another user's, readable by others, unreadable) means no cache,
with a warning. JSON, never pickle, all the same.

A checkout may also plant links: the cache folder or a tool fingerprint's folder that is a symbolic
link is neither read nor written (a warning says why), files are opened without following a link and
created only where nothing, not even a dangling link, is in the way. The caches of other tool versions
are removed file by file, and only folders holding nothing but shard files: the cache never deletes
what it did not write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import errno
import hashlib
import hmac
import importlib.util
import json
import os
import sys
import typing
import zlib
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import postmortem_lint
from postmortem_lint.engine.config import Config
from postmortem_lint.findings import FileReport, Finding
from postmortem_lint.model import ActionItem
from postmortem_lint.private_files import read_own, user_cache_folder, write_atomically, write_new
from postmortem_lint.reader import read_file
from postmortem_lint.regex import compiled

DEFAULT_DIR = ".postmortem-lint-cache"
ENV_VAR = "POSTMORTEM_LINT_CACHE_DIR"
CACHEDIR_TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"  # https://bford.info/cachedir/
SHARDS = 64
# Their versions change what is parsed (Markdown, YAML front matter, an extra JSON Schema).
_DEPENDENCIES = ("markdown_it", "ruamel.yaml", "jsonschema")
_FINGERPRINT = compiled(r"[0-9a-f]{32}")  # the name of a tool fingerprint's folder
_WRITTEN = compiled(r"[0-9a-f]{2}\.json|\.[0-9a-f]{2}\.json\.[0-9]+\.tmp")  # a shard, its temporary
KEY_SIZE = 32  # bytes of the per-user key, the longest BLAKE2b takes is 64
_MARKERS = {  # git ignores the folder, backup tools skip it
    ".gitignore": "# Automatically created by postmortem-lint.\n*\n",
    "CACHEDIR.TAG": f"{CACHEDIR_TAG_SIGNATURE}\n"
    "# This file is a cache directory tag created by postmortem-lint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n",
}


def folder(explicit: str | None) -> Path:
    """`--cache-dir`, else $POSTMORTEM_LINT_CACHE_DIR, else `.postmortem-lint-cache` here."""
    return Path(explicit or os.environ.get(ENV_VAR) or DEFAULT_DIR)


class Miss(NamedTuple):
    """A file to check, with the bytes and digests its entry will be stored under; without bytes
    (None) the checker reads the file itself and the result is not stored."""

    path: str
    data: bytes | None
    content: str = ""
    config: str = ""


class Cache:
    def __init__(self, folder: Path, key: bytes) -> None:
        self.folder = folder
        self._key = key
        self._dir = folder / tool_fingerprint()
        self._link = next((str(p) for p in (folder, self._dir) if p.is_symlink()), None)
        self._shards: dict[str, dict[str, Any]] = {}
        self._changed: set[str] = set()
        self._configs: dict[int, tuple[Config, str]] = {}  # id -> (config kept alive, digest)

    @classmethod
    def open(cls, folder: Path) -> Cache | None:
        """The cache in `folder` sealed with this user's key; None, after one warning line, when the
        key cannot be had or trusted (the run then goes without a cache)."""
        try:
            return cls(folder, user_key(key_file()))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            print(
                f"postmortem-lint: warning: not using the cache: no usable key {key_file()}: {reason}",
                file=sys.stderr,
            )
            return None

    def lookup(self, path: str, config: Config) -> FileReport | Miss:
        data = read_regular(path)
        if data is None:
            return Miss(path, None)
        miss = Miss(path, data, _digest(data), self._config_digest(config))
        entry: Any = self._shard(path).get(path)  # anything: the file may come from anywhere
        with contextlib.suppress(KeyError, IndexError, TypeError, ValueError):  # not an entry we wrote
            if (entry["content"], entry["config"]) == (miss.content, miss.config):
                return _decode(path, entry["report"])
        return miss

    def store(self, miss: Miss, report: FileReport) -> FileReport:
        """Keep `report` for the key of `miss` (unless it had none); give it back."""
        if miss.data is not None:
            entry = {"content": miss.content, "config": miss.config, "report": _encode(report)}
            self._shard(miss.path)[miss.path] = entry
            self._changed.add(_shard_name(miss.path))
        return report

    def save(self) -> None:
        """Write the shards that changed, each atomically; drop the caches of other tool versions."""
        if not self._changed:
            return
        try:
            if self._link is not None:
                raise OSError(errno.ELOOP, f"{self._link} is a symbolic link; the cache follows none")
            self._dir.mkdir(parents=True, exist_ok=True)
            for name, text in _MARKERS.items():
                with contextlib.suppress(FileExistsError):
                    write_new(self.folder / name, text.encode("ascii"))
            for old in self.folder.iterdir():
                if old != self._dir and _FINGERPRINT.fullmatch(old.name):
                    _remove_old(old)
            for name in sorted(self._changed):
                body = json.dumps(self._shards[name], default=_iso).encode("ascii")  # escapes all but ASCII
                write_atomically(self._dir / f"{name}.json", self._seal(name, body) + b"\n" + body)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            print(
                f"postmortem-lint: warning: cannot write the cache in {self.folder}: {reason}",
                file=sys.stderr,
            )
        self._changed.clear()

    def _shard(self, path: str) -> dict[str, Any]:
        name = _shard_name(path)
        if name not in self._shards:
            loaded = None
            # missing, unreadable, a link, not sealed with our key, not JSON: read as empty
            with contextlib.suppress(OSError, ValueError, RecursionError):
                if self._link is None:
                    seal, _, body = read_own(self._dir / f"{name}.json").partition(b"\n")
                    if hmac.compare_digest(seal, self._seal(name, body)):
                        loaded = json.loads(body)
            self._shards[name] = loaded if isinstance(loaded, dict) else {}
        return self._shards[name]

    def _seal(self, name: str, body: bytes) -> bytes:
        return seal(self._key, f"{self._dir.name}/{name}", body)

    def _config_digest(self, config: Config) -> str:
        """The config's repr covers every setting (dataclass fields, dicts in order, types visible)."""
        known = self._configs.get(id(config))
        if known is None:
            known = self._configs[id(config)] = (
                config,
                _digest(repr(config).encode("utf-8", "surrogatepass")),
            )
        return known[1]


def seal(key: bytes, place: str, body: bytes) -> bytes:
    """The MAC, in hex, of a shard's bytes at its place ("<tool fingerprint>/<shard name>"): a shard
    moved to another version's folder or another name does not verify either."""
    mac = hashlib.blake2b(f"{place}\n".encode(), key=key, digest_size=32)
    mac.update(body)
    return mac.hexdigest().encode("ascii")


def key_file() -> Path:
    """Where this user's key is: the user's cache folder, never a repository's."""
    return user_cache_folder() / "key"


def user_key(path: Path) -> bytes:
    """The key in `path`, made first if there is none: written in full under another name, then
    linked into place, so a run never reads half a key and two first runs agree on one. OSError when
    the key is a link, not this user's, open to others or not KEY_SIZE bytes."""
    with contextlib.suppress(FileNotFoundError):
        return _read_key(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        write_new(temporary, os.urandom(KEY_SIZE), 0o600)
        with contextlib.suppress(FileExistsError):  # another run made one meanwhile: theirs counts
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    key = read_own(path, private=True)
    if len(key) != KEY_SIZE:
        raise OSError(errno.EINVAL, f"not a key of {KEY_SIZE} bytes", str(path))
    return key


def read_regular(path: str) -> bytes | None:
    """The bytes the reader would read, or None when it cannot read them (missing, no permission, a
    FIFO...): such files are checked every time, their result is never cached."""
    data = read_file(path)
    return data if isinstance(data, bytes) else None


@cache
def tool_fingerprint() -> str:
    """Changes with the version, with any file of the installed package (code or data: an edit in a
    development checkout counts) and with Python and the parsers, so no cache outlives its code."""
    parts = [postmortem_lint.__version__, sys.version]
    # os.path, not Path: two Path objects for each of some 120 files cost a commit's run 1 ms more.
    package = os.path.dirname(postmortem_lint.__file__)  # noqa: PTH120
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(root, name)  # noqa: PTH118
            info = os.stat(path)  # noqa: PTH116
            parts.append(f"{path[len(package) + 1 :]}:{info.st_size}:{info.st_mtime_ns}")
    for module in _DEPENDENCIES:
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec is not None else None
        found = Path(origin).stat() if origin else None
        parts.append(f"{module}:{origin}:{found and (found.st_size, found.st_mtime_ns)}")
    return _digest("\n".join(parts).encode("utf-8", "surrogateescape"))


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _shard_name(path: str) -> str:
    return f"{zlib.crc32(os.fsencode(path)) % SHARDS:02x}"


def _remove_old(folder: Path) -> None:
    """Another tool version's cache: its shard files, then the folder. A link, or a folder holding
    anything the cache does not write, is left alone."""
    if folder.is_symlink() or not folder.is_dir():
        return
    found = list(folder.iterdir())
    if not all(_WRITTEN.fullmatch(f.name) and f.is_file() and not f.is_symlink() for f in found):
        return
    for file in found:
        file.unlink(missing_ok=True)  # removes a link itself if one appeared meanwhile, never its target
    with contextlib.suppress(OSError):
        folder.rmdir()  # only if empty


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not cached")


def _encode(report: FileReport) -> list[Any]:
    """Actions and findings as lists of their fields in declaration order (dates as ISO strings)."""
    return [report.tier, [list(a) for a in report.actions], [list(f) for f in report.findings]]


def _decode(path: str, report: Sequence[Any]) -> FileReport:
    tier, actions, findings = report
    if tier is not None and not isinstance(tier, int):
        raise TypeError("tier")
    return FileReport(path, tier, _rebuild(ActionItem, actions), _rebuild(Finding, findings))


_Item = typing.TypeVar("_Item", ActionItem, Finding)


def _rebuild(cls: type[_Item], rows: Sequence[Sequence[Any]]) -> tuple[_Item, ...]:
    converters = _CONVERTERS[cls]
    items = []
    for row in rows:
        values = list(row)  # a copy: the shard keeps its JSON values for writing
        for index, convert in converters:
            values[index] = convert(values[index])
        items.append(cls(*values))
    return tuple(items)


def _converters(cls: type[ActionItem] | type[Finding]) -> list[tuple[int, Callable[[Any], Any]]]:
    """(field index, what turns its JSON value back into the field's type) for the fields JSON does
    not give back as they were."""
    hints = typing.get_type_hints(cls)
    found = ((index, _converter(hints[name])) for index, name in enumerate(cls._fields))
    return [(index, convert) for index, convert in found if convert is not None]


def _converter(hint: Any) -> Callable[[Any], Any] | None:
    optional = type(None) in typing.get_args(hint)
    kinds = [kind for kind in typing.get_args(hint) if kind is not type(None)] if optional else [hint]
    if len(kinds) != 1:
        raise TypeError(f"no cache encoding for {hint}")
    kind = typing.get_origin(kinds[0]) or kinds[0]
    convert: Callable[[Any], Any]
    if kind is dt.date:
        convert = dt.date.fromisoformat
    elif kind is tuple:
        convert = tuple
    elif isinstance(kind, type) and issubclass(kind, enum.Enum):
        convert = {member.value: member for member in kind}.__getitem__  # faster than kind(value)
    elif kind in (str, int, bool):
        return None
    else:
        raise TypeError(f"no cache encoding for {hint}")
    return convert if not optional else lambda value: None if value is None else convert(value)


_CONVERTERS = {cls: _converters(cls) for cls in (ActionItem, Finding)}
