// Compares layout grids with the gold tables: a gold row counts as reproduced
// when some grid row has the same cells (after collapsing white space and
// dropping bullets), with merged cells in the same places.
import fs from 'node:fs';
import type { Block, Grid } from '../src/model.ts';

interface GoldTable {
  type: 'table';
  columns: { header: string; field: string | null }[];
  rows: ({ kind: 'data'; cells: (string | null)[] } | { kind: 'section'; text: string } | { kind: 'header' })[];
}

export function norm(s: string): string {
  return s.normalize('NFKC').replace(/[•●▪◦]/g, ' ').replace(/\s+/g, ' ').trim();
}

const MERGED = '\u2191';

export function goldRows(goldPath: string): string[] {
  const gold = JSON.parse(fs.readFileSync(goldPath, 'utf8')) as { blocks: { type: string }[] };
  const out: string[] = [];
  for (const b of gold.blocks) {
    if (b.type !== 'table') continue;
    const t = b as unknown as GoldTable;
    const header = t.columns.map((c) => norm(c.header)).join(' | ');
    out.push(header);
    for (const r of t.rows) {
      if (r.kind === 'header') out.push(header);
      else if (r.kind === 'section') out.push(norm(r.text));
      else out.push(r.cells.map((c) => (c === null ? MERGED : norm(c))).join(' | '));
    }
  }
  return out;
}

export function gridRows(grid: Grid): string[] {
  const out: string[] = [];
  for (let r = 0; r < grid.nrows; r++) {
    const parts: string[] = [];
    const starts = grid.cells.filter((c) => c.row === r);
    if (starts.length === 1 && starts[0].colspan === grid.ncols) {
      out.push(norm(starts[0].text));
      continue;
    }
    for (let c = 0; c < grid.ncols; c++) {
      const cell = grid.cells.find((x) => x.row <= r && r < x.row + x.rowspan && x.col <= c && c < x.col + x.colspan);
      if (!cell) parts.push('');
      else if (cell.row < r) {
        if (cell.col === c) parts.push(MERGED);
      } else if (cell.col === c) parts.push(norm(cell.text));
    }
    out.push(parts.join(' | '));
  }
  return out;
}

export interface RowScore {
  gold: number;
  matched: number;
  missing: string[];
}

export function scoreRows(gold: string[], blocks: Block[]): RowScore {
  const pool = new Map<string, number>();
  for (const b of blocks) {
    if (b.type !== 'table') continue;
    for (const r of gridRows(b.grid)) pool.set(r, (pool.get(r) ?? 0) + 1);
  }
  let matched = 0;
  const missing: string[] = [];
  for (const g of gold) {
    const n = pool.get(g) ?? 0;
    if (n > 0) {
      matched++;
      pool.set(g, n - 1);
    } else missing.push(g);
  }
  return { gold: gold.length, matched, missing };
}
