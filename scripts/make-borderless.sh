#!/usr/bin/env bash
# One-off: builds fixtures/borderless/<plan>/plan.pdf from each corpus plan.docx
# with every table and cell border switched off, so the layout stage can be
# tested on tables that have no ruling lines. Needs LibreOffice (soffice).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in fixtures/corpus/*/; do
  plan=$(basename "$dir")
  [ -f "$dir/plan.docx" ] || continue
  out="fixtures/borderless/$plan"
  mkdir -p "$out" "$tmp/$plan"
  python3 - "$dir/plan.docx" "$tmp/$plan/plan.docx" <<'PY'
import re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
NIL = ''.join(f'<w:{s} w:val="nil"/>' for s in ('top', 'left', 'bottom', 'right', 'insideH', 'insideV'))
CELL_NIL = ''.join(f'<w:{s} w:val="nil"/>' for s in ('top', 'left', 'bottom', 'right'))
def strip(xml: str) -> str:
    xml = re.sub(r'<w:tblBorders\b.*?</w:tblBorders>|<w:tblBorders\b[^>]*/>', '', xml, flags=re.S)
    xml = re.sub(r'<w:tcBorders\b.*?</w:tcBorders>|<w:tcBorders\b[^>]*/>', '', xml, flags=re.S)
    xml = re.sub(r'<w:tblPr>', '<w:tblPr><w:tblBorders>' + NIL + '</w:tblBorders>', xml)
    xml = re.sub(r'<w:tcPr>', '<w:tcPr><w:tcBorders>' + CELL_NIL + '</w:tcBorders>', xml)
    xml = re.sub(r'<w:tc>', '<w:tc><w:tcPr><w:tcBorders>' + CELL_NIL + '</w:tcBorders></w:tcPr>', xml)
    return xml
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename in ('word/document.xml', 'word/styles.xml'):
            data = strip(data.decode('utf-8')).encode('utf-8')
        zout.writestr(item, data)
PY
  soffice --headless --convert-to pdf --outdir "$tmp/$plan" "$tmp/$plan/plan.docx" >/dev/null 2>&1
  cp "$tmp/$plan/plan.pdf" "$out/plan.pdf"
  cp "$dir/gold.json" "$out/gold.json"
  echo "$out/plan.pdf"
done
