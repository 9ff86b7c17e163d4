"""Arguments several commands share."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from postmortem_lint.engine.config import ConfigFinder


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="configuration file (default: .postmortem-lint.yaml or pyproject.toml found above each file)",
    )
    parser.add_argument(
        "--confine-to",
        metavar="DIR",
        type=Path,
        help="read configuration and schema files only inside DIR, refusing paths and symbolic links that "
        "lead out of it (for CI jobs that check untrusted changes; the GitHub Action always confines "
        "itself to the checkout)",
    )


def add_app_slug_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--app-slug",
        default="github-actions",
        metavar="SLUG",
        help="the slug of the GitHub App whose installation token runs the Action: its bot `SLUG[bot]` "
        "is whose comments and issues are trusted as postmortem-lint's own (default: github-actions, "
        "the workflow token's app)",
    )


def config_finder(args: argparse.Namespace) -> ConfigFinder:
    return ConfigFinder(args.config, confine_to=args.confine_to)


def date(text: str) -> dt.date:
    """A `YYYY-MM-DD` argument (`--today`, `--since`)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None
