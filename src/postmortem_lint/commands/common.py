"""Arguments several commands share."""

from __future__ import annotations

import argparse


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="configuration file (default: .postmortem-lint.yaml or pyproject.toml found above each file)",
    )
