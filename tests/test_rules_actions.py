"""Action-item rules PM101-PM104 and PM107-PM109: one owner, one real due date, few, present, distinct."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from postmortem_lint.engine.config import Config, RuleSettings
from postmortem_lint.rules.examples import COMPLETE
from tests.conftest import Run
from tests.lint import findings, lines

HEAD = COMPLETE[: COMPLETE.index("## Action Items")]  # incident 2026-08-19, SEV2, tier 2
ACTIONS_LINE = HEAD.count("\n") + 1  # the line of "## Action Items"
FIRST_ITEM = ACTIONS_LINE + 2


def postmortem(items: str, head: str = HEAD) -> str:
    return f"{head}## Action Items\n\n{items}"


def with_options(rule: str, **options: object) -> Config:
    return replace(Config.default(), rules={rule: RuleSettings(options=options)})


# PM101 action-no-owner


def test_open_item_without_owner_is_reported_with_the_fix() -> None:
    [finding] = findings(postmortem("- [ ] Add alert for queue depth above 200 — due 2026-09-01\n"), "PM101")
    assert finding.line == FIRST_ITEM
    assert finding.message.startswith(
        '"Add alert for queue depth above 200" has no owner: name the one person'
    )


@pytest.mark.parametrize(
    "items",
    [
        "- [ ] Add alert — owner: n/a — due 2026-09-01\n",
        "| Action | Owner | Due |\n|---|---|---|\n| Add alert | | 2026-09-01 |\n",
    ],
    ids=["placeholder-none", "empty-owner-cell"],
)
def test_no_owner_written_in_other_forms(items: str) -> None:
    last_line = ACTIONS_LINE + 1 + items.count("\n")  # the item, or the table's only row
    assert lines(postmortem(items), "PM101") == [last_line]


@pytest.mark.parametrize(
    "items",
    [
        "- [x] Add alert for queue depth\n",
        "### Completed\n\n- Add alert for queue depth\n",
        "- [ ] Add alert — owner: Maria — due 2026-09-01\n",
        "- [ ] [Maria] [2026-09-01] Add alert for queue depth\n",
        "- [ ] Add alert — owner: TBD — due 2026-09-01\n",  # PM102's finding, not also PM101's
    ],
    ids=["done-checkbox", "completed-heading", "owner-marker", "bracket-form", "tbd"],
)
def test_owner_present_or_not_needed(items: str) -> None:
    assert lines(postmortem(items), "PM101") == []


# PM102 action-shared-owner


@pytest.mark.parametrize(
    ("owner", "quoted", "cue"),
    [
        ("owner: Alice and Bob", "Alice and Bob", "2 owners"),
        ("@alice, @bob", "@alice, @bob", "2 owners"),
        ("@acme/sre", "@acme/sre", "a GitHub team handle, @org/team"),
        ("@sre-team", "@sre-team", 'the team word "team" in the handle'),
        ("@payments-oncall", "@payments-oncall", 'the team word "oncall" in the handle'),
        ("@everyone", "@everyone", 'the team word "everyone" in the handle'),
        ("owner: SRE team", "SRE team", 'the group word "SRE"'),
        ("owner: everyone", "everyone", 'the group word "everyone"'),
        ("owner: on-call", "on-call", 'the group word "on-call"'),
        ("owner: Ops", "Ops", 'the group word "Ops"'),
        ("owner: TBD", "TBD", "a placeholder"),
    ],
)
def test_several_owners_a_group_or_a_placeholder(owner: str, quoted: str, cue: str) -> None:
    [finding] = findings(postmortem(f"- [ ] Add alert for queue depth — {owner} — due 2026-09-01\n"), "PM102")
    assert finding.line == FIRST_ITEM
    assert finding.message == (
        f'"Add alert for queue depth" is owned by "{quoted}" ({cue}): '
        "name one person who will drive it to done"
    )


@pytest.mark.parametrize("handle", ["@sre.patel", "@ops.kim", "@devops-jo", "@allison", "@teamster"])
def test_a_handle_is_one_person_unless_it_is_a_team_form(handle: str) -> None:
    assert lines(postmortem(f"- [ ] Add alert — {handle} — due 2026-09-01\n"), "PM102") == []
    assert (
        lines(postmortem(f"- [{handle}] [2026-09-01] [Add alert for queue depth above 200]\n"), "PM102") == []
    )


def test_configured_team_names_are_groups() -> None:
    config = with_options("PM102", **{"team-names": ["@platform", "Core Infra"]})
    for owner in ("@platform", "owner: Core Infra"):
        [finding] = findings(postmortem(f"- [ ] Add alert — {owner} — due 2026-09-01\n"), "PM102", config)
        assert "(a configured team name)" in finding.message


def test_owner_cell_is_quoted_as_written() -> None:
    table = (
        "| Action Item | Owner |\n|---|---|\n"
        "| Plan a strategy to deploy migrations | Production Squad and/or any team member |\n"
    )
    [finding] = findings(postmortem(table), "PM102")
    assert 'is owned by "Production Squad and/or any team member"' in finding.message


@pytest.mark.parametrize(
    "owner",
    ["@maria", "owner: Allison", "owner: Weston", "owner: SRE lead", "owner: Engineering Manager"],
)
def test_one_person_is_not_a_shared_owner(owner: str) -> None:
    assert lines(postmortem(f"- [ ] Add alert — {owner} — due 2026-09-01\n"), "PM102") == []


def test_name_with_team_in_brackets_is_one_person() -> None:
    table = "| Action | Owner | Due |\n|---|---|---|\n| Add alert | Maria (SRE) | 2026-09-01 |\n"
    assert lines(postmortem(table), "PM102") == []


def test_done_item_owned_by_a_team_is_not_reported() -> None:
    assert lines(postmortem("- [x] Add alert — owner: the team — due 2026-09-01\n"), "PM102") == []


# PM103 action-no-due-date


def test_missing_due_date_suggests_the_end_of_the_window() -> None:
    [finding] = findings(postmortem("- [ ] Add alert for queue depth — @maria\n"), "PM103")
    assert finding.line == FIRST_ITEM
    assert finding.message == (
        '"Add alert for queue depth" has no due date: add one calendar date, e.g. "due 2026-09-18"'
    )


def test_missing_due_date_without_incident_date() -> None:
    head = HEAD.replace("date: 2026-08-19\n", "")
    [finding] = findings(postmortem("- [ ] Add alert — @maria\n", head), "PM103")
    assert finding.message.endswith('e.g. "due YYYY-MM-DD"')


@pytest.mark.parametrize(
    "items",
    [
        "- [ ] Add alert — @maria — due 2026-09-01\n",
        "- [ ] Add alert — @maria — due next sprint\n",  # PM104's finding
        "- [x] Add alert — @maria\n",
    ],
    ids=["dated", "not-a-date", "done"],
)
def test_due_date_present_or_not_needed(items: str) -> None:
    assert lines(postmortem(items), "PM103") == []


# PM104 action-bad-due-date


@pytest.mark.parametrize("due", ["due next sprint", "due Q3", "due: soon", "due: TBD"])
def test_due_that_is_not_a_calendar_date(due: str) -> None:
    [finding] = findings(postmortem(f"- [ ] Add alert — @maria — {due}\n"), "PM104")
    assert finding.line == FIRST_ITEM
    assert 'which is not a calendar date: write one date, e.g. "due 2026-09-18"' in finding.message


def test_due_before_the_incident() -> None:
    [finding] = findings(postmortem("- [ ] Add alert — @maria — due 2026-08-01\n"), "PM104")
    assert (
        finding.message == '"Add alert" is due 2026-08-01, before the incident (2026-08-19): correct the date'
    )


@pytest.mark.parametrize(
    ("severity", "last_ok", "first_late"),
    [
        ("SEV1", "2026-09-03", "2026-09-04"),
        ("SEV2", "2026-09-18", "2026-09-19"),
        ("SEV3", "2026-10-14", "2026-10-15"),
    ],
)
def test_due_window_by_severity(severity: str, last_ok: str, first_late: str) -> None:
    head = HEAD.replace("severity: SEV2", f"severity: {severity}")
    items = f"- [ ] Add alert — @maria — due {last_ok}\n- [ ] Add runbook — @lee — due {first_late}\n"
    [finding] = findings(postmortem(items, head), "PM104")
    assert finding.line == FIRST_ITEM + 1
    assert f"due {first_late}" in finding.message and f"(by {last_ok})" in finding.message


def test_written_severity_forms_and_configured_windows() -> None:
    head = HEAD.replace("severity: SEV2", "severity: sev-1")
    config = replace(Config.default(), due_windows={"SEV1": 5, "default": 56})
    items = "- [ ] Add alert — @maria — due 2026-08-24\n- [ ] Add runbook — @lee — due 2026-08-25\n"
    [finding] = findings(postmortem(items, head), "PM104", config)
    assert finding.line == FIRST_ITEM + 1
    assert "SEV1 actions are due within 5 days (by 2026-08-24)" in finding.message


def test_incident_timestamp_in_front_matter_is_compared_as_a_date() -> None:
    head = HEAD.replace("date: 2026-08-19", "date: 2026-08-19 14:02:00")
    assert lines(postmortem("- [ ] Add alert — @maria — due 2026-12-01\n", head), "PM104") == [FIRST_ITEM]


def test_without_incident_date_only_not_a_date_is_checked() -> None:
    head = HEAD.replace("date: 2026-08-19\n", "")
    items = "- [ ] Add alert — @maria — due 2030-01-01\n- [ ] Add runbook — @lee — due next sprint\n"
    assert lines(postmortem(items, head), "PM104") == [FIRST_ITEM]  # the head is a line shorter


def test_done_item_with_vague_due_is_not_reported() -> None:
    assert lines(postmortem("- [x] Add alert — @maria — due next sprint\n"), "PM104") == []


# PM107 too-many-actions


def numbered(count: int, done: int = 0) -> str:
    return "".join(
        f"- [{'x' if i < done else ' '}] Add alert number {i} for service {i} — @maria — due 2026-09-01\n"
        for i in range(count)
    )


def test_more_than_five_open_items_is_one_warning_at_the_heading() -> None:
    [finding] = findings(postmortem(numbered(6)), "PM107")
    assert finding.line == ACTIONS_LINE
    assert finding.message.startswith("6 open action items, more than 5: ")


@pytest.mark.parametrize(("count", "done"), [(5, 0), (8, 3)], ids=["five-open", "five-open-three-done"])
def test_five_open_items_are_fine(count: int, done: int) -> None:
    assert lines(postmortem(numbered(count, done)), "PM107") == []


def test_max_open_option() -> None:
    assert lines(postmortem(numbered(3)), "PM107", with_options("PM107", **{"max-open": 2})) == [ACTIONS_LINE]
    assert lines(postmortem(numbered(6)), "PM107", with_options("PM107", **{"max-open": 6})) == []


def test_max_open_from_a_config_file(run: Run, write: Callable[[str, str], Path]) -> None:
    path = write("pm.md", postmortem(numbered(2)))
    config = write(".postmortem-lint.yaml", "rules:\n  too-many-actions:\n    max-open: 1\n")
    code, out, _ = run("check", "--fail-on", "warning", "--config", str(config), str(path))
    assert code == 1 and "PM107" in out and "2 open action items, more than 1" in out
    bad = write("bad.yaml", "rules:\n  too-many-actions:\n    max-open: many\n")
    code, _, err = run("check", "--config", str(bad), str(path))
    assert code == 2 and "bad.yaml:3: expected a whole number" in err


# PM108 no-action-items


def test_empty_action_section_in_a_standard_review() -> None:
    [finding] = findings(postmortem(""), "PM108")
    assert finding.line == ACTIONS_LINE
    assert finding.message.startswith('"Action Items" is empty: tier 2 needs at least one action item')


@pytest.mark.parametrize(
    "body",
    [
        "_List the follow-up work here, one item each._\n",
        "| Action | Owner | Due |\n|---|---|---|\n| | | |\n",
    ],
    ids=["template-instructions", "empty-table"],
)
def test_template_text_or_empty_rows_are_not_items(body: str) -> None:
    [finding] = findings(postmortem(body), "PM108")
    assert "has no action item, only text or empty rows: write each action as a list item" in finding.message


def test_missing_section_is_pm001s_finding_only() -> None:
    text = HEAD
    assert lines(text, "PM108") == []
    assert any("Action Items" in f.message for f in findings(text, "PM001"))


@pytest.mark.parametrize(
    "text",
    [
        postmortem("- [x] Rolled back the gateway deploy\n"),
        postmortem("", HEAD.replace("tier: 2", "tier: 1")),
        HEAD + "- **Action items**:\n  - Add alert for queue depth — @maria — due 2026-09-01\n",
    ],
    ids=["only-done-items", "tier-1", "bare-field-label"],
)
def test_no_action_items_finding_not_due(text: str) -> None:
    assert lines(text, "PM108") == []


# PM109 duplicate-action


def test_same_action_twice_reports_the_later_naming_the_earlier() -> None:
    items = (
        "- [ ] Add alert for gateway queue depth — @maria — due 2026-09-01\n"
        "- [ ] Add runbook for rollback — @lee — due 2026-09-01\n"
        "- [ ] add ALERT for gateway queue-depth! — @lee — due 2026-09-05\n"
        "- [x] Add an alert for the gateway queue depth\n"
    )
    found = findings(postmortem(items), "PM109")
    assert [f.line for f in found] == [FIRST_ITEM + 2, FIRST_ITEM + 3]
    assert all(f"repeats the action item on line {FIRST_ITEM}:" in f.message for f in found)


def test_near_identical_wording_is_a_duplicate() -> None:
    items = (
        "- [ ] Add alerts for payment-gateway queue depth above 200 for 5 minutes — @maria — due 2026-09-01\n"
        "- [ ] Add an alert on payment-gateway queue depth above 200 for 5 minutes — @lee — due 2026-09-01\n"
    )
    assert lines(postmortem(items), "PM109") == [FIRST_ITEM + 1]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Add a disk usage alert at 80% on all search nodes",
            "Alert when disk usage on the search hosts passes 80%",
        ),
        (
            "Move the cleanup job into the search-indexer cron",
            "Migrate the cleanup job to the search-indexer cron",
        ),
        ("Document rollback steps for the payment worker", "Write down how to roll back the payment worker"),
        (
            "Add a dashboard for queue depth of the email worker",
            "Create a graph of the email worker queue depth",
        ),
    ],
)
def test_the_same_fix_in_other_words_is_a_duplicate(first: str, second: str) -> None:
    items = f"- [ ] {first} — @maria — due 2026-09-01\n- [@lee] [2026-09-01] [{second}]\n"
    [found] = findings(postmortem(items), "PM109")
    assert found.line == FIRST_ITEM + 1 and f"repeats the action item on line {FIRST_ITEM}:" in found.message


@pytest.mark.parametrize(
    "second",
    [
        "Remove the alert for disk usage on db-primary",
        "Test rollback steps for db-primary",
        "Add alert for disk usage on db-replica",
        "Add runbook for disk usage on db-primary",
        "Investigate disk usage on db-primary",
    ],
)
def test_similar_but_different_actions(second: str) -> None:
    items = (
        "- [ ] Add alert for disk usage on db-primary — @maria — due 2026-09-01\n"
        f"- [ ] {second} — @lee — due 2026-09-01\n"
    )
    assert lines(postmortem(items), "PM109") == []


# the real corpus


def test_real_corpus_findings(corpus: Path) -> None:
    def rules_at(name: str) -> list[tuple[str, int, str]]:
        text = (corpus / name).read_text(encoding="utf-8")
        return [(f.rule, f.line, f.message) for f in findings(text) if f.rule.startswith("PM1")]

    shared = [f for f in rules_at("openSUSE-obs-landing__2023-10-10-post-mortem.md") if f[0] == "PM102"]
    assert [(rule, line) for rule, line, _ in shared] == [("PM102", 27)]
    assert '"Production Squad and/or any team member"' in shared[0][2]
    # the actions are a list under a "- **Review actions**:" label: not "no action items"
    label = "ministryofjustice-cloud-platform__2021-07-12-all-ingress-apps-live1-stop-working.html.md.erb.md"
    assert [f for f in rules_at(label) if f[0] == "PM108"] == []
    # action items all marked done: nothing to own or date
    done = rules_at("openSUSE-obs-landing__2023-02-24-post-mortem.md")
    assert [f for f in done if f[0] in ("PM101", "PM103")] == []
