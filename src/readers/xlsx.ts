// Excel workbooks (.xlsx, .xlsm): the package read directly with the small XML
// parser (no DTDs, so no entity expansion) under the zip limits. Each visible
// worksheet's cells become a grid, merged cells spans (sheets.ts). A cell
// shows what Excel shows of it, as far as a plan needs: shared, inline and
// rich text, a formula's cached result, numbers, dates by their number format.
// (exceljs, the reference in dev/reference, took about 0.25 s just to load.)
import { InputError } from '../model.ts';
import type { ReaderOutput } from './contract.ts';
import { parseXml, XmlError, type El } from './docx/xml.ts';
import { MAX_SHEET_CELLS, sheetsToBlocks, type Merge, type Sheet } from './sheets.ts';
import { checkZip, listZip, readZipEntry, type ZipEntry } from './zip.ts';

// SpreadsheetML's two namespaces (transitional and strict) both read as 'x:'
const X = 'x:';
const REL = 'relationships:Relationship';
const CELL_TEXT = new Set([`${X}v`, `${X}t`, `${X}f`]);
// parts of a sheet no cell needs; the parser only checks they are well formed
const SHEET_SKIP = new Set([`${X}cols`, `${X}sheetViews`, `${X}conditionalFormatting`, `${X}dataValidations`, `${X}extLst`, `${X}headerFooter`, `${X}hyperlinks`]);

/** Excel's built-in number formats that are not locale-dependent (ECMA-376 18.8.30). */
const BUILT_IN_FORMATS: Record<number, string> = {
  1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm',
  21: 'h:mm:ss', 22: 'm/d/yy h:mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

/** A number format that shows a date or time: y, m, d, h, s outside quotes and brackets. */
function isDateFormat(fmt: string): boolean {
  return /[ymdhsb]/i.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, ''));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A serial date (days since 1899-12-30, or 1904-01-01) as UK dates are written; with a time when it has one. */
function showDate(serial: number, date1904: boolean): string {
  const d = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  if (Number.isNaN(d.getTime())) return String(serial);
  return d.getUTCHours() || d.getUTCMinutes() ? d.toISOString().slice(0, 16).replace('T', ' ') : `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** What a number shows under its format: a date, a percentage, money with its pound sign, or the number. */
function showNumber(x: number, fmt: string, date1904: boolean): string {
  if (fmt && isDateFormat(fmt)) return showDate(x, date1904);
  if (fmt.includes('%')) return `${Math.round(x * 10000) / 100}%`;
  if (fmt.includes('£')) return `£${x.toLocaleString('en-GB', { maximumFractionDigits: 2 })}`;
  return String(x);
}

// OOXML writes characters XML cannot hold as _xHHHH_
const unescapeOoxml = (s: string) => (s.indexOf('_x') < 0 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));

/** The text of a shared or inline string: its t, or its runs' t; phonetic guides left out. */
function stringText(si: El): string {
  let s = '';
  for (const c of si.children) {
    if (typeof c === 'string') continue;
    if (c.name === `${X}t`) s += c.text();
    else if (c.name === `${X}r`) s += c.first(`${X}t`)?.text() ?? '';
  }
  return unescapeOoxml(s);
}

/** Column letters and row number of an A1 reference, 0-based; null if it is not one. */
function a1(ref: string): { r: number; c: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i.exec(ref.trim());
  if (!m) return null;
  let c = 0;
  for (const ch of m[1]!.toUpperCase()) c = c * 26 + ch.charCodeAt(0) - 64;
  return { r: Number(m[2]) - 1, c: c - 1 };
}

interface Book {
  date1904: boolean;
  strings: El[];
  /** number format of each cell style (index of cellXfs) */
  formats: string[];
}

/** What the cell shows, or undefined for a cell with no value. */
function cellValue(c: El, book: Book): string | undefined {
  const t = c.attr('t') ?? 'n';
  const v = c.first(`${X}v`)?.text();
  const fmt = book.formats[Number(c.attr('s') ?? 0)] ?? '';
  if (t === 'inlineStr') {
    const is = c.first(`${X}is`);
    return is ? stringText(is) : v;
  }
  if (v === undefined) return c.first(`${X}f`) ? '' : undefined; // a formula never calculated shows nothing yet
  switch (t) {
    case 's': {
      const si = book.strings[Number(v)];
      return si ? stringText(si) : '';
    }
    case 'str': return unescapeOoxml(v);
    case 'b': return String(Number(v) !== 0);
    case 'e': return '';
    case 'd': {
      // an ISO 8601 date cell: shown as a serial date would be
      const ms = Date.parse(v.length <= 10 ? `${v}T00:00:00Z` : /Z|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
      return Number.isNaN(ms) ? v : showDate(ms / 86_400_000 + 25569, false);
    }
    default: {
      const x = Number.parseFloat(v);
      return Number.isNaN(x) ? v : showNumber(x, fmt, book.date1904);
    }
  }
}

function readSheet(root: El, name: string, book: Book): Sheet {
  const rows: string[][] = [];
  const merges: Merge[] = [];
  for (const m of root.first(`${X}mergeCells`)?.children ?? []) {
    if (typeof m === 'string' || m.name !== `${X}mergeCell`) continue;
    const [a, b = a] = (m.attr('ref') ?? '').split(':');
    const p = a1(a ?? '');
    const q = a1(b ?? '');
    if (p && q) merges.push({ r0: Math.min(p.r, q.r), c0: Math.min(p.c, q.c), r1: Math.max(p.r, q.r), c1: Math.max(p.c, q.c) });
  }
  // cells under a merge other than its first show nothing (Excel keeps, but hides, their values)
  const hidden = new Set<string>();
  for (const g of merges) for (let r = g.r0; r <= g.r1; r++) for (let c = g.c0; c <= g.c1; c++) if (r !== g.r0 || c !== g.c0) hidden.add(`${r}:${c}`);
  let cells = 0;
  let r = -1;
  for (const row of root.first(`${X}sheetData`)?.children ?? []) {
    if (typeof row === 'string' || row.name !== `${X}row`) continue;
    const rn = Number(row.attr('r'));
    r = Number.isInteger(rn) && rn >= 1 ? rn - 1 : r + 1;
    let c = -1;
    for (const cell of row.children) {
      if (typeof cell === 'string' || cell.name !== `${X}c`) continue;
      const at = cell.attr('r');
      const ref = at ? a1(at) : null;
      c = ref ? ref.c : c + 1;
      const text = cellValue(cell, book);
      if (text === undefined || hidden.has(`${r}:${c}`)) continue;
      if (++cells > MAX_SHEET_CELLS) throw new InputError(`spreadsheet holds more than ${MAX_SHEET_CELLS} filled cells: refused`, 'read');
      (rows[r] ??= [])[c] = text.replace(/\r\n?/g, '\n');
    }
  }
  return { name, rows, merges };
}

/** A relationship target as a part name: relative to the part's folder unless absolute. */
function partName(base: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `${base}${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

export async function readXlsx(bytes: Uint8Array): Promise<ReaderOutput<'xlsx'>> {
  const entries = listZip(bytes);
  checkZip(entries);
  const byName = new Map<string, ZipEntry>(entries.map((e) => [e.name, e]));
  if (!byName.has('xl/workbook.xml')) throw new InputError('not an Excel workbook (no xl/workbook.xml)', 'read');
  const part = (name: string, opts?: Parameters<typeof parseXml>[1]): El | null => {
    const e = byName.get(name);
    if (!e) return null;
    try {
      return parseXml(new TextDecoder().decode(readZipEntry(bytes, e)), opts);
    } catch (err) {
      if (!(err instanceof XmlError)) throw err;
      if (/document type declaration/.test(err.message)) throw new InputError(`workbook part ${name} declares a DTD (entity expansion is refused)`, 'read');
      throw new InputError(`Excel workbook could not be read (corrupt or not a workbook): ${name}: ${err.message}`, 'read');
    }
  };
  const workbook = part('xl/workbook.xml')!;
  const rels = new Map<string, { type: string; target: string }>();
  for (const rel of part('xl/_rels/workbook.xml.rels')?.children ?? []) {
    if (typeof rel === 'string' || rel.name !== REL) continue;
    rels.set(rel.attr('Id') ?? '', { type: rel.attr('Type') ?? '', target: partName('xl/', rel.attr('Target') ?? '') });
  }
  const target = (kind: string, fallback: string) => [...rels.values()].find((x) => x.type.endsWith(`/${kind}`))?.target ?? fallback;
  const pr = workbook.first(`${X}workbookPr`)?.attr('date1904');
  const strings = (part(target('sharedStrings', 'xl/sharedStrings.xml'), { textIn: CELL_TEXT, skip: new Set([`${X}rPh`, `${X}phoneticPr`]) })?.children ?? [])
    .filter((c): c is El => typeof c !== 'string' && c.name === `${X}si`);
  const styles = part(target('styles', 'xl/styles.xml'), { skip: new Set([`${X}fonts`, `${X}fills`, `${X}borders`, `${X}cellStyles`, `${X}dxfs`, `${X}extLst`]) });
  const custom = new Map<number, string>();
  for (const f of styles?.first(`${X}numFmts`)?.children ?? []) {
    if (typeof f !== 'string' && f.name === `${X}numFmt`) custom.set(Number(f.attr('numFmtId')), f.attr('formatCode') ?? '');
  }
  const formats = (styles?.first(`${X}cellXfs`)?.children ?? []).filter((c): c is El => typeof c !== 'string' && c.name === `${X}xf`).map((xf) => {
    const id = Number(xf.attr('numFmtId') ?? 0);
    return custom.get(id) ?? BUILT_IN_FORMATS[id] ?? '';
  });
  const book: Book = { date1904: pr === '1' || pr === 'true', strings, formats };
  const sheets: Sheet[] = [];
  for (const s of workbook.first(`${X}sheets`)?.children ?? []) {
    if (typeof s === 'string' || s.name !== `${X}sheet`) continue;
    const state = s.attr('state');
    if (state && state !== 'visible') continue; // hidden sheets are working space, not the plan
    const rel = rels.get(s.attr('r:id') ?? '');
    if (!rel || !rel.type.endsWith('/worksheet')) continue; // chart and dialog sheets hold no cells
    const root = part(rel.target, { textIn: CELL_TEXT, skip: SHEET_SKIP });
    if (root) sheets.push(readSheet(root, s.attr('name') ?? '', book));
  }
  return { kind: 'blocks', extractor: 'xlsx', blocks: sheetsToBlocks(sheets), pageCount: Math.max(1, sheets.length), notes: [] };
}
