"""The result cache of `check`: a warm run prints what a cold one does, and any change to a file, its
configuration or the cache itself is noticed."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from postmortem_lint import regex
from postmortem_lint.engine import linter
from postmortem_lint.engine.cache import (
    CACHEDIR_TAG_SIGNATURE,
    DEFAULT_DIR,
    Cache,
    key_file,
    seal,
    tool_fingerprint,
    user_key,
)
from postmortem_lint.engine.cache import ENV_VAR as CACHE_ENV_VAR
from postmortem_lint.engine.config import ConfigFinder
from postmortem_lint.engine.linter import FILES_PER_WORKER, check_paths
from postmortem_lint.formatters import FORMATS
from tests.conftest import Run, bad_postmortem

Write = Callable[[str, str | bytes], Path]

ACTIONS = """
- [x] Page the owning team on queue depth — @maria — due 2026-09-01 (#12)
- [ ] Improve monitoring
- [ ] Ship the runbook at docs/rollback.md — @lee, @ana — due next sprint
"""


@pytest.fixture
def postmortems(write: Write, complete_postmortem: str) -> Path:
    """A folder with clean, failing, unreadable and action-heavy postmortems."""
    write("pm/good.md", complete_postmortem)
    write("pm/bad.md", bad_postmortem(complete_postmortem))
    write("pm/actions.md", complete_postmortem + ACTIONS)
    write("pm/latin1.md", "# Caf\xe9\n".encode("latin-1"))
    return write("pm/notes.md", "# Just notes\n\nNothing here.\n").parent


def entries(cache_dir: Path) -> dict[str, Any]:
    """Every cached entry, by path, from the shards of this tool version on disk."""
    found: dict[str, Any] = {}
    for shard in (cache_dir / tool_fingerprint()).glob("*.json"):
        found.update(read_shard(shard))
    return found


def read_shard(shard: Path) -> Any:
    """A shard's entries: the JSON after its seal line."""
    return json.loads(shard.read_bytes().partition(b"\n")[2])


def write_shard(shard: Path, content: Any, key: bytes | None = None) -> None:
    """Replace a shard as a run sealing with `key` (default: this user's) would write it; bytes are
    written as they are, anything else as JSON."""
    body = content if isinstance(content, bytes) else json.dumps(content).encode()
    place = f"{shard.parent.name}/{shard.stem}"
    shard.write_bytes(seal(key or user_key(key_file()), place, body) + b"\n" + body)


@pytest.mark.parametrize("output", sorted(FORMATS))
def test_warm_run_prints_what_a_cold_run_does(
    run: Run, postmortems: Path, cache_dir: Path, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    uncached = run("check", "--no-cache", "--format", output, str(postmortems))
    cold = run("check", "--format", output, str(postmortems))
    assert len(entries(cache_dir)) == 5

    def no_checking(*args: object) -> None:
        raise AssertionError(f"checked again: {args[0]}")

    monkeypatch.setattr(linter, "check_file", no_checking)
    warm = run("check", "--format", output, str(postmortems))
    assert uncached == cold == warm
    assert cold[0] == 1 and "PM003" in cold[1] and "PM000" in cold[1]


def test_cached_reports_equal_fresh_ones_field_by_field(postmortems: Path, tmp_path: Path) -> None:
    fresh = check_paths([str(postmortems)])
    key = user_key(key_file())
    cold = check_paths([str(postmortems)], ConfigFinder(), cache=Cache(tmp_path / "c", key))
    warm = check_paths([str(postmortems)], ConfigFinder(), cache=Cache(tmp_path / "c", key))
    assert fresh == cold == warm
    actions = next(r for r in warm if r.path.endswith("actions.md")).actions
    assert {a.done for a in actions} == {True, False}
    assert any(a.due is not None for a in actions) and any(a.issue for a in actions)
    assert any(len(a.owners) == 2 for a in actions)


def test_misses_go_to_the_workers_and_are_kept(run: Run, write: Write, complete_postmortem: str) -> None:
    for i in range(FILES_PER_WORKER * 3):
        text = complete_postmortem if i % 2 else bad_postmortem(complete_postmortem)
        write(f"many/{i:03d}.md", text)
    folder = str(write("many/000.md", bad_postmortem(complete_postmortem)).parent)
    serial = run("check", "--no-cache", "--jobs", "1", folder)
    assert run("check", "--jobs", "2", folder) == serial  # every file a miss, checked in workers
    assert run("check", "--jobs", "2", folder) == serial  # every file a hit


def test_hits_are_served_from_the_cache(run: Run, postmortems: Path, cache_dir: Path) -> None:
    run("check", str(postmortems))
    [shard] = [s for s in cache_dir.glob("*/*.json") if str(postmortems / "bad.md") in s.read_text()]
    data = read_shard(shard)
    data[str(postmortems / "bad.md")]["report"][2][0][6] = "served from the cache"
    write_shard(shard, data)
    _, out, _ = run("check", str(postmortems))
    assert "served from the cache" in out
    _, out, _ = run("check", "--no-cache", str(postmortems))
    assert "served from the cache" not in out


def test_an_edited_file_is_checked_again(run: Run, postmortems: Path, complete_postmortem: str) -> None:
    code, out, _ = run("check", str(postmortems / "good.md"))
    assert code == 0 and "PM003" not in out
    (postmortems / "good.md").write_text(complete_postmortem.replace("severity: SEV2", "severity: awful"))
    code, out, _ = run("check", str(postmortems / "good.md"))
    assert code == 1 and "PM003" in out and "awful" in out


def test_an_edited_configuration_changes_the_result(run: Run, postmortems: Path, write: Write) -> None:
    bad = str(postmortems / "bad.md")
    write("pm/.postmortem-lint.yaml", "rules:\n  PM402: true\n")
    _, before, _ = run("check", bad)
    assert "PM003" in before
    write("pm/.postmortem-lint.yaml", "rules:\n  PM003: false\n")
    _, after, _ = run("check", bad)
    assert "PM003" not in after
    assert after == run("check", "--no-cache", bad)[1]


def test_a_file_of_another_configuration_is_not_shared(
    run: Run, write: Write, complete_postmortem: str
) -> None:
    """The same bytes under the same name, once with each of two `--config` files."""
    target = str(write("pm.md", bad_postmortem(complete_postmortem)))
    quiet = str(write("quiet.yaml", "rules:\n  PM003: false\n"))
    loud = str(write("loud.yaml", "rules:\n  PM003: info\n"))
    _, out_quiet, _ = run("check", "--config", quiet, target)
    _, out_loud, _ = run("check", "--config", loud, target)
    assert "PM003" not in out_quiet and "PM003 invalid-field [info]" in out_loud


def test_a_corrupt_cache_is_ignored_and_rewritten(run: Run, postmortems: Path, cache_dir: Path) -> None:
    expected = run("check", "--no-cache", str(postmortems))
    run("check", str(postmortems))
    junk = ["{not json", "[1, 2]", "null", "\xff\xfe", "[" * 100_000]
    for shard, text in zip(sorted(cache_dir.glob("*/*.json")), junk, strict=False):
        write_shard(shard, text.encode("latin-1"))  # sealed: the JSON itself is what is wrong
    assert run("check", str(postmortems)) == expected
    assert len(entries(cache_dir)) == 5  # every shard parses again


def test_a_damaged_entry_is_checked_again(run: Run, postmortems: Path, cache_dir: Path) -> None:
    expected = run("check", "--no-cache", str(postmortems))
    run("check", str(postmortems))
    for shard in cache_dir.glob("*/*.json"):
        data = read_shard(shard)
        for entry in data.values():
            if entry["report"][1]:
                entry["report"][1][0][4] = "soon"  # a due date that is not an ISO date
            else:
                entry["report"][0] = "tier two"
        write_shard(shard, data)
    assert run("check", str(postmortems)) == expected


def test_an_unwritable_cache_does_not_fail_the_run(run: Run, postmortems: Path, write: Write) -> None:
    blocker = write("not-a-folder", "a file where the cache folder's parent should be")
    code, out, err = run("check", "--cache-dir", str(blocker / "cache"), str(postmortems))
    assert (code, out) == run("check", "--no-cache", str(postmortems))[:2]
    assert err.startswith(f"postmortem-lint: warning: cannot write the cache in {blocker / 'cache'}: ")
    assert err.count("\n") == 1


def test_no_cache_writes_nothing(run: Run, postmortems: Path, cache_dir: Path) -> None:
    run("check", "--no-cache", str(postmortems))
    assert not cache_dir.exists()


def test_the_cache_folder_is_marked_for_git_and_backups(run: Run, postmortems: Path, tmp_path: Path) -> None:
    folder = tmp_path / "chosen"
    run("check", "--cache-dir", str(folder), str(postmortems))
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text().startswith(CACHEDIR_TAG_SIGNATURE)
    assert len(entries(folder)) == 5


def test_cache_dir_option_wins_over_the_environment(run: Run, postmortems: Path, cache_dir: Path) -> None:
    chosen = cache_dir.parent / "chosen"
    run("check", "--cache-dir", str(chosen), str(postmortems))
    assert chosen.is_dir() and not cache_dir.exists()


def test_caches_of_other_tool_versions_are_removed(run: Run, postmortems: Path, cache_dir: Path) -> None:
    stale, unrelated = cache_dir / ("0" * 32), cache_dir / "keep-me"
    for folder in (stale, unrelated):
        folder.mkdir(parents=True)
        (folder / "00.json").write_text("{}")
    (stale / ".3f.json.4242.tmp").write_text("{")  # left by a crashed run
    run("check", str(postmortems))
    assert not stale.exists() and unrelated.is_dir()
    assert len(entries(cache_dir)) == 5


def outside(tmp_path: Path) -> Path:
    """A folder outside the cache with a file in it, as a link planted in a checkout would point to."""
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "precious.txt").write_text("not the cache's")
    return target


def test_a_cache_folder_that_is_a_link_is_neither_written_nor_read(
    run: Run, postmortems: Path, tmp_path: Path
) -> None:
    target = outside(tmp_path)
    link = tmp_path / "checkout-cache"
    link.symlink_to(target)  # as a repository could commit `.postmortem-lint-cache`

    code, out, err = run("check", "--cache-dir", str(link), str(postmortems))

    assert (code, out) == run("check", "--no-cache", str(postmortems))[:2]
    assert err == (
        f"postmortem-lint: warning: cannot write the cache in {link}: {link} is a symbolic link; "
        "the cache follows none\n"
    )
    assert [p.name for p in target.iterdir()] == ["precious.txt"]


def test_links_inside_the_cache_are_not_followed(
    run: Run, postmortems: Path, cache_dir: Path, tmp_path: Path
) -> None:
    target = outside(tmp_path)
    cache_dir.mkdir()
    (cache_dir / ".gitignore").symlink_to(target / "created-through-a-link")  # dangling
    (cache_dir / ("1" * 32)).symlink_to(target)  # named like another version's cache
    mine = cache_dir / ("2" * 32)  # named so, but holding something the cache never writes
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")

    run("check", str(postmortems))

    assert sorted(p.name for p in target.iterdir()) == ["precious.txt"]
    assert (cache_dir / ("1" * 32)).is_symlink() and (mine / "notes.txt").read_text() == "mine"
    assert len(entries(cache_dir)) == 5


def test_a_fingerprint_folder_or_shard_that_is_a_link_is_not_used(
    run: Run, postmortems: Path, cache_dir: Path, tmp_path: Path
) -> None:
    expected = run("check", "--no-cache", str(postmortems))
    run("check", str(postmortems))
    (fingerprint,) = [p for p in cache_dir.iterdir() if p.is_dir()]
    for shard in fingerprint.glob("*.json"):  # every shard an endless device: a read would never end
        shard.unlink()
        shard.symlink_to("/dev/zero")
    assert run("check", str(postmortems)) == expected  # read as empty, written anew
    assert len(entries(cache_dir)) == 5

    moved = tmp_path / "moved"
    fingerprint.rename(moved)
    fingerprint.symlink_to(moved)
    code, out, err = run("check", str(postmortems))
    assert (code, out) == expected[:2] and "is a symbolic link; the cache follows none" in err


def test_a_deleted_file_gives_the_error_it_gives_without_cache(run: Run, postmortems: Path) -> None:
    gone = postmortems / "bad.md"
    run("check", str(gone))
    gone.unlink()
    code, out, err = run("check", str(gone))
    assert (code, out, err) == run("check", "--no-cache", str(gone))
    assert (code, out) == (2, "") and f"no such file or directory: {gone}" in err


def test_a_file_that_cannot_be_opened_is_not_cached(run: Run, postmortems: Path, cache_dir: Path) -> None:
    broken = postmortems / "broken.md"
    broken.symlink_to(postmortems / "nowhere.md")
    code, out, _ = run("check", str(broken), str(postmortems / "good.md"))
    assert code == 1
    assert f"{broken}:1:1: PM000 unreadable [error] cannot read file: broken symbolic link" in out
    assert set(entries(cache_dir)) == {str(postmortems / "good.md")}


def test_runs_sharing_a_cache_at_once_print_what_one_run_prints(
    postmortems: Path,
    write: Write,
    *,
    complete_postmortem: str,
    cache_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pre-commit starts several hook processes at once on one repository, the user's first run
    perhaps: each one's output stays right, they agree on one key, and what they leave behind is
    whole shards that a later run reads."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "first-run"))  # no key yet
    for i in range(60):  # enough files that every shard is written by several processes
        write(f"pm/more/{i:02}.md", complete_postmortem if i % 3 else bad_postmortem(complete_postmortem))
    argv = [sys.executable, "-m", "postmortem_lint", "check", "--format", "json", "--jobs", "1"]
    expected = subprocess.run([*argv, "--no-cache", str(postmortems)], capture_output=True, check=False)
    command = [*argv, str(postmortems)]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(6)]
    outputs = [process.communicate() for process in processes]
    assert outputs == [(expected.stdout, b"")] * 6  # no warning either: no write got in another's way
    # the key, and the store of compiled patterns that the six runs wrote at once: whole, no temporaries
    kept = sorted(p.name for p in (tmp_path / "first-run" / "postmortem-lint").iterdir())
    store = regex.store_file()
    assert kept == sorted(["key", *([store.name] if store is not None else [])])
    assert len(entries(cache_dir)) == 65  # every shard verifies, parses, and holds every file it should
    again = subprocess.run([*argv, str(postmortems)], capture_output=True, check=False)
    assert again.stdout == expected.stdout


# -- a cache the checkout brings: only what this user's runs wrote is trusted ------------------------


@pytest.mark.parametrize("sealed", [True, False], ids=["sealed-by-its-author", "unsealed"])
def test_a_cache_committed_with_a_clean_result_does_not_make_check_pass(
    run: Run,
    write: Write,
    complete_postmortem: str,
    *,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sealed: bool,
) -> None:
    """A pull request commits `.postmortem-lint-cache/` as a run on its author's machine writes it,
    but calling its failing postmortem clean (or as plain JSON, as before shards were sealed). CI's
    `check` still fails the postmortem, and the forged shard is replaced by the true result."""
    checkout = write("checkout/pm/bad.md", bad_postmortem(complete_postmortem)).parents[1]
    monkeypatch.chdir(checkout)
    monkeypatch.delenv(CACHE_ENV_VAR)  # the default: the cache in the checkout
    expected = run("check", "--no-cache", "pm/bad.md")
    assert expected[0] == 1 and "PM003" in expected[1]

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "author"))  # the author's machine, its own key
    run("check", "pm/bad.md")
    [shard] = (checkout / DEFAULT_DIR).glob("*/*.json")
    forged = read_shard(shard)
    forged["pm/bad.md"]["report"] = [2, [], []]
    if sealed:
        write_shard(shard, forged, user_key(key_file()))
        assert run("check", "pm/bad.md")[0] == 0  # well forged: the author's own key accepts it
    else:
        shard.write_text(json.dumps(forged))

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ci"))  # CI: another key
    assert run("check", "pm/bad.md") == expected
    assert read_shard(shard)["pm/bad.md"]["report"] != [2, [], []]  # rewritten with the true result
    assert run("check", "pm/bad.md") == expected  # and that one is used


def test_a_shard_of_another_tool_version_is_not_trusted_here(
    run: Run, postmortems: Path, cache_dir: Path
) -> None:
    """The seal covers where a shard is: one that an older version of the tool wrote, with this
    user's key, does not verify when moved into this version's folder."""
    expected = run("check", "--no-cache", str(postmortems))
    run("check", str(postmortems))
    for shard in (cache_dir / tool_fingerprint()).glob("*.json"):
        data = read_shard(shard)
        for entry in data.values():
            entry["report"][2] = []  # what a (made-up) older version found: nothing
        older = cache_dir / ("0" * 32) / shard.name
        older.parent.mkdir(exist_ok=True)
        write_shard(older, data)
        shard.write_bytes(older.read_bytes())
    assert run("check", str(postmortems)) == expected


def test_the_key_is_made_private_on_first_use_and_kept(
    run: Run, postmortems: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    key = tmp_path / "home-cache" / "postmortem-lint" / "key"
    assert key_file() == key
    cold = run("check", str(postmortems))
    made = key.read_bytes()
    assert len(made) == 32 and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) & 0o077 == 0
    assert run("check", str(postmortems)) == cold and key.read_bytes() == made


def test_a_relative_xdg_cache_home_is_not_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """It would put the key in the checkout, next to the cache it seals."""
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert key_file() == tmp_path / ".cache" / "postmortem-lint" / "key"


def planted_key(kind: str, key: Path, tmp_path: Path) -> None:
    """A key file that must not be trusted, of `kind`."""
    key.parent.mkdir(parents=True)
    known = tmp_path / "known-key"
    known.write_bytes(b"k" * 32)
    known.chmod(0o600)
    if kind == "link":  # to a key someone else knows
        key.symlink_to(known)
    elif kind == "dangling-link":
        key.symlink_to(tmp_path / "nowhere")
    elif kind == "readable-by-others":
        key.write_bytes(b"k" * 32)
        key.chmod(0o644)
    elif kind == "folder":
        key.mkdir()
    else:  # "short": a key cut off
        key.write_bytes(b"k" * 5)
        key.chmod(0o600)


@pytest.mark.parametrize("kind", ["link", "dangling-link", "readable-by-others", "folder", "short"])
def test_a_key_that_cannot_be_trusted_means_no_cache_and_one_warning(
    run: Run,
    postmortems: Path,
    cache_dir: Path,
    *,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    planted_key(kind, key_file(), tmp_path)
    code, out, err = run("check", str(postmortems))
    assert (code, out) == run("check", "--no-cache", str(postmortems))[:2]
    assert err.startswith(f"postmortem-lint: warning: not using the cache: no usable key {key_file()}: ")
    assert err.count("\n") == 1
    assert not cache_dir.exists()  # nothing read, nothing written
    assert (tmp_path / "known-key").read_bytes() == b"k" * 32
