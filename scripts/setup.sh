#!/usr/bin/env bash
# Set up everything on a fresh machine (Python 3.11 + pip): a virtualenv in .venv with the toolkit
# and its extras, and, for the tests, Debian's Chromium for the browser tests (no browser download).
#   bash scripts/setup.sh          # toolkit + dashboard (Voila, JupyterLab)
#   bash scripts/setup.sh --test   # ... + test tools, dask, and Chromium from apt when run as root
set -euo pipefail
cd "$(dirname "$0")/.."
extras="dashboard,scale"
want_browser=0
if [[ "${1:-}" == "--test" ]]; then extras="dashboard,scale,test"; want_browser=1; fi

if [[ ! -x .venv/bin/python ]]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[${extras}]"

if [[ $want_browser == 1 && ! -x /usr/bin/chromium ]]; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        echo "installing Debian's chromium for the browser tests ..."
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "note: /usr/bin/chromium is missing; browser tests will be skipped (install the 'chromium' package)" >&2
    fi
fi
echo "setup done: .venv is ready"
