"""Regular expressions compiled on first use, for patterns that only some documents need.

A long alternation takes a millisecond or two to compile; a one-file run (a pre-commit hook) should
not pay that for a rule that returns before it searches (a tier check, a blame phrase).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial

LazyPattern = Callable[[], re.Pattern[str]]  # call it for the compiled pattern


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    """A function that compiles `pattern` on its first call and returns that compiled pattern."""
    return cache(partial(re.compile, pattern, flags))
