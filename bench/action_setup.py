"""Seconds the Action spends setting itself up: a first run (a new environment, pip from PyPI) and a
repeat run (the environment restored from the Actions cache), through action.yml's own steps, beside
the install step before the cache (a new environment on every run), timed in the same run.

The steps run with bash as a runner runs them, the real python3 and pip. actions/cache cannot run
here: its restore is emulated as it works (a GNU tar archive of the folder, unpacked in place), without
the download from GitHub's cache service, which the repeat figure therefore leaves out (about 1 s
for this ~20 MB environment on hosted runners, by GitHub's published cache throughput).

    python bench/action_setup.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent


def step_scripts() -> dict[str, str]:
    action = YAML(typ="safe").load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return {s["id"]: s["run"] for s in action["runs"]["steps"] if "run" in s}


def run_step(script: str, temp: Path, env: dict[str, str]) -> dict[str, str]:
    output = temp.parent / "output"
    output.write_text("")
    full = {**os.environ, **env, "RUNNER_TEMP": str(temp), "GITHUB_OUTPUT": str(output)}
    subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], env=full, check=True)
    return dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)


def setup(temp: Path) -> float:
    """The setup and install steps; seconds."""
    scripts = step_scripts()
    venv = str(temp / "postmortem-lint-venv")
    started = time.perf_counter()
    found = run_step(scripts["setup"], temp, {"ACTION_PATH": str(ROOT), "VENV": venv})
    run_step(
        scripts["install"],
        temp,
        {"ACTION_PATH": str(ROOT), "VENV": venv, "KEY": found["key"], "BASE": found["base"]},
    )
    return time.perf_counter() - started


def before_the_cache(temp: Path) -> float:
    """The install step as it was: a venv and `pip install` on every run; seconds."""
    venv = temp / "venv"
    started = time.perf_counter()
    subprocess.run(["python3", "-I", "-m", "venv", str(venv)], check=True, cwd=temp)
    pip = [
        str(venv / "bin" / "python"),
        "-I",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    subprocess.run([*pip, "--no-input", str(ROOT)], check=True, cwd=temp)
    return time.perf_counter() - started


def main() -> None:
    os.environ["PIP_NO_CACHE_DIR"] = "1"  # a new runner has no pip cache; neither run may warm the other's
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "old").mkdir()
        old = before_the_cache(Path(scratch) / "old")
        first = Path(scratch) / "first" / "temp"
        first.mkdir(parents=True)
        cold = setup(first)
        archive = Path(scratch) / "cache.tar"
        # actions/cache archives with GNU tar (and zstd, left out here: a local disk needs no compression)
        subprocess.run(["tar", "-cf", str(archive), "-C", str(first), "postmortem-lint-venv"], check=True)
        shutil.rmtree(first)
        first.mkdir()  # a new runner: same path, empty
        started = time.perf_counter()
        subprocess.run(
            ["tar", "-xf", str(archive), "-C", str(first)], check=True
        )  # restore, less the download
        restore = time.perf_counter() - started
        warm = setup(first) + restore
        size = archive.stat().st_size / 1e6
    print(f"action setup before the cache, every run (venv + pip install from PyPI): {old:.1f} s")
    print(f"action setup, first run (key, venv + pip install from PyPI): {cold:.1f} s")
    print(f"action setup, repeat run (restore {restore:.2f} s + key and check): {warm:.1f} s")
    print(f"cached environment: {size:.0f} MB uncompressed")


if __name__ == "__main__":
    main()
