"""A configuration is hostile input too: no network, no reads outside the repository, linear patterns.

Through `check` (the CLI a CI job runs) with real files, symlinks and a real HTTP server that records
whether anything asked it for a schema. Errors name the path or the ref, never the content read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fake_github import serve

SECRET = "root:x:0:0:SECRET-CONTENT"  # what a file outside the repository holds


@pytest.fixture
def repo(tmp_path: Path, complete_postmortem: str) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "postmortems").mkdir()
    (root / "postmortems" / "pm.md").write_text(complete_postmortem)
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the repository, holding a 'schema' and a 'configuration' full of secrets."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.json").write_text(json.dumps({"title": SECRET, "type": 12}))
    (folder / "secret.yaml").write_text(f"{SECRET}: 1\n")
    return folder


def use_schema(repo: Path, schema: object, name: str = "extra.schema.json") -> None:
    (repo / name).write_text(json.dumps(schema))
    (repo / ".postmortem-lint.yaml").write_text(f"schema: {name}\n")


def test_a_remote_ref_is_never_fetched(run: Run, repo: Path) -> None:
    with serve() as server:
        url = f"{server.url}/schemas/remote.json"
        use_schema(repo, {"properties": {"fields": {"$ref": url}}})

        code, _, err = run("check", str(repo / "postmortems"))

        assert server.requests == []
    assert code == 2
    assert f"$ref '{url}' is not a local file (schemas are never fetched" in err


def test_a_ref_to_a_local_file_inside_the_repository_works(run: Run, repo: Path) -> None:
    (repo / "schemas").mkdir()
    (repo / "schemas" / "fields.json").write_text(json.dumps({"required": ["customer_ticket"]}))
    use_schema(repo, {"properties": {"fields": {"$ref": "schemas/fields.json"}}})

    code, out, _ = run("check", str(repo / "postmortems"))

    assert code == 1 and 'missing field "customer_ticket"' in out


def test_a_ref_to_nothing_is_a_config_error(run: Run, repo: Path) -> None:
    (repo / "defs.json").write_text(json.dumps({"$defs": {"a": {}}}))
    for ref in ("#/$defs/nowhere", "defs.json#/$defs/b", "missing.json"):
        use_schema(repo, {"$defs": {"x": {}}, "properties": {"fields": {"$ref": ref}}})
        code, _, err = run("check", str(repo / "postmortems"))
        assert code == 2, ref
        assert f"$ref {ref!r}" in err and ("points at nothing" in err or "not found" in err), err


def test_a_nested_id_cannot_send_a_relative_ref_to_the_network(run: Run, repo: Path) -> None:
    """`defs.json` exists here, but under `$id: http://...` the ref means http://.../defs.json."""
    (repo / "defs.json").write_text("{}")
    fields = {"$id": "http://metadata.internal/fields.json", "$ref": "defs.json"}
    use_schema(repo, {"properties": {"fields": fields}})

    code, _, err = run("check", str(repo / "postmortems"))

    assert code == 2 and "$ref 'defs.json' is not a local file" in err


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_a_ref_leading_out_of_the_repository_is_refused_unread(
    run: Run, repo: Path, outside: Path, how: str
) -> None:
    ref = {"absolute": str(outside / "secret.json"), "dotdot": "../elsewhere/secret.json"}.get(
        how, "link.json"
    )
    (repo / "link.json").symlink_to(outside / "secret.json")
    use_schema(repo, {"properties": {"fields": {"$ref": ref}}})

    code, out, err = run("check", str(repo / "postmortems"))

    assert code == 2
    assert f"$ref {ref!r}: outside {repo} (through a symbolic link or ..); not read" in err
    assert "SECRET" not in out + err


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_a_schema_outside_the_repository_is_refused_unread(
    run: Run, repo: Path, outside: Path, how: str
) -> None:
    name = {"absolute": str(outside / "secret.json"), "dotdot": "../elsewhere/secret.json"}.get(how, "s.json")
    (repo / "s.json").symlink_to(outside / "secret.json")
    (repo / ".postmortem-lint.yaml").write_text(f"schema: {name}\n")

    code, out, err = run("check", str(repo / "postmortems"))

    assert code == 2 and f".postmortem-lint.yaml:1: {name}: outside {repo}" in err
    assert "SECRET" not in out + err


def test_an_invalid_schema_is_named_by_pointer_not_quoted(run: Run, repo: Path) -> None:
    use_schema(repo, {"properties": {"fields": {"type": SECRET}}})

    code, _, err = run("check", str(repo / "postmortems"))

    assert code == 2 and "extra.schema.json: not a valid JSON Schema at /properties/fields/type" in err
    assert "SECRET" not in err


def test_confine_to_refuses_a_configuration_linked_from_outside(run: Run, repo: Path, outside: Path) -> None:
    (repo / ".postmortem-lint.yaml").symlink_to(outside / "secret.yaml")

    code, out, err = run("check", "--confine-to", str(repo), str(repo / "postmortems"))

    assert code == 2
    assert f"config file {repo / '.postmortem-lint.yaml'}: outside {repo}" in err
    assert "SECRET" not in out + err
    # Without the flag a developer's own link is followed (and its mistakes reported as usual).
    assert run("check", str(repo / "postmortems"))[0] == 2


def test_confine_to_refuses_an_explicit_configuration_outside(run: Run, repo: Path, outside: Path) -> None:
    for config in (str(outside / "secret.yaml"), str(repo / ".." / "elsewhere" / "secret.yaml")):
        code, out, err = run(
            "check", "--confine-to", str(repo), "--config", config, str(repo / "postmortems")
        )
        assert code == 2 and f"config file {config}: outside {repo}" in err
        assert "SECRET" not in out + err


def test_confine_to_allows_links_that_stay_inside(run: Run, repo: Path) -> None:
    (repo / "config").mkdir()
    (repo / "config" / "lint.yaml").write_text("severities: [P1]\n")
    (repo / ".postmortem-lint.yaml").symlink_to(repo / "config" / "lint.yaml")

    code, out, _ = run("check", "--confine-to", str(repo), str(repo / "postmortems"))

    assert code == 1 and "expected one of P1" in out


def test_a_catastrophic_pattern_runs_in_linear_time(run: Run, repo: Path) -> None:
    """`^(a+)+$` against 37 a's and a '!' takes Python's `re` minutes (2^37 ways to split the a's); on
    RE2 it is one pass. Another title is 50,000 characters, near the front matter limit."""
    use_schema(repo, {"properties": {"fields": {"properties": {"title": {"pattern": "^(a+)+$"}}}}})
    pm = repo / "postmortems" / "pm.md"
    text = pm.read_text()
    pm.write_text("---\ntitle: " + "a" * 37 + "!\n---\n" + text)
    (repo / "postmortems" / "long.md").write_text("---\ntitle: " + "a" * 50_000 + "!\n---\n" + text)

    code, out, _ = run("check", "--no-cache", str(repo / "postmortems"))

    assert code == 1
    assert out.count("does not match '^(a+)+$'") == 2


def test_a_pattern_re2_cannot_run_is_a_config_error(run: Run, repo: Path) -> None:
    use_schema(repo, {"properties": {"fields": {"patternProperties": {"^(a)\\1$": {}}}}})

    code, _, err = run("check", str(repo / "postmortems"))

    assert code == 2
    assert "extra.schema.json: /properties/fields/patternProperties: a pattern RE2 cannot run" in err
