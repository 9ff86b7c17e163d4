"""Document rules PM004, PM005, PM010 and analysis rules PM205, PM206: templates finished, review sized."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from postmortem_lint.engine.config import Config, RuleSettings, TierTriggers
from postmortem_lint.reader.durations import minutes as parse_duration
from postmortem_lint.rules.examples import COMPLETE
from tests.conftest import Run
from tests.lint import findings, lines

CF_BODY = "- The pool size is set per environment and staging uses 5.\n- No alert on gateway queue depth.\n"
WWW_BODY = "- The checkout 5xx alert fired within 7 minutes.\n"


def line_of(text: str, needle: str) -> int:
    """The line number of the first line containing `needle`."""
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


SUMMARY_END = "queued and timed out until the deploy was rolled back.\n"
ADDED = line_of(COMPLETE, SUMMARY_END.strip()) + 2  # the first line `with_summary` adds


def with_summary(extra: str) -> str:
    """COMPLETE with `extra` Markdown appended to the summary section."""
    return COMPLETE.replace(SUMMARY_END, SUMMARY_END + "\n" + extra)


# PM004 placeholder


def test_a_fresh_template_is_full_of_placeholders(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("new", "Checkout down", "--dir", str(tmp_path), "--date", "2026-01-02")
    path = Path(out.strip())
    assert code == 0
    text = path.read_text(encoding="utf-8")
    code, out, _ = run("check", str(path))
    reported = [line for line in out.splitlines() if " PM004 placeholder [error] " in line]
    numbers = [int(line.split(":")[1]) for line in reported]
    assert code == 1
    assert line_of(text, "severity:") in numbers
    assert line_of(text, "duration:") in numbers
    assert line_of(text, "coordinator:") in numbers
    assert line_of(text, "[Owner] [Due date] [Specific fix]") in numbers
    assert line_of(text, "[Two or three sentences") in numbers
    assert line_of(text, "[HH:MM]") in numbers
    assert len(numbers) == len(set(numbers)), "one finding per line"
    items = next(line for line in reported if f":{line_of(text, '[Owner]')}:" in line)
    assert '"[Owner]", "[Due date]", "[Specific fix]"' in items


@pytest.mark.parametrize(
    "written",
    [
        "- [ ] Rotate the keys — [Owner] — due 2026-09-01",
        "Root cause: TBD",
        "TODO: link the dashboard",
        "- Escalated by FIXME",
        "- Category: XXX",
        "Reported by <your name> on the status page.",
        "Tracked in {{ ticket link }}.",
        "Detected at YYYY-MM-DD HH:MM.",
        "[Describe how the alert was routed]",
        "- [e.g. 18% of requests]",
        "- [HH:MM] [What happened]",
        "- Reviewer:\n- Approver: Dana",
        "-",
        "- [ ] ",
        "| Time | Event |\n| --- | --- |\n| 14:02 | deployed |\n|   |   |",
        "> TODO: confirm the numbers",
    ],
)
def test_placeholder_forms_are_reported_at_their_line(written: str) -> None:
    text = with_summary(written)
    found = findings(text, "PM004")
    assert len(found) == 1, [f.message for f in found]
    last = written.count("\n") if written.startswith("|") else 0  # a table's empty row is its last
    assert found[0].line == ADDED + last


@pytest.mark.parametrize(
    "written",
    [
        "The `TODO` marker in `app.py` was never removed.",
        "```\nTODO: this is a log line\n[Owner] <name>\n```",
        "~~~text\nXXX\n~~~",
        "> ```\n> TODO inside a quoted code block\n> ```",
        "- [x] Rolled back\n- [X] Paged the owner",
        "See [the dashboard](https://grafana.example.com/d/1) and [the runbook][rb].\n\n[rb]: https://x.example",
        "The [hook] crashed.\n\n[hook]: https://github.com/kubernetes/test-infra",
        "As noted in the vendor report [1] and the appendix [^2].",
        "Reported at <https://status.example.com> by <ops@example.com>.",
        '<img src="graph.png" alt="error rate"> <details><summary>Logs</summary>none</details>',
        'The ticket\'s due date said "TBD" for a week, which is how it slipped.',
        "<!-- TODO: add graphs -->",
        "<!--\nTODO: add graphs\n[Owner]\n-->",
        "![chart]({{ site.baseurl }}/img/errors.png)",
        "- [09:12] paged\n- [9:15 AM] acknowledged",
        "Created by: [Sen Lu]",
        "Causes:\n\n- the deploy\n- the config",
        "Next steps:\n\nWe rotate the key on Monday.",
        "Details\n-",
        "| | |\n|-|-|\n| Time in SEV-1 | 4 min |",
        "The todo list was long; the XXXL instance was fine.",
        "latency < 200 ms and > 100 ms, as Map<String> in the client",
    ],
)
def test_near_misses_are_not_placeholders(written: str) -> None:
    assert findings(with_summary(written), "PM004") == []


def test_front_matter_values() -> None:
    text = COMPLETE.replace("severity: SEV2", 'severity: "[SEV1-SEV4]"').replace(
        "tier: 2\n", "tier: 2\nstatus:\ntags: [transparency, security]\n"
    )
    assert lines(text, "PM004") == [line_of(text, "severity:"), line_of(text, "status:")]
    # an empty field the schema checks is PM003's
    empty_date = COMPLETE.replace("date: 2026-08-19", "date:")
    assert lines(empty_date, "PM004") == []
    assert lines(empty_date, "PM003") == [line_of(empty_date, "date:")]


def test_a_front_matter_prompt_is_reported_on_its_own_key_line() -> None:
    """ "status:x:" is a longer key that starts like "status:"; many keys are read in one pass."""
    many = "".join(f"key{i}: value\n" for i in range(2000))
    text = COMPLETE.replace("tier: 2\n", f"tier: 2\nstatus:x: 1\n{many}status: TBD\n")
    assert lines(text, "PM004") == [line_of(text, "status: TBD")]


def test_an_empty_summary_field_the_schema_checks_is_left_to_pm003() -> None:
    text = COMPLETE.replace("severity: SEV2\n", "").replace("## Summary\n\n", "## Summary\n\n- Severity:\n\n")
    assert lines(text, "PM004") == []
    assert lines(text, "PM003") == [line_of(text, "- Severity:")]


def test_real_postmortems_and_templates(corpus: Path) -> None:
    def pm004(name: str) -> list[int]:
        return lines((corpus / name).read_text(encoding="utf-8"), "PM004")

    assert pm004("dfds-postmortems__PMyyyy-nnn - Postmortem template.md") == [11, 15, 19, 23, 31]
    assert len(pm004("jupyterhub-mybinder.org-deploy__template-incident-report.md")) == 11
    for real in (
        "kubernetes-test-infra__2019-02-05.md",  # bracketed chat times, reference links
        "PostHog-post-mortems__2025-09-29-flags-is-down.md",  # <img> tags, autolinks
        "internetarchive-openlibrary__post_mortem.md",  # <details>
        "openSUSE-obs-landing__2023-02-24-post-mortem.md",  # <br>
    ):
        assert pm004(real) == [], real
    assert pm004("kubernetes-test-infra__2019-01-23.md") == [141]  # "TODO: k-dev email"


# PM005 empty-section


def test_empty_heading_is_reported_once() -> None:
    text = COMPLETE.replace(WWW_BODY, "")
    assert lines(text, "PM005") == [line_of(text, "## What Worked Well")]
    assert lines(text, "PM001") == []
    assert findings(text, "PM005")[0].message.startswith('section "What Worked Well" has nothing under it')


def test_a_comment_or_a_horizontal_rule_is_not_content() -> None:
    text = COMPLETE.replace(WWW_BODY, "<!-- alerts, runbooks, people -->\n\n---\n")
    assert lines(text, "PM005") == [line_of(text, "## What Worked Well")]


def test_parents_and_subsections() -> None:
    filled = COMPLETE.replace("## What Worked Well\n\n", "## What Worked Well\n\n### Detection\n\n")
    assert lines(filled, "PM005") == []
    empty = COMPLETE.replace(WWW_BODY, "### Detection\n\n### Response\n\n")
    found = findings(empty, "PM005")
    assert [f.line for f in found] == [line_of(empty, "## What Worked Well")]
    assert "and its 2 subsections have nothing under them" in found[0].message


def test_empty_sections_under_the_title_are_reported_one_by_one() -> None:
    text = "# Outage\n\n## Summary\n\n## Impact\n\n## Action Items\n"
    assert lines(text, "PM005") == [3, 5, 7]


def test_placeholder_only_sections_are_pm004s() -> None:
    for body in ("[What helped: alerts, runbooks, people, tools.]\n", "-\n"):
        text = COMPLETE.replace(WWW_BODY, body)
        assert lines(text, "PM005") == []
        assert lines(text, "PM004") == [line_of(text, "## What Worked Well") + 2]


def test_setext_and_bold_headings() -> None:
    setext = COMPLETE.replace("## What Worked Well\n\n" + WWW_BODY, "What Worked Well\n----------------\n")
    assert lines(setext, "PM005") == [line_of(setext, "What Worked Well")]
    bold = COMPLETE.replace(WWW_BODY, WWW_BODY + "\n**Also notable:**\n")
    assert lines(bold, "PM005") == [line_of(bold, "**Also notable:**")]
    assert lines(bold, "PM004") == []


# PM010 tier-too-low

RECAP = """\
---
title: Checkout errors
date: 2026-08-19
severity: SEV3
tier: 1
duration: 25 minutes
---
# Checkout errors

## Impact

- 3% of checkout requests failed with HTTP 502 for 25 minutes.

## Action Items

- [ ] Add alert for payment-gateway queue depth above 200 for 5 minutes — @maria — due 2026-09-01
"""
TIER_LINE = 5


def impact(text: str) -> str:
    return RECAP.replace("- 3% of checkout", f"- {text}\n- 3% of checkout")


def test_a_small_recap_passes() -> None:
    assert findings(RECAP, "PM010") == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (RECAP.replace("SEV3", "SEV1"), "severity SEV1"),
        (RECAP.replace("SEV3", "sev-2"), "severity SEV2"),
        (RECAP.replace("25 minutes", "2h 15m"), 'duration "2h 15m" (over 60 minutes)'),
        (RECAP.replace("duration: 25 minutes", "duration: 1 hour 48 minutes"), "over 60 minutes"),
        (impact("An API token was leaked to a public repository."), 'security impact ("token was leaked")'),
        (impact("Unauthorised access to the admin console for 2 hours."), "security impact"),
        (impact("The team triaged the credential leak."), 'security impact ("credential leak")'),
        (impact("Data loss for 3 customers."), 'data impact ("Data loss")'),
        (impact("PII of 40 users was exposed."), "data impact"),
        (RECAP.replace("tier: 1\n", "tier: 1\nrecurred: true\n"), "a recurrence (recurred: true)"),
    ],
)
def test_triggers_fire_at_the_tier_line(text: str, reason: str) -> None:
    [found] = findings(text, "PM010")
    assert found.line == TIER_LINE
    assert reason in found.message
    assert found.message.endswith("set tier: 2 and complete the standard template")


def test_all_reasons_in_one_finding() -> None:
    text = RECAP.replace("SEV3", "SEV1").replace("tier: 1\n", "tier: 1\nrecurred: yes\n")
    [found] = findings(text, "PM010")
    assert "severity SEV1 and a recurrence" in found.message


@pytest.mark.parametrize(
    "sentence",
    [
        "No customer data was lost.",
        "There was no data loss and no credentials were leaked.",
        "Credentials were not exposed.",
        "PII: none.",
        "A memory leak in the gateway slowed checkout.",
        "The security team reviewed the rollback.",
        "Expired credentials made the gateway reject requests.",
        "We breached the checkout SLO for 25 minutes.",
        "We waited for the replica to avoid unnecessary data loss.",
    ],
)
def test_denied_or_unrelated_impact_is_no_trigger(sentence: str) -> None:
    assert findings(impact(sentence), "PM010") == []


def test_only_tier_1_documents() -> None:
    sev1 = COMPLETE.replace("SEV2", "SEV1").replace("47 minutes", "3 hours")
    assert findings(sev1, "PM010") == []
    assert findings(RECAP.replace("tier: 1\n", "").replace("SEV3", "SEV1"), "PM010") == []


def test_configured_triggers() -> None:
    strict = replace(Config.default(), tier_triggers=TierTriggers(severities=("SEV1",), duration_minutes=20))
    assert "duration" in findings(RECAP, "PM010", strict)[0].message
    assert "severity" not in findings(RECAP.replace("SEV3", "SEV2"), "PM010", strict)[0].message
    relaxed = replace(
        Config.default(), tier_triggers=TierTriggers(security=False, data=False, recurred=False)
    )
    leaked = impact("Data loss after secrets leaked.").replace("tier: 1\n", "tier: 1\nrecurred: true\n")
    assert findings(leaked, "PM010", relaxed) == []
    assert findings(leaked, "PM010") != []


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        ("47 minutes", 47),
        ("2h 15m", 135),
        ("1 hour 48 minutes", 108),
        ("1.5 hours", 90),
        ("1:45", 105),
        ("90", 90),
        (75, 75),
        ("2 days", 2880),
        ("ongoing", None),
        ("5 months", None),
        (None, None),
    ],
)
def test_parse_duration(written: object, minutes: float | None) -> None:
    assert parse_duration(written) == minutes


# PM205 single-root-cause and PM206 nothing-went-well: a missing section is PM001's unless it is off

WITHOUT_PM001 = replace(Config.default(), rules={"PM001": RuleSettings(enabled=False)})
WITHOUT_PM005 = replace(Config.default(), rules={"PM005": RuleSettings(enabled=False)})
NO_CF = COMPLETE.replace("## Contributing Factors\n\n" + CF_BODY + "\n", "")
NO_WWW = COMPLETE.replace("## What Worked Well\n\n" + WWW_BODY + "\n", "")


def test_trigger_without_contributing_factors() -> None:
    dismissed = COMPLETE.replace(CF_BODY, "None.\n")
    [found] = findings(dismissed, "PM205")
    assert found.line == line_of(dismissed, "## Trigger Event")
    assert found.message.startswith('"Trigger Event" has no contributing factors beside it: write')
    assert lines(NO_CF, "PM205", WITHOUT_PM001) == [line_of(NO_CF, "## Trigger Event")]


def test_a_missing_or_empty_section_is_reported_once() -> None:
    assert findings(NO_CF, "PM205") == []
    assert lines(NO_CF, "PM001") == [line_of(NO_CF, "# Checkout errors")]
    empty = COMPLETE.replace(CF_BODY, "")
    assert findings(empty, "PM205") == []
    assert lines(empty, "PM005") == [line_of(empty, "## Contributing Factors")]
    assert lines(empty, "PM205", WITHOUT_PM005) == [line_of(empty, "## Trigger Event")]
    assert findings(NO_WWW, "PM206") == []
    assert findings(COMPLETE.replace(WWW_BODY, ""), "PM206") == []


def test_not_a_single_root_cause() -> None:
    assert findings(COMPLETE, "PM205") == []
    trigger = "The v2.14 deploy lowered the gateway's connection-pool size from 50 to 5.\n"
    for body in (
        "- The v2.14 deploy lowered the pool size.\n- Staging used the same pool size.\n",
        trigger + "\nThe missing queue alert prolonged the outage.\n",
        trigger + "\n## Root Cause\n\nThe pool size is set per environment.\n",
    ):
        assert findings(NO_CF.replace(trigger, body), "PM205", WITHOUT_PM001) == [], body
    recap = RECAP.replace("## Impact", "## Root Cause\n\nA bad deploy.\n\n## Impact")
    assert findings(recap, "PM205", WITHOUT_PM001) == []


def test_nothing_worked_well() -> None:
    dismissed = COMPLETE.replace(WWW_BODY, "Nothing went well.\n")
    [found] = findings(dismissed, "PM206")
    assert found.line == line_of(dismissed, "## What Worked Well")
    assert found.message.startswith('"What Worked Well" says nothing worked well: name what helped')
    assert lines(COMPLETE.replace(WWW_BODY, "- N/A\n"), "PM206") != []
    [missing] = findings(NO_WWW, "PM206", WITHOUT_PM001)
    assert missing.line == line_of(NO_WWW, "# Checkout errors")
    assert missing.message.startswith('no "What Worked Well" section: add one')


def test_something_worked_well() -> None:
    assert findings(COMPLETE, "PM206") == []
    alias = COMPLETE.replace("## What Worked Well", "## What went right")
    assert findings(alias, "PM206", WITHOUT_PM001) == []
    assert findings(RECAP, "PM206", WITHOUT_PM001) == []  # a tier 1 recap has no such section
