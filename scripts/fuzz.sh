#!/usr/bin/env bash
# Fuzzes everything that reads a file someone gave, with libFuzzer: each plan-document reader
# (text, Markdown, HTML, Word, PDF), the parser on any mix of headings, lists and table rows, a
# partnership's own heading profile, the data-file readers (EES, Fingertips, LAIT, cypp's CSV
# and Excel templates), the period parser and the cypp-plan JSON file.
# Any input must end in a plan or a clear error; a panic that escapes is a crash, saved under
# fuzz/artifacts/TARGET/ for `cargo fuzz run --sanitizer none TARGET FILE` to replay.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 60)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). It runs on stable Rust with `--sanitizer none`:
# libFuzzer's coverage guidance without AddressSanitizer, which needs nightly (the code under
# test has no unsafe of its own). Corpora start from the five seeds in ../shared/seeds (if
# present) and the demonstration plan as cypp publishes it (Word, PDF, web page).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2; exit 2; }

corpus=fuzz/corpus
mkdir -p "$corpus"
# The demonstration plan as documents, for the Word, PDF and HTML readers.
cargo build -q -p cypp
db="$(mktemp -d)/demo.db"
target/debug/cypp demo --database "sqlite://$db" >/dev/null
plan=kelderby-cypp-2024-27
for format in docx pdf html; do
  mkdir -p "$corpus/read_$format"
  target/debug/cypp export --database "sqlite://$db" --plan "$plan" --format "$format" -o "$corpus/read_$format/demo.$format"
done
for target in read_text read_markdown parse; do
  mkdir -p "$corpus/$target"
  if [ -d ../shared/seeds ]; then cp ../shared/seeds/*.txt "$corpus/$target/"; fi
done
mkdir -p "$corpus/profile"
cp crates/plan-reader/profiles/default.json "$corpus/profile/"
# The plan file: the demonstration as cypp exports it.
mkdir -p "$corpus/plan_file"
target/debug/cypp export --database "sqlite://$db" --plan "$plan" --format json -o "$corpus/plan_file/demo.json"
# Periods as official files write them.
mkdir -p "$corpus/period"
i=0
for text in 2024-25 2024/25 202425 "2024 to 2025" "Q1 2024-25" "2024-25 Q3" "Autumn term 2025" "April 2024" 2024-04 2023 "2021-23"; do
  printf '%s' "$text" > "$corpus/period/$i"; i=$((i + 1))
done
# Data files: the first byte picks the format (0 Excel, 1 CSV template, 2 EES, 3 Fingertips, 4 LAIT).
mkdir -p "$corpus/read_figures"
printf '\001period,value,numerator,denominator\n2024-25,71.5,143,200\n2025-26,c,,\n' > "$corpus/read_figures/template.csv"
printf '\002time_period,time_identifier,geographic_level,new_la_code,value\n202425,Financial year,National,,65.1\n202425,Financial year,Local authority,E08000001,61.0\n' > "$corpus/read_figures/ees.csv"
printf '\003Area Code,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator\nE92000001,2023/24,10.2,10.1,10.3,500,5000\nE08000001,2023/24,12.5,11.0,14.1,25,200\n' > "$corpus/read_figures/fingertips.csv"
printf '\004LA Number,LA and Regions,Short Desc,Years,Values\n,England,M,2023,51.0\n999,Fuzzton,M,2023,48.5\n' > "$corpus/read_figures/lait.csv"

cd fuzz
cargo fuzz build --sanitizer none
status=0
for target in read_text read_markdown read_html read_docx read_pdf parse profile read_figures period plan_file; do
  echo "== $target for ${seconds}s"
  # Whole published documents (the demo plan's PDF is about 350 KB) must fit, or every input
  # starts as a truncated file.
  max_len=262144
  case "$target" in read_pdf|read_docx) max_len=1048576 ;; plan_file) max_len=4194304 ;; esac
  if ! cargo fuzz run --sanitizer none "$target" "../$corpus/$target" -- \
      -max_total_time="$seconds" -max_len="$max_len" -print_final_stats=1 2>"../$corpus/$target.log"; then
    echo "FAIL $target: see fuzz/artifacts/$target/ and $corpus/$target.log" >&2
    status=1
  fi
  grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)" "../$corpus/$target.log" || true
done
exit $status
