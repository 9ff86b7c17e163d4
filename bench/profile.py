"""Where a cold run's per-file CPU goes: reading (the Markdown parse apart), the schema, each rule family.

In one process, over the synthetic corpus, after one warm-up file: each file is read from disk, parsed
by markdown-it alone (timed apart: the reader parses again), read into the document model, checked
against the schema, then by each rule in turn (the context's shared views first, as their own row),
without the linter's own bookkeeping (settings, suppressions, sorting: small). Figures are CPU
milliseconds per file (`time.process_time`).

    python -m bench.profile                 # from the repository root; the first 1,000 files
    python -m bench.profile -n 10000
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Any

from bench.make_corpus import make_corpus

from postmortem_lint.engine.config import ConfigFinder
from postmortem_lint.engine.linter import discover
from postmortem_lint.reader import read_bytes, read_file
from postmortem_lint.reader.blocks import _parser
from postmortem_lint.rules import RULES, Context, Rule, invalid_field, missing_field, missing_section
from postmortem_lint.schema.validate import validate

SCHEMA_RULES = (missing_section.RULE, missing_field.RULE, invalid_field.RULE)  # timed as the schema
FAMILIES = {  # the first digit of a rule ID
    "0": "rules PM0xx: sections, fields, placeholders, tier",
    "1": "rules PM1xx: action items",
    "2": "rules PM2xx: impact, timeline, analysis",
    "3": "rules PM3xx: blameless language",
    "4": "rules PM4xx: themes",
    "9": "rules PM9xx: suppressions",
}
SHARED = sorted(
    name
    for name, value in vars(Context).items()
    if isinstance(value, cached_property) and name != "schema_violations"
)


def clock(totals: dict[str, float], row: str, call: Callable[..., Any], *args: Any) -> Any:
    start = time.process_time()
    result = call(*args)
    totals[row] += time.process_time() - start
    return result


def _findings(rule: Rule, context: Context, options: Mapping[str, Any]) -> list[Any]:
    assert rule.check is not None
    return list(rule.check(context, options))


def profile(files: Sequence[str]) -> tuple[dict[str, float], int]:
    totals: dict[str, float] = defaultdict(float)
    finder = ConfigFinder()
    checked = 0
    for path in files:
        config = finder.for_file(path)
        data = clock(totals, "read the file", read_file, path)
        if isinstance(data, str):
            continue
        text = data.decode("utf-8", errors="replace")
        clock(totals, "reader: markdown-it parse alone", _parser().parse, text)
        document = clock(
            totals, "reader: whole (its parse included)", read_bytes, data, path, config.vocabulary
        )
        if document.unreadable is not None or not document.recognised:
            continue
        checked += 1
        context = Context(document, config)
        context.__dict__["schema_violations"] = clock(totals, "schema", validate, document, config)
        for name in SHARED:
            clock(totals, "shared context views", getattr, context, name)
        for rule in RULES.values():
            if rule.check is None or rule in SCHEMA_RULES or rule.meta:
                continue  # the schema's rules were timed as the schema
            options = {**rule.options, **config.settings(rule.id).options}
            clock(totals, FAMILIES[rule.id[2]], _findings, rule, context, options)
    return totals, checked


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("-n", "--count", type=int, default=1000, help="files (default 1000)")
    args = parser.parse_args(argv)
    files = list(discover([str(make_corpus(args.count))]))
    profile(files[:1])  # imports, compiled patterns, the parser: what one process pays once
    totals, checked = profile(files)
    print(f"{len(files):,} files ({checked:,} checked past the reader), CPU ms per file:")
    rows = list(totals.items())
    whole = sum(v for k, v in rows if k != "reader: markdown-it parse alone")
    for row, seconds in rows:
        share = "" if row == "reader: markdown-it parse alone" else f"{100 * seconds / whole:5.1f} %"
        print(f"  {row:<52} {1000 * seconds / len(files):7.3f}  {share}")
    print(f"  {'total (the parse alone not counted twice)':<52} {1000 * whole / len(files):7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
