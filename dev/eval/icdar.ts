// The ICDAR 2013 table competition metric, as the reference icdar_eval.py
// computes it (default settings: official text normalisation, one-to-one
// matching that maximises correct relations, blank counts compared): each
// table's adjacency relations between neighbouring non-empty cells, compared
// as (text, text, direction, blanks jumped); per document P and R; the
// headline F1 of the mean P and mean R over documents.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { hungarian } from './align.ts';
import { pySplit } from './py.ts';

export interface IcdarCell {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
  text: string;
}
export interface IcdarTable {
  label: string;
  pages: number[];
  cells: IcdarCell[];
}

/** The competition tool's normalisation: white space dropped, upper case. */
export function normText(s: string): string {
  return pySplit(s ?? '').join('').toUpperCase();
}

type Dir = 'H' | 'V';
type Rel = [number, number, Dir, number];

function grid(t: IcdarTable): { grid: Map<string, number>; nrows: number; ncols: number } {
  const keep = t.cells.map((c, i) => [i, c] as const).filter(([, c]) => normText(c.text));
  const g = new Map<string, number>();
  if (!keep.length) return { grid: g, nrows: 0, ncols: 0 };
  const rMin = Math.min(...keep.map(([, c]) => c.r0));
  const cMin = Math.min(...keep.map(([, c]) => c.c0));
  let nrows = 0;
  let ncols = 0;
  for (const [i, c] of keep)
    for (let r = c.r0 - rMin; r <= c.r1 - rMin; r++)
      for (let k = c.c0 - cMin; k <= c.c1 - cMin; k++) {
        g.set(`${r},${k}`, i); // a later cell overwrites, as the tool did
        nrows = Math.max(nrows, r + 1);
        ncols = Math.max(ncols, k + 1);
      }
  return { grid: g, nrows, ncols };
}

function scan(get: (line: number, pos: number) => number | undefined, nLines: number, nPos: number, dir: Dir, out: Rel[], seen: Set<string>): void {
  for (let line = 0; line < nLines; line++) {
    let p = 0;
    while (p < nPos - 1) {
      const a = get(line, p);
      if (a === undefined) {
        p++;
        continue;
      }
      let last = p;
      let q = p + 1;
      while (q < nPos) {
        const x = get(line, q);
        if (x === undefined) {
          q++;
          continue;
        }
        if (x === a) {
          last = q;
          q++;
          continue;
        }
        const key = `${a},${x},${dir}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push([a, x, dir, q - last - 1]);
        }
        break;
      }
      p = last + 1;
    }
  }
}

/** Multiset of relations, keyed "textA\0textB\0dir\0blanks". */
export function relations(t: IcdarTable): Map<string, number> {
  const { grid: g, nrows, ncols } = grid(t);
  const rels: Rel[] = [];
  const seen = new Set<string>();
  scan((r, c) => g.get(`${r},${c}`), nrows, ncols, 'H', rels, seen);
  scan((c, r) => g.get(`${r},${c}`), ncols, nrows, 'V', rels, seen);
  const norm = t.cells.map((c) => normText(c.text));
  const out = new Map<string, number>();
  for (const [a, b, d, n] of rels) {
    const k = `${norm[a]}\0${norm[b]}\0${d}\0${n}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

function total(m: Map<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}

function common(a: Map<string, number>, b: Map<string, number>): number {
  let n = 0;
  for (const [k, v] of a) n += Math.min(v, b.get(k) ?? 0);
  return n;
}

/** Maximum-weight one-to-one assignment: the Hungarian method with potentials
 * (the records scorer's, step for step as the reference script does it, so
 * that ties go the same way) on the costs big - weight. */
export function assignment(weights: number[][]): [number, number][] {
  const n = weights.length;
  const m = n ? weights[0].length : 0;
  if (n === 0 || m === 0) return [];
  // the method wants no more rows than columns
  const transposed = n > m;
  const w = transposed ? Array.from({ length: m }, (_, j) => weights.map((row) => row[j])) : weights;
  const big = Math.max(...w.map((row) => Math.max(...row)));
  const cols = hungarian(w.map((row) => row.map((x) => big - x)));
  const pairs: [number, number][] = [];
  cols.forEach((j, i) => {
    if (j >= 0) pairs.push([i, j]);
  });
  return transposed ? pairs.map(([a, b]) => [b, a]) : pairs;
}

function f1(tp: number, nGt: number, nDet: number): number {
  const p = nDet ? tp / nDet : 0;
  const r = nGt ? tp / nGt : 0;
  return p + r ? (2 * p * r) / (p + r) : 0;
}

export interface TableRow {
  gt: string | null;
  pred: string | null;
  pages: number[];
  tp: number;
  n_gt: number;
  n_det: number;
  missed: string[];
  false: string[];
}

export interface DocScore {
  tp: number;
  n_gt: number;
  n_det: number;
  precision: number;
  recall: number;
  f1: number;
  n_gt_tables: number;
  n_pred_tables: number;
  gt_file: string;
  status: 'ok' | 'missing' | 'invalid';
  tables: TableRow[];
}

function prf(tp: number, nGt: number, nDet: number): { precision: number; recall: number; f1: number } {
  if (nGt === 0 && nDet === 0) return { precision: 1, recall: 1, f1: 1 };
  const p = nDet ? tp / nDet : 0;
  const r = nGt ? tp / nGt : 0;
  return { precision: p, recall: r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

const overlap = (a: number[], b: number[]) => a.some((x) => b.includes(x));

function diff(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [k, v] of a) for (let i = (b.get(k) ?? 0); i < v; i++) out.push(k);
  return out;
}

export function scoreTables(gt: IcdarTable[], pred: IcdarTable[], gtFile = ''): DocScore {
  const gr = gt.map(relations);
  const pr = pred.map(relations);
  const tp = gt.map(() => pred.map(() => 0));
  const weights = gt.map(() => pred.map(() => 0));
  gt.forEach((g, i) =>
    pred.forEach((p, j) => {
      if (!overlap(g.pages, p.pages)) return;
      const n = common(gr[i], pr[j]);
      tp[i][j] = n;
      weights[i][j] = n + 0.01 * f1(n, total(gr[i]), total(pr[j])) + 1e-4;
    }),
  );
  const pairs = assignment(weights).filter(([i, j]) => weights[i][j] > 0);
  const byGt = new Map(pairs);
  const matched = new Set(pairs.map(([, j]) => j));
  const rows: TableRow[] = gt.map((g, i) => {
    const j = byGt.get(i);
    if (j === undefined) return { gt: g.label, pred: null, pages: g.pages, tp: 0, n_gt: total(gr[i]), n_det: 0, missed: diff(gr[i], new Map()), false: [] };
    return { gt: g.label, pred: pred[j].label, pages: g.pages, tp: tp[i][j], n_gt: total(gr[i]), n_det: total(pr[j]), missed: diff(gr[i], pr[j]), false: diff(pr[j], gr[i]) };
  });
  pred.forEach((p, j) => {
    if (!matched.has(j)) rows.push({ gt: null, pred: p.label, pages: p.pages, tp: 0, n_gt: 0, n_det: total(pr[j]), missed: [], false: [] });
  });
  const sum = (k: 'tp' | 'n_gt' | 'n_det') => rows.reduce((s, r) => s + r[k], 0);
  const t = sum('tp');
  const g = sum('n_gt');
  const d = sum('n_det');
  return { tp: t, n_gt: g, n_det: d, ...prf(t, g, d), n_gt_tables: gt.length, n_pred_tables: pred.length, gt_file: gtFile, status: 'ok', tables: rows };
}

// ---------------------------------------------------------------------------
// Loading

function attr(tag: string, name: string): number | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`).exec(tag);
  if (!m || m[1].trim() === '') return undefined;
  return Number.parseInt(m[1], 10);
}

function unescapeXml(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The tables of one NAME-str.xml ground-truth file. */
export function loadGt(file: string): IcdarTable[] {
  const xml = readFileSync(file, 'utf8');
  const tables: IcdarTable[] = [];
  const tableRe = /<table\b([^>]*)>([\s\S]*?)<\/table>/g;
  let t: RegExpExecArray | null;
  let ti = 0;
  while ((t = tableRe.exec(xml))) {
    ti++;
    const id = /\sid\s*=\s*["']([^"']*)["']/.exec(t[1])?.[1] ?? String(ti);
    const pages = new Set<number>();
    const cells: IcdarCell[] = [];
    const regionRe = /<region\b([^>]*)>([\s\S]*?)<\/region>/g;
    let r: RegExpExecArray | null;
    while ((r = regionRe.exec(t[2]))) {
      const page = attr(r[1], 'page');
      if (page === undefined) throw new Error(`${file}: table ${id}: region without page`);
      pages.add(page);
      const dr = attr(r[1], 'row-increment') ?? 0;
      const dc = attr(r[1], 'col-increment') ?? 0;
      const cellRe = /<cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/cell>)/g;
      let c: RegExpExecArray | null;
      while ((c = cellRe.exec(r[2]))) {
        const sr = attr(c[1], 'start-row');
        const sc = attr(c[1], 'start-col');
        if (sr === undefined || sc === undefined) throw new Error(`${file}: table ${id}: cell without start-row/col`);
        const er = attr(c[1], 'end-row') ?? sr;
        const ec = attr(c[1], 'end-col') ?? sc;
        const content = /<content\b[^>]*>([\s\S]*?)<\/content>/.exec(c[2] ?? '');
        const text = content ? unescapeXml(content[1].replace(/<[^>]*>/g, '')) : '';
        cells.push({ r0: sr + dr, c0: sc + dc, r1: er + dr, c1: ec + dc, text });
      }
    }
    tables.push({ label: `table ${id}`, pages: [...pages].sort((a, b) => a - b), cells });
  }
  return tables;
}

const PredCell = z.object({
  row: z.number().int().min(0),
  col: z.number().int().min(0),
  rowspan: z.number().int().min(1).default(1),
  colspan: z.number().int().min(1).default(1),
  text: z.string().nullable().default(''),
});
const PredTable = z
  .object({
    page: z.number().int().min(1).optional(),
    pages: z.array(z.number().int().min(1)).min(1).optional(),
    cells: z.array(PredCell),
  })
  .refine((t) => t.pages || t.page, { message: 'a table needs "page" or "pages"' });
export const PredFile = z.object({ schema: z.literal('plan-tables/1'), tables: z.array(PredTable) });

/** The tables of one plan-tables/1 prediction (parsed JSON). */
export function parsePred(data: unknown): IcdarTable[] {
  const f = PredFile.parse(data);
  return f.tables.map((t, i) => ({
    label: `pred ${i + 1}`,
    pages: [...new Set(t.pages ?? [t.page!])].sort((a, b) => a - b),
    cells: t.cells.map((c) => ({ r0: c.row, c0: c.col, r1: c.row + c.rowspan - 1, c1: c.col + c.colspan - 1, text: c.text ?? '' })),
  }));
}

/** Documents of a ground-truth folder, each with its variants ("a"/"b"). */
export function discoverDocs(gtDir: string): Map<string, string[]> {
  const names = readdirSync(gtDir)
    .filter((n) => n.endsWith('-str.xml'))
    .map((n) => n.slice(0, -'-str.xml'.length))
    .sort();
  const present = new Set(names);
  const docs = new Map<string, string[]>();
  for (const n of names) {
    if (n.endsWith('b') && present.has(n.slice(0, -1) + 'a')) continue;
    const variants = [n];
    if (n.endsWith('a') && present.has(n.slice(0, -1) + 'b')) variants.push(n.slice(0, -1) + 'b');
    docs.set(n, variants.map((v) => path.join(gtDir, `${v}-str.xml`)));
  }
  return docs;
}

/** Scores one document's prediction against each ground-truth variant; the best counts. */
export function scoreDoc(variants: string[], pred: IcdarTable[] | null): DocScore {
  let best: DocScore | null = null;
  for (const file of variants) {
    const res = scoreTables(loadGt(file), pred ?? [], path.basename(file));
    if (!best || res.f1 > best.f1 || (res.f1 === best.f1 && res.tp > best.tp)) best = res;
  }
  best!.status = pred ? 'ok' : 'missing';
  return best!;
}

export interface Summary {
  docs: number;
  tables: number;
  precision: number;
  recall: number;
  f1: number;
  mean_doc_f1: number;
  micro: { tp: number; n_gt: number; n_det: number; precision: number; recall: number; f1: number };
}

export function summarise(results: Map<string, DocScore>): Summary {
  const rs = [...results.values()];
  const n = rs.length;
  const mp = rs.reduce((s, r) => s + r.precision, 0) / n;
  const mr = rs.reduce((s, r) => s + r.recall, 0) / n;
  const tp = rs.reduce((s, r) => s + r.tp, 0);
  const ng = rs.reduce((s, r) => s + r.n_gt, 0);
  const nd = rs.reduce((s, r) => s + r.n_det, 0);
  return {
    docs: n,
    tables: rs.reduce((s, r) => s + r.n_gt_tables, 0),
    precision: mp,
    recall: mr,
    f1: mp + mr ? (2 * mp * mr) / (mp + mr) : 0,
    mean_doc_f1: rs.reduce((s, r) => s + r.f1, 0) / n,
    micro: { tp, n_gt: ng, n_det: nd, ...prf(tp, ng, nd) },
  };
}
