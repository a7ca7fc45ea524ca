#!/usr/bin/env bash
# Fuzzes the plan importer with libFuzzer: each reader (text, Markdown, HTML, Word, PDF), the
# parser on any mix of headings, lists and table rows, and a partnership's own heading profile.
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

cd fuzz
cargo fuzz build --sanitizer none
status=0
for target in read_text read_markdown read_html read_docx read_pdf parse profile; do
  echo "== $target for ${seconds}s"
  # Whole published documents (the demo plan's PDF is about 350 KB) must fit, or every input
  # starts as a truncated file.
  max_len=262144
  case "$target" in read_pdf|read_docx) max_len=1048576 ;; esac
  if ! cargo fuzz run --sanitizer none "$target" "../$corpus/$target" -- \
      -max_total_time="$seconds" -max_len="$max_len" -print_final_stats=1 2>"../$corpus/$target.log"; then
    echo "FAIL $target: see fuzz/artifacts/$target/ and $corpus/$target.log" >&2
    status=1
  fi
  grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)" "../$corpus/$target.log" || true
done
exit $status
