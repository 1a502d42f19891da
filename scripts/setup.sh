#!/usr/bin/env bash
# Install everything reportgen needs, from this repository's own files. Idempotent: a second run
# checks a few stamps and returns in well under a second.
#   scripts/setup.sh          system packages for the PDF + the Python environment in .venv
#   scripts/setup.sh --test   also the tools the test suite uses (poppler-utils, chromium)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Native libraries WeasyPrint loads, and the Simplified-Chinese face the brief is set in.
# libharfbuzz-subset0 matters for speed: without it WeasyPrint subsets the CJK fonts with
# fontTools, which is several times slower than HarfBuzz's subsetter.
# fonts-noto-core: Noto Sans, the Latin face (the CJK face's Latin letters are wide and its
# quotes full-width).
packages=(fonts-noto-cjk fonts-noto-core fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b
          libharfbuzz-subset0 libfontconfig1)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(poppler-utils chromium)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing system packages: ${missing[*]}" >&2
  sudo=""
  if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# Python environment: rebuilt only when the lock or the project metadata changes.
stamp_value="$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [[ ! -x .venv/bin/python || "$(cat .venv/.reportgen-stamp 2>/dev/null)" != "$stamp_value" ]]; then
  echo "setup: installing Python packages into .venv" >&2
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . >&2
  echo "$stamp_value" > .venv/.reportgen-stamp
fi
# The HTML brief's Vega runtime depends only on the installed vl-convert: build it once here,
# so no build pays for it (reportgen builds it itself if this file is missing).
bundle="$(.venv/bin/python -c 'from reportgen.paths import vega_bundle_path; print(vega_bundle_path())')"
if [[ ! -s "$bundle" ]]; then
  .venv/bin/python -c 'from reportgen.charts.render import vega_runtime_js; vega_runtime_js()'
fi
