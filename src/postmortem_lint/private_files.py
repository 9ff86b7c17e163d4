"""Files in the user's cache folder and in checkouts that may be hostile: read without following a
link, written whole under another name and then moved into place, created only where nothing is.

The result cache (engine/cache.py) keeps its key here and writes its shards with these; the store of
compiled patterns (regex.py) keeps its file beside the key.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def user_cache_folder() -> Path:
    """This user's folder for postmortem-lint's own files, never a repository's (a relative
    $XDG_CACHE_HOME is ignored, as the XDG specification says)."""
    base = Path(os.environ.get("XDG_CACHE_HOME", ""))
    return (base if base.is_absolute() else Path.home() / ".cache") / "postmortem-lint"


def write_atomically(path: Path, data: bytes, mode: int = 0o666) -> None:
    """Readers see the old file or the new one, never half of one (two runs may share the folder)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # one writer per process
    try:
        temporary.unlink(missing_ok=True)  # left by a crash, or planted: a link goes, not its target
        write_new(temporary, data, mode)
        temporary.replace(path)  # a link at `path` is replaced, never written through
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_new(path: Path, data: bytes, mode: int = 0o666) -> None:
    """Create `path` with `data`; FileExistsError when anything is there, a dangling link included."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)


def read_own(path: Path, private: bool = False) -> bytes:
    """A file's bytes; OSError for a link or anything but a regular file (a FIFO, a device), and when
    `private`, for a file of another user or one that others may read or write (POSIX modes; Windows
    has none)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "it is a symbolic link", str(path)) from None
        raise
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if private and hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
            raise OSError(errno.EPERM, "other users may read or write it", str(path))
        return file.read()
