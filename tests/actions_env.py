"""The GitHub Actions environment of one test: a checkout, a runner folder and the fake GitHub server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.fake_github import TOKEN, FakeGitHub, serve

REPO = "acme/incidents"
NAME = "postmortems/2026-08-19-checkout.md"


@dataclass
class ActionsRun:
    fake: FakeGitHub
    workspace: Path
    home: Path
    monkeypatch: pytest.MonkeyPatch

    event_name = "pull_request"  # the event a run of this kind starts with

    def write(self, name: str, text: str) -> str:
        """Put `text` into the checkout at `name`; returns it, for chaining."""
        path = self.workspace / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return text

    def set_event(self, name: str, payload: dict[str, Any]) -> None:
        (self.home / "event.json").write_text(json.dumps(payload), encoding="utf-8")
        self.monkeypatch.setenv("GITHUB_EVENT_NAME", name)

    def environ(self) -> dict[str, str]:
        return {
            "GITHUB_ACTIONS": "true",
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_API_URL": self.fake.url,
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_SHA": "f" * 40,
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_OUTPUT": str(self.home / "output"),
            "GITHUB_STEP_SUMMARY": str(self.home / "summary.md"),
            "GITHUB_RUN_ID": "42",
            "GITHUB_TOKEN": TOKEN,
            "GITHUB_EVENT_NAME": self.event_name,
            "GITHUB_EVENT_PATH": str(self.home / "event.json"),
        }

    def outputs(self) -> dict[str, str]:
        """The last value of each output in $GITHUB_OUTPUT."""
        return parse_outputs((self.home / "output").read_text(encoding="utf-8"))

    def summary(self) -> str:
        return (self.home / "summary.md").read_text(encoding="utf-8")


def parse_outputs(text: str) -> dict[str, str]:
    """$GITHUB_OUTPUT lines: `name=value` and `name<<DELIMITER` ... `DELIMITER`."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            for item in lines:
                if item == delimiter:
                    break
                body.append(item)
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


Run = TypeVar("Run", bound=ActionsRun)


@contextmanager
def actions_run(
    kind: type[Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> Iterator[Run]:
    """A run of `kind` with its environment set, the fake server up, and `config` in the checkout."""
    with serve() as fake:
        workspace = tmp_path / "checkout"
        (workspace / ".git").mkdir(parents=True)  # config discovery stops here
        (workspace / ".postmortem-lint.yaml").write_text(config, encoding="utf-8")
        home = tmp_path / "runner"
        home.mkdir()
        made = kind(fake, workspace, home, monkeypatch)
        for key, value in made.environ().items():
            monkeypatch.setenv(key, value)
        yield made
