#!/usr/bin/env bash
# Serve the news dashboard (notebooks/dashboard.ipynb) with Voila on this machine only.
#   bash scripts/serve_dashboard.sh                       # the bundled sample, http://127.0.0.1:8866/
#   TOOLKIT_CORPUS='/data/news/*.csv' bash scripts/serve_dashboard.sh   # your own corpus (file, folder or glob)
#   PORT=9000 bash scripts/serve_dashboard.sh             # another port
# Every page load starts a kernel (~300 MB); a kernel whose page was closed is shut down after
# CULL_IDLE_SECONDS (default 600) of idleness, checked every CULL_INTERVAL seconds (default 60).
# A relative TOOLKIT_CORPUS is taken from the directory you run this in. Sets up .venv first
# (scripts/setup.sh) when it is missing. Stops with an error if the port is taken (no silent
# switch to another port, so the URL printed below is the one to open), and when the corpus cannot be
# opened (the reason is printed; the page would show the same). Stop with Ctrl+C.
set -euo pipefail
caller_dir="$PWD"
cd "$(dirname "$0")/.."
PORT="${PORT:-8866}"

if [[ -n "${TOOLKIT_CORPUS:-}" ]]; then
    # the Voila kernel runs in notebooks/, so make the user's path absolute first
    case "$TOOLKIT_CORPUS" in
        /*) ;;
        "~"/*) TOOLKIT_CORPUS="$HOME/${TOOLKIT_CORPUS#"~/"}" ;;
        *) TOOLKIT_CORPUS="$caller_dir/$TOOLKIT_CORPUS" ;;
    esac
    export TOOLKIT_CORPUS
fi

if [[ ! -x .venv/bin/voila ]]; then
    bash scripts/setup.sh
fi

if ! .venv/bin/python - "$PORT" <<'EOF' 2>/dev/null
import socket, sys
with socket.socket() as s:                      # as Voila (tornado) binds: SO_REUSEADDR on 127.0.0.1
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(sys.argv[1])))
EOF
then
    echo "error: port ${PORT} on 127.0.0.1 is already in use (another dashboard?);" \
         "choose another one, e.g. PORT=$((PORT + 1)) bash scripts/serve_dashboard.sh" >&2
    exit 1
fi

echo "corpus: ${TOOLKIT_CORPUS:-the bundled sample (data/sample)}"
# open (and index, into the cache) the corpus first: a corpus that cannot be opened stops here with the
# message the page would show, and the page then opens the cached index in seconds
if ! .venv/bin/python -c "import sys; from toolkit.widgets.opening import main; sys.exit(main())"; then
    exit 1
fi
echo "dashboard: open http://127.0.0.1:${PORT}/ in your browser (the first view takes a few seconds)"
# the "newskit" template (share/jupyter/voila/templates) is Voila's lab template without CDN stylesheets
export JUPYTER_PATH="$PWD/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
exec .venv/bin/voila notebooks/dashboard.ipynb --no-browser --port="${PORT}" --Voila.ip=127.0.0.1 \
    --Voila.port_retries=0 --template=newskit \
    --MappingKernelManager.cull_idle_timeout="${CULL_IDLE_SECONDS:-600}" \
    --MappingKernelManager.cull_interval="${CULL_INTERVAL:-60}" \
    --MappingKernelManager.cull_connected=False
