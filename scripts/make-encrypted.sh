#!/usr/bin/env bash
# One-off: builds fixtures/pdf/encrypted.pdf, a PDF that needs a password to open
# (password "secret"), for the reader's error test. Needs LibreOffice (soffice).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'Hello encrypted world, this is a test document.\n' > "$tmp/t.txt"
soffice --headless --outdir "$tmp" --convert-to \
  'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}' \
  "$tmp/t.txt" >/dev/null 2>&1
mkdir -p fixtures/pdf
cp "$tmp/t.pdf" fixtures/pdf/encrypted.pdf

# fixtures/pdf/mixed-text-and-scan.pdf: a text-layer page followed by a scanned
# page (needs qpdf: apt-get install qpdf)
P=fixtures/corpus/thurrock-ni7-action-plan
qpdf --empty --pages "$P/plan.pdf" 1 "$P/scan.pdf" 2 -- fixtures/pdf/mixed-text-and-scan.pdf
