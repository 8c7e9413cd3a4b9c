// A workbook's sheets -> blocks. Each sheet's used range is a grid; merged
// cells become spans. Lines of text above or below the table (one cell filled
// in a row, not merged across) are paragraphs; the rows from the first that
// fills two or more cells to the last such row are the table. When a plan is
// split across sheets with names of their own, each sheet's name is a section
// row of its table.
import type { Block } from '../model.ts';
import { placeCells, type SpanRow } from './place-cells.ts';

export interface Merge {
  /** 0-based, inclusive */
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export interface Sheet {
  name: string;
  /** cell text by row and column, 0-based; missing or '' is empty */
  rows: (string | undefined)[][];
  merges: Merge[];
}

/** Most filled cells a workbook may hold: a plan has hundreds; past this it is a data dump. */
export const MAX_SHEET_CELLS = 200_000;

/** Names a spreadsheet program gives a sheet by default: not a section. */
const DEFAULT_NAME = /^(sheet|table|tabelle|feuil|hoja|foglio|blad)\s*\d+$/i;

export function sheetsToBlocks(sheets: Sheet[]): Block[] {
  const tableSheets = sheets.filter((s) => tableRange(s) !== null);
  const named = tableSheets.length > 1 && tableSheets.every((s) => !DEFAULT_NAME.test(s.name.trim()));
  const blocks: Block[] = [];
  sheets.forEach((sheet, i) => blocks.push(...sheetBlocks(sheet, i + 1, named ? sheet.name.trim() : null)));
  return blocks;
}

const filled = (v: string | undefined) => v !== undefined && v.trim() !== '';

function anchorAt(sheet: Sheet): Map<string, Merge> {
  const m = new Map<string, Merge>();
  for (const g of sheet.merges) m.set(`${g.r0}:${g.c0}`, g);
  return m;
}

/** Rows (first, last) of the table: rows filling two or more cells (a cell
 * merged down from the row above counts), or one merged across columns. */
function tableRange(sheet: Sheet): [number, number] | null {
  const wide = new Set(sheet.merges.filter((g) => g.c1 > g.c0).map((g) => g.r0));
  const fromAbove = new Map<number, number>();
  for (const g of sheet.merges) for (let r = g.r0 + 1; r <= g.r1; r++) fromAbove.set(r, (fromAbove.get(r) ?? 0) + 1);
  let first = -1;
  let last = -1;
  sheet.rows.forEach((row, r) => {
    const n = (row ?? []).filter(filled).length + (fromAbove.get(r) ?? 0);
    if (n >= 2 || (n === 1 && wide.has(r) && first >= 0)) {
      if (first < 0) first = r;
      last = r;
    }
  });
  return first < 0 ? null : [first, last];
}

function sheetBlocks(sheet: Sheet, page: number, section: string | null): Block[] {
  const range = tableRange(sheet);
  const lines = (from: number, to: number): Block[] => {
    const out: Block[] = [];
    for (let r = from; r < to; r++) {
      const t = (sheet.rows[r] ?? []).filter(filled).join(' ').trim();
      if (t) out.push({ type: 'paragraph', text: t, page });
    }
    return out;
  };
  if (!range) return lines(0, sheet.rows.length);
  const [first, last] = range;
  const anchors = anchorAt(sheet);
  const covered = new Set<string>();
  for (const g of sheet.merges) for (let r = g.r0; r <= g.r1; r++) for (let c = g.c0; c <= g.c1; c++) if (r !== g.r0 || c !== g.c0) covered.add(`${r}:${c}`);
  // rows kept: any text, or any cell of a merge (an empty row inside a merged block keeps the block's shape)
  const kept: number[] = [];
  for (let r = first; r <= last; r++) {
    const row = sheet.rows[r] ?? [];
    if (row.some(filled) || sheet.merges.some((g) => g.r0 <= r && r <= g.r1 && g.r1 > g.r0)) kept.push(r);
  }
  let ncols = 0;
  for (const r of kept) ncols = Math.max(ncols, (sheet.rows[r] ?? []).length);
  for (const g of sheet.merges) if (g.r0 >= first && g.r0 <= last) ncols = Math.max(ncols, g.c1 + 1);
  const rows: SpanRow[] = kept.map((r) => {
    // cells covered from a row above are not listed: placeCells skips the columns they occupy
    const cells: SpanRow['cells'] = [];
    for (let c = 0; c < ncols; c++) {
      if (covered.has(`${r}:${c}`)) continue;
      const g = anchors.get(`${r}:${c}`);
      const rowspan = g ? kept.filter((k) => k >= g.r0 && k <= g.r1).length : 1;
      cells.push({ text: (sheet.rows[r]?.[c] ?? '').trim(), colspan: g ? g.c1 - g.c0 + 1 : 1, rowspan: Math.max(1, rowspan) });
    }
    return { cells, header: false };
  });
  const sourceRows = kept.map((r) => r + 1);
  if (section) {
    // under the header row: the sheet's name is the section of every row below
    rows.splice(1, 0, { cells: [{ text: section, colspan: ncols, rowspan: 1 }], header: false });
    sourceRows.splice(1, 0, sourceRows[0]);
  }
  const grid = placeCells(rows, page);
  grid.rows.forEach((info, i) => (info.sourceRow = sourceRows[i]));
  return [...lines(0, first), { type: 'table', grid }, ...lines(last + 1, sheet.rows.length)];
}
