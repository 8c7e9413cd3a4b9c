// The text reader against the corpus: for every source.txt and export.tsv we
// count how many of the gold table rows (data and section rows) come out of
// the reader with the same structure. Words inside cells are compared with
// spaces, hyphens, bullets and case ignored, since word repair runs later.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block, Grid } from '../src/model.ts';
import { decodeText, readText } from '../src/readers/text/index.ts';

const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'corpus');
const plans = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

type GoldRow = { kind: 'section'; text: string } | { kind: 'data'; cells: (string | null)[] } | { kind: 'header' };
interface GoldBlock {
  type: string;
  items?: string[];
  rows?: GoldRow[];
}

function norm(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[•·]/g, '')
    .replace(/[\s\-–]+/g, '');
}

/** Edit distance, for the tolerant count (OCR slips such as "officcrs"). */
function distance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length];
}

function goldRows(plan: string): string[][] {
  const gold = JSON.parse(readFileSync(join(CORPUS, plan, 'gold.json'), 'utf8')) as { blocks: GoldBlock[] };
  const out: string[][] = [];
  for (const b of gold.blocks) {
    if (b.type !== 'table') continue;
    for (const r of b.rows ?? []) {
      if (r.kind === 'section') out.push([norm(r.text)]);
      else if (r.kind === 'data') out.push(r.cells.map((c) => norm(c ?? '')));
    }
  }
  return out;
}

function gridRows(grid: Grid): string[][] {
  const out: string[][] = [];
  for (let r = 0; r < grid.nrows; r++) {
    if (grid.rows[r].header) continue;
    const cells = grid.cells.filter((c) => c.row === r).sort((a, b) => a.col - b.col);
    if (cells.length === 1 && cells[0].colspan === grid.ncols && grid.ncols > 1) {
      out.push([norm(cells[0].text)]);
      continue;
    }
    const row = Array<string>(grid.ncols).fill('');
    for (const c of cells) row[c.col] = norm(c.text);
    out.push(row);
  }
  return out;
}

function tableRows(blocks: Block[]): string[][] {
  return blocks.flatMap((b) => (b.type === 'table' ? gridRows(b.grid) : []));
}

function sameRow(a: string[], b: string[], tolerant: boolean): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    if (x === b[i]) return true;
    if (!tolerant) return false;
    return distance(x, b[i]) <= 2 + Math.floor(Math.max(x.length, b[i].length) * 0.03);
  });
}

function matched(gold: string[][], ours: string[][], tolerant: boolean): number {
  const pool = [...ours];
  let n = 0;
  for (const g of gold) {
    const i = pool.findIndex((o) => sameRow(g, o, tolerant));
    if (i >= 0) {
      pool.splice(i, 1);
      n++;
    }
  }
  return n;
}

function score(plan: string, file: string) {
  const doc = readText(readFileSync(join(CORPUS, plan, file)));
  const gold = goldRows(plan);
  const ours = tableRows(doc.blocks);
  return { gold: gold.length, ours: ours.length, exact: matched(gold, ours, false), tolerant: matched(gold, ours, true), doc };
}

// Measured on the corpus; a drop below these means structure recovery regressed.
const EXPECTED: Record<string, { exact: number; tolerant: number }> = {};

describe('text reader: table rows against the gold structure', () => {
  const report: string[] = [];
  for (const plan of plans) {
    for (const file of ['source.txt', 'export.tsv']) {
      it(`${plan}/${file}`, () => {
        const s = score(plan, file);
        report.push(`${plan}/${file}: ${s.exact}/${s.gold} exact, ${s.tolerant}/${s.gold} tolerant (${s.ours} rows read)`);
        console.log(report[report.length - 1]);
        expect(s.doc.format).toBe('text');
        expect(s.doc.extractor).toBe('text');
        const want = EXPECTED[`${plan}/${file}`];
        if (want) {
          expect(s.exact).toBeGreaterThanOrEqual(want.exact);
          expect(s.tolerant).toBeGreaterThanOrEqual(want.tolerant);
        }
      });
    }
  }
});
