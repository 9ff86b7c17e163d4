"""The JSON Schema check: the document model as JSON, validated, errors mapped back to lines.

Every element of the instance is registered with its source line, so a schema error points at the
offending element, or at the title when something is missing altogether.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from postmortem_lint import packaged
from postmortem_lint.dates import find_date
from postmortem_lint.model import Document, Problem, parse_tier
from postmortem_lint.schema.subset import SubsetValidator

if TYPE_CHECKING:  # the engine's configuration is passed in; its module imports the rules
    from postmortem_lint.engine.config import Config

_SEVERITY_PREFIXES = ("SEV", "P")


def packaged_schema_text() -> str:
    return packaged.text("schemas/postmortem.schema.json")


@lru_cache(maxsize=1)
def checked_fields() -> frozenset[str]:
    """The summary fields the schema checks: an empty or malformed one is the schema's to report."""
    return frozenset(json.loads(packaged_schema_text())["properties"]["fields"]["properties"])


class AnyValidationError(Protocol):
    """What the check reads of an error, from jsonschema (extra schemas) or the subset validator."""

    @property
    def validator(self) -> Any: ...
    @property
    def validator_value(self) -> Any: ...
    @property
    def absolute_path(self) -> Iterable[str | int]: ...
    @property
    def instance(self) -> Any: ...
    @property
    def schema(self) -> Any: ...
    @property
    def message(self) -> str: ...


@lru_cache(maxsize=8)
def _packaged_validator(severities: tuple[str, ...]) -> SubsetValidator:
    """The packaged schema, with the severity names the configuration allows."""
    schema = json.loads(packaged_schema_text())
    schema["properties"]["fields"]["properties"]["severity"] = {
        "enum": list(severities),
        "description": f"expected one of {', '.join(severities)} ('SEV-2' and 'sev 2' are read as SEV2)",
    }
    return SubsetValidator(_inline_refs(schema, schema.get("$defs", {})))


def _inline_refs(node: Any, defs: Mapping[str, Any]) -> Any:
    """`{"$ref": "#/$defs/x"}` replaced by `x` itself: the same checks without a lookup per value."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if len(node) == 1 and isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
        return {key: _inline_refs(value, defs) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_refs(value, defs) for value in node]
    return node


def instance_of(document: Document) -> tuple[dict[str, Any], dict[str, int]]:
    """The document as JSON for the schema, and the source line of each JSON pointer."""
    lines: dict[str, int] = {"": document.title_line}
    fields: dict[str, Any] = {}
    for key, found in document.fields.items():
        fields[key] = _json_value(key, found.value)
        lines[f"/fields/{key}"] = found.line
    sections: dict[str, Any] = {}
    for section in document.sections:
        if section.kind and section.kind not in sections:
            sections[section.kind] = {"title": section.title, "empty": section.is_empty}
            lines[f"/sections/{section.kind}"] = section.line
    timeline = []
    for i, entry in enumerate(document.timeline):
        timeline.append(
            {
                "text": entry.text,
                "time": entry.time.isoformat("minutes") if entry.time else None,
                "date": entry.date.isoformat() if entry.date else None,
                "timezone": entry.timezone,
            }
        )
        lines[f"/timeline/{i}"] = entry.line
    actions = []
    for i, item in enumerate(document.actions):
        actions.append(
            {
                "text": item.text,
                "owner": item.owner,
                "due": item.due.isoformat() if item.due else item.due_text,
                "done": item.done,
                "issue": item.issue,
            }
        )
        lines[f"/action_items/{i}"] = item.line
    tier: Any = document.tier
    if "tier" in document.fields:
        lines["/tier"] = document.fields["tier"].line
        raw = document.fields["tier"].value
        tier = parse_tier(raw) or raw
    instance = {
        "tier": tier,
        "fields": fields,
        "sections": sections,
        "timeline": timeline,
        "action_items": actions,
    }
    return instance, lines


def _json_value(key: str, value: Any) -> Any:
    """Front matter and text values in the form the schema describes (dates ISO, severities upper)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if key == "date" and isinstance(value, str):
        found = find_date(value)
        return found.date.isoformat() if found else value
    if key == "severity" and isinstance(value, (str, int)):
        return normalise_severity(str(value))
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, list):
        return [_json_value("", v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(str(k), v) for k, v in value.items()}
    return str(value)


def normalise_severity(value: str) -> str:
    """`SEV-2`, `sev 2`, `Sev2` -> `SEV2`; `p1` -> `P1`; anything else as written."""
    compact = value.strip().upper().replace("-", "").replace(" ", "")
    for prefix in _SEVERITY_PREFIXES:
        if compact.startswith(prefix) and compact[len(prefix) :].isdigit():
            return compact
    return value.strip()


class Violations(NamedTuple):
    """What the schema found, by kind: each kind is reported by a rule of its own."""

    missing_sections: list[Problem]
    missing_fields: list[Problem]
    invalid_fields: list[Problem]


def validate(document: Document, config: Config) -> Violations:
    instance, lines = instance_of(document)
    errors: list[AnyValidationError] = list(_packaged_validator(config.severities).iter_errors(instance))
    if config.extra_validator is not None:
        errors.extend(config.extra_validator.iter_errors(instance))
    found: dict[str, set[Problem]] = {kind: set() for kind in Violations._fields}
    for error in errors:
        for kind, problem in _problems(error, document, instance, lines, config):
            found[kind].add(problem)
    return Violations(**{kind: sorted(found[kind], key=lambda p: (p.line, p.message)) for kind in found})


def _problems(
    error: AnyValidationError,
    document: Document,
    instance: Mapping[str, Any],
    lines: Mapping[str, int],
    config: Config,
) -> Iterable[tuple[str, Problem]]:
    """The error as problems, each with the `Violations` field it belongs to."""
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        container = _at(instance, path)
        required: list[str] = list(error.validator_value)
        missing = [name for name in required if name not in container]
        for name in missing:
            if path[:1] == ["sections"]:
                message = _missing_section(name, document, config.vocabulary.sections.get(name, ()))
                yield "missing_sections", Problem(document.title_line, message)
            else:
                summary = document.sections_of("summary")
                line = summary[0].line if summary else document.title_line
                yield "missing_fields", Problem(line, _missing_field(name, document))
        return
    pointer = "/" + "/".join(path) if path else ""
    while pointer not in lines:
        pointer = pointer.rsplit("/", 1)[0]
    label = path[1] if len(path) > 1 and path[0] == "fields" else "/".join(path) or "document"
    hint = error.schema.get("description") if isinstance(error.schema, Mapping) else None
    message = f"{label} is {json.dumps(error.instance)}: {hint}" if hint else f"{label}: {error.message}"
    yield "invalid_fields", Problem(lines[pointer], message)


def _at(instance: Mapping[str, Any], path: list[str]) -> Any:
    node: Any = instance
    for part in path:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _missing_section(kind: str, document: Document, aliases: Sequence[str]) -> str:
    also = f" (also read as: {', '.join(aliases[1:4])})" if len(aliases) > 1 else ""
    return (
        f'missing section "{_display(aliases[0] if aliases else kind)}"{also}: tier {document.tier} needs it'
    )


def _missing_field(name: str, document: Document) -> str:
    return (
        f'missing field "{name}": tier {document.tier} needs it; write "- {_display(name)}: ..." '
        f"under the summary or `{name}:` in front matter"
    )


def _display(name: str) -> str:
    return name.replace("_", " ").title()
