#!/usr/bin/env bash
# The five seeds, each converted with pandoc to Word and to a web page (one paragraph per
# line of the seed), imported again: each must give at least 90% of the entries (items,
# actions, measures and success statements) that importing the seed's own text gives.
#
# usage: scripts/import-other-formats.sh CYPP_BINARY [SEEDS_DIR]
# Needs pandoc and python3; scored with ../shared/tools/score-plan-import.
set -euo pipefail
binary=$(realpath "$1")
seeds=$(realpath "${2:-../shared/seeds}")
score=$(realpath "$(dirname "$0")/../../shared/tools/score-plan-import")
command -v pandoc >/dev/null || { echo "pandoc is not installed (apt-get install pandoc)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/docx" "$work/html"
for seed in "$seeds"/*.txt; do
  name=$(basename "$seed" .txt)
  # What the text reader gives is the expected structure.
  "$binary" import plan "$seed" --dry-run --output json > "$work/docx/$name.expected.json"
  cp "$work/docx/$name.expected.json" "$work/html/"
  sed 's/$/\n/' "$seed" > "$work/$name.md"
  pandoc -f markdown -t docx -o "$work/docx/$name.docx" "$work/$name.md"
  pandoc -f markdown -t html -s --metadata title="$name" -o "$work/html/$name.html" "$work/$name.md"
done
status=0
for format in docx html; do
  echo "== the seeds as $format, against their text"
  "$score" "$binary" "$work/$format" --min-precision 0 || status=1
done
exit $status
