"""What a rule is: an ID, a name, a default severity, options, documentation and a `check()`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from postmortem_lint.findings import Severity
from postmortem_lint.model import Document, Problem
from postmortem_lint.rules.support.chronology import ClockedEntry, clock
from postmortem_lint.rules.support.wording import AuthoredProse
from postmortem_lint.schema import validate

if TYPE_CHECKING:  # the engine's configuration is passed in; its module imports the rules
    from postmortem_lint.engine.config import Config


class Context:
    """One document being checked, with what several rules share about it."""

    def __init__(self, document: Document, config: Config) -> None:
        self.document = document
        self.config = config

    @cached_property
    def lines(self) -> list[str]:
        """The document's lines, `lines[n - 1]` being line n."""
        return self.document.text.split("\n")

    @cached_property
    def clocked(self) -> list[ClockedEntry]:
        """The timeline's timed entries on one clock (the timeline rules read them)."""
        return list(clock(self.document.timeline))

    @cached_property
    def authored_prose(self) -> AuthoredProse:
        """The lines the authors wrote themselves, which the language rules search."""
        return AuthoredProse(self.document)

    @cached_property
    def schema_violations(self) -> validate.Violations:
        """The schema's findings, validated once for the rules that report them (PM001-PM003)."""
        return validate.validate(self.document, self.config)

    def defers(self, rule: Rule, to: Rule) -> bool:
        """Whether `rule` leaves to `to` what both would report: `rule` says so in its `defers_to`,
        and `to` is on in this document's configuration."""
        return to in rule.defers_to and self.config.settings(to.id).enabled


Check = Callable[[Context, Mapping[str, Any]], Iterator[Problem]]


class Rule(NamedTuple):
    """A rule as the registry lists it: ID, name, default severity, its check and its docs."""

    id: str
    name: str
    severity: Severity
    check: Check | None  # None: reported by the linter itself (unused suppressions)
    doc: str  # the rule module's docstring: first line the summary, the rest the explanation
    bad: str  # a postmortem (or part of one) that fires the rule
    good: str  # the same fixed, which does not
    options: Mapping[str, Any] = MappingProxyType({})
    # A meta rule reports on the file or the run, not on what the postmortem says: it runs on every
    # file, readable or not, recognised as a postmortem or not.
    meta: bool = False
    # Rules that report part of what this one would: while they are on, this one leaves that to them.
    defers_to: tuple[Rule, ...] = ()

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0]

    @property
    def explanation(self) -> str:
        return "\n".join(self.doc.strip().splitlines()[1:]).strip()
