"""The action-item rules stay linear on long input: counted work for PM109, and 10^5-repeat hostile
input through the bracket form, tracker keys, year inference and the specificity heuristic in a
subprocess whose timeout only stops a hang (no timing asserts; bench/actions.py prints the figures)."""

from __future__ import annotations

import random
import subprocess
import sys

from postmortem_lint.rules.duplicate_action import INDEXED, repeats, words

N = 100_000
HANG_GUARD = 120  # seconds: a quadratic pass over these inputs takes hours


def test_identical_items_are_found_without_comparing() -> None:
    sets = [words("Add an alert on disk usage above 80% for the search nodes")] * N
    found = repeats(sets)
    assert found.earlier == [None] + [0] * (N - 1)
    assert found.compared == 0  # found by its words; all-pairs would compare N * (N - 1) / 2


def test_distinct_items_sharing_common_words_are_compared_a_bounded_number_of_times() -> None:
    sets = [words(f"Add an alert on disk usage for search node {i}") for i in range(N)]
    found = repeats(sets)
    assert found.earlier == [None] * N
    # the prefix of 7 words is 2: the item's own number and one common word, which leads to INDEXED
    assert found.compared <= N * INDEXED


def test_items_built_from_a_small_vocabulary_stay_within_the_index_bound() -> None:
    """The worst case for an index: every word is common, so every prefix leads to earlier items."""
    vocabulary = [f"w{i}" for i in range(14)]
    pick = random.Random(7)
    sets = [frozenset(pick.sample(vocabulary, 6)) for _ in range(N)]
    found = repeats(sets)
    prefix = 6 - 5 + 1  # len - ceil(0.8 * len) + 1
    assert found.compared <= N * prefix * INDEXED
    first = {s: i for i, s in reversed(list(enumerate(sets)))}
    # every repeat named is similar enough, and every exact repeat of an indexed set is found
    for i, earlier in enumerate(found.earlier):
        if earlier is not None:
            assert earlier < i and len(sets[i] & sets[earlier]) / len(sets[i] | sets[earlier]) >= 0.8
    exact = sum(1 for i, s in enumerate(sets) if first[s] != i)
    assert sum(1 for e in found.earlier if e is not None) >= exact


HOSTILE = """\
import datetime as dt, sys
from postmortem_lint.engine.config import Config
from postmortem_lint.dates import find_date
from postmortem_lint.reader import read_text
from postmortem_lint.reader.brackets import classify, leading_brackets
from postmortem_lint.rules import action_not_measurable, action_shared_owner, duplicate_action, placeholder
from postmortem_lint.rules.base import Context
from postmortem_lint.rules.examples import COMPLETE

config = Config.default()
rules = [m.RULE for m in (placeholder, action_shared_owner, action_not_measurable, duplicate_action)]
for piece in sys.argv[1:]:
    run = piece * 100_000
    found = leading_brackets(run)
    if found:
        classify(*found)
    find_date(run, on_or_after=dt.date(2026, 8, 19))
    items = "- " + run + "\\n- [@a] [Sep 1] [" + run + "]\\n"
    text = COMPLETE.replace("## Action Items\\n\\n", "## Action Items\\n\\n" + items, 1)
    document = read_text(text, "pm.md", config.vocabulary)
    context = Context(document, config)
    reported = [p for rule in rules for p in rule.check(context, rule.options)]  # PM106: PM105's heuristic
    print(repr(piece), len(document.actions), all(p.line > 0 for p in reported))
"""

PIECES = ["“a ", "‘a ", "[a] ", "see OPS-1 ", "Nov 6 ", "more logging to ", "[@a] [Nov 6] "]


def test_hostile_runs_through_the_action_rules_finish() -> None:
    done = subprocess.run(
        [sys.executable, "-c", HOSTILE, *PIECES],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    counts = [line.rsplit(" ", 2)[1:] for line in done.stdout.splitlines()]
    assert len(counts) == len(PIECES) and all(count != "0" and ok == "True" for count, ok in counts)
