#!/usr/bin/env bash
# Page images of the demonstration plan in each document format, for docs/documents/.
# Needs poppler-utils, LibreOffice Writer and Chromium (as .ci/run installs).
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/documents
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run -q -p cypp-publish --example demo_documents -- "$tmp"
# The PDF: the contents page and the first outcome.
pdftoppm -r 60 -png -f 2 -l 2 -singlefile "$tmp/plan.pdf" "$out/pdf-contents"
pdftoppm -r 60 -png -f 4 -l 4 -singlefile "$tmp/plan.pdf" "$out/pdf-outcome"
# The Word file, as LibreOffice lays it out.
soffice "-env:UserInstallation=file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp/docx" "$tmp/plan.docx" > /dev/null
pdftoppm -r 60 -png -f 4 -l 4 -singlefile "$tmp/docx/plan.pdf" "$out/docx-outcome"
# The web page, as Chromium shows it.
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1400 \
    --screenshot="$out/html-page.png" "file://$tmp/plan.html" 2> /dev/null
# The highlight report of a round: its first two pages.
pdftoppm -r 60 -png -f 2 -l 2 -singlefile "$tmp/highlight.pdf" "$out/highlight-pdf"
soffice "-env:UserInstallation=file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp/docx" "$tmp/highlight.docx" > /dev/null
pdftoppm -r 60 -png -f 2 -l 2 -singlefile "$tmp/docx/highlight.pdf" "$out/highlight-docx"
# The committee progress report: its first page, in the PDF and in Word.
pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$tmp/progress.pdf" "$out/progress-pdf"
soffice "-env:UserInstallation=file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp/docx" "$tmp/progress.docx" > /dev/null
pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$tmp/docx/progress.pdf" "$out/progress-docx"
# The board dashboard: its exceptions, after the cover.
pdftoppm -r 60 -png -f 2 -l 2 -singlefile "$tmp/dashboard.pdf" "$out/dashboard-pdf"
# The easy read: a page of the plan in easy words and a page of how we are doing.
pdftoppm -r 60 -png -f 3 -l 3 -singlefile "$tmp/easy-read.pdf" "$out/easy-read-plan"
pdftoppm -r 60 -png -f 8 -l 8 -singlefile "$tmp/easy-read.pdf" "$out/easy-read-progress"
ls -l "$out"
