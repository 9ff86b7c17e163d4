"""Time the `postmortem-lint` command as a whole process, on the synthetic corpus.

Cases: one file, without and with the result cache; the whole corpus without the cache, with the
default jobs and with `--jobs 1`, and with the cache warm (the outputs of all three must be
byte-identical). Beside them, in the same run, the peers a user knows: check-jsonschema on a two-key
YAML file (installed into bench/.cache with pip on first use) for the one-file cases, markdownlint-cli2
on the same files (installed with npm; skipped when npm is missing) for the corpus. Each case runs
several times after one untimed run (which fills the cache of the cached cases); the table shows the
minimum and median wall-clock time and the CPU time over wall time (about 2 on two busy cores), then
our time over the peer's against the goals. Then the slowest imports of the one-file run
(`python -X importtime`).

    python -m bench.run                     # from the repository root; 10,000 files
    python -m bench.run -n 2000 --repeat 3 --no-markdownlint
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.make_corpus import CACHE, make_corpus

ONE_FILE_GOAL = 0.45  # one file, no cache: at most this share of check-jsonschema's time on a small file
CORPUS_GOAL = 0.25  # 10,000 files, no cache: at most this share of markdownlint-cli2's time
CORPUS_TARGET = 3.0  # seconds for 10,000 unchanged files (the cache is warm)
RESULT_CACHE = CACHE / "result-cache"  # the `--cache-dir` of the cached cases, emptied at the start
MISS_CACHE = CACHE / "miss-cache"  # emptied before each run of the cache-miss case
MARKDOWNLINT = CACHE / "node_modules" / ".bin" / "markdownlint-cli2"
CHECK_JSONSCHEMA = CACHE / "check-jsonschema"  # a virtualenv
# The peer's input: a two-key YAML file and the schema it is checked against.
PEER_SCHEMA = (
    '{"type": "object", "required": ["name", "count"], "properties": '
    '{"name": {"type": "string"}, "count": {"type": "integer"}}}\n'
)
PEER_DATA = "name: example\ncount: 2\n"
ENTRY = "import sys; from postmortem_lint.cli import main; sys.exit(main(sys.argv[1:]))"
_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)")
# As installed: pip writes .pyc files, so the untimed first run may write them too (an environment
# that forbids it would time the compilation of every module edited since the last .pyc).
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Timing:
    case: str
    walls: list[float]
    cpu: float  # CPU seconds (user + system, workers included) of the fastest run
    target: float | None = None

    @property
    def best(self) -> float:
        return min(self.walls)

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    code: int
    stdout: bytes
    stderr: bytes


def run_once(argv: Sequence[str]) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False, env=_ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, done.returncode, done.stdout, done.stderr)


def timed(
    case: str, argv: Sequence[str], repeat: int, target: float | None = None, emptied: Path | None = None
) -> tuple[Timing, Run]:
    """Run `argv` once to warm the caches, then `repeat` times; the last run's output comes back.
    `emptied`: a folder removed before each run (a result cache that must miss)."""

    def once() -> Run:
        if emptied is not None:
            shutil.rmtree(emptied, ignore_errors=True)
        return run_once(argv)

    last = once()
    if last.code not in (0, 1):
        raise SystemExit(f"{case}: exit code {last.code}\n{last.stderr.decode(errors='replace')}")
    runs = [once() for _ in range(repeat)]
    fastest = min(runs, key=lambda r: r.wall)
    return Timing(case, [r.wall for r in runs], fastest.cpu, target), runs[-1]


def markdownlint(install: bool) -> Path | None:
    """The markdownlint-cli2 executable in bench/.cache, installed with npm when missing."""
    if MARKDOWNLINT.exists():
        return MARKDOWNLINT
    npm = shutil.which("npm")
    if not install or npm is None:
        print("markdownlint-cli2: skipped (" + ("npm not found" if install else "--no-markdownlint") + ")")
        return None
    print("installing markdownlint-cli2 into bench/.cache with npm ...", flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [npm, "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", "markdownlint-cli2"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return MARKDOWNLINT


def check_jsonschema(install: bool) -> list[str] | None:
    """check-jsonschema (in its own virtualenv in bench/.cache, installed with pip when missing) on a
    two-key YAML file, as the command line to run; None when it is not wanted."""
    script = CHECK_JSONSCHEMA / "bin" / "check-jsonschema"
    if not script.exists():
        if not install:
            print("check-jsonschema: skipped (--no-peers)")
            return None
        print("installing check-jsonschema into bench/.cache with pip ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(CHECK_JSONSCHEMA)], check=True)
        pip = [str(CHECK_JSONSCHEMA / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "--disable-pip-version-check", "check-jsonschema"], check=True)
    schema, data = CACHE / "peer-schema.json", CACHE / "peer-data.yaml"
    schema.write_text(PEER_SCHEMA, encoding="utf-8")
    data.write_text(PEER_DATA, encoding="utf-8")
    return [str(script), "--schemafile", str(schema), str(data)]


def import_times(python: str, path: Path, top: int) -> list[tuple[str, float, float]]:
    """(module, cumulative ms, self ms) of the slowest imports of `check --no-cache FILE` (a changed
    file, as in a commit), and the total first."""
    argv = [python, "-X", "importtime", "-c", ENTRY, "check", "--no-cache", str(path)]
    subprocess.run(argv, capture_output=True, check=False, env=_ENV)  # compile .pyc files first
    stderr = subprocess.run(argv, capture_output=True, check=False, env=_ENV).stderr.decode()
    rows, total = [], 0
    for line in stderr.splitlines():
        m = _IMPORT_LINE.match(line)
        if m is None:
            continue
        own, cumulative, depth = int(m[1]), int(m[2]), len(m[3]) // 2
        if depth == 0:
            total += cumulative
        rows.append((("  " * depth) + m[4], cumulative / 1000, own / 1000))
    rows.sort(key=lambda r: -r[1])
    return [("all imports", total / 1000, 0.0), *rows[:top]]


def ratio(ours: Timing, peer: Timing | None, goal: float) -> str:
    if peer is None:
        return f"{ours.case}: {ours.best:.3f} s (no peer measured)"
    share = ours.best / peer.best
    verdict = "ok" if share <= goal else "OVER"
    return (
        f"{ours.case}: {ours.best:.3f} s, {peer.case}: {peer.best:.3f} s, "
        f"ratio {share:.2f} (goal <= {goal:.2f}) {verdict}"
    )


def table(timings: Sequence[Timing]) -> str:
    lines = [f"{'case':<38} {'min s':>7} {'median s':>9} {'cpu/wall':>9} {'target s':>9}  verdict"]
    for t in timings:
        target = f"{t.target:9.3f}" if t.target is not None else " " * 9
        verdict = "" if t.target is None else ("ok" if t.best <= t.target else "OVER")
        lines.append(
            f"{t.case:<38} {t.best:7.3f} {t.median:9.3f} {t.cpu / t.best:9.2f} {target}  {verdict}".rstrip()
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("-n", "--count", type=int, default=10_000, help="corpus size (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per corpus case (default 3)")
    parser.add_argument("--no-markdownlint", action="store_true", help="do not run (or install) it")
    parser.add_argument("--no-peers", action="store_true", help="run (or install) no peer at all")
    parser.add_argument("--imports", type=int, default=12, help="slowest imports to list (default 12)")
    args = parser.parse_args(argv)

    script = Path(sys.executable).with_name("postmortem-lint")
    cli = [str(script)] if script.exists() else [sys.executable, "-m", "postmortem_lint"]
    corpus = make_corpus(args.count)
    one = min(corpus.rglob("*.md"))
    scale = args.count / 10_000
    timings: list[Timing] = []

    shutil.rmtree(RESULT_CACHE, ignore_errors=True)
    check, cached = [*cli, "check"], [*cli, "check", "--cache-dir", str(RESULT_CACHE)]
    single_repeat = max(10, args.repeat * 2)
    no_cache = timed("one file, --no-cache", [*check, "--no-cache", str(one)], single_repeat)[0]
    peer_argv = check_jsonschema(install=not args.no_peers)
    peer = None if peer_argv is None else timed("check-jsonschema, 2-key YAML", peer_argv, single_repeat)[0]
    missed = [*cli, "check", "--cache-dir", str(MISS_CACHE), str(one)]
    miss = timed("one file, cache miss", missed, single_repeat, emptied=MISS_CACHE)[0]
    hit = timed("one file, cache hit", [*cached, str(one)], single_repeat)[0]
    timings.extend(t for t in (no_cache, peer, miss, hit) if t is not None)
    name = f"{args.count:,} files"
    parallel, out_parallel = timed(f"{name}, --no-cache", [*check, "--no-cache", str(corpus)], args.repeat)
    timings.append(parallel)
    serial, out_serial = timed(
        f"{name}, --no-cache --jobs 1", [*check, "--no-cache", "--jobs", "1", str(corpus)], args.repeat
    )
    timings.append(serial)
    warm, out_warm = timed(f"{name}, cache warm", [*cached, str(corpus)], args.repeat)
    timings.append(Timing(warm.case, warm.walls, warm.cpu, CORPUS_TARGET * scale))
    identical = (out_parallel.stdout, out_parallel.code) == (out_serial.stdout, out_serial.code)
    warm_identical = (out_parallel.stdout, out_parallel.code) == (out_warm.stdout, out_warm.code)

    lint = None if args.no_markdownlint or args.no_peers else markdownlint(install=True)
    version, reference = "", None
    if lint is not None:
        # markdownlint-cli2 globs itself; its default rules, no configuration file
        reference, _ = timed(f"{name}, markdownlint-cli2", [str(lint), f"{corpus}/**/*.md"], args.repeat)
        timings.append(reference)
        help_text = subprocess.run([str(lint), "--help"], capture_output=True, text=True, check=False)
        version = (help_text.stdout or help_text.stderr).split("\n", 1)[0]

    print(f"\ncorpus: {corpus} ({args.count:,} files); one file: {one.name}; {os.cpu_count()} cores")
    print(table(timings))
    summary = out_serial.stdout.decode(errors="replace").rstrip().rsplit("\n", 1)[-1]
    print(f"\noutput of default jobs and --jobs 1: {'identical' if identical else 'DIFFERENT'} ({summary})")
    print(f"output of the warm cache and no cache: {'identical' if warm_identical else 'DIFFERENT'}")
    if version:
        print(f"reference: {version}")
    print("\nagainst the peers (minimum wall times of this run):")
    print(ratio(no_cache, peer, ONE_FILE_GOAL))
    print(ratio(miss, peer, ONE_FILE_GOAL))
    print(ratio(parallel, reference, CORPUS_GOAL))

    print(f"\nslowest imports of `check --no-cache {one.name}` (python -X importtime, ms):")
    print(f"{'module':<50} {'cumulative':>10} {'self':>7}")
    for module, cumulative, own in import_times(sys.executable, one, args.imports):
        print(f"{module:<50} {cumulative:10.1f} {own:7.1f}")
    return 0 if identical and warm_identical else 1


if __name__ == "__main__":
    sys.exit(main())
