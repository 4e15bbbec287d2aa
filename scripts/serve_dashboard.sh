#!/usr/bin/env bash
# Serve the news dashboard (notebooks/dashboard.ipynb) with Voila on this machine only.
#   bash scripts/serve_dashboard.sh                       # the bundled sample, http://127.0.0.1:8866/
#   TOOLKIT_CORPUS='/data/news/*.csv' bash scripts/serve_dashboard.sh   # your own corpus (file, folder or glob)
#   PORT=9000 bash scripts/serve_dashboard.sh             # another port
# Sets up .venv first (scripts/setup.sh) when it is missing. Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8866}"
if [[ ! -x .venv/bin/voila ]]; then
    bash scripts/setup.sh
fi
echo "corpus: ${TOOLKIT_CORPUS:-the bundled sample (data/sample)}"
echo "dashboard: open http://127.0.0.1:${PORT}/ in your browser (the first view takes a few seconds)"
exec .venv/bin/voila notebooks/dashboard.ipynb --no-browser --port="${PORT}" --Voila.ip=127.0.0.1
