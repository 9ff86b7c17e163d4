"""What a command imports: the subcommand table loads only the chosen command's module, so a commit's
`check` does not pay for the GitHub client, and a cache hit does not load the Markdown parser."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem_lint.cli import build_parser, main
from postmortem_lint.commands import COMMANDS
from tests.conftest import ROOT

# Print the modules a real run of `main(argv)` leaves imported, one a line, after its own output.
_PROBE = (
    "import sys; from postmortem_lint.cli import main; main(sys.argv[1:]); "
    "print('--modules--'); print('\\n'.join(sorted(sys.modules)))"
)


def _names(parser: argparse.ArgumentParser) -> list[str]:
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(sub.choices)


def imported_by(*argv: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert "--modules--" in done.stdout, done.stderr
    return set(done.stdout.split("--modules--\n", 1)[1].split())


def test_the_table_names_every_command_in_help_order() -> None:
    assert _names(build_parser()) == list(COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_parses_with_only_its_module(name: str) -> None:
    parser = build_parser(name)
    assert name in _names(parser)
    with pytest.raises(SystemExit) as exc:
        parser.parse_args([name, "--help"])
    assert exc.value.code == 0


def test_check_imports_no_other_command_nor_github(tmp_path: Path, complete_postmortem: str) -> None:
    path = tmp_path / "pm.md"
    path.write_text(complete_postmortem, encoding="utf-8")
    modules = imported_by("check", "--no-cache", str(path))
    assert "postmortem_lint.commands.check" in modules
    assert "markdown_it" in modules  # the file was parsed
    unwanted = {"requests", "postmortem_lint.github", "postmortem_lint.commands.actions"}
    assert not unwanted & modules
    assert not {m for m in modules if m.startswith("postmortem_lint.commands.")} - {
        "postmortem_lint.commands.check",
        "postmortem_lint.commands.common",
    }


@pytest.mark.parametrize(
    ("output", "module"),
    [("text", "text"), ("json", "json_format"), ("sarif", "sarif"), ("github", "workflow_commands")],
)
def test_check_imports_only_the_chosen_formats_module(
    tmp_path: Path, complete_postmortem: str, output: str, module: str
) -> None:
    """A commit's text output loads neither JSON nor SARIF (which reads every rule's docs)."""
    path = tmp_path / "pm.md"
    path.write_text(complete_postmortem, encoding="utf-8")
    modules = imported_by("check", "--no-cache", "--format", output, str(path))
    formats = {m for m in modules if m.startswith("postmortem_lint.formatters.")}
    always = {
        "postmortem_lint.formatters.workflow_commands",
        "postmortem_lint.formatters.text",
    }  # error lines
    assert formats - always <= {f"postmortem_lint.formatters.{module}", "postmortem_lint.formatters.paths"}
    assert f"postmortem_lint.formatters.{module}" in modules


def test_a_cache_hit_does_not_load_the_markdown_parser(tmp_path: Path, complete_postmortem: str) -> None:
    path = tmp_path / "pm.md"
    path.write_text(complete_postmortem, encoding="utf-8")
    argv = ("check", "--cache-dir", str(tmp_path / "cache"), str(path))
    assert "markdown_it" in imported_by(*argv)  # the miss fills the cache
    assert "markdown_it" not in imported_by(*argv)


def test_an_unknown_command_lists_them_all(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chekc"]) == 2
    assert "invalid choice: 'chekc' (choose from " in capsys.readouterr().err
