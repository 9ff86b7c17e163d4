"""Count the GitHub API requests of opening issues on merge, against the budget the Action promises.

For K new action items, E existing issues labelled `postmortem-action` and O distinct owners, a run
must make at most L(E) + L(E+K) + K + O + C requests: the listing of E issues before opening and of
E+K after (to close duplicates), L(n) = max(1, ceil(n/100)) pages, and C a small constant (here 4:
the compare, the token's identity, and the label lookup and create on a repository without the label).
Each case runs the real merge flow (`postmortem_lint.github.merge`) against the fake GitHub server of
the test suite over real HTTP, then runs it again: the re-run must open nothing and cost only the
compare, the identity and the listing. `--write-back` adds the write-back pull request (two requests
per file and five more: the default branch, the pull request list, the branch, the pull request and
its label), reported in its own column.

    python bench/api_budget.py                         # the default cases
    python bench/api_budget.py --case 50 250 5 --case 3 0 1 --write-back
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the fake server lives with the tests

from tests.fake_github import TOKEN, FakeGitHub, serve  # noqa: E402

from postmortem_lint.github import merge  # noqa: E402
from postmortem_lint.github.client import GitHubClient  # noqa: E402
from postmortem_lint.github.events import ActionsContext, ActionsLog, Merge  # noqa: E402
from postmortem_lint.github.issues import LABEL, marker  # noqa: E402
from postmortem_lint.github.selection import PathFilter  # noqa: E402
from postmortem_lint.rules.examples import COMPLETE  # noqa: E402

CONSTANT = 4
NAME = "postmortems/2026-08-19-checkout.md"
DEFAULT_CASES = ((3, 0, 1), (3, 0, 3), (10, 99, 5), (10, 100, 5), (10, 101, 5), (50, 250, 5), (50, 1000, 20))


@dataclass(frozen=True)
class Measured:
    new: int  # K
    existing: int  # E
    owners: int  # O
    requests: Counter[str]  # first run, by kind, write-back excluded
    write_back: int  # the write-back's requests
    rerun: int  # requests of the second run, write-back excluded
    opened: int
    opened_again: int

    @property
    def total(self) -> int:
        return sum(self.requests.values())

    @property
    def budget(self) -> int:
        return _pages(self.existing) + _pages(self.existing + self.new) + self.new + self.owners + CONSTANT


def _pages(issues: int) -> int:
    return max(1, math.ceil(issues / 100))


def measure(new: int, existing: int, owners: int, write_back: bool) -> Measured:
    """One merge with `new` items by `owners` owners among `existing` labelled issues, run twice."""
    logins = [f"owner{n}" for n in range(owners)]
    items = "".join(
        f"- [ ] Add an alert on queue depth for service {n} above 200 — @{logins[n % owners]} "
        f"— due 2026-09-{n % 28 + 1:02}\n"
        for n in range(new)
    )
    text = COMPLETE.split("## Action Items\n")[0] + "## Action Items\n\n" + items
    with tempfile.TemporaryDirectory() as folder, serve(FakeGitHub()) as fake:
        home = Path(folder)
        workspace = home / "checkout"
        (workspace / NAME).parent.mkdir(parents=True)
        (workspace / NAME).write_text(text, encoding="utf-8")
        for number in range(1, existing + 1):
            body = marker(f"postmortems/older.md#{number:010x}")
            fake.add_issue(number, f"older {number}", body, "closed" if number % 3 else "open", (LABEL,))
        fake.assignable = set(logins)
        after = fake.commit({NAME: text.encode("utf-8")})
        before = "a" * 40
        fake.comparisons[f"{before}...{after}"] = [(NAME, "modified")]
        event = {
            "ref": "refs/heads/main",
            "before": before,
            "after": after,
            "repository": {"default_branch": "main"},
        }
        (home / "event.json").write_text(json.dumps(event), encoding="utf-8")
        environ = {
            "GITHUB_REPOSITORY": fake.repository,
            "GITHUB_API_URL": fake.url,
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_EVENT_NAME": "push",
            "GITHUB_EVENT_PATH": str(home / "event.json"),
        }
        context = ActionsContext.from_environ(environ)
        found = Merge.from_event("push", context.event)
        assert isinstance(found, Merge)
        options = merge.Options(PathFilter(), write_back=write_back)
        runs = []
        for _ in range(2):  # the merge, then a re-run of the same job
            fake.requests.clear()
            with GitHubClient(TOKEN, fake.url, write_interval=0) as client:
                result = merge.run(
                    context, found, options, client, ActionsLog(io.StringIO(), in_actions=False)
                )
            kinds = Counter(_kind(r.method, r.path) for r in fake.requests)
            runs.append((result, kinds))
    (first, kinds), (again, rerun) = runs
    return Measured(
        new,
        existing,
        owners,
        Counter({k: n for k, n in kinds.items() if not _writes_back(k)}),
        sum(n for k, n in kinds.items() if _writes_back(k)),
        sum(n for k, n in rerun.items() if not _writes_back(k)),
        len(first.outcome.opened),
        len(again.outcome.opened),
    )


def _writes_back(kind: str) -> bool:
    return kind.split()[1] in ("git/refs", "git/ref", "git/blobs", "contents", "pulls", "issues/labels")


def _kind(method: str, path: str) -> str:
    """`GET issues`, `POST labels`, `GET assignees` ...: the endpoint without the repository."""
    parts = path.split("/")[4:] if path.startswith("/repos/") else path.split("/")[1:]
    sub = (
        parts[1] if parts[:1] == ["git"] else parts[2] if parts[:1] == ["issues"] and len(parts) > 2 else None
    )
    return f"{method} {parts[0] if parts else '/'}" + (f"/{sub}" if sub else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--case",
        nargs=3,
        type=int,
        action="append",
        metavar=("K", "E", "O"),
        help="new items, existing issues, owners",
    )
    parser.add_argument("--write-back", action="store_true", help="open the write-back pull request too")
    args = parser.parse_args(argv)
    cases = [tuple(c) for c in args.case] if args.case else DEFAULT_CASES
    print(f"budget = L(E) + L(E+K) + K + O + {CONSTANT}, L(n) = max(1, ceil(n/100))")
    header = (
        f"{'K':>4} {'E':>5} {'O':>3} | {'requests':>8} {'budget':>6} | {'re-run':>6} | write-back | by kind"
    )
    print(header)
    print("-" * len(header))
    within = True
    for new, existing, owners in cases:
        m = measure(new, existing, owners, args.write_back)
        ok = m.total <= m.budget and m.opened == new and m.opened_again == 0
        within = within and ok
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(m.requests.items()))
        back = f"{m.write_back:>10}" if args.write_back else f"{'-':>10}"
        figures = f"{new:>4} {existing:>5} {owners:>3} | {m.total:>8} {m.budget:>6} | {m.rerun:>6} | {back}"
        print(f"{figures} | {kinds}" + ("" if ok else "  <-- OVER BUDGET or wrong count"))
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
