"""Arguments several commands share."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from postmortem_lint.config import ConfigFinder


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


def config_finder(args: argparse.Namespace) -> ConfigFinder:
    from postmortem_lint.config import ConfigFinder

    return ConfigFinder(args.config, confine_to=args.confine_to)
