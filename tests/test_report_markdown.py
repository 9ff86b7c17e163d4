"""`report --format markdown`: the weekly-sync order, inert postmortem text, a Mermaid pie with the same
numbers as its table, and GitHub's 65,536-character limit kept by cutting whole rows with a count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postmortem_lint.github.markdown_safety import BODY_LIMIT, WORD_JOINER
from tests.conftest import Run
from tests.followup_env import TODAY, make_repo


@pytest.fixture
def markdown(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(make_repo(tmp_path / "incidents"))
    code, out, err = run("report", "--today", TODAY, "--format", "markdown")
    assert (code, err) == (0, "")
    return out


def test_headline_then_overdue_then_failed_checks_then_recurring_themes(markdown: str) -> None:
    lines = markdown.splitlines()
    assert lines[0] == "## Postmortem follow-ups on 2026-10-01"
    assert lines[2].startswith("6 incidents, 16 action items: 3 overdue, 5 open (2 undated)")
    headings = [line for line in lines if line.startswith("### ")]
    assert headings == [
        "### Overdue (3)",
        "### 30-day check failed (2)",
        "### Recurring themes (1)",
        "### Themes",
        "### Open items per owner",
        "### Other open items",
    ]
    first = lines[lines.index("### Overdue (3)") + 4]
    assert first == (
        "| `@maria` | 2026-06-30 | 93 | Alert when the order queue's oldest message is older than 10 minutes "
        "| [2026-06-02-queue-backlog.md:20](postmortems/2026-06-02-queue-backlog.md#L20) | — |"
    )


def test_postmortem_text_is_inert_and_owners_notify_nobody(markdown: str) -> None:
    assert "<script>" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;" in markdown
    assert f"@{WORD_JOINER}everyone" in markdown and "@everyone" not in markdown
    assert f"#{WORD_JOINER}12" in markdown  # no cross-reference to an issue of whichever repository
    # every owner in a code span, where GitHub sends no notification
    assert not re.search(r"(?<!`)@(?!\u2060)\w", markdown)


def test_the_pie_and_the_table_give_the_same_numbers(markdown: str) -> None:
    pie = markdown.split("```mermaid\n", 1)[1].split("```", 1)[0].splitlines()
    assert pie[0] == "pie title Incidents per theme"
    slices = {m[1]: int(m[2]) for m in (re.match(r'\s+"(.+)" : (\d+)$', line) for line in pie[1:]) if m}
    table = markdown.split("| Theme | Incidents |", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    rows = {cells[1].strip(): int(cells[2]) for cells in (row.split("|") for row in table)}
    assert (
        slices
        == rows
        == {
            "monitoring-gaps": 4,
            "unclear-ownership": 2,
            "dependency-visibility": 1,
            "deployment-safety": 1,
        }
    )


def incidents(tmp_path: Path, text: str, count: int) -> Path:
    """A folder of `count` postmortems with eight open items each, the items' text starting `text`."""
    folder = tmp_path / "postmortems"
    folder.mkdir()
    for number in range(count):
        items = "\n".join(f"- [ ] {text} step {k} — @owner-{number} — due 2026-0{1 + k}-15" for k in range(8))
        (folder / f"2026-01-{number:03d}.md").write_text(
            f"---\ndate: 2026-01-01\nthemes: [theme-{number}]\n---\n# Incident {number}\n\n"
            f"## Summary\n\nKeys leaked.\n\n## Action Items\n\n{items}\n",
            encoding="utf-8",
        )
    return folder


def test_a_report_of_emoji_fits_github_s_limit_in_utf16_units_too(run: Run, tmp_path: Path) -> None:
    """Emoji take two UTF-16 units: the report stays within the limit however GitHub counts, as the
    review comment does."""
    folder = incidents(tmp_path, "Rotate the signing keys " + "🔑" * 120, 60)
    code, out, _ = run("report", str(folder), "--today", TODAY, "--format", "markdown")
    assert code == 0
    assert len(out.encode("utf-16-le")) // 2 <= BODY_LIMIT < len(out) * 2
    assert re.search(r"_… and \d+ more overdue items not shown", out)


def test_a_large_report_is_cut_at_a_row_with_a_count(run: Run, tmp_path: Path) -> None:
    folder = incidents(
        tmp_path, "Rotate the signing keys of every internal service with the new vault policy " * 3, 120
    )
    code, out, _ = run("report", str(folder), "--today", TODAY, "--format", "markdown")
    assert code == 0
    assert 60_000 < len(out) <= BODY_LIMIT
    rows = [line for line in out.splitlines() if line.startswith("| `@owner-")]
    assert all(row.endswith(" |") and row.count(" | ") == 5 for row in rows)  # no row is cut
    kept = len(rows)
    assert f"_… and {960 - kept} more overdue items not shown" in out
    assert "### 30-day check failed (120)" in out  # later sections keep their headings
