"""A validator for the part of JSON Schema 2020-12 that the packaged schema uses.

Importing jsonschema and checking the schema against its meta-schema costs ~60 ms, half of the
budget of a pre-commit run on one file, and jsonschema's general machinery ~0.5 ms per document.
The packaged schema needs a dozen keywords, so it is interpreted here instead; a keyword this
module does not know is refused when the validator is built, so the schema cannot outgrow it
unnoticed. Errors carry the attributes of jsonschema's `ValidationError` that the schema check
reads, with the same messages; tests compare both validators on generated documents. Extra
schemas from a configuration still go to jsonschema, which knows every keyword.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from postmortem_lint.regex import compiled

Path = tuple["str | int", ...]
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "then", "else"})


class SubsetValidationError(NamedTuple):
    """One failed keyword, named as jsonschema names it (`validator` is the keyword)."""

    validator: str
    validator_value: Any
    absolute_path: Path
    instance: Any
    schema: Mapping[str, Any]
    message: str


Schema = Mapping[str, Any]
Errors = Iterator[SubsetValidationError]
Keyword = Callable[["SubsetValidator", Any, Any, Schema, Path], Errors]


class SubsetValidator:
    """Validates instances against one schema; `$ref`s must be inlined before (validate.py does)."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        _refuse_unknown(schema, "#")
        self.schema = schema
        self._patterns: dict[str, re.Pattern[str]] = {}

    def iter_errors(self, instance: Any) -> Iterator[SubsetValidationError]:
        return self.descend(instance, self.schema, ())

    def is_valid(self, instance: Any, schema: Mapping[str, Any]) -> bool:
        return next(self.descend(instance, schema, ()), None) is None

    def descend(self, instance: Any, schema: Schema, path: Path) -> Errors:
        for keyword, value in schema.items():
            check = _KEYWORDS.get(keyword)
            if check is not None:
                yield from check(self, value, instance, schema, path)

    def search(self, pattern: str, text: str) -> bool:
        found = self._patterns.get(pattern)
        if found is None:
            found = self._patterns[pattern] = compiled(pattern)
        return found.search(text) is not None


def _refuse_unknown(schema: Any, where: str) -> None:
    if not isinstance(schema, Mapping):
        raise ValueError(f"{where}: expected a schema object, found {schema!r}")
    for keyword, value in schema.items():
        if keyword not in _KEYWORDS and keyword not in _ANNOTATIONS:
            raise ValueError(f"{where}: keyword {keyword!r} is not supported by the subset validator")
        inner = f"{where}/{keyword}"
        if keyword in ("properties", "$defs"):
            for name, subschema in value.items():
                _refuse_unknown(subschema, f"{inner}/{name}")
        elif keyword in ("allOf", "oneOf"):
            for i, subschema in enumerate(value):
                _refuse_unknown(subschema, f"{inner}/{i}")
        elif keyword in ("items", "additionalProperties", "if", "then", "else"):
            _refuse_unknown(value, inner)


def _is_type(instance: Any, name: str) -> bool:
    if name == "string":
        return isinstance(instance, str)
    if name == "object":
        return isinstance(instance, dict)
    if name == "array":
        return isinstance(instance, list)
    if name == "boolean":
        return isinstance(instance, bool)
    if name == "null":
        return instance is None
    if isinstance(instance, bool):
        return False
    if name == "integer":
        return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())
    if name == "number":
        return isinstance(instance, (int, float))
    raise ValueError(f"unknown JSON Schema type {name!r}")


def _equal(one: Any, two: Any) -> bool:
    """JSON equality: `True` is not `1`, also inside lists and objects."""
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return one is two
    return bool(one == two)


def _type(v: SubsetValidator, types: Any, instance: Any, schema: Schema, path: Path) -> Errors:
    names: Sequence[str] = [types] if isinstance(types, str) else types
    if not any(_is_type(instance, name) for name in names):
        reprs = ", ".join(repr(name) for name in names)
        yield SubsetValidationError(
            "type", types, path, instance, schema, f"{instance!r} is not of type {reprs}"
        )


def _properties(v: SubsetValidator, properties: Any, instance: Any, schema: Schema, path: Path) -> Errors:
    if isinstance(instance, dict):
        for name, subschema in properties.items():
            if name in instance:
                yield from v.descend(instance[name], subschema, (*path, name))


def _additional_properties(
    v: SubsetValidator, subschema: Any, instance: Any, schema: Schema, path: Path
) -> Errors:
    if isinstance(instance, dict):
        known = schema.get("properties", {})
        for name in instance:
            if name not in known:
                yield from v.descend(instance[name], subschema, (*path, name))


def _required(v: SubsetValidator, required: Any, instance: Any, schema: Schema, path: Path) -> Errors:
    if isinstance(instance, dict):
        for name in required:
            if name not in instance:
                yield SubsetValidationError(
                    "required", required, path, instance, schema, f"{name!r} is a required property"
                )


def _items(v: SubsetValidator, subschema: Any, instance: Any, schema: Schema, path: Path) -> Errors:
    if isinstance(instance, list):
        for index, item in enumerate(instance):
            yield from v.descend(item, subschema, (*path, index))


def _enum(v: SubsetValidator, enums: Any, instance: Any, schema: Schema, path: Path) -> Errors:
    if not any(_equal(each, instance) for each in enums):
        yield SubsetValidationError(
            "enum", enums, path, instance, schema, f"{instance!r} is not one of {enums!r}"
        )


def _const(v: SubsetValidator, const: Any, instance: Any, schema: Schema, path: Path) -> Errors:
    if not _equal(const, instance):
        yield SubsetValidationError("const", const, path, instance, schema, f"{const!r} was expected")


def _pattern(v: SubsetValidator, pattern: Any, instance: Any, schema: Schema, path: Path) -> Errors:
    if isinstance(instance, str) and not v.search(pattern, instance):
        yield SubsetValidationError(
            "pattern", pattern, path, instance, schema, f"{instance!r} does not match {pattern!r}"
        )


def _min_length(v: SubsetValidator, least: Any, instance: Any, schema: Schema, path: Path) -> Errors:
    if isinstance(instance, str) and len(instance) < least:
        yield SubsetValidationError(
            "minLength", least, path, instance, schema, f"{instance!r} {_too_short(least)}"
        )


def _min_items(v: SubsetValidator, least: Any, instance: Any, schema: Schema, path: Path) -> Errors:
    if isinstance(instance, list) and len(instance) < least:
        yield SubsetValidationError(
            "minItems", least, path, instance, schema, f"{instance!r} {_too_short(least)}"
        )


def _too_short(least: int) -> str:
    return "should be non-empty" if least == 1 else "is too short"


def _one_of(v: SubsetValidator, options: Any, instance: Any, schema: Schema, path: Path) -> Errors:
    valid = [option for option in options if v.is_valid(instance, option)]
    if not valid:
        message = f"{instance!r} is not valid under any of the given schemas"
        yield SubsetValidationError("oneOf", options, path, instance, schema, message)
    elif len(valid) > 1:
        reprs = ", ".join(repr(option) for option in [*valid[1:], valid[0]])
        yield SubsetValidationError(
            "oneOf", options, path, instance, schema, f"{instance!r} is valid under each of {reprs}"
        )


def _all_of(v: SubsetValidator, parts: Any, instance: Any, schema: Schema, path: Path) -> Errors:
    for part in parts:
        yield from v.descend(instance, part, path)


def _if(v: SubsetValidator, condition: Any, instance: Any, schema: Schema, path: Path) -> Errors:
    branch = schema.get("then") if v.is_valid(instance, condition) else schema.get("else")
    if branch is not None:
        yield from v.descend(instance, branch, path)


_KEYWORDS: dict[str, Keyword] = {
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional_properties,
    "required": _required,
    "items": _items,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "minLength": _min_length,
    "minItems": _min_items,
    "oneOf": _one_of,
    "allOf": _all_of,
    "if": _if,
}
