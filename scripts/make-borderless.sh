#!/usr/bin/env bash
# One-off: builds fixtures/borderless/<plan>/plan.pdf from each corpus plan.docx
# with every table and cell border switched off, so the layout stage can be
# tested on tables that have no ruling lines. Needs LibreOffice (soffice).
#   scripts/make-borderless.sh         -> fixtures/borderless
#   scripts/make-borderless.sh tight   -> fixtures/borderless-tight: also a serif
#     font and cell padding cut to 2pt at the sides and none above and below,
#     so columns sit close and rows follow each other with no gap
set -euo pipefail
variant=${1:-}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in fixtures/corpus/*/; do
  plan=$(basename "$dir")
  [ -f "$dir/plan.docx" ] || continue
  out="fixtures/borderless${variant:+-$variant}/$plan"
  mkdir -p "$out" "$tmp/$plan"
  python3 - "$dir/plan.docx" "$tmp/$plan/plan.docx" "$variant" <<'PY'
import re, sys, zipfile
src, dst, variant = sys.argv[1], sys.argv[2], sys.argv[3]
NIL = ''.join(f'<w:{s} w:val="nil"/>' for s in ('top', 'left', 'bottom', 'right', 'insideH', 'insideV'))
CELL_NIL = ''.join(f'<w:{s} w:val="nil"/>' for s in ('top', 'left', 'bottom', 'right'))
def strip(xml: str) -> str:
    xml = re.sub(r'<w:tblBorders\b.*?</w:tblBorders>|<w:tblBorders\b[^>]*/>', '', xml, flags=re.S)
    xml = re.sub(r'<w:tcBorders\b.*?</w:tcBorders>|<w:tcBorders\b[^>]*/>', '', xml, flags=re.S)
    xml = re.sub(r'<w:tblPr>', '<w:tblPr><w:tblBorders>' + NIL + '</w:tblBorders>', xml)
    xml = re.sub(r'<w:tcPr>', '<w:tcPr><w:tcBorders>' + CELL_NIL + '</w:tcBorders>', xml)
    xml = re.sub(r'<w:tc>', '<w:tc><w:tcPr><w:tcBorders>' + CELL_NIL + '</w:tcBorders></w:tcPr>', xml)
    if variant == 'tight':
        xml = re.sub(r'<w:tblCellMar\b.*?</w:tblCellMar>', '', xml, flags=re.S)
        xml = re.sub(r'<w:tcMar\b.*?</w:tcMar>', '', xml, flags=re.S)
        xml = re.sub(r'<w:tblPr>', '<w:tblPr><w:tblCellMar>' + TIGHT + '</w:tblCellMar>', xml)
        xml = re.sub(r'<w:rFonts\b[^>]*/>', SERIF, xml)
    return xml
TIGHT = '<w:top w:w="0" w:type="dxa"/><w:left w:w="40" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="40" w:type="dxa"/>'
SERIF = '<w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" w:eastAsia="Liberation Serif" w:cs="Liberation Serif"/>'
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
