"""Speed of the action-item checks on long input, beside the way they used to work (same run).

1. PM109 duplicate-action: `repeats` (prefix-filtered index) against comparing every item with every
   earlier one, on generated items (a few fixes, many components, some repeated), with the number of
   similarity computations each does.
2. A whole `check --no-cache` of one postmortem holding N action items (the case reported in #9: 25,000
   items took 109 s).
3. The quoted-text pattern of `specificity` on unclosed curly quotes, beside the pattern it replaced
   (which rescanned to the line's end from every quote), and the whole heuristic on 10^5 of them.

    .venv/bin/python -m bench.actions              # all three
    .venv/bin/python -m bench.actions --items 5000 --pairs-up-to 2000
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from postmortem_lint.rules.duplicate_action import SIMILAR, repeats, similarity, words
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.specificity import _LITERAL, assess

# the pattern `_LITERAL` replaced: each quote form scanned to the closing mark or the line's end
_OLD_LITERAL = re.compile(
    r"`[^`\n]+`|https?://\S+|\"[^\"\n]{2,}\"|“[^”\n]{2,}”|(?<!\w)'[^'\s][^'\n]*[^'\s]'(?!\w)|‘[^’\n]{2,}’"
)
_FIXES = (
    "Add an alert on {c} disk usage above {n}%",
    "Document rollback steps for {c}",
    "Add a dashboard for {c} queue depth",
    "Move the {c} cleanup job into cron",
    "Set the {c} connection pool size to {n}",
)


def items(count: int, seed: int = 1) -> list[str]:
    """Generated action items: five fixes over many components, one in ten repeated in other words."""
    pick = random.Random(seed)
    out: list[str] = []
    for _ in range(count):
        if out and pick.random() < 0.1:
            out.append(pick.choice(out).replace("Add an alert on", "Alert when").replace("above", "passes"))
        else:
            fix = pick.choice(_FIXES)
            out.append(fix.format(c=f"svc-{pick.randrange(count)}", n=pick.randrange(10, 99)))
    return out


def all_pairs(sets: Sequence[frozenset[str]]) -> tuple[int, int]:
    """The former PM109: every item against every earlier distinct one. (repeats, comparisons)"""
    seen: list[frozenset[str]] = []
    found = compared = 0
    for current in sets:
        hit = False
        for other in seen:
            compared += 1
            if similarity(current, other) >= SIMILAR:
                hit = True
                break
        if hit:
            found += 1
        else:
            seen.append(current)
    return found, compared


def duplicates(sizes: Sequence[int], pairs_up_to: int) -> None:
    print("PM109 duplicate-action: seconds (similarity computations)")
    print(f"{'items':>8}  {'repeats (ours)':>24}  {'all pairs (before)':>26}  found")
    for size in sizes:
        sets = [words(text) for text in items(size)]
        start = time.perf_counter()
        result = repeats(sets)
        ours = time.perf_counter() - start
        found = sum(1 for e in result.earlier if e is not None)
        before_text, found_text = "(skipped)", str(found)
        if size <= pairs_up_to:
            start = time.perf_counter()
            found_before, compared = all_pairs(sets)
            before_text = f"{time.perf_counter() - start:8.3f} ({compared:,})"
            found_text = f"{found} / {found_before}"
        print(f"{size:>8}  {f'{ours:8.3f} ({result.compared:,})':>24}  {before_text:>26}  {found_text}")


def whole_check(count: int) -> None:
    head = COMPLETE[: COMPLETE.index("## Action Items")]
    body = "".join(f"- [@lee] [2026-09-01] [{text}]\n" for text in items(count))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "many.md"
        path.write_text(f"{head}## Action Items\n\n{body}", encoding="utf-8")
        command = [sys.executable, "-m", "postmortem_lint", "check", "--no-cache", "--format=json", str(path)]
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        seconds = time.perf_counter() - start
    print(f"\ncheck --no-cache of one postmortem with {count:,} action items: {seconds:.2f} s")


def quotes() -> None:
    for count, before in ((20_000, True), (80_000, False)):
        text = "Add “a " * count
        start = time.perf_counter()
        _LITERAL.sub("x", text)
        line = f"\nquoted-text pattern on {count:,} unclosed “: {time.perf_counter() - start:.3f} s"
        if before:  # the former pattern is quadratic: 80,000 take minutes
            start = time.perf_counter()
            _OLD_LITERAL.sub("x", text)
            line += f" (before: {time.perf_counter() - start:.3f} s)"
        print(line, end="")
    start = time.perf_counter()
    assess("Add “a " * 100_000)
    print(f"\nspecificity.assess on 100,000 unclosed “: {time.perf_counter() - start:.3f} s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--items", type=int, default=25_000, help="action items in the whole-check case")
    parser.add_argument("--pairs-up-to", type=int, default=5_000, help="largest size timed all pairs")
    args = parser.parse_args(argv)
    duplicates([1_000, 5_000, 25_000, 100_000], args.pairs_up_to)
    whole_check(args.items)
    quotes()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
