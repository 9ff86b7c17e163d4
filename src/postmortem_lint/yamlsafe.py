"""YAML that cannot hurt: anchors and aliases are refused before anything is built (alias bombs)."""

from __future__ import annotations


class AliasRefused(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}: YAML anchors and aliases are refused")
        self.line = line


def refuse_aliases(source: str, first_line: int = 1) -> None:
    """Raise `AliasRefused` at the first anchor or alias; YAML syntax errors pass through."""
    from ruamel.yaml import YAML
    from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

    for event in YAML(typ="safe", pure=True).parse(source):
        anchored = isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor
        if isinstance(event, AliasEvent) or anchored:
            raise AliasRefused(first_line + (event.start_mark.line if event.start_mark else 0))
