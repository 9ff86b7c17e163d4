"""Files shipped inside the package (data, templates, the schema, the hook script).

Read by path beside this module rather than through importlib.resources, whose import costs ~6 ms
of a one-file run's budget: the package is installed as files, never run from a zip archive.
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).parent


def text(name: str) -> str:
    """The packaged file `name` (a path relative to the package, with `/`) as UTF-8 text."""
    return _ROOT.joinpath(name).read_text(encoding="utf-8")
