"""The subset validator against jsonschema itself: same errors, same paths, same messages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from postmortem_lint.engine.config import DEFAULT_SEVERITIES
from postmortem_lint.schema.subset import SubsetValidator
from postmortem_lint.schema.validate import _packaged_validator, packaged_schema_text

SECTION_KINDS = (
    "summary",
    "impact",
    "timeline",
    "trigger",
    "contributing_factors",
    "what_worked_well",
    "what_slowed_response",
    "action_items",
    "lessons_learned",
)
FIELD_NAMES = (
    "title",
    "date",
    "severity",
    "tier",
    "systems",
    "duration",
    "coordinator",
    "teams",
    "themes",
    "x",
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 4),
    st.sampled_from([1.0, 2.5]),
    st.sampled_from(["", "SEV2", "P1", "sev 2", "2026-08-19", "Aug 19", "12:05", "1:5", "checkout"]),
)
values = st.one_of(
    scalars, st.lists(scalars, max_size=3), st.dictionaries(st.sampled_from(["a", "b"]), scalars)
)
sections = st.dictionaries(
    st.sampled_from(SECTION_KINDS),
    st.one_of(st.fixed_dictionaries({"title": st.text(max_size=3), "empty": st.booleans()}), values),
)
timeline_entries = st.one_of(
    st.fixed_dictionaries(
        {"text": st.text(max_size=3), "time": scalars, "date": scalars}, optional={"timezone": scalars}
    ),
    values,
)
action_items = st.one_of(
    st.fixed_dictionaries(
        {"text": scalars, "owner": scalars, "due": scalars, "done": scalars, "issue": scalars},
    ),
    values,
)
documents = st.fixed_dictionaries(
    {},
    optional={
        "tier": scalars,
        "fields": st.one_of(st.dictionaries(st.sampled_from(FIELD_NAMES), values), values),
        "sections": st.one_of(sections, values),
        "timeline": st.one_of(st.lists(timeline_entries, max_size=3), values),
        "action_items": st.one_of(st.lists(action_items, max_size=3), values),
    },
)


def _errors_of(validator: Any, instance: Any) -> list[tuple[tuple[Any, ...], str, str]]:
    return sorted(
        ((tuple(e.absolute_path), str(e.validator), e.message) for e in validator.iter_errors(instance)),
        key=repr,
    )


@pytest.mark.parametrize("severities", [DEFAULT_SEVERITIES, ("P0", "P1", "P2")])
@settings(max_examples=400, deadline=None)
@given(instance=documents)
def test_errors_are_jsonschemas_errors(severities: tuple[str, ...], instance: dict[str, Any]) -> None:
    subset = _packaged_validator(severities)
    reference = Draft202012Validator(dict(subset.schema))
    assert _errors_of(subset, instance) == _errors_of(reference, instance)


def test_a_complete_document_has_no_errors() -> None:
    document = {
        "tier": 3,
        "fields": {"date": "2026-08-19", "severity": "SEV2", "coordinator": "Ana", "follow_up_owner": "Bo"}
        | {"teams": ["payments", "platform"]},
        "sections": {kind: {"title": kind, "empty": False} for kind in SECTION_KINDS},
        "timeline": [{"text": "paged", "time": "12:05", "date": None, "timezone": "UTC"}],
        "action_items": [
            {"text": "add alert", "owner": "@ana", "due": "2026-12-01", "done": False, "issue": None}
        ],
    }
    assert _errors_of(_packaged_validator(DEFAULT_SEVERITIES), document) == []


def test_the_packaged_schema_is_valid_json_schema() -> None:
    """The subset validator does not check the schema itself, so this test does."""
    Draft202012Validator.check_schema(json.loads(packaged_schema_text()))


@pytest.mark.parametrize(
    ("schema", "where"),
    [
        ({"type": "string", "format": "date"}, "#"),
        ({"properties": {"a": {"anyOf": [{"type": "string"}]}}}, "#/properties/a"),
        ({"items": {"$ref": "#/$defs/x"}}, "#/items"),
        ({"allOf": [{"not": {}}]}, "#/allOf/0"),
    ],
)
def test_an_unsupported_keyword_is_refused_when_built(schema: dict[str, Any], where: str) -> None:
    with pytest.raises(ValueError, match=f"^{where}: keyword '.+' is not supported"):
        SubsetValidator(schema)


def test_an_unknown_type_is_refused_when_built() -> None:
    with pytest.raises(ValueError, match=r"^#/properties/a/type: unknown JSON Schema type 'integr'"):
        SubsetValidator({"properties": {"a": {"type": ["string", "integr"]}}})


def test_booleans_are_not_numbers() -> None:
    validator = SubsetValidator(
        {"properties": {"a": {"enum": [1, 2]}, "b": {"const": 0}, "c": {"type": "integer"}}}
    )
    assert [e.validator for e in validator.iter_errors({"a": True, "b": False, "c": True})] == [
        "enum",
        "const",
        "type",
    ]
    assert list(validator.iter_errors({"a": 1.0, "b": 0, "c": 3.0})) == []
