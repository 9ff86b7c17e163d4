"""The configuration's own JSON Schema (`schema:`): read from the repository only, run in linear time.

A pull request can change the configuration, so the schema is hostile input too:

- Its file and every file its `$ref`s name must be local files inside the repository (or the folder
  given to `--confine-to`), symbolic links included; nothing is fetched (jsonschema would otherwise
  retrieve `http://` refs from the runner). The refs are followed once, when the configuration loads,
  into a `referencing` registry whose retrieve function refuses everything else.
- `pattern` and `patternProperties` run on RE2 (google-re2), which matches in time linear in the
  text: Python's backtracking `re` takes exponential time on `^(a+)+$` against a 37-character title.
  A pattern RE2 cannot run (backreferences, lookaround) is a configuration error, found on load.

Errors name the file, the ref or the JSON pointer of the keyword, never the files' content.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from urllib.request import url2pathname

import re2
from jsonschema.exceptions import SchemaError, ValidationError
from jsonschema.validators import extend, validator_for
from referencing import Registry, Resource, Specification
from referencing.exceptions import NoSuchResource, Unresolvable
from referencing.jsonschema import specification_with

from postmortem_lint.confine import Outside, inside
from postmortem_lint.errors import UsageError, read_json

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

MAX_SCHEMA_BYTES = 1_000_000
_REF_KEYWORDS = ("$ref", "$dynamicRef")


class SchemaProblem(Exception):
    """Why a configured schema cannot be used; the configuration reports it at its `schema:` key."""


def load(path: Path, root: Path, shown: str) -> tuple[str, dict[str, Any]]:
    """The schema at `path` (`shown` in errors) and every file its refs reach: its URI, and the
    contents of each by URI."""
    try:
        main = inside(path, root)
    except Outside as exc:
        raise SchemaProblem(f"{shown}: {exc}") from None
    uri = main.as_uri()
    documents = {uri: _read(main, shown)}
    kind = validator_for(documents[uri])
    specification = _specification(kind)
    waiting = [uri]
    while waiting:
        current = waiting.pop()
        for base, ref in _refs(documents[current], current, specification):
            target = urldefrag(urljoin(base, ref)).url
            if target and target not in documents:
                documents[target] = _read(_local(target, ref, root), ref)
                waiting.append(target)
    for name, contents in documents.items():
        try:
            kind.check_schema(contents)
        except SchemaError as exc:
            pointer = "/" + "/".join(str(p) for p in exc.absolute_path)
            raise SchemaProblem(
                f"{_shown(name, uri, shown)}: not a valid JSON Schema at {pointer} ({exc.validator} check)"
            ) from None
        for pointer, problem in _regex_problems(contents):
            raise SchemaProblem(f"{_shown(name, uri, shown)}: {pointer}: {problem}")
    registry = _registry(documents, specification)
    for name, contents in documents.items():
        for base, ref in _refs(contents, name, specification):
            try:
                registry.resolver(base_uri=base).lookup(ref)
            except Unresolvable:
                raise SchemaProblem(f"{_shown(name, uri, shown)}: $ref {ref!r} points at nothing") from None
    return uri, documents


def validator(uri: str, documents: Mapping[str, Any]) -> Validator:
    """A validator of the schema at `uri` that resolves refs among `documents` only, patterns on RE2."""
    kind = validator_for(documents[uri])
    registry = _registry(documents, _specification(kind))
    linear: Validator = _linear(kind)({"$ref": uri}, registry=registry)
    return linear


def _specification(kind: type[Validator]) -> Specification[Any]:
    """How `kind`'s dialect spells ids and anchors (`id` in draft 4, `$id` later)."""
    return specification_with(kind.META_SCHEMA.get("$schema") or kind.META_SCHEMA["$id"])


def _registry(documents: Mapping[str, Any], specification: Specification[Any]) -> Registry[Any]:
    """`documents` by URI, and nothing else: its retrieve function refuses every other URI."""

    def refuse(target: str) -> Resource[Any]:
        raise NoSuchResource(target)  # only the files read on load; never the network

    registry: Registry[Any] = Registry(retrieve=refuse).with_resources(  # type: ignore[call-arg]
        (name, Resource.from_contents(contents, default_specification=specification))
        for name, contents in documents.items()
    )
    return registry


def _read(path: Path, shown: str) -> dict[str, Any]:
    if path.stat().st_size > MAX_SCHEMA_BYTES:
        raise SchemaProblem(f"{shown}: larger than {MAX_SCHEMA_BYTES:,} bytes")
    try:
        contents = read_json(path, shown)
    except UsageError as exc:
        raise SchemaProblem(str(exc)) from None
    if not isinstance(contents, dict):
        raise SchemaProblem(f"{shown} must contain a JSON object")
    return contents


def _local(target: str, ref: str, root: Path) -> Path:
    """The file a ref names, if it is a local file inside `root`."""
    parts = urlsplit(target)
    if parts.scheme != "file" or parts.netloc:
        raise SchemaProblem(
            f"$ref {ref!r} is not a local file (schemas are never fetched; refer to files in the repository)"
        )
    try:
        return inside(Path(url2pathname(unquote(parts.path))), root)
    except Outside as exc:
        raise SchemaProblem(f"$ref {ref!r}: {exc}") from None


def _shown(name: str, main: str, main_shown: str) -> str:
    return main_shown if name == main else Path(url2pathname(unquote(urlsplit(name).path))).name


def _refs(node: Any, base: str, specification: Specification[Any]) -> Iterator[tuple[str, str]]:
    """Each ref in `node` with the base URI it resolves against (an `$id` on the way changes it)."""
    if isinstance(node, dict):
        found = specification.id_of(node)
        base = urljoin(base, found) if isinstance(found, str) else base
        for key, value in node.items():
            if key in _REF_KEYWORDS and isinstance(value, str):
                yield base, value
            else:
                yield from _refs(value, base, specification)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value, base, specification)


def _regex_problems(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Patterns RE2 cannot run, and `unevaluatedProperties` beside `patternProperties` (jsonschema
    matches those with Python's `re`, which this module cannot swap)."""
    if isinstance(node, dict):
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict):
            if "unevaluatedProperties" in node:
                yield pointer, "unevaluatedProperties beside patternProperties is not supported"
            for pattern in patterns:
                if _compile(pattern) is None:
                    yield f"{pointer}/patternProperties", _UNSUPPORTED
        if isinstance(node.get("pattern"), str) and _compile(node["pattern"]) is None:
            yield f"{pointer}/pattern", _UNSUPPORTED
        for key, value in node.items():
            yield from _regex_problems(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _regex_problems(value, f"{pointer}/{index}")


_UNSUPPORTED = (
    "a pattern RE2 cannot run in linear time (backreferences and lookaround are not supported) or "
    "that is too large"
)


@cache
def _compile(pattern: str) -> Any:
    """The RE2 pattern, or None when RE2 refuses it (errors are not logged: they quote the pattern)."""
    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options=options)
    except re2.error:
        return None


@cache
def _linear(kind: type[Validator]) -> type[Validator]:
    """`kind` with the keywords that match regular expressions running them on RE2."""
    linear: type[Validator] = extend(  # type: ignore[no-untyped-call]
        kind,
        {
            "pattern": _pattern,
            "patternProperties": _pattern_properties,
            "additionalProperties": _additional_properties,
        },
    )
    return linear


def _matches(pattern: str, text: str) -> bool:
    return _compile(pattern).search(text) is not None


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    if validator.is_type(instance, "string") and not _matches(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(
    validator: Any, patterns: Mapping[str, Any], instance: Any, schema: Any
) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if _matches(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(validator: Any, allowed: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    known, patterns = schema.get("properties", {}), schema.get("patternProperties", {})
    extras = [k for k in instance if k not in known and not any(_matches(p, k) for p in patterns)]
    if validator.is_type(allowed, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], allowed, path=extra)
    elif allowed is False and extras:
        yield ValidationError(f"additional properties are not allowed ({', '.join(map(repr, extras))})")
