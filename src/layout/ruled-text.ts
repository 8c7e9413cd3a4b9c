// Partly ruled tables: rulings give the frame, the text gives what the rulings
// leave out. A column line drawn only in the header still divides the body
// where no word crosses it; a row band without inner rules holds several rows
// when its lines start new entries in several columns at once (the next line's
// first word would have fitted on the line before, so it is no wrap).
import type { PositionedWord } from '../model.ts';
import { type RoughLine, leftToRight, median, roughLines, wordHeight } from './lines.ts';
import { TABLE_SETTINGS } from './settings.ts';
import { filled } from '../arrays.ts';

const S = TABLE_SETTINGS.ruled;

export interface VSeg {
  x: number;
  y0: number;
  y1: number;
}

const NUMBER = /^[-+−(]?[£$€]?\d[\d.,]*%?\)?$/;
const OPENS_ROW = /^[\p{Lu}\p{N}]/u;
const isNumbers = (l: Piece) => l.words.every((w) => NUMBER.test(w.text));

const LIST_MARK = /^(?:[•●▪◦·\-–*]|\(?[0-9]{1,3}[.)]|\(?[a-z][.)])$/i;

type Covered = (x: number, a: number, b: number) => boolean;

/** A line's words in one cell of a row band, left to right. */
interface Piece {
  words: PositionedWord[];
  x0: number;
  x1: number;
}

function cx(w: PositionedWord): number {
  return (w.x0 + w.x1) / 2;
}
function cy(w: PositionedWord): number {
  return (w.y0 + w.y1) / 2;
}

/** Words with centres in [a, b), from words sorted by centre height. */
function inBand(sorted: PositionedWord[], a: number, b: number): PositionedWord[] {
  const lower = (y: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cy(sorted[mid]) < y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return sorted.slice(lower(a), lower(b));
}

export function byHeight(words: PositionedWord[]): PositionedWord[] {
  // (cy written out, and not halved: the comparator runs n log n times,
  // mostly before it is optimised, where each fractional result is a new
  // heap number; twice the centres order the words as the centres do)
  return [...words].sort((p, q) => p.y0 + p.y1 - (q.y0 + q.y1));
}

/** Columns inside a ruled column: white strips no word crosses, with text on
 * both sides on several lines (a ruled box around a borderless table, or a
 * rule only between some of its columns). Returns the strips' middles. */
export function gutterColumns(words: PositionedWord[], xs: number[], size = median(words.map(wordHeight)) || 10): number[] {
  const out: number[] = [];
  // each word to its column in one pass (xs ascending), in the words' order
  const cols: PositionedWord[][] = [];
  for (let k = 0; k + 1 < xs.length; k++) cols.push([]);
  for (const w of words) {
    const c = cx(w);
    if (!(c >= xs[0] && c < xs[xs.length - 1])) continue;
    let lo = 0;
    let hi = xs.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (c >= xs[mid]) lo = mid;
      else hi = mid;
    }
    cols[lo].push(w);
  }
  for (let k = 0; k + 1 < xs.length; k++) {
    const col = cols[k].sort((a, b) => a.x0 - b.x0);
    if (col.length < 4) continue;
    // (which words share a line is all that is asked of the lines)
    let lines: RoughLine[] | null = null;
    let reach = col[0].x1;
    for (const w of col) {
      if (w.x0 - reach >= S.minColumnGutter * size) {
        const x = (reach + w.x0) / 2;
        lines ??= roughLines(col);
        const both = lines.filter((l) => l.words.some((v) => v.x1 <= x) && l.words.some((v) => v.x0 >= x)).length;
        if (both >= S.minGutterLines) out.push(x);
      }
      reach = Math.max(reach, w.x1);
    }
  }
  return out;
}

/** Column lines the rulings lack in a row band but the band's words respect
 * (words sorted by height, byHeight):
 * no word crosses the line and there is text on both sides of it (a line
 * found from a gutter running down the table needs no text beside it). */
export function textVerticals(words: PositionedWord[], xs: number[], ys: number[], covered: Covered, gutters: Set<number> = new Set(), size = median(words.map(wordHeight)) || 10): VSeg[] {
  const out: VSeg[] = [];
  const slack = S.crossSlack * size;
  for (let r = 0; r + 1 < ys.length; r++) {
    const open = [];
    for (let k = 1; k + 1 < xs.length; k++) if (!covered(xs[k], ys[r], ys[r + 1])) open.push(k);
    if (!open.length) continue;
    const band = inBand(words, ys[r], ys[r + 1]);
    if (band.length < 2) continue;
    for (const k of open) {
      const x = xs[k];
      if (band.some((w) => w.x0 < x - slack && w.x1 > x + slack)) continue;
      const left = band.filter((w) => cx(w) < x && cx(w) >= xs[k - 1]);
      const right = band.filter((w) => cx(w) >= x && cx(w) < xs[k + 1]);
      if (gutters.has(x) && (!left.length || !right.length)) {
        out.push({ x, y0: ys[r], y1: ys[r + 1] });
        continue;
      }
      if (!left.length || !right.length) continue;
      // the white strip the line runs in, over every line of the band
      const white = Math.min(...right.map((w) => w.x0)) - Math.max(...left.map((w) => w.x1));
      if (white >= S.minGutter * size) out.push({ x, y0: ys[r], y1: ys[r + 1] });
    }
  }
  return out;
}

/** Heights at which a row band without inner rules is divided into rows
 * (words sorted by height, byHeight). */
export function textRowBreaks(words: PositionedWord[], xs: number[], ys: number[], covered: Covered): number[] {
  const out: number[] = [];
  for (let r = 0; r + 1 < ys.length; r++) {
    const a = ys[r];
    const b = ys[r + 1];
    const band = inBand(words, a, b);
    if (band.length < 2) continue;
    // one line of text (centres within half a text height): nothing to divide
    const h = wordHeight(band[0]);
    if (cy(band[band.length - 1]) - cy(band[0]) < 0.5 * h) continue;
    // the band's lines (their words left to right, as groupLines gives them)
    const lines = roughLines(band);
    for (const l of lines) leftToRight(l.words);
    if (lines.length < 2) continue;
    const size = median(band.map(wordHeight)) || 10;
    // the band's cells: runs of grid columns between column lines
    const cuts = [0];
    for (let k = 1; k + 1 < xs.length; k++) if (covered(xs[k], a, b)) cuts.push(k);
    cuts.push(xs.length - 1);
    const cellOf = (w: PositionedWord) => {
      let i = 0;
      while (i + 2 < cuts.length && cx(w) >= xs[cuts[i + 1]]) i++;
      return i;
    };
    const ncell = cuts.length - 1;
    // per line, the words of each cell
    const parts: (Piece | null)[][] = lines.map((l) => {
      // (each cell's piece made at its first word: no array for an empty cell)
      const byCell: (Piece | null)[] = filled(ncell, () => null);
      for (const w of l.words) {
        const c = cellOf(w);
        const p = byCell[c];
        if (p) {
          p.words.push(w);
          p.x1 = w.x1;
        } else byCell[c] = { words: [w], x0: w.x0, x1: w.x1 };
      }
      return byCell;
    });
    // per line and cell: does its text open an entry or wrap the cell's line above?
    const wraps: (boolean | null)[][] = parts.map((row, i) =>
      row.map((cur, c) => {
        if (!cur) return null;
        // the cell's own line above (a line of other cells may sit between)
        let prev: Piece | null = null;
        for (let j = i - 1; j >= 0 && !prev; j--) prev = parts[j][c];
        if (!prev) return false;
        const width = xs[cuts[c + 1]] - xs[cuts[c]] - 2 * S.cellPadding * size;
        const first = cur.words[0];
        return prev.x1 - prev.x0 + 0.3 * size + (first.x1 - first.x0) > width;
      }),
    );
    // numbers under numbers in every other cell of line i that has text
    const numberRow = (i: number) => {
      let n = 0;
      for (let c = 1; c < ncell; c++) {
        const cur = parts[i][c];
        if (!cur) continue;
        let prev: Piece | null = null;
        for (let j = i - 1; j >= 0 && !prev; j--) prev = parts[j][c];
        if (!prev || !isNumbers(prev) || !isNumbers(cur)) return false;
        n++;
      }
      return n >= 1;
    };
    // a row has text in several cells: the lines since the last break must,
    // and so must the line that opens the next row; no cell may wrap across
    // the break (a cell centred in its row sits between another's lines)
    let since = new Set<number>();
    const note = (i: number) => parts[i].forEach((p, c) => p && since.add(c));
    note(0);
    for (let i = 1; i < lines.length; i++) {
      const upper = since.size;
      note(i);
      const here = wraps[i].filter((w, c) => w !== null && c > 0);
      if (upper < S.minEntryColumns || here.length + (parts[i][0] ? 1 : 0) < S.minEntryColumns || here.some((w) => w)) continue;
      // the stub column opens every row (beside numbers under numbers, a
      // stub line starting a name does, though it would not have fitted);
      // items of a list inside cells do not
      const stub = parts[i][0];
      const stubOpens = wraps[i][0] === false || (!!stub && OPENS_ROW.test(stub.words[0].text) && numberRow(i));
      if (!stubOpens || parts[i].some((p) => p && LIST_MARK.test(p.words[0].text))) continue;
      let cut = false;
      for (let c = 0; c < ncell && !cut; c++) {
        let j = i + 1;
        while (j < lines.length && !parts[j][c]) j++;
        if (j < lines.length && wraps[j][c] && !parts[i][c]) {
          // its line above is above the break
          let k = j - 1;
          while (k >= 0 && !parts[k][c]) k--;
          cut = k < i;
        }
      }
      if (cut) continue;
      out.push((lines[i - 1].y1 + lines[i].y0) / 2);
      since = new Set();
      note(i);
    }
  }
  return out;
}
