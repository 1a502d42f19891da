#!/usr/bin/env bash
# Install what is missing, then build the latest brief into output/ (extra arguments go to
# `reportgen build`, e.g. --lang zh --format pdf).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec .venv/bin/reportgen build "$@"
