#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless with the project's GoNB
# kernel and fails on the first cell error.
#
#   scripts/run-notebooks.sh check          execute into a scratch folder (make test)
#   scripts/run-notebooks.sh report DIR     execute into DIR: executed notebooks,
#                                           an HTML rendering of each, and every
#                                           figure as a PNG under DIR/figures/
# NOTEBOOKS="a.ipynb b.ipynb" restricts the set.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PYDEVD_DISABLE_FILE_VALIDATION=1   # silence debugpy's frozen-modules note
mode=${1:-check}
case "$mode" in
  check) out=$(mktemp -d); trap 'rm -rf "$out"' EXIT ;;
  report) out=${2:?usage: run-notebooks.sh report DIR}; mkdir -p "$out" ;;
  *) echo "usage: $0 check | report DIR" >&2; exit 2 ;;
esac
out=$(cd "$out" && pwd)
cd "$root/notebooks"
nbs=${NOTEBOOKS:-$(ls *.ipynb)}
timeout=${NASRED_NOTEBOOK_TIMEOUT:-900}
failed=0
for nb in $nbs; do
  start=$(date +%s)
  printf '[notebooks] %s ... ' "$nb" >&2
  tmp="$out/.${nb%.ipynb}.tmp.ipynb"
  if ! jupyter nbconvert --to notebook --execute \
      --ExecutePreprocessor.kernel_name=gonb-nasred \
      --ExecutePreprocessor.timeout="$timeout" \
      --output-dir "$out" --output ".${nb%.ipynb}.tmp" "$nb" >"$out/.${nb%.ipynb}.log" 2>&1; then
    echo "FAILED ($(( $(date +%s) - start )) s)" >&2
    grep -v '^\s*$' "$out/.${nb%.ipynb}.log" | grep -E -A20 'Error|error|Traceback' | head -60 >&2 || tail -40 "$out/.${nb%.ipynb}.log" >&2
    rm -f "$tmp"
    failed=1
    continue
  fi
  mv "$tmp" "$out/$nb"    # the executed notebook appears only when complete
  rm -f "$out/.${nb%.ipynb}.log"
  echo "ok ($(( $(date +%s) - start )) s)" >&2
  if [ "$mode" = report ]; then
    jupyter nbconvert --to html --output-dir "$out" "$out/$nb" >/dev/null 2>&1
    /usr/bin/python3 "$root/scripts/extract_figures.py" "$out/$nb" "$out/figures"
  fi
done
exit $failed
