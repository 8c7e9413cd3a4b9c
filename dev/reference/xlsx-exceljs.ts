// The reference Excel reader the direct one (src/readers/xlsx.ts) is checked
// against: exceljs reads the package (after the zip limits have been checked
// and every XML part refused if it declares a DTD), each sheet's used range
// becomes a grid, merged cells spans (sheets.ts). Dev-only: exceljs costs
// about 0.25 s to load, more than the rest of a one-workbook run.
import { InputError } from '../../src/model.ts';
import type { ReaderOutput } from '../../src/readers/contract.ts';
import { sheetsToBlocks, type Merge, type Sheet } from '../../src/readers/sheets.ts';
import { checkZip, listZip, peekZipEntry } from '../../src/readers/zip.ts';

type ExcelJs = typeof import('exceljs');
type Cell = import('exceljs').Cell;

/** Column letters and row number of an A1 reference, 0-based. */
function a1(ref: string): { r: number; c: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/i.exec(ref.trim());
  if (!m) throw new InputError(`bad cell reference ${ref} in the workbook`, 'read');
  let c = 0;
  for (const ch of m[1].toUpperCase()) c = c * 26 + ch.charCodeAt(0) - 64;
  return { r: Number(m[2]) - 1, c: c - 1 };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** What the cell shows: text, a formula's result, a date as UK dates are written, money with its pound sign. */
export function cellText(cell: Cell): string {
  const v = cell.value as unknown;
  const fmt = cell.numFmt ?? '';
  const show = (x: unknown): string => {
    if (x === null || x === undefined) return '';
    if (x instanceof Date) {
      return x.getUTCHours() || x.getUTCMinutes() ? x.toISOString().slice(0, 16).replace('T', ' ') : `${pad(x.getUTCDate())}/${pad(x.getUTCMonth() + 1)}/${x.getUTCFullYear()}`;
    }
    if (typeof x === 'number') {
      if (fmt.includes('%')) return `${Math.round(x * 10000) / 100}%`;
      if (fmt.includes('£')) return `£${x.toLocaleString('en-GB', { maximumFractionDigits: 2 })}`;
      return String(x);
    }
    if (typeof x === 'string' || typeof x === 'boolean') return String(x);
    if (typeof x === 'object') {
      const o = x as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
      if (o.richText) return o.richText.map((t) => t.text).join('');
      if ('result' in o) return show(o.result);
      if ('text' in o) return show(o.text);
      if (o.error) return '';
    }
    return '';
  };
  return show(v).replace(/\r\n?/g, '\n');
}

export async function readXlsxExcelJs(bytes: Uint8Array): Promise<ReaderOutput<'xlsx'>> {
  const entries = listZip(bytes);
  checkZip(entries);
  for (const e of entries) {
    if (!/\.(xml|rels|vml)$/i.test(e.name)) continue;
    if (/<!DOCTYPE|<!ENTITY/i.test(new TextDecoder().decode(peekZipEntry(bytes, e, 4096)))) {
      throw new InputError(`workbook part ${e.name} declares a DTD (entity expansion is refused)`, 'read');
    }
  }
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) throw new InputError('not an Excel workbook (no xl/workbook.xml)', 'read');
  const { default: ExcelJS } = (await import('exceljs')) as unknown as { default: ExcelJs };
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (err) {
    throw new InputError(`Excel workbook could not be read (corrupt or not a workbook): ${(err as Error).message}`, 'read');
  }
  const sheets: Sheet[] = [];
  for (const ws of wb.worksheets) {
    if (ws.state && ws.state !== 'visible') continue; // hidden sheets are working space, not the plan
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.isMerged && cell.master.address !== cell.address) return; // shown by its merge's first cell
        (rows[r - 1] ??= [])[c - 1] = cellText(cell);
      });
    });
    const merges: Merge[] = ((ws.model as { merges?: string[] }).merges ?? []).map((m) => {
      const [a, b = a] = m.split(':');
      const p = a1(a);
      const q = a1(b);
      return { r0: Math.min(p.r, q.r), c0: Math.min(p.c, q.c), r1: Math.max(p.r, q.r), c1: Math.max(p.c, q.c) };
    });
    sheets.push({ name: ws.name, rows, merges });
  }
  return { kind: 'blocks', extractor: 'xlsx', blocks: sheetsToBlocks(sheets), pageCount: Math.max(1, sheets.length), notes: [] };
}
