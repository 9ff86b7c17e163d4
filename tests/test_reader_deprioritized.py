"""The deprioritized marker: a conscious decision not to do an action item, written in the document."""

from __future__ import annotations

import pytest

from postmortem_lint.engine.config import Config
from postmortem_lint.engine.linter import check_document
from postmortem_lint.model import ActionItem
from postmortem_lint.reader import read_text
from postmortem_lint.reader.vocabulary import Vocabulary


def actions(body: str) -> list[ActionItem]:
    return read_text(f"# T\n## Action Items\n{body}", "pm.md", Vocabulary.default()).actions


@pytest.mark.parametrize(
    ("body", "text", "reason"),
    [
        ("- [-] Rewrite the scheduler — @ana — due 2026-09-01\n", "Rewrite the scheduler", ""),
        (
            "- [ ] Rewrite the scheduler — @ana — due 2026-09-01 (won't do: replaced by managed cron)\n",
            "Rewrite the scheduler",
            "replaced by managed cron",
        ),
        (
            "- ~~Add a second region~~ (won’t do: cost outweighs the risk) — @ben — due 2026-09-01\n",
            "Add a second region",
            "cost outweighs the risk",
        ),
        ("- Add alert — @cy — due 2026-09-01 (deprioritized)\n", "Add alert", ""),
        (
            "- Move config to the repo — @di — due 2026-09-01\n"
            "  - Deprioritized: the config service replaces it\n",
            "Move config to the repo",
            "the config service replaces it",
        ),
        ("- Deprioritized: drop the cache layer — @ed — due 2026-09-02\n", "drop the cache layer", ""),
        (
            "- Add a canary stage — @fi — due 2026-09-02 — won't do: no traffic split yet\n",
            "Add a canary stage",
            "no traffic split yet",
        ),
        (
            "| Action | Owner | Due | Status |\n| --- | --- | --- | --- |\n"
            "| Add canary | @gu | 2026-09-03 | Won't do (no traffic split) |\n",
            "Add canary",
            "no traffic split",
        ),
        (
            "- Add canary — @gu — 2026-09-03\n  - Status: deprioritized, superseded by #12\n",
            "Add canary",
            "superseded by #12",
        ),
    ],
)
def test_deprioritized_forms(body: str, text: str, reason: str) -> None:
    [item] = actions(body)
    assert (item.text, item.deprioritized, item.done, item.reason, item.closed) == (
        text,
        True,
        False,
        reason,
        True,
    )


@pytest.mark.parametrize(
    "line",
    [
        "- [ ] Document why the old job won't do retries — @ana — due 2026-09-01",
        "- [ ] Add a check that deprioritized queues drain — @ana — due 2026-09-01",
        "- [x] Ship the fix — @ana — due 2026-09-01",
        "- ~~Ship the fix~~",
    ],
)
def test_near_misses_are_not_deprioritized(line: str) -> None:
    [item] = actions(line + "\n")
    assert not item.deprioritized


def test_a_deprioritized_item_needs_no_owner_or_due_date() -> None:
    document = read_text(
        "# T\n## Action Items\n- [-] Improve monitoring (won't do: covered by the SLO work)\n"
        "- Improve monitoring\n",
        "pm.md",
        Vocabulary.default(),
    )
    lines = {f.line for f in check_document(document, Config.default()) if f.rule.startswith("PM1")}
    assert 3 not in lines and 4 in lines
