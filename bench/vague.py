"""Measure the vague-action detector (PM105 action-vague, PM106 action-not-measurable).

1. The labelled items of ../shared/corpus/action-items.tsv (header `label<TAB>text`, labels `vague`
   and `specific`): each item is linted as the only action item of a small postmortem, "vague" means
   PM105 fires. Prints precision, recall and the confusion matrix, and the items it gets wrong.
2. The real postmortems of ../shared/corpus/real/*.md: every PM105 and PM106 finding, with the item's
   text and the words that made it vague, for a reader to judge.

    python bench/vague.py              # both; skips with a message when ../shared is absent
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from postmortem_lint.engine.config import Config
from postmortem_lint.engine.linter import check_document
from postmortem_lint.reader import read_path, read_text
from postmortem_lint.rules.support.specificity import assess, document_systems

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RULES = ("PM105", "PM106")
_ITEM_LINE = 5  # the line of the action item in the document `_lint_item` builds


@dataclass
class Evaluation:
    """Confusion matrix of PM105 against the labels ("vague" is the positive class)."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0
    unmeasurable: int = 0  # labelled items PM106 reports (for information)
    wrong: list[tuple[str, str]] = field(default_factory=list)  # (label, text) of the misjudged items

    @property
    def precision(self) -> float:
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else 0.0

    @property
    def recall(self) -> float:
        vague = self.true_positive + self.false_negative
        return self.true_positive / vague if vague else 0.0


def _lint_item(text: str, config: Config) -> set[str]:
    """The IDs of PM105/PM106 findings on `text` as the only action item of a postmortem."""
    document = read_text(f"# Incident\n\n## Action Items\n\n- {text}\n", "item.md", config.vocabulary)
    return {f.rule for f in check_document(document, config) if f.rule in RULES and f.line == _ITEM_LINE}


def evaluate(tsv: Path, config: Config | None = None) -> Evaluation:
    config = config or Config.default()
    result = Evaluation()
    with tsv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            label, text = row["label"].strip(), row["text"].strip()
            fired = _lint_item(text, config)
            flagged, vague = "PM105" in fired, label == "vague"
            result.unmeasurable += "PM106" in fired
            if flagged and vague:
                result.true_positive += 1
            elif flagged:
                result.false_positive += 1
            elif vague:
                result.false_negative += 1
            else:
                result.true_negative += 1
            if flagged != vague:
                result.wrong.append((label, text))
    return result


@dataclass(frozen=True)
class Flag:
    path: str
    line: int
    rule: str
    text: str
    words: tuple[str, ...]


def corpus_flags(folder: Path, config: Config | None = None) -> list[Flag]:
    """PM105 and PM106 findings on the action items of every postmortem in `folder`."""
    config = config or Config.default()
    flags: list[Flag] = []
    for path in sorted(folder.glob("*.md")):
        document = read_path(path, config.vocabulary, display=path.name)
        items = {item.line: item for item in document.actions}
        systems = document_systems(document)
        for finding in check_document(document, config):
            item = items.get(finding.line)
            if finding.rule not in RULES or item is None:
                continue
            found = assess(item.text, systems)
            words = found.vague_words if found else ()
            flags.append(Flag(path.name, finding.line, finding.rule, item.text, words))
    return flags


def _report(evaluation: Evaluation, flags: Sequence[Flag], items: int) -> None:
    e = evaluation
    print("Labelled items (vague = PM105 fires)")
    print(f"  precision {e.precision:.3f}  recall {e.recall:.3f}")
    print("                    flagged  not flagged")
    print(f"  labelled vague    {e.true_positive:7d}  {e.false_negative:11d}")
    print(f"  labelled specific {e.false_positive:7d}  {e.true_negative:11d}")
    print(f"  PM106 on labelled items: {e.unmeasurable}")
    for label, text in e.wrong:
        print(f"  wrong: [{label}] {text}")
    by_rule = {rule: sum(f.rule == rule for f in flags) for rule in RULES}
    counts = ", ".join(f"{rule} {count}" for rule, count in by_rule.items())
    print(f"\nReal corpus: {items} action items, {counts}")
    for flag in flags:
        words = f"  [vague: {', '.join(flag.words)}]" if flag.rule == "PM105" else ""
        print(f"  {flag.path}:{flag.line}  {flag.rule}  {flag.text[:110]}{words}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared test material (../shared)")
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus"
    tsv, real = corpus / "action-items.tsv", corpus / "real"
    if not tsv.is_file() or not real.is_dir():
        print(f"skipped: {corpus} is absent (it is not part of the repository)")
        return 0
    config = Config.default()
    items = sum(len(read_path(p, config.vocabulary).actions) for p in real.glob("*.md"))
    _report(evaluate(tsv, config), corpus_flags(real, config), items)
    return 0


if __name__ == "__main__":
    sys.exit(main())
