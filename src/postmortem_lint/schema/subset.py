"""A validator for the part of JSON Schema 2020-12 that the packaged schema uses.

Importing jsonschema and checking the schema against its meta-schema costs ~60 ms, half of the
budget of a pre-commit run on one file, and jsonschema's general machinery ~0.5 ms per document.
The packaged schema needs a dozen keywords, so it is interpreted here instead; a keyword this
module does not know is refused when the validator is built, so the schema cannot outgrow it
unnoticed. Errors carry the attributes of jsonschema's `ValidationError` that the schema check
reads, with the same messages; tests compare both validators on generated documents. Extra
schemas from a configuration still go to jsonschema, which knows every keyword.

The schema is turned into a tree of keyword objects once, when the validator is built. Each answers
`valid` (does the instance pass?) without making errors, and most of a document does pass: errors
are worked out only below a part that does not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, NamedTuple

from postmortem_lint.regex import compiled

Path = tuple["str | int", ...]
# keywords that check nothing themselves; those holding schemas are still built, so that an unknown
# keyword inside them is refused too
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "then", "else"})
_SIMPLE_TYPES: Mapping[str, type] = {
    "string": str,
    "object": dict,
    "array": list,
    "boolean": bool,
    "null": type(None),
}


class SubsetValidationError(NamedTuple):
    """One failed keyword, named as jsonschema names it (`validator` is the keyword)."""

    validator: str
    validator_value: Any
    absolute_path: Path
    instance: Any
    schema: Mapping[str, Any]
    message: str


Errors = Iterator[SubsetValidationError]


class SubsetValidator:
    """Validates instances against one schema; `$ref`s must be inlined before (validate.py does)."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.schema = schema
        self._root = _Node(schema, "#")

    def iter_errors(self, instance: Any) -> Errors:
        return self._root.errors(instance, ())


class _Node:
    """One schema object: its keywords, in the schema's order."""

    __slots__ = ("keywords", "schema", "valid")

    def __init__(self, schema: Any, where: str) -> None:
        if not isinstance(schema, Mapping):
            raise ValueError(f"{where}: expected a schema object, found {schema!r}")
        self.schema: Mapping[str, Any] = schema
        keywords: list[_Keyword] = []
        for keyword, value in schema.items():
            kind = _KEYWORDS.get(keyword)
            if kind is not None:
                keywords.append(kind(value, schema, f"{where}/{keyword}"))
            elif keyword not in _ANNOTATIONS:
                raise ValueError(f"{where}: keyword {keyword!r} is not supported by the subset validator")
            elif keyword == "$defs":
                for name, subschema in value.items():
                    _Node(subschema, f"{where}/$defs/{name}")
            elif keyword in ("then", "else") and "if" not in schema:  # else built by `if`
                _Node(value, f"{where}/{keyword}")
        self.keywords: tuple[_Keyword, ...] = tuple(keywords)
        # whether an instance passes; a schema of one keyword ({"type": "string"}) is that keyword's
        self.valid: Callable[[Any], bool] = keywords[0].valid if len(keywords) == 1 else self._all_valid

    def _all_valid(self, instance: Any) -> bool:
        for keyword in self.keywords:  # noqa: SIM110 (no generator per call: called for every value)
            if not keyword.valid(instance):
                return False
        return True

    def errors(self, instance: Any, path: Path) -> Errors:
        if self.valid(instance):
            return
        for keyword in self.keywords:
            yield from keyword.errors(instance, path)


class _Keyword:
    """One keyword of one schema object. A keyword that checks the instance itself reports one error
    when it is not valid (`message`); one that holds schemas reports theirs (`errors`)."""

    name: ClassVar[str]

    def __init__(self, value: Any, schema: Mapping[str, Any], where: str) -> None:
        self.value = value
        self.schema = schema

    def valid(self, instance: Any) -> bool:
        raise NotImplementedError

    def message(self, instance: Any) -> str:
        raise NotImplementedError

    def errors(self, instance: Any, path: Path) -> Errors:
        if not self.valid(instance):
            yield self.error(instance, path, self.message(instance))

    def error(self, instance: Any, path: Path, message: str) -> SubsetValidationError:
        return SubsetValidationError(self.name, self.value, path, instance, self.schema, message)


class _Type(_Keyword):
    name = "type"

    def __init__(self, value: Any, schema: Mapping[str, Any], where: str) -> None:
        super().__init__(value, schema, where)
        self.names: Sequence[str] = [value] if isinstance(value, str) else value
        for name in self.names:
            if name not in _SIMPLE_TYPES and name not in ("integer", "number"):
                raise ValueError(f"{where}: unknown JSON Schema type {name!r}")
        # without "integer" and "number", a plain isinstance() (where bool, an int, is no number)
        simple = all(name in _SIMPLE_TYPES for name in self.names)
        self.types = tuple(_SIMPLE_TYPES[name] for name in self.names) if simple else None

    def valid(self, instance: Any) -> bool:
        if self.types is not None:
            return isinstance(instance, self.types)
        return any(_is_type(instance, name) for name in self.names)

    def message(self, instance: Any) -> str:
        return f"{instance!r} is not of type {', '.join(repr(name) for name in self.names)}"


class _Properties(_Keyword):
    name = "properties"

    def __init__(self, value: Any, schema: Mapping[str, Any], where: str) -> None:
        super().__init__(value, schema, where)
        self.nodes = [(name, _Node(subschema, f"{where}/{name}")) for name, subschema in value.items()]

    def valid(self, instance: Any) -> bool:
        if isinstance(instance, dict):
            for name, node in self.nodes:
                if name in instance and not node.valid(instance[name]):
                    return False
        return True

    def errors(self, instance: Any, path: Path) -> Errors:
        if isinstance(instance, dict):
            for name, node in self.nodes:
                if name in instance:
                    yield from node.errors(instance[name], (*path, name))


class _AdditionalProperties(_Keyword):
    name = "additionalProperties"

    def __init__(self, value: Any, schema: Mapping[str, Any], where: str) -> None:
        super().__init__(value, schema, where)
        self.node = _Node(value, where)
        self.known = schema.get("properties", {})

    def valid(self, instance: Any) -> bool:
        if isinstance(instance, dict):
            for name, value in instance.items():
                if name not in self.known and not self.node.valid(value):
                    return False
        return True

    def errors(self, instance: Any, path: Path) -> Errors:
        if isinstance(instance, dict):
            for name, value in instance.items():
                if name not in self.known:
                    yield from self.node.errors(value, (*path, name))


class _Required(_Keyword):
    name = "required"

    def __init__(self, value: Any, schema: Mapping[str, Any], where: str) -> None:
        super().__init__(value, schema, where)
        self.names = frozenset(value)

    def valid(self, instance: Any) -> bool:
        return not isinstance(instance, dict) or instance.keys() >= self.names

    def errors(self, instance: Any, path: Path) -> Errors:
        if isinstance(instance, dict):
            for name in self.value:
                if name not in instance:
                    yield self.error(instance, path, f"{name!r} is a required property")


class _Items(_Keyword):
    name = "items"

    def __init__(self, value: Any, schema: Mapping[str, Any], where: str) -> None:
        super().__init__(value, schema, where)
        self.node = _Node(value, where)

    def valid(self, instance: Any) -> bool:
        return not isinstance(instance, list) or all(map(self.node.valid, instance))

    def errors(self, instance: Any, path: Path) -> Errors:
        if isinstance(instance, list):
            for index, item in enumerate(instance):
                yield from self.node.errors(item, (*path, index))


class _Enum(_Keyword):
    name = "enum"

    def valid(self, instance: Any) -> bool:
        return any(_equal(each, instance) for each in self.value)

    def message(self, instance: Any) -> str:
        return f"{instance!r} is not one of {self.value!r}"


class _Const(_Keyword):
    name = "const"

    def valid(self, instance: Any) -> bool:
        return _equal(self.value, instance)

    def message(self, instance: Any) -> str:
        return f"{self.value!r} was expected"


class _Pattern(_Keyword):
    name = "pattern"

    def __init__(self, value: Any, schema: Mapping[str, Any], where: str) -> None:
        super().__init__(value, schema, where)
        self.pattern = compiled(value)

    def valid(self, instance: Any) -> bool:
        return not isinstance(instance, str) or self.pattern.search(instance) is not None

    def message(self, instance: Any) -> str:
        return f"{instance!r} does not match {self.value!r}"


class _MinLength(_Keyword):
    name = "minLength"
    sized: ClassVar[type[str] | type[list[Any]]] = str  # the type the keyword applies to

    def valid(self, instance: Any) -> bool:
        return not isinstance(instance, self.sized) or len(instance) >= self.value

    def message(self, instance: Any) -> str:
        return f"{instance!r} {'should be non-empty' if self.value == 1 else 'is too short'}"


class _MinItems(_MinLength):
    name = "minItems"
    sized = list


class _OneOf(_Keyword):
    name = "oneOf"

    def __init__(self, value: Any, schema: Mapping[str, Any], where: str) -> None:
        super().__init__(value, schema, where)
        self.nodes = [_Node(option, f"{where}/{i}") for i, option in enumerate(value)]

    def valid(self, instance: Any) -> bool:
        return sum(node.valid(instance) for node in self.nodes) == 1

    def message(self, instance: Any) -> str:
        valid = [node.schema for node in self.nodes if node.valid(instance)]
        if not valid:
            return f"{instance!r} is not valid under any of the given schemas"
        reprs = ", ".join(repr(option) for option in [*valid[1:], valid[0]])
        return f"{instance!r} is valid under each of {reprs}"


class _AllOf(_Keyword):
    name = "allOf"

    def __init__(self, value: Any, schema: Mapping[str, Any], where: str) -> None:
        super().__init__(value, schema, where)
        self.nodes = [_Node(part, f"{where}/{i}") for i, part in enumerate(value)]

    def valid(self, instance: Any) -> bool:
        return all(node.valid(instance) for node in self.nodes)

    def errors(self, instance: Any, path: Path) -> Errors:
        for node in self.nodes:
            yield from node.errors(instance, path)


class _If(_Keyword):
    name = "if"

    def __init__(self, value: Any, schema: Mapping[str, Any], where: str) -> None:
        super().__init__(value, schema, where)
        self.condition = _Node(value, where)
        then, otherwise = schema.get("then"), schema.get("else")
        self.then = None if then is None else _Node(then, where.removesuffix("/if") + "/then")
        self.otherwise = None if otherwise is None else _Node(otherwise, where.removesuffix("/if") + "/else")

    def _branch(self, instance: Any) -> _Node | None:
        return self.then if self.condition.valid(instance) else self.otherwise

    def valid(self, instance: Any) -> bool:
        branch = self._branch(instance)
        return branch is None or branch.valid(instance)

    def errors(self, instance: Any, path: Path) -> Errors:
        branch = self._branch(instance)
        if branch is not None:
            yield from branch.errors(instance, path)


def _is_type(instance: Any, name: str) -> bool:
    simple = _SIMPLE_TYPES.get(name)
    if simple is not None:
        return isinstance(instance, simple)
    if isinstance(instance, bool):
        return False
    if name == "integer":
        return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())
    return isinstance(instance, (int, float))  # "number"


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


_KEYWORDS: Mapping[str, type[_Keyword]] = {
    keyword.name: keyword
    for keyword in (
        _Type,
        _Properties,
        _AdditionalProperties,
        _Required,
        _Items,
        _Enum,
        _Const,
        _Pattern,
        _MinLength,
        _MinItems,
        _OneOf,
        _AllOf,
        _If,
    )
}
