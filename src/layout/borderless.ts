// Tables without ruling lines. Columns come from where text starts: table cells
// are (nearly always) left-aligned, so the left edges of the pieces of text on
// multi-cell lines line up down the page. Rows come from line spacing: the gap
// between two rows (cell padding, paragraph spacing) is wider than the pitch of
// the wrapped lines inside a cell.
import { type Line, median, segments, wordsText } from './lines.ts';
import type { PageCell, PageTable } from './types.ts';

/** A gap wider than this many text sizes separates two cells on a line. */
const CELL_GAP = 0.75;
/** A vertical gap above this many text sizes ends a block of text. */
const BLOCK_GAP = 1.5;

interface Seg {
  x0: number;
  x1: number;
}

export interface TextTable {
  table: PageTable;
  /** the lines the table took, by index into the lines given */
  used: Set<number>;
}

/** Finds tables among lines that are not inside ruled tables. */
export function findTextTables(lines: Line[], page: number): TextTable[] {
  const out: TextTable[] = [];
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    const prev = lines[i - 1];
    const next = lines[i];
    if (next && next.y0 - prev.y1 <= BLOCK_GAP * Math.max(prev.size, next.size)) continue;
    out.push(...tablesInBlock(lines, start, i, page));
    start = i;
  }
  return out;
}

function tablesInBlock(lines: Line[], from: number, to: number, page: number): TextTable[] {
  const segs = new Map<number, Line[]>();
  for (let i = from; i < to; i++) segs.set(i, segments(lines[i], CELL_GAP));
  const multi = [...segs.entries()].filter(([, s]) => s.length >= 2).map(([i]) => i);
  if (multi.length < 2) return [];
  const size = median(multi.map((i) => lines[i].size));
  const tol = 0.6 * size;
  // column starts: left edges that recur on at least two multi-cell lines
  const starts: number[] = [];
  for (const i of multi) for (const s of segs.get(i)!) starts.push(s.x0);
  // The first multi-cell line is normally the header row: all its starts are
  // columns even when a column stays empty further down.
  const headerStarts = segs.get(multi[0])!.map((s) => s.x0);
  const candidates = mergeAnchors(clusterStarts(starts, tol, 2), headerStarts, tol);
  // a column start has a gutter in front of it: text that runs across it
  // (an indented second line, a date under a bullet) is no column
  const blockSegs = [...segs.values()].flat();
  const anchors = candidates.filter((a, k) => {
    if (k === 0) return true;
    const support = starts.filter((x) => Math.abs(x - a) <= tol).length;
    const crossing = blockSegs.filter((sg) => sg.x0 < a - tol && sg.x1 > a + tol).length;
    return crossing <= 0.25 * support;
  });
  if (anchors.length < 2) return [];
  const fits = (i: number): 'cells' | 'span' | 'no' => {
    let spans = false;
    for (const s of segs.get(i)!) {
      const k = columnOf(anchors, s.x0, tol);
      if (k < 0) return 'no';
      // text may be indented inside its column (bullets), never pushed out of it
      if (k === 0 && s.x0 - anchors[0] > tol && anchors.length > 1 && s.x1 > anchors[1]) return 'no';
      if (k + 1 < anchors.length && s.x1 > anchors[k + 1] - 0.3 * size) spans = true;
    }
    return spans ? 'span' : 'cells';
  };
  // the table runs from the first multi-cell line that fits to the last line
  // that fits; spanning lines inside it are section rows
  const kinds = new Map<number, 'cells' | 'span' | 'no'>();
  for (let i = from; i < to; i++) kinds.set(i, fits(i));
  const first = multi.find((i) => kinds.get(i) === 'cells');
  if (first === undefined) return [];
  let last = first;
  for (let i = first + 1; i < to; i++) {
    const k = kinds.get(i);
    if (k === 'no') break;
    // a bold spanning line right after the rows is a section row (often the
    // last line on a page, its rows following on the next one)
    if (k === 'cells' || (k === 'span' && lines[i].words.every((w) => w.bold))) last = i;
  }
  const rowLines: number[] = [];
  for (let i = first; i <= last; i++) rowLines.push(i);
  if (rowLines.filter((i) => segs.get(i)!.length >= 2).length < 2) return [];
  const table = buildTextTable(lines, rowLines, kinds, anchors, size, page);
  const result: TextTable[] = [{ table, used: new Set(rowLines) }];
  // another table may follow in the same block
  if (last + 1 < to) result.push(...tablesInBlock(lines, last + 1, to, page));
  return result;
}

function clusterStarts(xs: number[], tol: number, minSupport: number): number[] {
  const s = [...xs].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  const flush = () => {
    if (group.length >= minSupport) out.push(Math.min(...group));
    group = [];
  };
  for (const x of s) {
    if (group.length && x - group[group.length - 1] > tol) flush();
    group.push(x);
  }
  flush();
  return out;
}

function mergeAnchors(anchors: number[], extra: number[], tol: number): number[] {
  const out = [...anchors];
  for (const x of extra) if (!out.some((a) => Math.abs(a - x) <= tol)) out.push(x);
  return out.sort((a, b) => a - b);
}

/** Index of the last column start at or left of x (within tol), -1 if none. */
function columnOf(anchors: number[], x: number, tol: number): number {
  let k = -1;
  for (let i = 0; i < anchors.length; i++) if (anchors[i] <= x + tol) k = i;
  return k;
}

function buildTextTable(
  lines: Line[],
  idx: number[],
  kinds: Map<number, 'cells' | 'span' | 'no'>,
  anchors: number[],
  size: number,
  page: number,
): PageTable {
  const ncols = anchors.length;
  const tol = 0.6 * size;
  // row breaks: the widest jump in line pitch separates "next line of the same
  // cell" from "next row"; with no clear jump every line is a row
  const pitches: number[] = [];
  for (let j = 1; j < idx.length; j++) pitches.push(lines[idx[j]].y0 - lines[idx[j - 1]].y0);
  const threshold = pitchThreshold(pitches, size);
  const groups: number[][] = [];
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j];
    const spanning = kinds.get(i) === 'span';
    const prevSpanning = j > 0 && kinds.get(idx[j - 1]) === 'span';
    if (j === 0 || spanning || prevSpanning || pitches[j - 1] > threshold) groups.push([i]);
    else groups[groups.length - 1].push(i);
  }
  const cells: PageCell[] = [];
  const rowYs: number[] = [];
  let x0 = Infinity;
  let x1 = -Infinity;
  groups.forEach((g, r) => {
    rowYs.push(Math.min(...g.map((i) => lines[i].y0)));
    for (const i of g) {
      x0 = Math.min(x0, lines[i].x0);
      x1 = Math.max(x1, lines[i].x1);
    }
    if (g.length === 1 && kinds.get(g[0]) === 'span') {
      cells.push({ row: r, col: 0, rowspan: 1, colspan: ncols, text: wordsText(lines[g[0]].words) });
      return;
    }
    const byCol: (typeof lines)[number]['words'][] = Array.from({ length: ncols }, () => []);
    for (const i of g) {
      for (const w of lines[i].words) byCol[Math.max(0, columnOf(anchors, w.x0, tol))].push(w);
    }
    // a bold label alone in the first column of an otherwise empty row is a
    // section heading spanning the table
    const filled = byCol.filter((ws) => ws.length > 0).length;
    if (filled === 1 && byCol[0].length && g.length === 1 && byCol[0].every((w) => w.bold)) {
      cells.push({ row: r, col: 0, rowspan: 1, colspan: ncols, text: wordsText(byCol[0]) });
      return;
    }
    byCol.forEach((ws, c) =>
      cells.push({
        row: r,
        col: c,
        rowspan: 1,
        colspan: 1,
        text: wordsText(ws),
        ...(ws.length ? { bottom: Math.max(...ws.map((w) => w.y1)) } : {}),
      }),
    );
  });
  const last = groups[groups.length - 1];
  const bottom = Math.max(...last.map((i) => lines[i].y1));
  rowYs.push(bottom);
  const cols = [x0, ...anchors.slice(1).map((a) => a - 0.3 * size), Math.max(x1, anchors[ncols - 1] + size)];
  return { page, bbox: [x0, rowYs[0], cols[ncols], bottom], cols, rows: rowYs, cells, size, ruled: false };
}

/** Line pitch above which the next line starts a new row. The tightest pitch
 * is the one of wrapped lines in a cell; a row break adds padding to it. When
 * even the tightest pitch is loose, the lines are single-line rows. */
export function pitchThreshold(pitches: number[], size: number): number {
  if (!pitches.length) return Infinity;
  const s = [...pitches].sort((a, b) => a - b);
  const base = s[Math.floor(s.length * 0.1)];
  if (base > 1.4 * size) return base - 0.1 * size;
  return base + 0.2 * size;
}
