#!/usr/bin/env bash
# Starts Jupyter Notebook on this machine (127.0.0.1) with notebooks/ open
# and the project's kernel "Go (nasred)", and prints the URL to open, token
# included. Ctrl-C twice stops it. Run by `make notebook` after set-up.
#
# NASRED_NOTEBOOK_PORT   first port to try (default 8888; Jupyter takes the
#                        next free one when it is busy)
# NASRED_NOTEBOOK_IP     address to listen on (default 127.0.0.1; the
#                        Dockerfile sets 0.0.0.0)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
port=${NASRED_NOTEBOOK_PORT:-8888}
args=(--no-browser --ip="${NASRED_NOTEBOOK_IP:-127.0.0.1}" --port="$port" --notebook-dir="$root/notebooks"
  # Notebooks are saved output-free, as committed (scripts/nasred_jupyter.py).
  --FileContentsManager.pre_save_hook=nasred_jupyter.pre_save)
[ "$(id -u)" -ne 0 ] || args+=(--allow-root)   # Jupyter refuses root without it

# Python noise that is not about the notebooks: debugpy's frozen-modules
# note, and nbformat's warning when it adds the cell ids a notebook made
# by an older front end lacks.
export PYDEVD_DISABLE_FILE_VALIDATION=1
export PYTHONPATH="$root/scripts${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONWARNINGS="ignore:Code cell is missing an id field:FutureWarning"

# Jupyter keeps this shell's PID (exec below); print its URL once it is up.
runtime=$(jupyter --runtime-dir)
(
  info="$runtime/nbserver-$$.json"
  for _ in $(seq 600); do
    if [ -s "$info" ]; then
      url=$(/usr/bin/python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s["url"] + "tree?token=" + s["token"])' "$info") || exit 0
      printf '\n    nasred notebooks: open %s\n\n' "$url" >&2
      exit 0
    fi
    kill -0 $$ 2>/dev/null || exit 0
    sleep 0.2
  done
) &
exec jupyter notebook "${args[@]}"
