"""Count the GitHub API requests of the scheduled follow-up, against the budget the Action states.

With I items' issues listed, D digest writes and W item writes (labels, reminders and their look at
the issue's comments), a run must make at most ceil(I/100) + D + W + 2 requests (the 2: the token's
identity and the digest lookup). Each case builds a repository of postmortems with five action items
each, every item with the issue the merge flow would have opened, half of them overdue; it runs the
real follow-up (`postmortem_lint.github.follow_up`) against the fake GitHub server of the test suite
over real HTTP, then again the same day until a run writes nothing (the reminders of the backlog go
out `remind` a run): that last run must cost ceil(I/100) + 2 requests. Then the same again from the
start under `max-requests` (`--cap`): no run may pass the cap, and the runs must end where the
uncapped ones did (the same labels, one reminder per overdue item, one digest).

    python bench/follow_up_budget.py                  # 10, 100 and 1,000 action items
    python bench/follow_up_budget.py --items 5000 --remind 50 --cap 200
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the fake server lives with the tests

from tests.fake_github import TOKEN, WRITES, FakeGitHub, Recorded, serve  # noqa: E402

from postmortem_lint.github import follow_up  # noqa: E402
from postmortem_lint.github.client import GitHubClient  # noqa: E402
from postmortem_lint.github.events import ActionsContext, ActionsLog  # noqa: E402
from postmortem_lint.github.issues import LABEL, item_key, marker  # noqa: E402
from postmortem_lint.reader import read_text  # noqa: E402
from postmortem_lint.reader.vocabulary import Vocabulary  # noqa: E402
from postmortem_lint.rules.examples import COMPLETE  # noqa: E402

TODAY = dt.date(2026, 9, 15)
PER_FILE = 5


@dataclass(frozen=True)
class Measured:
    items: int
    listed: int  # I
    digest_writes: int  # D
    item_writes: int  # W: label changes, reminders, and the comment look-ups that go with them
    requests: int
    runs: int  # runs until one writes nothing (the backlog of reminders drains `remind` a run)
    steady: int  # requests of that last run, which writes nothing
    capped_runs: int  # the same under the cap
    capped_most: int  # the most requests one of those runs made
    same: bool  # the capped runs ended with the same issues, labels and comments

    @property
    def budget(self) -> int:
        return math.ceil(self.listed / 100) + self.digest_writes + self.item_writes + 2


def postmortem(index: int) -> str:
    """A complete postmortem with five open items, due before and after TODAY by turns."""
    items = "".join(
        f"- [ ] Add an alert on queue depth for service {index}-{n} above 200 — @owner{n} — due "
        f"{(TODAY + dt.timedelta(days=(-1 if n % 2 else 1) * (n + 1))).isoformat()}\n"
        for n in range(PER_FILE)
    )
    return COMPLETE.split("## Action Items\n")[0] + "## Action Items\n\n" + items


def measure(items: int, remind: int, cap: int) -> Measured:
    runs, end, number, repository = drain(items, remind, 100_000)
    capped, capped_end, _, _ = drain(items, remind, cap)
    made = runs[0]
    digest = f"/repos/{repository}/issues/{number + 1}"  # the digest is the issue after the items'
    return Measured(
        items=number,
        listed=number,
        digest_writes=sum(
            1 for r in made if r.method in WRITES and r.path in (digest, digest[: -len(str(number + 1)) - 1])
        ),
        item_writes=sum(1 for r in made if _item_write(r.method, r.path, digest)),
        requests=len(made),
        runs=len(runs),
        steady=len(runs[-1]),
        capped_runs=len(capped),
        capped_most=max(len(r) for r in capped),
        same=capped_end == end,
    )


def drain(items: int, remind: int, cap: int) -> tuple[list[list[Recorded]], object, int, str]:
    """Follow-up runs the same day under `cap` until one writes nothing: each run's requests, what the
    issues ended as (labels, comments; the digest's body aside, it lists the run's figures), the
    items' issues and the repository."""
    with tempfile.TemporaryDirectory() as folder, serve(FakeGitHub()) as fake:
        home = Path(folder)
        workspace = home / "checkout"
        number = 0
        for index in range(math.ceil(items / PER_FILE)):
            name = f"postmortems/2026-08-{index % 28 + 1:02}-incident-{index}.md"
            text = postmortem(index)
            (workspace / name).parent.mkdir(parents=True, exist_ok=True)
            (workspace / name).write_text(text, encoding="utf-8")
            for item in read_text(text, name, Vocabulary.default()).actions:
                number += 1
                fake.add_issue(number, item.text[:60], marker(item_key(name, item)), labels=(LABEL,))
        environ = {
            "GITHUB_REPOSITORY": fake.repository,
            "GITHUB_API_URL": fake.url,
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_EVENT_NAME": "schedule",
        }
        context = ActionsContext.from_environ(environ)
        options = follow_up.Options(today=TODAY, remind=remind, max_requests=cap)
        runs: list[list[Recorded]] = []
        while not runs or any(r.method in WRITES for r in runs[-1]):  # the same day, until all is done
            fake.requests.clear()
            with GitHubClient(TOKEN, fake.url, write_interval=0) as client:
                follow_up.run(context, options, client, ActionsLog(io.StringIO(), in_actions=False))
            runs.append(list(fake.requests))
        end = (
            sorted(
                (n, issue["labels"], fake.comments_on(n)) for n, issue in fake.issues.items() if n <= number
            ),
            len(fake.issues),
        )
        return runs, end, number, fake.repository


def _item_write(method: str, path: str, digest: str) -> bool:
    """A label change or reminder on an item's issue, or the look at its comments before one."""
    if path.endswith("/comments"):
        return True
    return method in WRITES and "/issues/" in path and path != digest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, action="append", help="action items (default: 10, 100, 1000)")
    parser.add_argument("--remind", type=int, default=10, help="reminders per run (default: 10)")
    parser.add_argument("--cap", type=int, default=50, help="max-requests of the capped runs (default: 50)")
    args = parser.parse_args(argv)
    print("budget = ceil(I/100) + D + W + 2; a run that has nothing to write: ceil(I/100) + 2")
    print(
        f"capped: the same work under max-requests {args.cap}, run after run; most: requests of the busiest"
    )
    header = (
        f"{'items':>6} {'I':>6} {'D':>2} {'W':>5} | {'requests':>8} {'budget':>6} | "
        f"{'runs to drain':>13} {'then':>5} | {'capped: runs':>12} {'most':>5}"
    )
    print(header)
    print("-" * len(header))
    within = True
    for items in args.items or (10, 100, 1000):
        m = measure(items, args.remind, args.cap)
        ok = m.requests <= m.budget and m.steady == math.ceil(m.listed / 100) + 2
        capped = m.capped_most <= args.cap and m.same
        within = within and ok and capped
        print(
            f"{m.items:>6} {m.listed:>6} {m.digest_writes:>2} {m.item_writes:>5} | "
            f"{m.requests:>8} {m.budget:>6} | {m.runs:>13} {m.steady:>5} | {m.capped_runs:>12} "
            f"{m.capped_most:>5}"
            + ("" if ok else "  <-- OVER BUDGET, or a quiet run over ceil(I/100) + 2")
            + ("" if capped else f"  <-- OVER THE CAP of {args.cap}, or not the same end")
        )
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
