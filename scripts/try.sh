#!/usr/bin/env bash
# Set up a virtual environment with postmortem-lint and run it on the sample postmortems.
# Usage: ./scripts/try.sh [check arguments]   (default: check examples/)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
if [ "$#" -eq 0 ]; then
    set -- check examples/
fi
exec .venv/bin/postmortem-lint "$@"
