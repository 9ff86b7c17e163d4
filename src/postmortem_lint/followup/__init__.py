"""Closing the loop: what became of each action item, the 30-day check, recurring themes.

One model for `postmortem-lint report`, `postmortem-lint actions` and the scheduled GitHub Action:

- `collect.make_report(paths, finder, today, since=..., github=(client, "owner/repo")) -> Report` reads
  the postmortems (with `github`, their items' issue states in one paged listing) and builds the report
  (in its own module: it imports the GitHub client, which `check` and `actions` do not need).
- `Report`: `incidents` (each with `items`, `check` = the 30-day check, `themes`), `themes`, `summary`,
  `items`, `overdue`, `failed_checks`, `disagreements`, `owners`, `github_requests`.
- `FollowUpItem`: the `ActionItem` with its `status` (a `Status`: done, deprioritized, open, overdue),
  `days_overdue`, `key` (the Action's issue marker ID), `issue`, `github` (`IssueState`), `disagreement`.
- `status_of(item, today, issue=None)`: the one rule for an item's status; `as_json(report)`: JSON v1.
"""

from __future__ import annotations

from postmortem_lint.followup.json_report import as_json
from postmortem_lint.followup.model import (
    Check,
    FollowUpItem,
    Incident,
    IssueState,
    Report,
    Status,
    Theme,
    status_of,
    written_status,
)

__all__ = [
    "Check",
    "FollowUpItem",
    "Incident",
    "IssueState",
    "Report",
    "Status",
    "Theme",
    "as_json",
    "status_of",
    "written_status",
]
