"""PM201 on the guide's own impact examples, in its three-field form, as whole documents through `check`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Write = Callable[[str, "str | bytes"], Path]

WEAK = "API issues occurred"
STRONG = (
    "Checkout API returned elevated 5xx responses for 42 minutes, affecting approximately 18% of transactions"
)

# the guide's "sample postmortem outline", filled in
GUIDE_FILLED = """\
---
themes: [deployment-safety, monitoring-gaps]
---
# Incident Review: Checkout errors after a payment worker config deploy

## Summary
- Date: 2026-10-14
- Severity: SEV2
- Systems affected: checkout API, payment worker
- Duration: 46 minutes
- Coordinator: @maria

## Impact
- Customer impact: {customer}
- Internal impact: {internal}
- Security/data impact: {security}

## Timeline
- 10:02 detection: checkout 5xx alert fires
- 10:07 initial triage
- 10:14 mitigation attempt: worker restart
- 10:26 escalation to the payments team
- 10:41 rollback completed
- 10:48 service stable

## Trigger Event
- A config deploy set the payment worker's connection pool size to 2.

## Contributing Factors
- No validation of pool sizes before deploy.
- The rollback steps for config deploys were not written down.
- No alert on the worker's queue depth.

## What Worked Well
- The checkout 5xx alert fired within 2 minutes.
- Logs showed the pool exhaustion clearly.

## What Slowed Response
- The first mitigation (a restart) kept the bad config.
- Escalation to the payments team took 12 minutes.

## Action Items
- [@rkim] [2026-10-28] [Add a config check that rejects pool sizes below 20 for the payment worker]
- [@lena] [2026-11-04] [Document rollback steps for config deploys in runbooks/checkout.md]
"""


def guide(customer: str, internal: str = "none", security: str = "none") -> str:
    return GUIDE_FILLED.format(customer=customer, internal=internal, security=security)


def check_json(run: Run, path: Path) -> tuple[int, list[dict[str, object]]]:
    code, out, _ = run("check", "--format", "json", "--no-cache", str(path))
    return code, json.loads(out)["findings"]


def test_the_guide_template_filled_in_well_passes(run: Run, write: Write) -> None:
    code, found = check_json(run, write("guide.md", guide(STRONG)))
    assert found == [] and code == 0


def test_the_guides_weak_impact_in_its_three_fields_is_pm201_at_its_line(run: Run, write: Write) -> None:
    path = write("guide.md", guide(WEAK, internal="some disruption"))
    code, out, _ = run("check", "--no-cache", str(path))
    reported = [line for line in out.splitlines() if " PM201 " in line]
    assert reported == [
        f'{path}:14:20: PM201 impact-not-concrete [error] customer impact "{WEAK}" has no figure: say how '
        'long, how many, how much or who was affected (e.g. "18% of checkout requests failed for 47 minutes")'
    ]
    assert code == 1  # the guide's own example of what not to write fails the check


@pytest.mark.parametrize(
    "customer",
    [
        "all EU customers could not log in",
        "Three enterprise customers were locked out",
        "refunds cost $4k",
        "customers including Acme and Globex could not check out",
    ],
)
def test_other_concrete_customer_impact_passes(run: Run, write: Write, customer: str) -> None:
    _, found = check_json(run, write("guide.md", guide(customer)))
    assert found == []


@pytest.mark.parametrize(
    "customer", ["none", "No impact", "n/a", "some customers saw errors", "customers including some big ones"]
)
def test_none_is_no_figure_for_the_customer_impact(run: Run, write: Write, customer: str) -> None:
    _, found = check_json(run, write("guide.md", guide(customer)))
    assert [(f["rule"], f["line"]) for f in found] == [("PM201", 14)]


def test_the_three_fields_as_a_table_and_as_front_matter(run: Run, write: Write) -> None:
    table = "| Impact | Details |\n|---|---|\n| Customer impact | {customer} |\n| Internal impact | none |\n"
    text = guide("x").replace(
        "- Customer impact: x\n- Internal impact: none\n- Security/data impact: none\n", table
    )
    _, weak = check_json(run, write("table.md", text.format(customer=WEAK)))
    _, strong = check_json(run, write("table2.md", text.format(customer=STRONG)))
    assert [(f["rule"], f["line"]) for f in weak] == [("PM201", 16)] and strong == []
    matter = guide("x").replace(
        "---\nthemes:", f"---\nimpact:\n  customer: {WEAK}\n  internal: none\nthemes:"
    )
    matter = matter.replace(
        "## Impact\n- Customer impact: x\n- Internal impact: none\n- Security/data impact: none\n", ""
    )
    _, found = check_json(run, write("matter.md", matter))
    assert [(f["rule"], f["line"]) for f in found] == [("PM201", 2)]


def test_the_three_fields_as_bold_labels_and_as_subheadings(run: Run, write: Write) -> None:
    fields = "- Customer impact: x\n- Internal impact: none\n- Security/data impact: none\n"
    bold = "**Customer impact:** {customer}  \n**Internal impact:** none  \n**Security/data impact:** none\n"
    headings = "\n### Customer impact\n\n{customer}\n\n### Internal impact\n\nnone\n"
    for name, form, line in (("bold", bold, 14), ("headings", headings, 17)):
        text = guide("x").replace(fields, form)
        _, weak = check_json(run, write(f"{name}.md", text.format(customer=WEAK)))
        _, strong = check_json(run, write(f"{name}-strong.md", text.format(customer=STRONG)))
        assert [(f["rule"], f["line"]) for f in weak] == [("PM201", line)], name
        assert strong == [], name


def test_free_form_impact_points_at_its_first_line(run: Run, write: Write) -> None:
    text = guide("x").replace(
        "- Customer impact: x\n- Internal impact: none\n- Security/data impact: none\n",
        "Checkout was slow.\nSome payments failed.\n",
    )
    _, found = check_json(run, write("free.md", text))
    assert [(f["rule"], f["line"]) for f in found] == [("PM201", 14)]
    assert 'impact "Checkout was slow. Some payments failed." has no figure' in str(found[0]["message"])


TIER_1_RECAP = """\
---
date: 2026-09-02
severity: SEV4
tier: 1
---
# Search index lagged behind writes

{recap}

## Action Items

- [@jo] [2026-09-20] [Add a disk usage alert at 80% on all search nodes]
"""


def test_a_tier_1_recap_in_prose_needs_no_impact_heading(run: Run, write: Write) -> None:
    recap = (
        "The search indexer's disk filled up and indexing stopped.\n"
        "Search results were up to 35 minutes stale for all users until we freed space."
    )
    code, found = check_json(run, write("recap.md", TIER_1_RECAP.format(recap=recap)))
    assert found == [] and code == 0


def test_a_tier_1_recap_without_a_figure_is_pm201_on_its_prose(run: Run, write: Write) -> None:
    recap = "The search indexer's disk filled up.\n\nSearch results were stale for a while."
    _, found = check_json(run, write("recap.md", TIER_1_RECAP.format(recap=recap)))
    assert [(f["rule"], f["line"]) for f in found] == [("PM201", 8)]


def test_tier_2_keeps_its_full_template(run: Run, write: Write) -> None:
    recap = "Search results were up to 35 minutes stale for all users until we freed space."
    text = TIER_1_RECAP.format(recap=recap).replace("tier: 1", "tier: 2")
    _, found = check_json(run, write("recap.md", text))
    assert '"Impact"' in " ".join(str(f["message"]) for f in found if f["rule"] == "PM001")
