#!/usr/bin/env bash
# Install what is missing (including the test tools), then run the test suite
# (extra arguments go to pytest, e.g. -k pdf).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
