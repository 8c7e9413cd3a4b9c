// Tables drawn with ruling lines: connected horizontal and vertical rulings make
// a table; their positions give the columns and rows, and a missing ruling
// between two neighbouring grid cells means the cells are merged.
import type { PositionedWord, Ruling } from '../model.ts';
import { cutAt } from '../glyphs.ts';
import { median, wordHeight, wordsText } from './lines.ts';
import { byHeight, gutterColumns, textRowBreaks, textVerticals } from './ruled-text.ts';
import { TABLE_SETTINGS } from './settings.ts';
import { cellBox, type PageCell, type PageTable } from './types.ts';
import { filled, mapped } from '../arrays.ts';

interface HSeg {
  y: number;
  x0: number;
  x1: number;
}
interface VSeg {
  x: number;
  y0: number;
  y1: number;
}

/** Tolerance for "the same position" in page units, scaled to the text size. */
export function tolerance(textSize: number): number {
  return Math.max(1.5, 0.25 * textSize);
}

export function splitRulings(rulings: Ruling[]): { hs: HSeg[]; vs: VSeg[] } {
  const hs: HSeg[] = [];
  const vs: VSeg[] = [];
  for (const r of rulings) {
    const dx = Math.abs(r.x1 - r.x0);
    const dy = Math.abs(r.y1 - r.y0);
    if (dy <= 1 && dx > dy) hs.push({ y: (r.y0 + r.y1) / 2, x0: Math.min(r.x0, r.x1), x1: Math.max(r.x0, r.x1) });
    else if (dx <= 1 && dy > dx) vs.push({ x: (r.x0 + r.x1) / 2, y0: Math.min(r.y0, r.y1), y1: Math.max(r.y0, r.y1) });
  }
  return { hs: mergeH(hs, 1), vs: mergeV(vs, 1) };
}

/** Joins collinear segments that overlap or touch. Segments are grouped by
 * position first (within tol), then joined along their length, so that two
 * rules a fraction of a point apart in different places stay apart. */
function mergeH(hs: HSeg[], tol: number): HSeg[] {
  const out: HSeg[] = [];
  for (const group of byPosition(hs, (h) => h.y, tol)) {
    group.sort((a, b) => a.x0 - b.x0);
    let last: HSeg | null = null;
    for (const h of group) {
      if (last && h.x0 <= last.x1 + tol) last.x1 = Math.max(last.x1, h.x1);
      else out.push((last = { ...h }));
    }
  }
  return out.sort((a, b) => a.y - b.y || a.x0 - b.x0);
}

function mergeV(vs: VSeg[], tol: number): VSeg[] {
  const out: VSeg[] = [];
  for (const group of byPosition(vs, (v) => v.x, tol)) {
    group.sort((a, b) => a.y0 - b.y0);
    let last: VSeg | null = null;
    for (const v of group) {
      if (last && v.y0 <= last.y1 + tol) last.y1 = Math.max(last.y1, v.y1);
      else out.push((last = { ...v }));
    }
  }
  return out.sort((a, b) => a.x - b.x || a.y0 - b.y0);
}

/** Runs of items whose positions follow each other within tol. */
function byPosition<T>(items: T[], pos: (t: T) => number, tol: number): T[][] {
  const s = [...items].sort((a, b) => pos(a) - pos(b));
  const groups: T[][] = [];
  for (const t of s) {
    const g = groups[groups.length - 1];
    if (g && pos(t) - pos(g[g.length - 1]) <= tol) g.push(t);
    else groups.push([t]);
  }
  return groups;
}

/** Positions closer than tol become one (their mean). */
function clusterPositions(values: number[], tol: number): number[] {
  const s = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  for (const v of s) {
    if (group.length && v - group[group.length - 1] > tol) {
      out.push(group.reduce((a, b) => a + b, 0) / group.length);
      group = [];
    }
    group.push(v);
  }
  if (group.length) out.push(group.reduce((a, b) => a + b, 0) / group.length);
  return out;
}

class UnionFind {
  private p: number[];
  constructor(n: number) {
    this.p = filled(n, (i) => i);
  }
  find(i: number): number {
    while (this.p[i] !== i) {
      this.p[i] = this.p[this.p[i]];
      i = this.p[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.p[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

export interface RuledRegion {
  hs: HSeg[];
  vs: VSeg[];
  bbox: [number, number, number, number];
}

/** Groups rulings into connected sets (segments that touch or cross). */
export function rulingRegions(rulings: Ruling[], tol: number): RuledRegion[] {
  const { hs, vs } = splitRulings(rulings);
  const n = hs.length + vs.length;
  const uf = new UnionFind(n);
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i];
    for (let j = 0; j < vs.length; j++) {
      const v = vs[j];
      if (v.x >= h.x0 - tol && v.x <= h.x1 + tol && h.y >= v.y0 - tol && h.y <= v.y1 + tol) uf.union(i, hs.length + j);
    }
  }
  const groups = new Map<number, RuledRegion>();
  const get = (root: number) => {
    let g = groups.get(root);
    if (!g) {
      g = { hs: [], vs: [], bbox: [Infinity, Infinity, -Infinity, -Infinity] };
      groups.set(root, g);
    }
    return g;
  };
  hs.forEach((h, i) => {
    const g = get(uf.find(i));
    g.hs.push(h);
    grow(g.bbox, h.x0, h.y, h.x1, h.y);
  });
  vs.forEach((v, j) => {
    const g = get(uf.find(hs.length + j));
    g.vs.push(v);
    grow(g.bbox, v.x, v.y0, v.x, v.y1);
  });
  return [...groups.values()].sort((a, b) => a.bbox[1] - b.bbox[1]);
}

function grow(b: [number, number, number, number], x0: number, y0: number, x1: number, y1: number): void {
  b[0] = Math.min(b[0], x0);
  b[1] = Math.min(b[1], y0);
  b[2] = Math.max(b[2], x1);
  b[3] = Math.max(b[3], y1);
}

/** The segments within tol of a position (as coveredV and coveredH take
 * them, in their order), found once for each position asked about: a grid
 * asks of each of its lines once for every row or column. */
function segmentsNear<T>(segs: T[], pos: (s: T) => number, tol: number): (at: number) => T[] {
  const near = new Map<number, T[]>();
  return (at) => {
    let list = near.get(at);
    if (!list) near.set(at, (list = segs.filter((s) => !(Math.abs(pos(s) - at) > tol))));
    return list;
  };
}

/** Does some segment at this position cover most of [a, b]? */
function coveredV(vs: VSeg[], x: number, a: number, b: number, tol: number): boolean {
  let cover = 0;
  for (const v of vs) {
    if (Math.abs(v.x - x) > tol) continue;
    cover += Math.max(0, Math.min(v.y1, b) - Math.max(v.y0, a));
  }
  return cover >= 0.5 * (b - a);
}

function coveredH(hs: HSeg[], y: number, a: number, b: number, tol: number): boolean {
  let cover = 0;
  for (const h of hs) {
    if (Math.abs(h.y - y) > tol) continue;
    cover += Math.max(0, Math.min(h.x1, b) - Math.max(h.x0, a));
  }
  return cover >= 0.5 * (b - a);
}

/** Builds the table of one ruled region with both row and column rulings.
 * Returns null when the region is no table (a lone box, an underline), and
 * 'figure' for a chart's grid lines and 'box' for a framed label: their
 * words belong to no table. */
export function ruledTable(region: RuledRegion, words: PositionedWord[], page: number, tol: number): PageTable | 'figure' | 'box' | null {
  const [bx0, by0, bx1, by1] = region.bbox;
  let xs = clusterPositions([...mapped(region.vs, (v) => v.x), bx0, bx1], tol);
  let ys = clusterPositions([...mapped(region.hs, (h) => h.y), by0, by1], tol);
  // what the rulings leave out, the text shows: columns without rules
  // between them, column lines drawn in the header only, rows without rules
  const inner = byHeight(words.filter((w) => (w.y0 + w.y1) / 2 > ys[0] && (w.y0 + w.y1) / 2 < ys[ys.length - 1]));
  // (the text size of the words inside, for both readings of them)
  const innerSize = median(inner.map(wordHeight)) || 10;
  const gutters = gutterColumns(inner, xs, innerSize);
  if (gutters.length) xs = [...xs, ...gutters].sort((a, b) => a - b);
  const vs = [...region.vs];
  const hs = [...region.hs];
  const drawnAt = segmentsNear(region.vs, (v) => v.x, tol);
  vs.push(...textVerticals(inner, xs, ys, (x, a, b) => coveredV(drawnAt(x), x, a, b, tol), new Set(gutters), innerSize));
  const vsAt = segmentsNear(vs, (v) => v.x, tol);
  const breaks = textRowBreaks(inner, xs, ys, (x, a, b) => coveredV(vsAt(x), x, a, b, tol));
  if (breaks.length) {
    for (const y of breaks) hs.push({ y, x0: bx0, x1: bx1 });
    ys = clusterPositions([...ys, ...breaks], tol);
  }
  const nx = xs.length - 1;
  const ny = ys.length - 1;
  if (nx < 2 || ny < 1) return null;
  // (each step its own small function: the loops are what grows hot, and
  // optimising one large function that holds them all cost more than the rest)
  const uf = mergeUnruled(vsAt, segmentsNear(hs, (h) => h.y, tol), xs, ys, tol);
  const spans = spansOf(uf, nx, ny);
  placeWords(spans, uf, cutAtLines(words, xs, vsAt, tol), xs, ys);
  const cells = cellsOf(spans, page, xs, ys);
  const size = median(words.map(wordHeight)) || 10;
  // a grid that is mostly empty is a chart's grid lines, not a table
  const withText = cells.filter((c) => c.text.trim());
  const filled = withText.reduce((n, c) => n + c.rowspan * c.colspan, 0);
  if (filled < TABLE_SETTINGS.ruled.minFilled * nx * ny) return 'figure';
  // text in one cell only is a framed label (a box of a diagram, a callout)
  if (withText.length < 2) return 'box';
  return { page, bbox: [xs[0], ys[0], xs[nx], ys[ny]], cols: xs, rows: ys, cells, size, ruled: true };
}

/** Slots of the grid with no ruling between them joined into one group. */
function mergeUnruled(vsAt: (x: number) => VSeg[], hsAt: (y: number) => HSeg[], xs: number[], ys: number[], tol: number): UnionFind {
  const nx = xs.length - 1;
  const ny = ys.length - 1;
  const uf = new UnionFind(nx * ny);
  for (let r = 0; r < ny; r++) {
    for (let c = 0; c < nx; c++) {
      if (c + 1 < nx && !coveredV(vsAt(xs[c + 1]), xs[c + 1], ys[r], ys[r + 1], tol)) uf.union(r * nx + c, r * nx + c + 1);
      if (r + 1 < ny && !coveredH(hsAt(ys[r + 1]), ys[r + 1], xs[c], xs[c + 1], tol)) uf.union(r * nx + c, (r + 1) * nx + c);
    }
  }
  return uf;
}

interface Span { r0: number; c0: number; r1: number; c1: number; words: PositionedWord[] }

/** each merged group becomes one cell spanning its bounding rectangle */
function spansOf(uf: UnionFind, nx: number, ny: number): Map<number, Span> {
  const spans = new Map<number, Span>();
  for (let r = 0; r < ny; r++) {
    for (let c = 0; c < nx; c++) {
      const root = uf.find(r * nx + c);
      const s = spans.get(root);
      if (!s) spans.set(root, { r0: r, c0: c, r1: r, c1: c, words: [] });
      else {
        s.r0 = Math.min(s.r0, r);
        s.c0 = Math.min(s.c0, c);
        s.r1 = Math.max(s.r1, r);
        s.c1 = Math.max(s.c1, c);
      }
    }
  }
  return spans;
}

function placeWords(spans: Map<number, Span>, uf: UnionFind, words: PositionedWord[], xs: number[], ys: number[]): void {
  const nx = xs.length - 1;
  const ny = ys.length - 1;
  for (const w of words) {
    const cx = (w.x0 + w.x1) / 2;
    const cy = (w.y0 + w.y1) / 2;
    if (cx < xs[0] || cx > xs[nx] || cy < ys[0] || cy > ys[ny]) continue;
    const c = Math.min(nx - 1, Math.max(0, upperIndex(xs, cx) - 1));
    const r = Math.min(ny - 1, Math.max(0, upperIndex(ys, cy) - 1));
    spans.get(uf.find(r * nx + c))!.words.push(w);
  }
}

/** An irregular (non-rectangular) group can make rectangles overlap: the first
 * cell in reading order keeps the slot. */
function cellsOf(spans: Map<number, Span>, page: number, xs: number[], ys: number[]): PageCell[] {
  const nx = xs.length - 1;
  const taken = new Uint8Array(nx * (ys.length - 1));
  const cells: PageCell[] = [];
  const ordered = [...spans.values()].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  for (const s of ordered) {
    if (taken[s.r0 * nx + s.c0]) continue;
    let bottom = -Infinity;
    for (const w of s.words) bottom = Math.max(bottom, w.y1);
    for (let r = s.r0; r <= s.r1; r++) for (let c = s.c0; c <= s.c1; c++) taken[r * nx + c] = 1;
    const text = wordsText(s.words);
    const box = cellBox(page, s.words, [xs[s.c0], ys[s.r0], xs[s.c1 + 1], ys[s.r1 + 1]]);
    // (two literals, not a spread: the same keys in the same order)
    const row = s.r0;
    const col = s.c0;
    const rowspan = s.r1 - s.r0 + 1;
    const colspan = s.c1 - s.c0 + 1;
    cells.push(s.words.length ? { row, col, rowspan, colspan, text, bottom, box } : { row, col, rowspan, colspan, text, box });
  }
  return cells;
}

/** A word drawn over a column line (text overflowing its cell, two cells'
 * text touching) is cut there: each glyph goes to the cell that holds its
 * centre. */
function cutAtLines(words: PositionedWord[], xs: number[], vsAt: (x: number) => VSeg[], tol: number): PositionedWord[] {
  const out: PositionedWord[] = [];
  for (const w of words) {
    let rest: PositionedWord | null = w;
    // only the inner lines past the word's left edge can cut it, and none from
    // its right edge on (xs ascend; a cut keeps the right edge): most words
    // are in one column, and the loop below never runs for them
    for (let k = Math.max(1, upperIndex(xs, w.x0 + tol)); k < xs.length - 1; k++) {
      const x = xs[k];
      if (x >= w.x1 - tol) break;
      if (!rest || x <= rest.x0 + tol || x >= rest.x1 - tol) continue;
      if (!coveredV(vsAt(x), x, rest.y0, rest.y1, tol)) continue;
      const cut = cutAt(rest.text, rest.x0, rest.x1, x);
      if (!cut) continue;
      out.push({ ...rest, text: cut[0], x1: cut[2] });
      rest = { ...rest, text: cut[1], x0: cut[2] };
    }
    if (rest) out.push(rest);
  }
  return out;
}

/** First index whose value is greater than v (values ascending). */
function upperIndex(values: number[], v: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
