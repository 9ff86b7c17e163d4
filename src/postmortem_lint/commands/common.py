"""Arguments several commands share."""

from __future__ import annotations

import argparse

from postmortem_lint.config import Config


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="PATH", help="configuration file (default: found by walking up)")


def load_config(args: argparse.Namespace) -> Config:
    return Config.default()
