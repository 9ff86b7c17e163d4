"""An action item is too vague for anyone to tell when it is done.

"Improve monitoring", "communicate better", "investigate further", "be more careful", "review all
alerting": such items never get closed, or get closed with nothing changed, and the incident comes
back. An item is reported when its main clause (the part before any explanation) is carried by vague
words (verbs with no end point such as improve, enhance, review, investigate, consider, ensure,
revisit; phrases such as "look into", "think about", "be more careful", "some kind of"; comparatives
such as "better" or "safer"; abstract objects such as monitoring, reliability, process) that
outweigh its specificity signals (numbers and thresholds, schedules, file paths and code
identifiers, named systems, including the document's "Systems affected", quoted strings, and
concrete artifacts such as an alert, runbook, dashboard, test, flag or check), or when it is only a
verb and abstract nouns ("Fix monitoring gaps"). The message names the words that made it vague.
Done items are not checked. The heuristic and its word lists are in
`postmortem_lint.rules.support.specificity` and `data/specificity.json`.

Not reported: "Improve p95 latency of /search below 300 ms" (a threshold and a path), "Investigate
grafana-agent memory usage" (a named system), "Add alert for checkout 5xx above 3% for 5 minutes".

Fix it by saying what will exist when the item is done: "Improve monitoring" becomes "Alert when
checkout 5xx exceeds 3% for 5 minutes"; "Be more careful with deploys" becomes "Require a canary
stage in the deploy pipeline".

Options: `vague-words` (list, default empty): more words or phrases your team treats as vague (a
phrase may use `*` for up to two words, "keep * in the loop"); `known-systems` (list, default empty):
names of your systems that count as named even in lower case ("boskos", "tide"). PM106 uses the same
options, so that one item gets at most one of the two findings.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.model import ActionItem, Problem
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE
from postmortem_lint.rules.support.action_items import open_items, quoted_item
from postmortem_lint.rules.support.specificity import Assessment, Lexicon, assess, document_systems

GOOD_ITEM = (
    "- [ ] Add alert for payment-gateway queue depth above 200 for 5 minutes — @maria — due 2026-09-01"
)


def assessments(ctx: Context) -> Iterator[tuple[ActionItem, Assessment]]:
    """Every open item judged once, with this rule's options (PM106 judges with them too)."""
    options = {**RULE.options, **ctx.config.settings(RULE.id).options}
    systems = [*document_systems(ctx.document), *(str(s) for s in options["known-systems"])]
    lexicon = Lexicon.default(options["vague-words"])
    for item in open_items(ctx.document):
        found = assess(item.text, systems, lexicon)
        if found is not None:
            yield item, found


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    for item, found in assessments(ctx):
        if found.verdict == "vague":
            words = ", ".join(f'"{w.lower()}"' for w in found.vague_words)
            yield Problem(
                item.line,
                f"{quoted_item(item)} names no measurable outcome (vague: {words}): say what will exist "
                "when it is done (an alert with a threshold, a runbook at a path, a check in CI)",
            )


RULE = Rule(
    id="PM105",
    name="action-vague",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace(GOOD_ITEM, "- [ ] Improve monitoring — @maria — due 2026-09-01"),
    good=COMPLETE,
    options={"vague-words": [], "known-systems": []},
)
