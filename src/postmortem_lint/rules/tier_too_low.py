"""The incident is marked tier 1 but the review triggers call for a standard (tier 2) review.

A tier 1 recap is for small incidents. An incident needs at least the standard review when any
of these holds (configuration `tier-triggers`): its severity is one of `severities` (default SEV1
and SEV2); it lasted longer than `duration-minutes` (default 60; read from the `duration` field,
e.g. "47 minutes", "2h 15m", "1 hour 48 minutes"); the summary, impact or title states security
impact (a breach, leaked credentials or secrets, unauthorised access) or data impact (data loss,
corrupted or exposed personal data); or the front matter says it happened before (`recurred: true`).
A denial or a mere risk in the same sentence ("no customer data was lost", "to avoid data loss")
is not impact.

Fix it by setting `tier: 2` and completing the standard template, or by correcting the field that
fired the trigger.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from postmortem_lint.findings import Severity
from postmortem_lint.markup import plain
from postmortem_lint.model import Document, Problem
from postmortem_lint.reader.durations import minutes as duration_minutes
from postmortem_lint.regex import lazy
from postmortem_lint.rules.base import Context, Rule
from postmortem_lint.schema.validate import normalise_severity

_SECRET = r"(?:credentials?|secrets?|tokens?|passwords?|api keys?|private keys?|ssh keys?)"
# compiled on first use: only a tier-1 document is searched
_SECURITY = lazy(
    rf"\b(?:security (?:incident|breach|issue|vulnerability|impact|exposure)|(?:data|privacy) breach|"
    rf"breach(?:ed)? (?:of )?(?:our |the )?(?:systems?|accounts?|networks?|infrastructure|security)|"
    rf"compromised|(?:account|employee|host|system|credential|key) compromise|phishing|account takeover|"
    rf"unauthori[sz]ed (?:access|use)|{_SECRET}\b[^.;]{{0,40}}?\b(?:leak(?:ed)?|exposed|compromised|stolen)|"
    rf"leak(?:ed)? (?:\w+ ){{0,3}}{_SECRET}|(?:credential|secret|token|password|key) leak(?:s|age)?)\b",
    re.IGNORECASE,
)
_DATA = lazy(
    r"\b(?:data (?:loss|corruption|leak|exposure)|(?:lost|corrupted|deleted) (?:\w+ )?data|"
    r"data (?:was|were) (?:\w+ )?(?:lost|corrupted|deleted|exposed|leaked)|"
    r"pii|personal (?:data|information))\b",
    re.IGNORECASE,
)
# a denial, or a risk that did not happen ("to avoid data loss", "could have leaked credentials")
_NEGATION = lazy(
    r"\b(?:no|not|never|without|none|nor|zero|avoid\w*|prevent\w*|risk|would|could|might)\b|n't\b",
    re.IGNORECASE,
)
_DENIAL_AFTER = lazy(r"^\s*(?::\s*)?(?:(?:was|were|is|are)\s+)?(?:not|never|none|no|n/a)\b", re.IGNORECASE)
_CLAUSE = lazy(r"[.!?;\n]+|,\s*(?:but|however|although|though)\b|\b(?:but|however)\b")


def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    document = ctx.document
    tier = document.fields.get("tier")
    if tier is None or document.tier != 1:
        return
    triggers = ctx.config.tier_triggers
    reasons: list[str] = []
    severity = document.field_value("severity")
    wanted = {normalise_severity(s) for s in triggers.severities}
    if severity is not None and normalise_severity(str(severity)) in wanted:
        reasons.append(f"severity {normalise_severity(str(severity))}")
    written = document.field_value("duration")
    minutes = duration_minutes(written)
    if minutes is not None and minutes > triggers.duration_minutes:
        reasons.append(f'duration "{str(written)[:40]}" (over {triggers.duration_minutes} minutes)')
    text = _impact_text(document)
    if triggers.security and (found := impact_phrase(_SECURITY(), text)):
        reasons.append(f'security impact ("{found}")')
    if triggers.data and (found := impact_phrase(_DATA(), text)):
        reasons.append(f'data impact ("{found}")')
    if triggers.recurred and _truthy(document.field_value("recurred")):
        reasons.append("a recurrence (recurred: true)")
    if reasons:
        yield Problem(
            tier.line,
            f"tier 1 (short recap), but {_join(reasons)} {'calls' if len(reasons) == 1 else 'call'} "
            "for a standard review: set tier: 2 and complete the standard template",
        )


def impact_phrase(pattern: re.Pattern[str], text: str) -> str | None:
    """The first phrase matching `pattern` in a clause that does not deny it ("no data was lost")."""
    if not pattern.search(text):  # a match in a clause is one in the text: clauses end at non-word characters
        return None
    for clause in _CLAUSE().split(text):
        found = pattern.search(clause)
        denied = found is not None and (
            _NEGATION().search(clause[: found.end()]) or _DENIAL_AFTER().match(clause[found.end() :])
        )  # "no data was lost", "PII: none"
        if found and not denied:
            return found[0]
    return None


def _impact_text(document: Document) -> str:
    prose = document.prose_of("summary") + document.prose_of("impact")  # no code, no comments
    return "\n".join([document.title or "", *(plain(p.text) for p in prose)])


def _truthy(value: Any) -> bool:
    return value is True or str(value).strip().lower() in ("true", "yes", "y")


def _join(reasons: list[str]) -> str:
    return reasons[0] if len(reasons) == 1 else ", ".join(reasons[:-1]) + " and " + reasons[-1]


_RECAP = """\
---
title: Checkout errors after payment-gateway deploy
date: 2026-08-19
severity: SEV3
tier: 1
duration: 2h 15m
---
# Checkout errors after payment-gateway deploy

## Impact

- 3% of checkout requests failed with HTTP 502 for 2 hours 15 minutes.

## Action Items

- [ ] Add alert for payment-gateway queue depth above 200 for 5 minutes — @maria — due 2026-09-01
"""

RULE = Rule(
    id="PM010",
    name="tier-too-low",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
    bad=_RECAP,
    good=_RECAP.replace("2h 15m", "25 minutes").replace("2 hours 15 minutes", "25 minutes"),
)
