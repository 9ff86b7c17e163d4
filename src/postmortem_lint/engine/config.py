"""Configuration: `.postmortem-lint.yaml` or `[tool.postmortem-lint]` in pyproject.toml.

Found by walking up from the checked file to the repository root; `--config PATH` overrides. Every
mistake (unknown key, wrong type, unknown rule) is a `ConfigError` naming the file and line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from postmortem_lint.confine import Outside, inside
from postmortem_lint.errors import UsageError
from postmortem_lint.findings import Severity
from postmortem_lint.reader.frontmatter import MAX_DEPTH, UnsafeYAML, refuse_unsafe
from postmortem_lint.reader.vocabulary import Vocabulary
from postmortem_lint.rules import BY_NAME, RULES

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

CONFIG_NAMES = (".postmortem-lint.yaml", ".postmortem-lint.yml")
DEFAULT_THEMES = (
    "monitoring-gaps",
    "dependency-visibility",
    "deployment-safety",
    "access-bottlenecks",
    "configuration-drift",
    "documentation-gaps",
    "unclear-ownership",
    "communication-issues",
)
DEFAULT_SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")
# Days after the incident by which an action item should be done (PagerDuty's and Atlassian's practice).
DEFAULT_DUE_WINDOWS = {"SEV1": 15, "SEV2": 30, "default": 56}


class ConfigError(UsageError):
    @classmethod
    def at(cls, path: str, line: int, message: str) -> ConfigError:
        return cls(f"{path}:{line}: {message}")


class RuleSettings(NamedTuple):
    """A rule as the configuration sets it: on or off, its severity, its options."""

    enabled: bool = True
    severity: Severity | None = None  # None: the rule's default
    options: Mapping[str, Any] = MappingProxyType({})


_UNSET = RuleSettings()  # a rule the configuration does not mention (asked for every rule of every file)


class TierTriggers(NamedTuple):
    """What makes an incident need at least a standard (tier 2) review."""

    severities: tuple[str, ...] = ("SEV1", "SEV2")
    duration_minutes: int = 60
    security: bool = True
    data: bool = True
    recurred: bool = True


class IssueSettings(NamedTuple):
    """How the GitHub Action opens issues for this folder's action items on merge (`issues:`)."""

    labels: tuple[str, ...] = ()  # on every issue, besides `postmortem-action`
    severity_label: bool = False  # the postmortem's severity as a label ("SEV2")
    theme_labels: bool = False  # each of its themes as a label
    tier_1: bool = True  # items of tier-1 recaps get issues too
    milestone: bool = False  # the open milestone due soonest on or after the item's due date


class FollowUpSettings(NamedTuple):
    """What `postmortem-lint report` and the scheduled follow-up count as late or recurring (`follow-up:`)."""

    check_days: int = 30  # the guide's check: "within 30 days" of the incident, done or deprioritized
    recurring_incidents: int = 3  # a theme in this many incidents ...
    recurring_days: int = 180  # ... within this many days before today is recurring
    recent_days: int = 90  # a theme's "last N days" count
    time_zone: str = "UTC"  # the repository's: a due date passes at its midnight (IANA name)


@dataclass(frozen=True)
class Config:
    vocabulary: Vocabulary
    rules: Mapping[str, RuleSettings] = field(default_factory=dict)
    themes: tuple[str, ...] = DEFAULT_THEMES
    severities: tuple[str, ...] = DEFAULT_SEVERITIES
    due_windows: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_DUE_WINDOWS))
    tier_triggers: TierTriggers = TierTriggers()
    owners: Mapping[str, str] = field(default_factory=dict)  # name as written -> GitHub handle
    issues: IssueSettings = IssueSettings()
    follow_up: FollowUpSettings = FollowUpSettings()
    extra_schema: Mapping[str, Any] | None = None  # by URI: the schema file and the files its refs reach
    extra_schema_uri: str | None = None  # the schema file's
    source: str | None = None  # the file it came from

    @classmethod
    def default(cls) -> Config:
        return _default()

    def settings(self, rule_id: str) -> RuleSettings:
        return self.rules.get(rule_id, _UNSET)

    def due_window(self, severity: str | None) -> int:
        return self.due_windows.get(severity or "", self.due_windows.get("default", 56))

    @cached_property
    def extra_validator(self) -> Validator | None:
        """The extra schema's validator, built once per run rather than per document (loading the
        configuration checked the schema already)."""
        if self.extra_schema is None or self.extra_schema_uri is None:
            return None
        # Here, not at the top: as in `_extra_schema`.
        from postmortem_lint.schema import extra as extra_schemas  # noqa: PLC0415

        return extra_schemas.validator(self.extra_schema_uri, self.extra_schema)

    def __getstate__(self) -> dict[str, Any]:
        """Without the validator, which cannot be pickled (worker processes get configs pickled)."""
        return {key: value for key, value in self.__dict__.items() if key != "extra_validator"}


@lru_cache(maxsize=1)
def _default() -> Config:
    return Config(Vocabulary.default())


def find_config(folder: Path, root: Path | None = None) -> Path | None:
    """The nearest config file from `folder` upwards, stopping at the repository root (or `root`)."""
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file() or (root is not None and (candidate / name).is_symlink()):
                return _confined(candidate / name, root)  # a dangling link too, when confined
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.postmortem-lint]" in _confined(pyproject, root).read_text(
            errors="replace"
        ):
            return pyproject
        if (candidate / ".git").exists() or candidate == root:
            return None
    return None


def _confined(path: Path, root: Path | None) -> Path:
    """`path`, if it resolves to a file inside `root` (when there is one); symlinks out are refused."""
    if root is None:
        return path
    try:
        inside(path, root)
    except Outside as exc:
        raise UsageError(f"config file {path}: {exc}") from None
    return path


def repository_root(folder: Path) -> Path:
    """The repository `folder` is in (the nearest folder above holding `.git`), else `folder`."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def load(path: Path, root: Path | None = None) -> Config:
    """The configuration in `path`; its schema (and the files its refs name) must be inside `root`,
    by default the repository the configuration is in."""
    if path.name == "pyproject.toml":
        data, lines = _read_pyproject(path)
    else:
        data, lines = _read_yaml(path)
    return _build(
        data, _Locator(str(path), lines), path.parent, root or repository_root(path.parent.absolute())
    )


class ConfigFinder:
    """The config for each checked file: `--config` for all, or the nearest file above each.

    One finder serves one run, so its caches never outlive a change to the files. With `confine_to`
    (the Action's workspace, or `--confine-to`), configuration and schema files are read only inside
    that folder: a path or symbolic link leading out of it is an error naming the path.
    """

    def __init__(self, explicit: str | None = None, confine_to: Path | None = None) -> None:
        self.explicit = explicit
        self.root = confine_to.absolute() if confine_to is not None else None
        self._by_folder: dict[Path, Path | None] = {}
        self._loaded: dict[Path | None, Config] = {}

    def for_file(self, target: str) -> Config:
        path: Path | None
        if self.explicit:
            path = Path(self.explicit)
            if not path.is_file() and not (self.root is not None and path.is_symlink()):
                raise UsageError(f"config file {self.explicit} not found")
            path = _confined(path.absolute(), self.root).resolve()
        else:
            folder = Path(target).absolute()  # not resolve(): a symlink loop must not raise
            folder = folder if folder.is_dir() else folder.parent
            if folder not in self._by_folder:
                self._by_folder[folder] = find_config(folder, self.root)
            path = self._by_folder[folder]
        if path not in self._loaded:
            self._loaded[path] = load(path, self.root) if path else Config.default()
        return self._loaded[path]


class _Locator:
    """Line numbers for config errors: YAML knows each key's line; TOML only its table's."""

    def __init__(self, path: str, lines: Any) -> None:
        self.path = path
        self.lines = lines

    def error(self, keys: Sequence[str], message: str) -> ConfigError:
        return ConfigError.at(self.path, self.line(keys), message)

    def line(self, keys: Sequence[str]) -> int:
        if isinstance(self.lines, int):
            return self.lines
        node, line = self.lines, 1
        for key in keys:
            lc = getattr(node, "lc", None)
            if lc is None or not hasattr(node, "__getitem__"):
                break
            try:
                line = (lc.key(key) if isinstance(node, Mapping) else lc.item(int(key)))[0] + 1
                node = node[key] if isinstance(node, Mapping) else node[int(key)]
            except (KeyError, IndexError, TypeError, ValueError):
                break
        return line


def _read_yaml(path: Path) -> tuple[Mapping[str, Any], Any]:
    # Here, not at the top: ruamel.yaml is about 15 ms to import, and a repository without a YAML
    # configuration (and postmortems without front matter) never needs it.
    from ruamel.yaml import YAML  # noqa: PLC0415
    from ruamel.yaml.error import MarkedYAMLError, YAMLError  # noqa: PLC0415

    text = path.read_text(encoding="utf-8", errors="replace")
    yaml = YAML(typ="rt")
    try:
        refuse_unsafe(yaml.parse(text), lambda mark: mark.line + 1 if mark else 1)
        data = yaml.load(text)
    except UnsafeYAML as exc:
        message = (
            "YAML anchors and aliases are not allowed here"
            if exc.aliases
            else f"the configuration is nested more than {MAX_DEPTH} levels deep"
        )
        raise ConfigError.at(str(path), exc.line, message) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigError.at(
            str(path), (mark.line + 1) if mark else 1, f"invalid YAML: {exc.problem}"
        ) from None
    except YAMLError as exc:
        raise ConfigError.at(str(path), 1, f"invalid YAML: {exc}") from None
    if data is None:
        return {}, data
    if not isinstance(data, Mapping):
        raise ConfigError.at(str(path), 1, "the configuration must be a mapping of keys to values")
    return data, data


def _read_pyproject(path: Path) -> tuple[Mapping[str, Any], int]:
    # Here, not at the top: tomllib is about 3 ms to import, needed only where a pyproject.toml is.
    if sys.version_info >= (3, 11):
        import tomllib  # noqa: PLC0415
    else:
        import tomli as tomllib  # noqa: PLC0415

    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError.at(str(path), getattr(exc, "lineno", 1), f"invalid TOML: {exc}") from None
    section = document.get("tool", {}).get("postmortem-lint", {})
    header = next((i for i, line in enumerate(text.splitlines(), 1) if "[tool.postmortem-lint" in line), 1)
    return section, header


def _build(data: Mapping[str, Any], where: _Locator, base: Path, root: Path) -> Config:
    known = {
        "rules",
        "headings",
        "fields",
        "themes",
        "severities",
        "due-windows",
        "tier-triggers",
        "owners",
        "issues",
        "follow-up",
        "schema",
    }
    for key in data:
        if key not in known:
            raise where.error([key], f"unknown key {key!r} (known: {', '.join(sorted(known))})")
    default = Config.default()
    windows = _mapping(data, "due-windows", where)
    for key, value in windows.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise where.error(["due-windows", key], "a due window is a whole number of days (>= 1)")
    schema = _extra_schema(data["schema"], where, base, root) if data.get("schema") is not None else None
    return replace(
        default,
        vocabulary=_vocabulary(data, where, default.vocabulary),
        rules=_rules(data, where),
        themes=tuple(_strings(data.get("themes", list(default.themes)), where, ["themes"])),
        severities=tuple(_strings(data.get("severities", list(default.severities)), where, ["severities"])),
        due_windows={**default.due_windows, **{str(k): int(v) for k, v in windows.items()}},
        tier_triggers=_settings_table(TierTriggers(), data, "tier-triggers", "tier trigger", where),
        owners={str(k): str(v).lstrip("@") for k, v in _mapping(data, "owners", where).items()},
        issues=_settings_table(IssueSettings(), data, "issues", "issues setting", where),
        follow_up=_follow_up(data, where),
        extra_schema=schema[1] if schema else None,
        extra_schema_uri=schema[0] if schema else None,
        source=where.path,
    )


def _rules(data: Mapping[str, Any], where: _Locator) -> dict[str, RuleSettings]:
    rules: dict[str, RuleSettings] = {}
    for name, value in _mapping(data, "rules", where).items():
        rule = RULES.get(str(name).upper()) or BY_NAME.get(str(name).lower())
        if rule is None:
            raise where.error(["rules", name], f"unknown rule {name!r}; `postmortem-lint rules` lists them")
        rules[rule.id] = _rule_settings(value, rule.options, where, ["rules", name])
    return rules


def _vocabulary(data: Mapping[str, Any], where: _Locator, vocabulary: Vocabulary) -> Vocabulary:
    """The default vocabulary with the configured heading aliases and field labels added."""
    headings = _mapping(data, "headings", where)
    for kind in headings:
        if kind not in vocabulary.sections:
            raise where.error(
                ["headings", kind], f"unknown section {kind!r} (known: {', '.join(vocabulary.sections)})"
            )
    fields = _mapping(data, "fields", where)
    return replace(
        vocabulary,
        sections=_merged(
            vocabulary.sections, {k: _strings(v, where, ["headings", k]) for k, v in headings.items()}
        ),
        fields=_merged(vocabulary.fields, {k: _strings(v, where, ["fields", k]) for k, v in fields.items()}),
    )


_Table = TypeVar("_Table", TierTriggers, IssueSettings, FollowUpSettings)


def _follow_up(data: Mapping[str, Any], where: _Locator) -> FollowUpSettings:
    settings = _settings_table(FollowUpSettings(), data, "follow-up", "follow-up setting", where)
    for name, value in settings._asdict().items():
        if isinstance(value, int) and value < 1:
            raise where.error(["follow-up", name.replace("_", "-")], "expected a whole number >= 1")
    if settings.time_zone == "UTC":
        return settings
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415  (only a configured zone needs it)

    try:
        ZoneInfo(settings.time_zone)
    except (ValueError, ZoneInfoNotFoundError):
        raise where.error(
            ["follow-up", "time-zone"],
            f"unknown time zone {settings.time_zone!r} (an IANA name, like Europe/Berlin)",
        ) from None
    return settings


def _settings_table(default: _Table, data: Mapping[str, Any], key: str, noun: str, where: _Locator) -> _Table:
    """The `key:` mapping read into `default`'s fields, spelt with hyphens, typed as their
    defaults are (a tuple is a list of strings)."""
    values = _mapping(data, key, where)
    names = {name.replace("_", "-"): name for name in default._fields}
    types = {name: type(getattr(default, attribute)) for name, attribute in names.items()}
    _expect_each(values, types, where, key, noun)
    changes: dict[str, Any] = {
        names[name]: tuple(_strings(value, where, [key, name])) if types[name] is tuple else value
        for name, value in values.items()
    }
    return default._replace(**changes)


def _merged(base: Mapping[str, Sequence[str]], extra: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Configured aliases come first, so they win over a default alias of another kind."""
    merged = {key: list(values) for key, values in base.items()}
    for key, values in extra.items():
        merged[str(key)] = [*values, *merged.get(str(key), [])]
    return merged


def _rule_settings(value: Any, defaults: Mapping[str, Any], where: _Locator, keys: list[str]) -> RuleSettings:
    if isinstance(value, bool) or value in ("on", "off"):
        return RuleSettings(enabled=value in (True, "on"))
    if isinstance(value, str):
        return RuleSettings(severity=_severity(value, where, keys))
    if not isinstance(value, Mapping):
        raise where.error(keys, "expected true/false, a severity, or a mapping of settings")
    options: dict[str, Any] = {}
    enabled, severity = True, None
    for key, item in value.items():
        if key == "enabled":
            _expect(item, bool, where, [*keys, key])
            enabled = item
        elif key == "severity":
            severity = _severity(item, where, [*keys, key])
        elif key in defaults:
            _expect(item, type(defaults[key]), where, [*keys, key])
            options[key] = _plain(item)
        else:
            known = ", ".join(["enabled", "severity", *defaults])
            raise where.error([*keys, key], f"unknown option {key!r} (known: {known})")
    return RuleSettings(enabled, severity, options)


def _expect_each(
    values: Mapping[str, Any], types: Mapping[str, type], where: _Locator, key: str, noun: str
) -> None:
    """Every key of the `key:` mapping is one of `types` and holds a value of its type."""
    for name, value in values.items():
        expected = types.get(name)
        if expected is None:
            raise where.error([key, name], f"unknown {noun} {name!r} (known: {', '.join(types)})")
        _expect(value, expected, where, [key, name])


def _severity(value: Any, where: _Locator, keys: list[str]) -> Severity:
    try:
        return Severity.parse(str(value))
    except ValueError as exc:
        raise where.error(keys, str(exc)) from None


def _expect(value: Any, expected: type, where: _Locator, keys: list[str]) -> None:
    ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    if expected is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected in (list, tuple):
        ok = isinstance(value, (list, tuple))
    if not ok:
        raise where.error(keys, f"expected {_type_name(expected)}, got {json.dumps(_plain(value))}")


def _type_name(expected: type) -> str:
    names = {
        bool: "true or false",
        int: "a whole number",
        float: "a number",
        str: "a string",
        list: "a list",
        tuple: "a list",
        dict: "a mapping",
    }
    return names.get(expected, expected.__name__)


def _mapping(data: Mapping[str, Any], key: str, where: _Locator) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise where.error([key], f"{key!r} must be a mapping")
    return value


def _strings(value: Any, where: _Locator, keys: list[str]) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise where.error(keys, "expected a list of strings")
    return [str(v) for v in value]


def _plain(value: Any) -> Any:
    """ruamel's commented containers as plain lists and dicts (picklable, JSON-able)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _extra_schema(value: Any, where: _Locator, base: Path, root: Path) -> tuple[str, dict[str, Any]]:
    if not isinstance(value, str):
        raise where.error(["schema"], "schema is the path of a JSON Schema file")
    # Here, not at the top: the extra schema's module loads jsonschema, referencing, RE2 and urllib
    # (about 80 ms), which only a configured `schema:` or `--confine-to` needs.
    from postmortem_lint.schema import extra as extra_schemas  # noqa: PLC0415

    try:
        return extra_schemas.load(base / value, root, value)
    except extra_schemas.SchemaProblem as exc:
        raise where.error(["schema"], str(exc)) from None
