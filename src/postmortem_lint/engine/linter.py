"""Run the checks: files in, one report per file out (in input order, whatever the parallelism)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from postmortem_lint.engine import suppression
from postmortem_lint.engine.config import Config, ConfigFinder
from postmortem_lint.errors import InternalError, UsageError, error_line
from postmortem_lint.findings import FileReport, Finding, Severity
from postmortem_lint.model import Document, Problem
from postmortem_lint.reader import read_bytes, read_path
from postmortem_lint.rules import BY_NAME, RULES, Context, Rule, missing_section, unused_suppression

if TYPE_CHECKING:
    from postmortem_lint.engine.cache import Cache

_SKIP_DIRS = frozenset({"node_modules"})
FILES_PER_WORKER = 40  # below this many files per worker, starting it costs more than it saves
CHUNK = 64  # files per round trip to a worker
_File = TypeVar("_File")
_Result = TypeVar("_Result")
_IDS_BY_NAME = {name: rule.id for name, rule in BY_NAME.items()}  # suppressions may name rules


def discover(paths: Iterable[str]) -> Iterator[str]:
    """Files as named; directories as every `*.md` below them, outside hidden and vendored folders,
    except README files (as the hooks skip them: a folder's README describes the folder). A path that
    does not exist is a usage error, as in ruff and markdownlint."""
    for name in paths:
        path = Path(name)
        if not os.path.lexists(path):  # a broken symbolic link exists: it is reported as unreadable
            raise UsageError(f"no such file or directory: {name}")
        if not path.is_dir():
            yield name
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
            yield from (str(Path(root, f)) for f in sorted(files) if f.endswith(".md") and not _readme(f))


def _readme(name: str) -> bool:
    return name.lower().startswith("readme.")


def check_document(document: Document, config: Config) -> list[Finding]:
    """An unreadable file gets the meta rules only (why it cannot be read); a file with no postmortem
    section the one finding that says so, not one per missing section or field."""
    if document.unreadable is not None:
        selected: Sequence[Rule] = [rule for rule in RULES.values() if rule.meta]
    elif not document.recognised:
        selected = [rule for rule in RULES.values() if rule.meta or rule is missing_section.RULE]
    else:
        selected = list(RULES.values())
    ctx = Context(document, config)
    findings: list[Finding] = []
    for rule in selected:
        settings = config.settings(rule.id)
        if rule.check is None or not settings.enabled:
            continue
        options = {**rule.options, **settings.options}
        findings.extend(_finding(document, rule, config, p) for p in rule.check(ctx, options))
    if document.unreadable is None:
        findings = _apply_suppressions(document, config, findings)
    return sorted(set(findings))


def _finding(document: Document, rule: Rule, config: Config, problem: Problem) -> Finding:
    severity = config.settings(rule.id).severity or rule.severity
    return Finding(document.path, problem.line, problem.column, rule.id, rule.name, severity, problem.message)


def _apply_suppressions(document: Document, config: Config, findings: list[Finding]) -> list[Finding]:
    if "postmortem-lint" not in document.text:
        return findings
    # only real comments count: a directive shown in a code block or span (a how-to) is no directive
    visible = document.visible_lines(("front_matter", "code_block", "code_span"))
    suppressions, unknown = suppression.parse("\n".join(visible), _IDS_BY_NAME)
    kept = suppression.apply(findings, suppressions)
    unused = unused_suppression.RULE
    if config.settings(unused.id).enabled:
        stale = [
            (s.line, f"suppression '{s.verb}' suppressed nothing; remove it")
            for s in suppressions
            if not s.used
        ]
        kept.extend(
            _finding(document, unused, config, Problem(line, message)) for line, message in [*unknown, *stale]
        )
    return kept


def check_file(path: str, config: Config, data: bytes | None = None) -> FileReport:
    """Check the file at `path`, or `data` under that name (staged content, say)."""
    try:
        if data is None:
            document = read_path(path, config.vocabulary)
        else:
            document = read_bytes(data, path, config.vocabulary)
    except Exception as exc:
        raise InternalError(path, error_line(exc)) from exc
    return report_for(document, config)


def report_for(document: Document, config: Config) -> FileReport:
    """The report on a document already read; a bug in a check is reported naming its file."""
    try:
        findings = check_document(document, config)
    except Exception as exc:
        raise InternalError(document.path, error_line(exc)) from exc
    tier = None if document.unreadable else document.tier
    return FileReport(document.path, tier, tuple(document.actions), tuple(findings))


def check_paths(
    paths: Sequence[str],
    finder: ConfigFinder | None = None,
    jobs: int | None = None,
    cache: Cache | None = None,
) -> list[FileReport]:
    """Reports in the order of `discover`, whatever the number of worker processes. With a cache,
    only the files it has no report for are checked (in worker processes when they are many)."""
    finder = finder or ConfigFinder()
    files = list(dict.fromkeys(discover(paths)))
    if cache is None:
        return _check_all([(f, None) for f in files], finder, jobs)
    found = [cache.lookup(f, finder.for_file(f)) for f in files]
    misses = [item for item in found if not isinstance(item, FileReport)]
    checked = iter(_check_all([(m.path, m.data) for m in misses], finder, jobs))
    reports = [item if isinstance(item, FileReport) else cache.store(item, next(checked)) for item in found]
    cache.save()
    return reports


def _check_all(
    files: Sequence[tuple[str, bytes | None]], finder: ConfigFinder, jobs: int | None
) -> list[FileReport]:
    """Reports on (path, content or None to read it), in order; forks workers when there are many."""

    return map_files(partial(_check_found, finder=finder), files, jobs)


def map_files(
    function: Callable[[_File], _Result], files: Sequence[_File], jobs: int | None = None
) -> list[_Result]:
    """`function` on each of `files`, results in order; in worker processes when the files are many."""
    workers = min(jobs if jobs is not None else _usable_cores(), len(files) // FILES_PER_WORKER)
    if workers <= 1:
        return [function(file) for file in files]
    # Here, not at the top: the process pool's modules are about 15 ms to import, and a commit's few
    # files are checked in this process.
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    # The first file is done here, so the lazy imports and caches (Markdown parser, schema
    # validator) are ready before the workers are forked: they start at once and share that memory.
    # Fork on Linux only (spawn elsewhere: forking on macOS is unsafe); Python 3.14 would default
    # to forkserver, which imports everything again in each worker.
    first = function(files[0])
    rest = files[1:]
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    chunk = max(1, min(CHUNK, len(rest) // (workers * 4)))  # small, so the workers finish together
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return [first, *pool.map(function, rest, chunksize=chunk)]


def _check_found(file: tuple[str, bytes | None], finder: ConfigFinder) -> FileReport:
    path, data = file
    return check_file(path, finder.for_file(path), data)


def _usable_cores() -> int:
    """Cores this process may run on: a container or `taskset` can allow fewer than the machine has."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worst(reports: Iterable[FileReport]) -> Severity | None:
    return max((f.severity for r in reports for f in r.findings), default=None)
