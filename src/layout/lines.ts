// Words -> text lines. Everything here is relative to the words' own height, so
// it works for PDF text layers and OCR words alike.
import type { PositionedWord } from '../model.ts';
import { isSortedBy, mapped, sortedBy } from '../arrays.ts';

export interface Line {
  words: PositionedWord[];
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** typical word height on the line (font size or OCR box height) */
  size: number;
}

export function wordHeight(w: PositionedWord): number {
  return w.size && w.size > 0 ? w.size : Math.max(1, w.y1 - w.y0);
}

function centreY(w: PositionedWord): number {
  return (w.y0 + w.y1) / 2;
}

/** Groups words into lines: words whose vertical centres sit within half a
 * word height of the line's centre join it. Lines come back top to bottom,
 * their words left to right. */
export function groupLines(words: PositionedWord[]): Line[] {
  const lines = mapped(lineGroups(words), makeLine);
  return sortedBy(lines, byTop);
}

/** Lines (or their rough forms) top to bottom, then left to right. */
const byTop = (a: { y0: number; x0: number }, b: { y0: number; x0: number }) => a.y0 - b.y0 || a.x0 - b.x0;
/** Words by centre (written out and not halved, as in byHeight), then left to right. */
const byCentre = (a: PositionedWord, b: PositionedWord) => a.y0 + a.y1 - (b.y0 + b.y1) || a.x0 - b.x0;

/** The words of each line, in the order the lines are found (by centre). */
function lineGroups(words: PositionedWord[]): PositionedWord[][] {
  // (a cell's or a band's words often come line by line already: no copy then)
  const sorted = isSortedBy(words, byCentre) ? words : [...words].sort(byCentre);
  const groups: PositionedWord[][] = [];
  let cur: PositionedWord[] = [];
  let curCentre = 0;
  let curH = 0;
  for (const w of sorted) {
    const c = centreY(w);
    // a flat mark (a dash, a full stop) sits on its line by its line height
    const h = Math.max(w.y1 - w.y0, 0.6 * (w.size ?? 0));
    if (cur.length && Math.abs(c - curCentre) <= 0.5 * Math.min(h, curH)) {
      cur.push(w);
      // running mean keeps long lines from drifting with one tall glyph
      curCentre += (c - curCentre) / cur.length;
      curH = Math.max(curH, h);
    } else {
      if (cur.length) groups.push(cur);
      cur = [w];
      curCentre = c;
      curH = h;
    }
  }
  if (cur.length) groups.push(cur);
  return groups;
}

/** A line's words (in the order found) and its top left: what the order of
 * groupLines' lines and the lines' texts need, without each line's sizes. */
export interface RoughLine {
  words: PositionedWord[];
  x0: number;
  y0: number;
  y1: number;
}

/** groupLines' lines in its order, rough: each line's words not yet sorted
 * (makeLine(l.words) gives the whole line). */
export function roughLines(words: PositionedWord[]): RoughLine[] {
  const lines: RoughLine[] = [];
  for (const ws of lineGroups(words)) {
    // (the comparisons of makeLine: the same bounds)
    let x0 = Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (const w of ws) {
      if (w.x0 < x0) x0 = w.x0;
      if (w.y0 < y0) y0 = w.y0;
      if (w.y1 > y1) y1 = w.y1;
    }
    lines.push({ words: ws, x0, y0, y1 });
  }
  return sortedBy(lines, byTop);
}

export function makeLine(words: PositionedWord[]): Line {
  leftToRight(words);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const sizes: number[] = [];
  for (const w of words) {
    if (w.x0 < x0) x0 = w.x0;
    if (w.y0 < y0) y0 = w.y0;
    if (w.x1 > x1) x1 = w.x1;
    if (w.y1 > y1) y1 = w.y1;
    sizes.push(wordHeight(w));
  }
  return { words, x0, y0, x1, y1, size: median(sizes) };
}

/** A line's words sorted by x0 in place (a stable sort), not sorted again
 * when they are in that order already, as most lines' words are. */
export function leftToRight(words: PositionedWord[]): PositionedWord[] {
  for (let i = 1; i < words.length; i++) {
    // (a NaN takes the sort, whose order it decides)
    if (!(words[i - 1].x0 <= words[i].x0)) return words.sort((a, b) => a.x0 - b.x0);
  }
  return words;
}

export function lineText(line: Line): string {
  return mapped(line.words, (w) => w.text).join(' ');
}

/** How many pieces a line falls into where the gap between words is wider
 * than `gap` times the line's size: its candidate table cells. */
export function segmentCount(line: Line, gap = 1): number {
  let n = 0;
  let lastX1 = -Infinity;
  for (const w of line.words) {
    if (n === 0 || w.x0 - lastX1 > gap * line.size) n++;
    lastX1 = Math.max(lastX1, w.x1);
  }
  return n;
}

/** Text of words that belong together (a cell, a paragraph): words joined by
 * spaces, lines by "\n", except after a hyphen ending a line ("Well-" +
 * "Being"), where the line break is the renderer's, not the author's. Words
 * broken without a hyphen are left for the repair stage. */
export function wordsText(words: PositionedWord[]): string {
  if (words.length <= 1) return words.length ? words[0].text : '';
  const lines = roughLines(words);
  for (const l of lines) leftToRight(l.words);
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const text = mapped(lines[i].words, (w) => w.text).join(' ');
    if (i === 0) out = text;
    else if (endsWithHyphen(lines[i - 1].words)) out += text;
    else out += '\n' + text;
  }
  return out;
}

function endsWithHyphen(words: PositionedWord[]): boolean {
  const t = words[words.length - 1].text;
  return t.charCodeAt(t.length - 1) === 45 && HYPHEN_END.test(t);
}

const HYPHEN_END = /[\p{L}\p{N}]-$/u;

export function median(xs: number[]): number {
  const n = xs.length;
  if (!n) return 0;
  const m = n >> 1;
  // a page's or a line's sizes take a few values: counted, not sorted
  const vals = DISTINCT_VALUES;
  const counts = DISTINCT_COUNTS;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = xs[i];
    // (NaN and signed zeros keep the sort's order below)
    if (v !== v || v === 0) return sortedMedian(xs);
    let j = 0;
    while (j < k && vals[j] !== v) j++;
    if (j === k) {
      if (k === vals.length) return sortedMedian(xs);
      vals[k] = v;
      counts[k++] = 0;
    }
    counts[j]++;
  }
  if (k === 1) return vals[0];
  const order = vals.subarray(0, k).slice().sort();
  const at = (rank: number): number => {
    for (let o = 0, seen = 0; o < k; o++) {
      seen += counts[vals.indexOf(order[o])];
      if (rank < seen) return order[o];
    }
    return order[k - 1];
  };
  return n % 2 ? at(m) : (at(m - 1) + at(m)) / 2;
}

const DISTINCT_VALUES = new Float64Array(16);
const DISTINCT_COUNTS = new Int32Array(16);

function sortedMedian(xs: number[]): number {
  // a typed copy sorts numerically in native code (no comparator calls)
  const s = new Float64Array(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
