"""The words the reader recognises: heading aliases, summary-field names, table column names.

The defaults are data (`data/vocabulary.json`); configuration adds to them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from postmortem_lint import packaged
from postmortem_lint.markup import normalise_label
from postmortem_lint.regex import compiled

_PARENTHESES = compiled(r"\([^()]*\)")  # callers normalise the spaces left around it
_CACHE_SIZE = 4096  # headings and labels repeat across files; the cache only bounds the work


def _index(groups: Mapping[str, Sequence[str]]) -> dict[str, str]:
    return {normalise_label(alias): name for name, aliases in groups.items() for alias in aliases}


@dataclass(frozen=True)
class Vocabulary:
    sections: Mapping[str, Sequence[str]]
    fields: Mapping[str, Sequence[str]]
    action_columns: Mapping[str, Sequence[str]]
    timeline_columns: Mapping[str, Sequence[str]]

    @classmethod
    def default(cls) -> Vocabulary:
        return _default()

    @cached_property
    def _section_index(self) -> dict[str, str]:
        return _index(self.sections)

    @cached_property
    def _field_index(self) -> dict[str, str]:
        return _index(self.fields)

    @cached_property
    def _action_column_index(self) -> dict[str, str]:
        return _index(self.action_columns)

    @cached_property
    def _timeline_column_index(self) -> dict[str, str]:
        return _index(self.timeline_columns)

    @cached_property
    def _primary_names(self) -> frozenset[str]:
        return frozenset(normalise_label(aliases[0]) for aliases in self.sections.values() if aliases)

    @cached_property
    def _kind_cache(self) -> dict[str, str | None]:
        return {}

    def section_kind(self, heading: str, prefix: bool = True) -> str | None:
        """Exact alias first, then without parentheses, then a leading alias ("Timeline of day 2"),
        then the parts of "Problems/Timeline". `prefix=False` (for bold labels) wants the whole alias.

        A one-word prefix counts only for a kind's first alias: "Actions taken" is no action list.
        """
        cache = self._kind_cache
        key = heading if prefix else "\0" + heading
        if key not in cache:
            if len(cache) > _CACHE_SIZE:
                cache.clear()
            label = normalise_label(heading)
            parts = label.split("/") if "/" in label else ()
            cache[key] = self._kind(label, prefix) or next(
                (kind for part in parts if (kind := self._kind(part.strip(), prefix))), None
            )
        return cache[key]

    def _kind(self, label: str, prefix: bool) -> str | None:
        index = self._section_index
        if label in index:
            return index[label]
        bare = normalise_label(_PARENTHESES.sub(" ", label))
        if bare in index or not prefix:
            return index.get(bare)
        words = bare.split()
        for size in range(min(len(words) - 1, 5), 0, -1):
            lead = " ".join(words[:size])
            if lead in index and (size > 1 or lead in self._primary_names):
                return index[lead]
        return None

    def field_key(self, label: str) -> str:
        """The canonical key for a summary-field label; unknown labels keep their own name."""
        return _lookup(self._field_index, label) or normalise_label(label).replace(" ", "_")

    def is_field_label(self, label: str) -> bool:
        return normalise_label(label) in self._field_index

    def action_column(self, header: str) -> str | None:
        return _lookup(self._action_column_index, header)

    def timeline_column(self, header: str) -> str | None:
        return _lookup(self._timeline_column_index, header)


@lru_cache(maxsize=1)
def _default() -> Vocabulary:
    data = json.loads(packaged.text("data/vocabulary.json"))
    return Vocabulary(**data)


def _lookup(index: Mapping[str, str], label: str) -> str | None:
    key = normalise_label(label)
    return index.get(key) or index.get(normalise_label(_PARENTHESES.sub(" ", key)))
