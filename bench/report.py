"""Time `postmortem-lint report` on 2,000 postmortems with 10,000 action items, in every format.

The postmortems are generated (deterministic, seeded): incidents spread over four years, five items
each in every state and marker (done, `[-]` / won't do, open, overdue, undated, linked issues), a dozen
themes and forty owners. Each format is run as a user runs it (a whole process, wall clock); the
figures and the output sizes are printed. Goals: under 5 s on a 2-core machine; the HTML under 2 MB.

    .venv/bin/python -m bench.report            # 2,000 files, 3 timed runs per format
    .venv/bin/python -m bench.report -n 500 --runs 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CACHE = BENCH / ".cache"
TODAY = "2026-10-01"
THEMES = (
    "monitoring-gaps", "deployment-safety", "dependency-visibility", "configuration-drift",
    "capacity", "access-bottlenecks", "documentation-gaps", "unclear-ownership", "communication-issues",
    "certificate-expiry", "retry-storms", "data-loss",
)  # fmt: skip
ACTIONS = (
    "Alert when {s} error rate is above {n}% for 5 minutes",
    "Add a CI check that {s} config keeps the pool size at {n} or more",
    "Write the {s} rollback steps into runbooks/{s}.md",
    "Cap {s} client retries at {n} with jitter",
    "Renew the {s} certificate automatically {n} days before expiry",
)
SYSTEMS = ("checkout", "search", "auth", "billing", "ingest", "cdn", "dns", "kafka", "scheduler", "api")
ITEMS_PER_FILE = 5


def item(rng: random.Random, incident: dt.date, number: int) -> str:
    text = rng.choice(ACTIONS).format(s=rng.choice(SYSTEMS), n=rng.randint(2, 90))
    owner = f"@owner-{rng.randrange(40)}"
    due = incident + dt.timedelta(days=rng.randint(7, 60))
    kind = rng.random()
    if kind < 0.35:
        return f"- [x] {text} — {owner} — due {due}"
    if kind < 0.45:
        return f"- [-] {text} — {owner} — due {due} (won't do: covered by the platform work)"
    if kind < 0.5:
        return f"- [ ] {text} — {owner}"  # undated
    if kind < 0.6:
        return f"- [ ] {text} — {owner} — due {due} (#{number})"
    return f"- [ ] {text} — {owner} — due {due}"


def postmortem(index: int, seed: int) -> str:
    rng = random.Random(f"{seed}-{index}")
    incident = dt.date(2022, 10, 1) + dt.timedelta(days=rng.randrange(4 * 365))
    themes = ", ".join(rng.sample(THEMES, rng.randint(1, 3)))
    items = "\n".join(item(rng, incident, index * ITEMS_PER_FILE + k) for k in range(ITEMS_PER_FILE))
    system = rng.choice(SYSTEMS)
    return (
        f"---\ntitle: {system} incident {index}\ndate: {incident}\nseverity: SEV{rng.randint(1, 4)}\n"
        f"tier: 2\nthemes: [{themes}]\n---\n# {system} incident {index}\n\n## Summary\n\n"
        f"A change to {system} caused errors for {rng.randint(5, 90)} minutes.\n\n## Impact\n\n"
        f"- {rng.randint(1, 40)}% of {system} requests failed.\n\n## Action Items\n\n{items}\n"
    )


def corpus(count: int, seed: int) -> Path:
    folder = CACHE / f"report-{count}-{seed}" / "postmortems"
    stamp = folder.parent / ".complete"
    if stamp.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (folder / f"pm-{index:05d}.md").write_text(postmortem(index, seed), encoding="utf-8")
    stamp.write_text("done\n")
    return folder


def timed(argv: Sequence[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock seconds of each run, and CPU seconds (user + system, all processes): the CPU figure
    does not grow when other work shares the machine."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "0"}
    subprocess.run(argv, check=True, capture_output=True, env=env)  # untimed: .pyc files, disk cache
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="postmortems (5 action items each)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    folder = corpus(args.n, args.seed)
    lint = str(Path(sys.executable).with_name("postmortem-lint"))
    items = args.n * ITEMS_PER_FILE
    load = os.getloadavg()[0]
    print(
        f"report on {args.n:,} postmortems, {items:,} action items ({os.cpu_count()} cores, load {load:.1f})"
    )
    print(f"{'format':<10} {'best s':>8} {'median s':>9} {'CPU s':>7} {'output':>12}")
    for form in ("text", "json", "markdown", "html"):
        output = folder.parent / f"report.{form}"
        command = [lint, "report", str(folder), "--today", TODAY, "--format", form, "--output", str(output)]
        walls, cpus = timed(command, args.runs)
        size = output.stat().st_size
        best, median, cpu = min(walls), statistics.median(walls), statistics.median(cpus)
        print(f"{form:<10} {best:>8.2f} {median:>9.2f} {cpu:>7.2f} {size:>10,} B")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
