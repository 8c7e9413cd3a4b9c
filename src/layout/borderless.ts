// Tables without ruling lines.
//
// Columns: cell text never crosses a cell border, so between two columns there
// is a strip of white space that runs down the whole table. Those gutters are
// found from a projection profile of the word extents of every table line
// (not one line), the header labels included, so a column that is empty in the
// body still shows.
//
// Rows: inside a cell, wrapped lines follow each other at the font's line
// pitch; a new row adds the cell padding. So each column is read as runs of
// lines at that pitch ("entries"), and a row starts where several columns
// start an entry at once, where the first column starts one, or where a line
// starts fresh after a gap in every column it has text in. A run that goes on
// past the start of the next row is a cell merged down over the rows beside
// it: its wrapped lines stay in the cell where the run began.
//
// Every threshold is relative to the text size, so OCR words work the same.
import type { PositionedWord } from '../model.ts';
import { type Line, groupLines, median, segmentCount, wordsText } from './lines.ts';
import { TABLE_SETTINGS } from './settings.ts';
import { filled, flatMapped } from '../arrays.ts';
import { cellBox, type PageCell, type PageTable } from './types.ts';

/** A gap wider than this many text sizes separates two cells on a line. */
const CELL_GAP = 0.75;
/** A vertical gap above this many text sizes ends a block of text. */
const BLOCK_GAP = 1.5;
/** The narrowest white strip read as the gap between two columns. */
const MIN_GUTTER = 0.3;
/** List markers: a "column" of nothing but these is the hanging indent of a list. */
const MARKER = /^(?:[•●▪◦·\-–*]|\(?[0-9]{1,3}[.)]|\(?[a-z][.)])$/i;

export interface TextTable {
  table: PageTable;
  /** the lines the table took, by index into the lines given */
  used: Set<number>;
}

interface Gutter {
  x0: number;
  x1: number;
}

/** Finds tables among lines that are not inside ruled tables. `continues`:
 * a borderless table that ended the page before, whose columns a table at
 * the top of this page may take. */
export function findTextTables(lines: Line[], page: number, continues?: PageTable): TextTable[] {
  const out: TextTable[] = [];
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    const prev = lines[i - 1];
    const next = lines[i];
    if (next && next.y0 - prev.y1 <= BLOCK_GAP * Math.max(prev.size, next.size)) continue;
    out.push(...tablesInBlock(lines, start, i, page, start === 0 ? continues : undefined));
    start = i;
  }
  return out;
}

function tablesInBlock(lines: Line[], from: number, to: number, page: number, continues?: PageTable): TextTable[] {
  // how many cells each line has (gaps wider than CELL_GAP)
  const segs = new Map<number, number>();
  for (let i = from; i < to; i++) segs.set(i, segmentCount(lines[i], CELL_GAP));
  const multi = [...segs.entries()].filter(([, n]) => n >= 2).map(([i]) => i);
  if (multi.length < 2) return [];
  const size = median(multi.map((i) => lines[i].size));
  let gutters = findGutters(lines.slice(multi[0], to), multi.map((i) => lines[i]), size);
  if (!gutters.length) return [];
  if (continues) gutters = continuedGutters(gutters, continues, lines.slice(multi[0], to), size) ?? gutters;
  const kinds = new Map<number, 'cells' | 'span'>();
  // a line crossing one gutter among several it leaves white is a row whose
  // cell spans two columns (a header label over a number and its text)
  for (let i = from; i < to; i++) {
    const crossed = gutters.filter((g) => crosses(lines[i], g, size)).length;
    const partial = crossed === 1 && gutters.length >= 3 && segs.get(i)! >= 3;
    kinds.set(i, crossed && !partial ? 'span' : 'cells');
  }
  // the table starts at the first line with cells on it (normally the header)
  const first = multi.find((i) => kinds.get(i) === 'cells');
  if (first === undefined) return [];
  // ... and ends at its last line of cells. Spanning lines inside it are
  // section rows; two plain spanning lines in a row are prose after it.
  let last = first;
  let plainSpans = 0;
  for (let i = first + 1; i < to; i++) {
    if (kinds.get(i) === 'span') {
      if (lines[i].words.every((w) => w.bold)) continue;
      if (++plainSpans >= 2) break;
      continue;
    }
    plainSpans = 0;
    if (segs.get(i)! >= 2) last = i;
  }
  // wrapped lines of the last row, and a bold spanning line right after the
  // rows (a section row whose rows follow on the next page)
  for (let i = last + 1; i < to; i++) {
    const tight = lines[i].y0 - lines[i - 1].y1 <= 0.6 * size;
    if (kinds.get(i) === 'cells' && tight) last = i;
    else if (kinds.get(i) === 'span' && i === last + 1 && lines[i].words.every((w) => w.bold)) {
      last = i;
      break;
    } else break;
  }
  const rowLines: number[] = [];
  for (let i = first; i <= last; i++) rowLines.push(i);
  if (rowLines.filter((i) => segs.get(i)! >= 2 && kinds.get(i) === 'cells').length < 2) return [];
  const table = buildTextTable(lines, rowLines, kinds, gutters, size, page);
  // a chart's axis labels (its plot drawn as an image) are text, not a table
  // ... and so are columns of running text (a page set in two columns)
  // ... and notes under a table ("Source: ...", "(*) Forecast.")
  const result: TextTable[] = chartAxes(table) || proseColumns(table) || notes(table) ? [] : [{ table, used: new Set(rowLines) }];
  // another table may follow in the same block
  if (last + 1 < to) result.push(...tablesInBlock(lines, last + 1, to, page));
  return result;
}

/** White strips that run down the table, at least MIN_GUTTER sizes wide.
 * Lines split by a wide gap (`seeds`, sure to be table rows) propose them;
 * a strip that many of the block's lines run through is white space inside a
 * column, not a gutter. A few crossing lines are section rows or prose
 * after the table. */
export function findGutters(block: Line[], seeds: Line[], size: number): Gutter[] {
  let gutters = whiteStrips(seeds, size, Math.floor(0.1 * seeds.length));
  if (!gutters.length) return [];
  // the rough extent of the table: first to last seed line
  const lastSeed = block.indexOf(seeds[seeds.length - 1]);
  const body = block.slice(0, lastSeed + 1);
  const allowed = Math.max(1, 0.2 * body.length);
  // counted among all lines and among the lines with text next to the strip
  // (a sparse first column has few)
  gutters = gutters.filter((g) => {
    const crossing = body.filter((l) => crosses(l, g, size)).length;
    const near = body.filter((l) => l.words.some((w) => w.x1 > g.x0 - size && w.x0 < g.x1 + size)).length;
    return crossing <= allowed && crossing <= Math.max(1, 0.25 * near);
  });
  const clean = body.filter((l) => !gutters.some((g) => crosses(l, g, size)));
  // A narrow strip must have text starting right after it on several lines:
  // cells are left-aligned, word spaces that happen to line up are not.
  const tol = 0.15 * size;
  gutters = gutters.filter((g) => {
    if (g.x1 - g.x0 >= CELL_GAP * size) return true;
    const aligned = clean.filter((l) => l.words.some((w, j) => Math.abs(w.x0 - g.x1) <= tol && (j === 0 || l.words[j - 1].x1 <= g.x0 + tol)));
    return aligned.length >= 2;
  });
  // a strip after nothing but list markers is a hanging indent, not a column
  // (unless it is wider than any indent: numbers in a column of their own)
  const words = flatMapped(clean, (l) => l.words);
  return gutters.filter((g, k) => {
    if (g.x1 - g.x0 >= TABLE_SETTINGS.borderless.markerColumnGutter * size) return true;
    const left = k === 0 ? -Infinity : (gutters[k - 1].x0 + gutters[k - 1].x1) / 2;
    const inCol = words.filter((w) => (w.x0 + w.x1) / 2 > left && (w.x0 + w.x1) / 2 < g.x0 + 0.01);
    return !inCol.every((w) => MARKER.test(w.text));
  });
}

/** A table going on from the page before, found here with fewer columns
 * (a gutter narrowed to a word space): it takes that table's columns when
 * every gutter found here is one of them and no word runs over the others,
 * at each of which text starts on several lines. */
function continuedGutters(found: Gutter[], prev: PageTable, block: Line[], size: number): Gutter[] | null {
  // where the earlier table's columns start their text
  const starts = prev.cols.slice(1, -1).map((x) => x + 0.3 * prev.size);
  if (starts.length <= found.length) return null;
  const near = size;
  if (!found.every((g) => starts.some((x) => Math.abs(g.x1 - x) <= near))) return null;
  const rows = block.filter((l) => !found.some((g) => crosses(l, g, size)));
  const out = [...found];
  for (const x of starts) {
    if (found.some((g) => Math.abs(g.x1 - x) <= near)) continue;
    const words = flatMapped(rows, (l) => l.words);
    if (words.some((w) => w.x0 < x - 0.3 * size && w.x1 > x + 0.3 * size)) return null;
    if (rows.filter((l) => l.words.some((w) => Math.abs(w.x0 - x) <= 0.5 * size)).length < 2) return null;
    out.push({ x0: x - MIN_GUTTER * size, x1: x });
  }
  return out.sort((a, b) => a.x0 - b.x0);
}

/** x ranges, inside the lines' extent, that at most `allowed` lines cover. */
function whiteStrips(lines: Line[], size: number, allowed: number): Gutter[] {
  const events: [number, number][] = [];
  for (const l of lines) for (const w of l.words) events.push([w.x0, 1], [w.x1, -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Gutter[] = [];
  let cover = 0;
  let open: number | null = null;
  for (const [x, d] of events) {
    const before = cover;
    cover += d;
    if (before > allowed && cover <= allowed) open = x;
    else if (before <= allowed && cover > allowed && open !== null) {
      if (x - open >= MIN_GUTTER * size) out.push({ x0: open, x1: x });
      open = null;
    }
  }
  return out;
}

/** Does the line's text run through the strip, leaving no white in it as
 * wide as a gutter (or a word space just before the column's edge)? */
function crosses(line: Line, g: Gutter, size: number): boolean {
  const min = MIN_GUTTER * size;
  let x = g.x0;
  let touched = false;
  for (const w of line.words) {
    if (w.x1 <= g.x0) continue;
    const white = w.x0 - x;
    if (w.x0 >= g.x1) {
      // the first word past the strip: a word-space gap will do when the
      // word starts at the column's left edge
      return touched && g.x1 - x < min && !(white >= 0.2 * size && w.x0 - g.x1 <= 0.25 * size);
    }
    touched = true;
    if (white >= min) return false;
    if (white >= 0.2 * size && Math.abs(w.x0 - g.x1) <= 0.25 * size) return false;
    x = Math.max(x, w.x1);
  }
  return touched && g.x1 - x < min;
}

interface ColLine {
  col: number;
  words: PositionedWord[];
  y0: number;
  y1: number;
  /** baseline proxy: pitch between lines is measured on it */
  base: number;
  entry: boolean;
  /** the line's first word would have fitted on the column's line above: no
   * wrap, so it may open a row (where other evidence agrees) */
  fits: boolean;
  /** a capitalised line opening with the word other rows of the column
   * open with: an item of a list set a row each (weaker than fits) */
  item: boolean;
  /** a number under a number */
  num: boolean;
  row: number;
}

function buildTextTable(
  lines: Line[],
  idx: number[],
  kinds: Map<number, 'cells' | 'span'>,
  gutters: Gutter[],
  size: number,
  page: number,
): PageTable {
  const ncols = gutters.length + 1;
  // A strip's right end is where its column's text starts (cells are
  // left-aligned); words from the column on the left end well before it.
  const edges = gutters.map((g) => Math.max((g.x0 + g.x1) / 2, g.x1 - 0.5 * size));
  const colOf = (w: PositionedWord) => {
    let k = 0;
    while (k < edges.length && w.x0 >= edges[k]) k++;
    return k;
  };
  // bands: runs of cell lines between spanning lines
  type Band = { kind: 'cells'; lines: number[] } | { kind: 'span'; lines: number[] };
  const bands: Band[] = [];
  for (const i of idx) {
    const k = kinds.get(i)!;
    const lastBand = bands[bands.length - 1];
    const joinSpan =
      k === 'span' &&
      lastBand?.kind === 'span' &&
      lines[i].y0 - lines[lastBand.lines[lastBand.lines.length - 1]].y1 <= 0.6 * size &&
      lines[i].words.every((w) => w.bold) === lines[lastBand.lines[0]].words.every((w) => w.bold);
    if (lastBand && lastBand.kind === k && (k === 'cells' || joinSpan)) lastBand.lines.push(i);
    else bands.push({ kind: k, lines: [i] });
  }
  // per band and column, the column's own lines
  const bandCols: ColLine[][][] = bands.map((b) => {
    if (b.kind === 'span') return [];
    const byCol: PositionedWord[][] = filled(ncols, () => []);
    for (const i of b.lines) for (const w of lines[i].words) byCol[colOf(w)].push(w);
    return byCol.map((ws, col) =>
      groupLines(ws).map((l) => ({
        col,
        words: l.words,
        y0: l.y0,
        y1: l.y1,
        base: median(l.words.map((w) => w.y1)),
        entry: false,
        fits: false,
        item: false,
        num: false,
        row: -1,
      })),
    );
  });
  // the pitch of wrapped lines inside a cell
  const pitches: number[] = [];
  for (const cols of bandCols) for (const cl of cols) for (let j = 1; j < cl.length; j++) pitches.push(cl[j].base - cl[j - 1].base);
  const tight = pitches.filter((p) => p >= 0.8 * size).sort((a, b) => a - b);
  let pitch = tight.length ? tight[Math.floor(tight.length * 0.1)] : 1.2 * size;
  // no line pitch that tight: no cell wraps, every line is an entry
  if (pitch > 1.35 * size) pitch = 1.2 * size;
  const gapAt = pitch + 0.2 * size;
  const tol = 0.25 * size;
  // A column's cells are at least as wide as its widest line: a line whose
  // first word would have fitted on the line above did not wrap there.
  // (a high quantile, not the maximum: a stray wide line is a cell the
  // gutters did not divide)
  const widths: number[][] = filled(ncols, () => []);
  for (const cols of bandCols) for (const cl of cols) for (const l of cl) widths[l.col].push(l.words[l.words.length - 1].x1 - l.words[0].x0);
  const widest = widths.map((ws) => quantile(ws, TABLE_SETTINGS.borderless.widestQuantile));
  for (const cols of bandCols)
    for (const cl of cols)
      cl.forEach((l, j) => {
        if (j === 0) return;
        l.num = numbers(cl[j - 1]) && numbers(l);
        l.fits = l.num || noWrap(cl[j - 1], l, widest[l.col], size);
      });

  const cells: PageCell[] = [];
  const rowYs: number[] = [];
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const i of idx) {
    x0 = Math.min(x0, lines[i].x0);
    x1 = Math.max(x1, lines[i].x1);
  }
  // entries by the white above them; then whether rows carry cell padding
  for (const cls of bandCols) for (const cl of cls) cl.forEach((l, j) => (l.entry = j === 0 || l.base - cl[j - 1].base > gapAt));
  const unpadded = noPadding(bandCols, pitch, tol, size);
  const header = headerRepeats(lines, idx, size);
  if (unpadded) parallelItems(bandCols);
  let row = 0;
  bands.forEach((b, bi) => {
    if (b.kind === 'span') {
      const words = flatMapped(b.lines, (i) => lines[i].words);
      rowYs.push(Math.min(...b.lines.map((i) => lines[i].y0)));
      cells.push({ row, col: 0, rowspan: 1, colspan: ncols, text: wordsText(words), box: cellBox(page, words) });
      row++;
      return;
    }
    const cls = bandCols[bi];
    const all = cls.flat();
    // a repeat of the header line starts a row in every column
    for (const l of all) if (header.some((y) => Math.abs(y - l.y0) <= tol)) l.entry = true;
    const starts = rowStarts(all, tol, unpadded);
    const bandRow0 = row;
    starts.forEach((y) => rowYs.push(y));
    const rowAt = (y: number) => {
      let r = 0;
      while (r + 1 < starts.length && starts[r + 1] <= y + tol) r++;
      return r;
    };
    // Entries take the row they start in; wrapped lines follow their entry,
    // so a cell merged down beside new rows keeps its text. With no cell
    // padding a new entry may follow at the wrapped-line pitch: a line at a
    // row's top that opens a phrase after one that closed is taken as one.
    // rows of figures: the stub line beside a number under a number opens one
    const numAt = (y: number) => all.some((l) => l.num && Math.abs(l.y0 - y) <= tol);
    for (const cl of cls)
      cl.forEach((l, j) => {
        const atStart = j > 0 && starts.some((y) => Math.abs(y - l.y0) <= tol);
        if (!l.entry && atStart && (l.fits || l.item || opensAfterClose(cl[j - 1], l))) l.entry = true;
        // without padding no cell of the row above runs on past a row's top
        // (but a cell merged down does, its sentence going on in lower case)
        if (!l.entry && atStart && unpadded && OPENS.test(l.words[0].text)) l.entry = true;
        if (!l.entry && atStart && l.col === 0 && OPENS_ROW.test(l.words[0].text) && numAt(l.y0)) l.entry = true;
        l.row = l.entry || j === 0 ? rowAt(l.y0) : cl[j - 1].row;
      });
    for (let r = 0; r < starts.length; r++) {
      const byCol = cls.map((cl) => flatMapped(cl.filter((l) => l.row === r), (l) => l.words));
      const filled = byCol.filter((ws) => ws.length > 0).length;
      const colLines = cls[0].filter((l) => l.row === r).length;
      // a bold label alone in the first column of an otherwise empty row is a
      // section heading spanning the table
      if (filled === 1 && byCol[0].length && colLines === 1 && byCol[0].every((w) => w.bold)) {
        cells.push({ row: bandRow0 + r, col: 0, rowspan: 1, colspan: ncols, text: wordsText(byCol[0]), box: cellBox(page, byCol[0]) });
        continue;
      }
      for (let c = 0; c < ncols; ) {
        const span = spanOf(byCol, c, gutters, size);
        const ws = byCol.slice(c, c + span).flat();
        cells.push({
          row: bandRow0 + r,
          col: c,
          rowspan: 1,
          colspan: span,
          text: wordsText(ws),
          ...(ws.length ? { bottom: Math.max(...ws.map((w) => w.y1)) } : {}),
          box: cellBox(page, ws),
        });
        c += span;
      }
    }
    row += starts.length;
  });
  const bottom = Math.max(...idx.map((i) => lines[i].y1));
  rowYs.push(bottom);
  const colStarts = gutters.map((g) => g.x1 - 0.3 * size);
  const cols = [x0, ...colStarts, Math.max(x1, colStarts[colStarts.length - 1] + size)];
  return { page, bbox: [x0, rowYs[0], cols[ncols], bottom], cols, rows: rowYs, cells, size, ruled: false };
}

/** How many columns the cell at column `c` of a row spans: a label over
 * two columns runs into the white of a wide gutter and goes on past it after
 * a word space; what the next column holds in the row is on the label's
 * lines or under the label (a centred label wrapped). A word space across a
 * narrow gutter is two cells set tight. */
function spanOf(byCol: PositionedWord[][], c: number, gutters: Gutter[], size: number): number {
  let span = 1;
  const tol = 0.3 * size;
  while (c + span < byCol.length) {
    const g = gutters[c + span - 1];
    if (g.x1 - g.x0 < CELL_GAP * size) break;
    const left = byCol.slice(c, c + span).flat();
    const right = byCol[c + span];
    const pairs = left.filter((a) =>
      right.some((b) => Math.abs(a.y0 - b.y0) <= tol && b.x0 > a.x1 && b.x0 - a.x1 < 0.5 * size && (a.x1 > g.x0 + 0.2 * size || b.x0 < g.x1 - 0.2 * size)),
    );
    if (!pairs.length) break;
    const label = [...left, ...right].filter((w) => pairs.some((p) => Math.abs(p.y0 - w.y0) <= tol));
    const lx0 = Math.min(...label.map((w) => w.x0));
    const lx1 = Math.max(...label.map((w) => w.x1));
    if (!right.every((w) => pairs.some((p) => Math.abs(p.y0 - w.y0) <= tol) || (w.x0 >= lx0 - tol && w.x1 <= lx1 + tol))) break;
    span++;
  }
  return span;
}

/** Rows holding nothing but numbers that step evenly down their columns
 * (450, 400, 350 ...), four or more and most of the table: a chart's axis
 * ticks. A table's column of years has figures beside it. */
export function chartAxes(table: PageTable): boolean {
  const nrows = Math.max(0, ...table.cells.map((c) => c.row + 1));
  const value = (t: string) => (NUMBER.test(t.trim()) ? Number(t.trim().replace(/[£$€%,()]/g, '').replace('−', '-')) : NaN);
  const rowsOf = new Map<number, { col: number; v: number }[]>();
  for (const c of table.cells) {
    if (!c.text.trim()) continue;
    const list = rowsOf.get(c.row) ?? [];
    list.push({ col: c.col, v: value(c.text) });
    rowsOf.set(c.row, list);
  }
  const numeric = [...rowsOf.entries()].filter(([, cs]) => cs.every((c) => Number.isFinite(c.v))).sort((a, b) => a[0] - b[0]);
  // the longest run of consecutive numeric rows whose columns step evenly
  let best = 0;
  let run: { row: number; cs: { col: number; v: number }[] }[] = [];
  const steady = (r: typeof run) => {
    if (r.length < 3) return true;
    const [a, b, c] = r.slice(-3).map((x) => x.cs);
    const key = (cs: { col: number }[]) => cs.map((x) => x.col).join(',');
    if (key(a) !== key(b) || key(b) !== key(c)) return false;
    return a.every((x, i) => b[i].v - x.v !== 0 && Math.abs(b[i].v - x.v - (c[i].v - b[i].v)) < 1e-9);
  };
  for (const [row, cs] of numeric) {
    const next = run.length && run[run.length - 1].row === row - 1 ? [...run, { row, cs }] : [{ row, cs }];
    run = steady(next) ? next : next.slice(-2);
    best = Math.max(best, run.length);
  }
  return best >= 4 && best >= 0.5 * nrows;
}

/** A note's key: a label closed by a colon, or a mark in brackets. */
const NOTE_KEY = /^(?:\S{1,20}:|\(\S{0,3}\s?\)|\*{1,3})$/;

/** Notes, not a table: two columns, a few rows, every line of the first a
 * note's key ("Source:", "NB:", "(*)") and the text of each beside it. */
export function notes(table: PageTable): boolean {
  if (table.cols.length !== 3) return false;
  const keys = table.cells.filter((c) => c.col === 0 && c.colspan === 1 && c.text.trim());
  const nrows = Math.max(0, ...table.cells.map((c) => c.row + 1));
  if (!keys.length || nrows > 6) return false;
  return keys.every((c) => c.text.split('\n').every((l) => NOTE_KEY.test(l.trim())));
}

/** Columns of running text, not a table: columns of about equal width, full
 * of long paragraphs that start where they will, not side by side as a row's
 * cells do (top-aligned). */
export function proseColumns(table: PageTable): boolean {
  const { proseWords, proseAligned } = TABLE_SETTINGS.borderless;
  const ncols = table.cols.length - 1;
  const width = table.bbox[2] - table.bbox[0];
  if (ncols < 2 || ncols > 4) return false;
  for (let c = 0; c < ncols; c++) if (table.cols[c + 1] - table.cols[c] < (0.6 * width) / ncols) return false;
  const filled = table.cells.filter((c) => c.text.trim() && c.box);
  if (!filled.length) return false;
  const words = filled.reduce((n, c) => n + c.text.split(/\s+/).length, 0) / filled.length;
  if (words < proseWords) return false;
  const rows = new Map<number, number[]>();
  for (const c of filled) rows.set(c.row, [...(rows.get(c.row) ?? []), c.box!.bbox[1]]);
  let aligned = 0;
  for (const tops of rows.values()) if (tops.length === ncols && Math.max(...tops) - Math.min(...tops) <= 0.5 * table.size) aligned++;
  return aligned < proseAligned * rows.size;
}

const CLOSES = /[.)\]:;!?]$/;
const OPENS = /^[\p{Lu}\p{N}•●▪◦·\-–*(]/u;

function opensAfterClose(prev: ColLine, next: ColLine): boolean {
  return CLOSES.test(prev.words[prev.words.length - 1].text) && OPENS.test(next.words[0].text);
}

function quantile(xs: number[], q: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const BULLET = /^[•●▪◦·\-–*]$/;

const NUMBER = /^[-+−(]?[£$€]?\d[\d.,]*%?\)?$/;

const OPENS_ROW = /^[\p{Lu}\p{N}]/u;

/** Numbers do not wrap: one under another are separate values. */
function numbers(l: ColLine): boolean {
  return l.words.every((w) => NUMBER.test(w.text));
}

function noWrap(prev: ColLine, next: ColLine, widest: number, size: number): boolean {
  const first = next.words[0];
  // a change of style (a bold header over plain rows) is no wrap
  if (prev.words.every((w) => w.bold) !== next.words.every((w) => w.bold)) return true;
  if (MARKER.test(first.text)) return false; // list items run on inside a cell
  // a list item wraps to its text's indent: a line back at the marker ends the list
  if (BULLET.test(prev.words[0].text) && !BULLET.test(first.text) && prev.words.length > 1 && first.x0 < prev.words[1].x0 - 0.3 * size && Math.abs(first.x0 - prev.words[0].x0) <= 0.3 * size) return true;
  if (/^\p{Ll}/u.test(first.text)) return false; // a sentence running on
  const width = prev.words[prev.words.length - 1].x1 - prev.words[0].x0;
  // word widths inside a text run are estimates: keep a margin
  const { wordSpace, fitMargin } = TABLE_SETTINGS.borderless;
  return width + wordSpace * size + (first.x1 - first.x0) <= widest - fitMargin * size;
}

/** Rows without cell padding: the lines that start rows follow the line
 * above them in their column at a whole number of line pitches, as wrapped
 * lines do; with padding they sit lower by the padding. */
function noPadding(bandCols: ColLine[][][], pitch: number, tol: number, size: number): boolean {
  let tight = 0;
  let padded = 0;
  for (const cls of bandCols) {
    const starts = rowStarts(cls.flat(), tol, false);
    for (const cl of cls)
      cl.forEach((l, j) => {
        if (j === 0 || !starts.some((y) => Math.abs(y - l.y0) <= tol)) return;
        const d = l.base - cl[j - 1].base;
        const k = Math.max(1, Math.round(d / pitch));
        if (Math.abs(d - k * pitch) <= TABLE_SETTINGS.borderless.pitchSlack * size) tight++;
        else padded++;
      });
  }
  return tight >= 3 && tight > 2 * padded;
}

/** Items of a list set one to a row: a capitalised line starting with the
 * word another row of its column starts with ("Establish ...", "Establish
 * ...") is taken as not wrapped, like a line that fitted. */
function parallelItems(bandCols: ColLine[][][]): void {
  const byCol = new Map<number, ColLine[]>();
  for (const cls of bandCols) for (const cl of cls) for (const l of cl) byCol.set(l.col, [...(byCol.get(l.col) ?? []), l]);
  for (const cl of byCol.values()) {
    const openers = new Set(cl.filter((l) => l.entry || l.fits).map((l) => l.words[0].text));
    for (const l of cl) if (!l.entry && !l.fits && ITEM_WORD.test(l.words[0].text) && openers.has(l.words[0].text)) l.item = true;
  }
}

/** A capitalised word, three letters or more */
const ITEM_WORD = /^\p{Lu}\p{Ll}{2,}$/u;

/** Tops of later lines that repeat the table's first line word for word
 * (a header row repeated inside the table). */
function headerRepeats(lines: Line[], idx: number[], size: number): number[] {
  const key = (l: Line) => l.words.map((w) => `${w.text}@${Math.round(w.x0 / size)}`).join(' ');
  const first = key(lines[idx[0]]);
  return idx.slice(1).filter((i) => lines[i].words.length >= 2 && key(lines[i]) === first).map((i) => lines[i].y0);
}

/** Without padding a line at a row's top going on in lower case beside it
 * is a wrapped line: no row starts there. (Cells merged down over several
 * rows are row labels, left of the columns that start the row.) */
function runsOn(all: ColLine[], y: number, tol: number, from: number): boolean {
  return all.some((l) => l.col > from && !l.fits && !l.entry && Math.abs(l.y0 - y) <= tol && /^\p{Ll}/u.test(l.words[0].text));
}

/** Tops of the rows in a band of cell lines. In a table without padding a
 * line that did not wrap opens a row on its own. */
function rowStarts(all: ColLine[], tol: number, tight: boolean): number[] {
  const entries = all.filter((l) => l.entry || l.fits || l.item).sort((a, b) => a.y0 - b.y0);
  if (!entries.length) return [];
  const starts: number[] = [Math.min(...all.map((l) => l.y0))];
  // entries that start at the same height (cells are top-aligned)
  const groups: ColLine[][] = [];
  for (const e of entries) {
    const g = groups[groups.length - 1];
    if (g && e.y0 - g[0].y0 <= tol) g.push(e);
    else groups.push([e]);
  }
  for (const g of groups) {
    const y = Math.min(...g.map((l) => l.y0));
    if (y - starts[starts.length - 1] <= tol) continue;
    const cols = new Set(g.filter((l) => l.entry || l.fits).map((l) => l.col));
    // a row starts where several columns start an entry, where the first
    // column does, or where nothing else runs on beside the entry
    const alone = !all.some((l) => !g.some((e) => e.col === l.col) && l.y0 < g[0].y1 && l.y1 > y + tol);
    // a line that merely fits counts where another column agrees or in the stub
    const strong = g.some((l) => l.entry);
    if (tight && !cols.has(0) && runsOn(all, y, tol, Math.min(...cols))) continue;
    // without padding a line that did not wrap opens a row where no line
    // beside it (but a row label's) goes on in lower case
    const lone = tight && g.some((l) => (l.fits || l.item) && !l.num && !l.words.every((w) => w.bold)) && !runsOn(all, y, tol, 0);
    // ... and an entry after white opens one where the lines beside it
    // start capitalised too (cells top-aligned, none running on)
    const aligned = tight && strong && !runsOn(all, y, tol, 0);
    if (cols.size >= 2 || cols.has(0) || (alone && strong) || lone || aligned) starts.push(y);
  }
  return starts;
}
