// Rows of a table whose cells are paragraphs in sequence: a word processor's
// text export (one paragraph a line, an empty line an empty cell) or a
// browser's copy (cells tab-separated, a cell's later paragraphs on lines of
// their own). Where one cell ends and the next begins is not marked, so we
// choose the split of the whole table that best fits what each column holds:
// every row is a heading across the table or the header's cells in order,
// each cell one paragraph or more. A first split from the header's labels
// tells what each column holds (refs, dates, names, RAG words, long text);
// the split is then made again with those columns' own profiles.
import { mapHeaderRow } from '../../normalise/headers.ts';
import { paragraphKind, paragraphPrior, type ParagraphKind } from './kinds.ts';
import { kindCosts } from './profile.ts';
import { PROFILE_SETTINGS, SEGMENT_SETTINGS } from './settings.ts';

type Kind = ParagraphKind;
const KINDS: Kind[] = ['empty', 'ref', 'rag', 'money', 'date', 'dated', 'bullet', 'bullet-dated', 'name', 'text', 'long'];
const kindOf = paragraphKind;

/** One paragraph of the table and what stands before it. */
export interface Token {
  text: string;
  /** 'tab': a tab comes before it (the next cell of the same row); 'line': a line break */
  sep: 'tab' | 'line';
  no: number;
  page: number;
}

export interface SegRow {
  cells: string[];
  no: number;
  page: number;
  /** a heading across the table */
  section?: string;
  /** the row's first cells were dropped (cells merged down in a browser's copy) */
  skipped?: number;
}

const { smooth: SMOOTH, maxCellLines: MAX_CELL_LINES, sectionCost: SECTION_COST, skipCost: SKIP_COST } = SEGMENT_SETTINGS;
const PRIOR_WEIGHT = PROFILE_SETTINGS.priorWeight;

interface Profile {
  /** per column: -log P(first paragraph's kind) */
  first: Map<Kind, number>[];
  /** per column: -log P(the cell goes on), -log P(it stops) */
  more: number[];
  stop: number[];
  /** per column: -log P(kind of a later paragraph) */
  cont: Map<Kind, number>[];
  /** -log P(kind) of a heading across the table */
  section: Map<Kind, number>;
}

const toCosts = (counts: Partial<Record<Kind, number>>) => kindCosts(KINDS, counts, SMOOTH);

interface Counts {
  first: Partial<Record<Kind, number>>[];
  cont: Partial<Record<Kind, number>>[];
  cells: number[];
  lines: number[];
  section: Partial<Record<Kind, number>>;
}

function emptyCounts(n: number): Counts {
  return { first: Array.from({ length: n }, () => ({})), cont: Array.from({ length: n }, () => ({})), cells: Array(n).fill(0), lines: Array(n).fill(0), section: {} };
}

function profileFrom(counts: Counts, prior: Counts): Profile {
  const n = counts.first.length;
  const mix = (a: Partial<Record<Kind, number>>, b: Partial<Record<Kind, number>>) => {
    const out: Partial<Record<Kind, number>> = {};
    for (const k of KINDS) out[k] = (a[k] ?? 0) + (b[k] ?? 0);
    return out;
  };
  const first: Map<Kind, number>[] = [];
  const cont: Map<Kind, number>[] = [];
  const more: number[] = [];
  const stop: number[] = [];
  for (let c = 0; c < n; c++) {
    first.push(toCosts(mix(counts.first[c], prior.first[c])));
    cont.push(toCosts(mix(counts.cont[c], prior.cont[c])));
    const cells = counts.cells[c] + prior.cells[c];
    const extra = counts.lines[c] + prior.lines[c];
    // each cell stops once and goes on once per later paragraph
    const pMore = (extra + 0.5) / (extra + cells + 1);
    more.push(-Math.log(pMore));
    stop.push(-Math.log(1 - pMore));
  }
  return { first, cont, more, stop, section: toCosts(mix(counts.section, prior.section)) };
}

function headerPrior(labels: string[]): Counts {
  const fields = mapHeaderRow(labels);
  const c = emptyCounts(labels.length);
  fields.forEach((f, i) => {
    const p = paragraphPrior(f);
    for (const k of KINDS) c.first[i][k] = ((p[k] ?? 0) * PRIOR_WEIGHT) / 6;
    c.cont[i] = { bullet: 2, 'bullet-dated': 1, text: 1, name: 1, long: 1, dated: 0.5, date: f === 'due' ? 1 : 0.2 };
    c.cells[i] = PRIOR_WEIGHT;
    c.lines[i] = 0.5;
  });
  c.section = { name: 2, text: 2, long: 0.5 };
  return c;
}

export interface SegmentOptions {
  /** a row may lose its first cells (a browser's copy of cells merged down) */
  dropLeading: boolean;
}

/** Split the tokens after a header of `labels` into rows. */
export function segmentRows(tokens: Token[], labels: string[], opts: SegmentOptions): SegRow[] {
  return segmentScored(tokens, labels, opts).rows;
}

/** The rows and the cost of the split (lower fits better; comparable between
 * readings of the same tokens). */
export function segmentScored(tokens: Token[], labels: string[], opts: SegmentOptions): { rows: SegRow[]; cost: number } {
  const prior = headerPrior(labels);
  let r = split(tokens, labels, profileFrom(emptyCounts(labels.length), prior), opts);
  // the columns' own profile, from the first split, read the table again
  for (let pass = 0; pass < 2; pass++) r = split(tokens, labels, profileFrom(countRows(r.rows, labels.length), prior), opts);
  return { rows: r.rows.map(({ cells, no, page, section, skipped }) => ({ cells, no, page, section, skipped })), cost: r.cost };
}

interface Built extends SegRow {
  parts: Token[][];
}

function countRows(rows: Built[], n: number): Counts {
  const c = emptyCounts(n);
  for (const r of rows) {
    if (r.section !== undefined) {
      const k = kindOf(r.section);
      c.section[k] = (c.section[k] ?? 0) + 1;
      continue;
    }
    r.parts.forEach((ps, col) => {
      if (!ps.length) return;
      const k = kindOf(ps[0].text);
      c.first[col][k] = (c.first[col][k] ?? 0) + 1;
      c.cells[col]++;
      for (const p of ps.slice(1)) {
        const ck = kindOf(p.text);
        c.cont[col][ck] = (c.cont[col][ck] ?? 0) + 1;
        c.lines[col]++;
      }
    });
  }
  return c;
}

function repeatsHeader(tokens: Token[], i: number, labels: string[]): boolean {
  const key = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  if (i + labels.length > tokens.length) return false;
  return labels.every((l, k) => key(tokens[i + k].text) === key(l));
}

/** The cheapest split of the tokens into rows under the profile. */
function split(tokens: Token[], labels: string[], prof: Profile, opts: SegmentOptions): { rows: Built[]; cost: number } {
  const n = labels.length;
  const T = tokens.length;
  const kinds = tokens.map((t) => kindOf(t.text));
  // best[i][c]: cheapest cost with tokens before i used and columns before c of the current row filled
  const best = Array.from({ length: T + 1 }, () => new Float64Array(n + 1).fill(Infinity));
  type Step = { from: number; fromCol: number; kind: 'cell' | 'section' | 'header' | 'end' | 'skip' };
  const back: (Step | undefined)[][] = Array.from({ length: T + 1 }, () => Array(n + 1).fill(undefined));
  best[0][0] = 0;
  const relax = (i: number, c: number, cost: number, step: Step) => {
    if (cost < best[i][c]) {
      best[i][c] = cost;
      back[i][c] = step;
    }
  };
  const rowStartOk = (i: number) => i >= T || i === 0 || tokens[i].sep === 'line';
  for (let i = 0; i <= T; i++) {
    // a finished row: the next one starts at a line break
    if (best[i][n] < Infinity && rowStartOk(i)) relax(i, 0, best[i][n], { from: i, fromCol: n, kind: 'end' });
    for (let c = 0; c < n; c++) {
      const here = best[i][c];
      if (here === Infinity || i >= T) continue;
      if (c === 0) {
        if (!rowStartOk(i)) continue;
        if (repeatsHeader(tokens, i, labels)) relax(i + n, 0, here, { from: i, fromCol: 0, kind: 'header' });
        // a heading across the table: one paragraph between rows
        if (kinds[i] !== 'empty' && (i + 1 >= T || tokens[i + 1].sep === 'line'))
          relax(i + 1, 0, here + SECTION_COST + prof.section.get(kinds[i])!, { from: i, fromCol: 0, kind: 'section' });
        if (opts.dropLeading) for (let s = 1; s < n - 1; s++) relax(i, s, here + SKIP_COST * s, { from: i, fromCol: 0, kind: 'skip' });
      }
      // a cell at column c from token i: a tab-separated copy opens every cell but a row's first at a tab
      const opensRow = back[i][c]?.kind === 'end' || back[i][c]?.kind === 'skip' || back[i][c]?.kind === 'section' || back[i][c]?.kind === 'header' || i === 0;
      if (opts.dropLeading && !opensRow && tokens[i].sep !== 'tab') continue;
      let cost = here + prof.first[c].get(kinds[i])!;
      const maxLines = kinds[i] === 'empty' ? 1 : MAX_CELL_LINES;
      for (let j = i + 1; j <= T && j - i <= maxLines; j++) {
        relax(j, c + 1, cost + prof.stop[c], { from: i, fromCol: c, kind: 'cell' });
        if (j >= T || kinds[j] === 'empty' || tokens[j].sep === 'tab') break;
        cost += prof.more[c] + prof.cont[c].get(kinds[j])!;
      }
    }
  }
  // the table ends after a whole row (or in the middle of one: the copy stops)
  let endCol = 0;
  let endCost = best[T][0];
  for (let c = 1; c <= n; c++) if (best[T][c] + (c < n ? SECTION_COST : 0) < endCost) [endCol, endCost] = [c, best[T][c]];
  const steps: (Step & { to: number; toCol: number })[] = [];
  for (let i = T, c = endCol; i > 0 || c > 0; ) {
    const s = back[i][c];
    if (!s) break;
    steps.push({ ...s, to: i, toCol: c });
    [i, c] = [s.from, s.fromCol];
  }
  steps.reverse();
  const rows: Built[] = [];
  let cur: Built | null = null;
  for (const s of steps) {
    if (s.kind === 'end' || s.kind === 'header') {
      cur = null;
      continue;
    }
    if (s.kind === 'section') {
      const t = tokens[s.from];
      rows.push({ cells: [], no: t.no, page: t.page, section: t.text, parts: [] });
      cur = null;
      continue;
    }
    if (!cur) {
      const t = tokens[Math.min(s.from, T - 1)];
      cur = { cells: Array(n).fill(''), no: t.no, page: t.page, parts: Array.from({ length: n }, () => []) };
      rows.push(cur);
    }
    if (s.kind === 'skip') {
      cur.skipped = s.toCol;
      continue;
    }
    const ps = tokens.slice(s.from, s.to);
    cur.parts[s.fromCol] = ps;
    cur.cells[s.fromCol] = ps.map((p) => p.text).join('\n');
  }
  return { rows, cost: endCost };
}

/** Rows whose empty cells were dropped (cells joined by a mark): each short
 * row's cells placed, in order, under the columns whose content they fit
 * best, an empty cell costing what an empty cell costs in that column. The
 * columns' profile comes from the header and the rows that have every cell. */
export function placeByContent(rows: string[][], labels: string[]): string[][] {
  const n = labels.length;
  const counts = emptyCounts(n);
  for (const r of rows) {
    if (r.length !== n) continue;
    r.forEach((t, c) => {
      const k = kindOf(t.split('\n')[0]);
      counts.first[c][k] = (counts.first[c][k] ?? 0) + 1;
      counts.cells[c]++;
    });
  }
  const prof = profileFrom(counts, headerPrior(labels));
  // a dropped cell was empty: weigh an empty column by how often empty cells occur at all
  return rows.map((r) => (r.length > 1 && r.length < n ? align(r, prof, n) : r));
}

function align(cells: string[], prof: Profile, n: number): string[] {
  const k = cells.length;
  const kinds = cells.map((t) => kindOf(t.split('\n')[0]));
  // cost[j][c]: cells before j placed in columns before c
  const cost = Array.from({ length: k + 1 }, () => new Float64Array(n + 1).fill(Infinity));
  const took = Array.from({ length: k + 1 }, () => new Uint8Array(n + 1));
  cost[0][0] = 0;
  for (let j = 0; j <= k; j++) {
    for (let c = 0; c < n; c++) {
      const here = cost[j][c];
      if (here === Infinity) continue;
      // column c left empty
      const skip = here + prof.first[c].get('empty')!;
      if (skip < cost[j][c + 1]) [cost[j][c + 1], took[j][c + 1]] = [skip, 0];
      if (j < k) {
        const put = here + prof.first[c].get(kinds[j])!;
        if (put < cost[j + 1][c + 1]) [cost[j + 1][c + 1], took[j + 1][c + 1]] = [put, 1];
      }
    }
  }
  const out: string[] = Array(n).fill('');
  for (let j = k, c = n; c > 0; c--) {
    if (took[j][c]) out[c - 1] = cells[--j];
  }
  return out;
}
