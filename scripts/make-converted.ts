// Makes fixtures/converted/<plan>/ from fixtures/corpus: each plan.docx
// converted by LibreOffice into .doc, .odt, .rtf and .html, and each plan's
// gold tables laid out as a workbook (.xlsx written with exceljs, one table per
// sheet, merged cells as merges; .ods and .xls converted from it by
// LibreOffice). Plans without a table (narrative reports) get no workbook.
// Run: npx tsx scripts/make-converted.ts [--only xls,ods]   (needs LibreOffice)
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { convertWithLibreOffice } from '../src/readers/libreoffice.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const CORPUS = join(ROOT, 'fixtures/corpus');
const OUT = join(ROOT, 'fixtures/converted');

interface GoldTable { type: 'table'; columns: { header: string }[]; rows: ({ kind: 'data'; cells: (string | null)[] } | { kind: 'section'; text: string } | { kind: 'header' })[] }
type GoldBlock = GoldTable | { type: 'heading' | 'paragraph'; text: string } | { type: 'list'; items: string[]; numbers?: (string | null)[] };

/** Each table on its own sheet, with the text blocks before it above it. */
async function workbook(blocks: GoldBlock[]): Promise<Uint8Array | null> {
  if (!blocks.some((b) => b.type === 'table')) return null;
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date('2010-01-01T00:00:00Z'); // reproducible bytes
  let pending: string[] = [];
  let sheet: ExcelJS.Worksheet | null = null;
  const flushText = (ws: ExcelJS.Worksheet) => {
    for (const t of pending) ws.addRow([t]);
    pending = [];
  };
  for (const b of blocks) {
    if (b.type === 'heading' || b.type === 'paragraph') pending.push(b.text);
    else if (b.type === 'list') b.items.forEach((item, i) => pending.push(b.numbers?.[i] ? `${b.numbers[i]} ${item}` : item));
    else if (b.type === 'table') {
      sheet = wb.addWorksheet(`Sheet${wb.worksheets.length + 1}`);
      flushText(sheet);
      const n = b.columns.length;
      const header = b.columns.map((c) => c.header);
      sheet.addRow(header);
      const above: number[] = []; // per column, the row a null cell merges up into
      for (const row of b.rows) {
        if (row.kind === 'header') {
          sheet.addRow(header);
          above.length = 0;
        } else if (row.kind === 'section') {
          const r = sheet.addRow([row.text]);
          if (n > 1) sheet.mergeCells(r.number, 1, r.number, n);
          above.length = 0;
        } else {
          const r = sheet.addRow(row.cells.map((c) => c ?? ''));
          row.cells.forEach((c, i) => {
            if (c === null && above[i]) {
              sheet!.unMergeCells(above[i], i + 1, r.number - 1, i + 1);
              sheet!.mergeCells(above[i], i + 1, r.number, i + 1);
            } else above[i] = r.number;
          });
        }
      }
    }
  }
  if (sheet) flushText(sheet);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const only = process.argv.includes('--only') ? new Set(process.argv[process.argv.indexOf('--only') + 1].split(',')) : null;
const wanted = (ext: string) => !only || only.has(ext);

for (const slug of readdirSync(CORPUS).sort()) {
  const dir = join(CORPUS, slug);
  if (!existsSync(join(dir, 'gold.json'))) continue;
  const out = join(OUT, slug);
  mkdirSync(out, { recursive: true });
  const docx = new Uint8Array(readFileSync(join(dir, 'plan.docx')));
  for (const [target, ext] of [['doc:MS Word 97', 'doc'], ['odt', 'odt'], ['rtf', 'rtf'], ['html:HTML (StarWriter)', 'html']]) {
    if (wanted(ext)) writeFileSync(join(out, `plan.${ext}`), await convertWithLibreOffice(docx, 'docx', target, { what: 'Word file' }));
  }
  const gold = JSON.parse(readFileSync(join(dir, 'gold.json'), 'utf8')) as { blocks: GoldBlock[] };
  const xlsx = await workbook(gold.blocks);
  if (xlsx) {
    if (wanted('xlsx')) writeFileSync(join(out, 'plan.xlsx'), xlsx);
    if (wanted('ods')) writeFileSync(join(out, 'plan.ods'), await convertWithLibreOffice(xlsx, 'xlsx', 'ods', { what: 'workbook' }));
    if (wanted('xls')) writeFileSync(join(out, 'plan.xls'), await convertWithLibreOffice(xlsx, 'xlsx', 'xls:MS Excel 97', { what: 'workbook' }));
  }
  process.stdout.write(`${slug}: ${readdirSync(out).join(' ')}\n`);
}
