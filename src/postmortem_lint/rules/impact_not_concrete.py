"""The impact is stated without a figure.

"API issues occurred" tells a reader nothing about how bad it was. Say how long, how many, how much,
or who: a duration, a percentage, a count of users or requests, money, or the named customers or
teams affected ("Checkout API returned elevated 5xx responses for 42 minutes, affecting approximately
18% of transactions", "3 enterprise customers could not log in").

When the impact is written in the guide's three fields (`Customer impact:`, `Internal impact:`,
`Security/data impact:`, as lines, table rows or columns, summary bullets or front matter), the
customer impact is judged on its own, at its line: it needs a figure, and "none" or "no impact" is
no figure for it (it is a fine answer for the internal and security impact, which are not judged).
Otherwise the rule reads the whole Impact section (or an `Impact:` field, or a tier-1 recap's
paragraphs before its first section) and is satisfied by any number, number word ("three", "half",
"all", "none"), currency amount, or named customers ("customers including Acme and Globex") in it. The finding
points at the first line of the text it judged.

An error by default: the guide names "API issues occurred" as the impact not to write, so a
postmortem that says it must not pass. Teams that want a nudge only can set it to a warning.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.markup import plain
from postmortem_lint.model import Document, Problem
from postmortem_lint.regex import compiled, lazy
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.rules.examples import COMPLETE

_AMOUNT = (
    r"(?i:\d|[$€£¥]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundreds?|thousands?|millions?|dozens?|half|quarter|all|every|single|double|twice)\b)"
)
# the named customers: "customers including Acme and Globex", "tenants such as Initech"
_NAMED = (
    r"(?i:\b(?:customers?|tenants?|clients?|accounts?|partners?)\b[^.;\n]{0,20}?"
    r"\b(?:including|such as|namely))\s+[A-Z]"
)
_FIGURE = compiled(rf"{_AMOUNT}|(?i:\b(?:none|no one|nobody)\b)|{_NAMED}")
_CUSTOMER_FIGURE = lazy(rf"{_AMOUNT}|{_NAMED}")  # "none" is no figure for the customer impact


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    document = ctx.document
    customer = [f for f in document.impact if f.aspect == "customer" and f.text]
    if customer:
        for field in customer:
            if not _CUSTOMER_FIGURE().search(field.text):
                yield Problem(
                    field.line, _message(f"customer impact {_quote(field.text)}"), column=field.column
                )
        return
    yield from _free_form(document)


def _free_form(document: Document) -> Iterator[Problem]:
    labelled = {f.line for f in document.impact}  # "Internal impact: none" says nothing of customers
    read = []
    for prose in document.prose_of("impact"):
        text = plain(prose.text)  # a label that stands for the section is blanked: its value is read
        if text and prose.line not in labelled:
            read.append((prose, text))
    if read and not _FIGURE.search(" ".join(text for _, text in read)):
        first, text = read[0]
        yield Problem(first.line, _message(f"impact {_quote(text)}"), column=first.columns[0] + 1)


def _quote(text: str) -> str:
    return f'"{text}"' if len(text) <= 60 else f'"{text[:57]}..."'


def _message(what: str) -> str:
    return (
        f"{what} has no figure: say how long, how many, how much or who was affected "
        '(e.g. "18% of checkout requests failed for 47 minutes")'
    )


RULE = Rule(
    id="PM201",
    name="impact-not-concrete",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=COMPLETE.replace(
        "- 18% of checkout requests failed with HTTP 502 for 47 minutes.",
        "- Customer impact: API issues occurred\n- Internal impact: some disruption\n"
        "- Security/data impact: none",
    ),
    good=COMPLETE.replace(
        "- 18% of checkout requests failed with HTTP 502 for 47 minutes.",
        "- Customer impact: Checkout API returned elevated 5xx responses for 42 minutes, affecting "
        "approximately 18% of transactions\n- Internal impact: none\n- Security/data impact: none",
    ),
)
