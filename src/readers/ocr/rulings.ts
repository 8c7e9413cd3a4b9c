// Table borders in a scan: long straight runs of ink. Found on the deskewed
// image, returned in pixels; the caller converts to points. Their pixels can
// be painted out before OCR, where borders otherwise come back as '|', '[',
// 'I' or garbage words glued to cell text.
import { histogram, inkThreshold } from './binarise.ts';
import { pgmImage, type GrayImage } from './gray.ts';

export interface PixelRuling {
  /** 'h' horizontal, 'v' vertical */
  dir: 'h' | 'v';
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface RulingOptions {
  /** shortest horizontal ruling, in inches; default 0.5 (a narrow table
   * column). Shorter runs are mostly the strokes of bold capitals. */
  minLength?: number;
  /** shortest vertical ruling, in inches; default 0.2 (one line of text) */
  minHeight?: number;
  /** thickest ruling, in inches; default 0.04 (~3 pt) */
  maxThickness?: number;
  /** margin painted out on each side of a ruling, in inches; default 0.007 (1 px at 150 dpi) */
  fringe?: number;
  /** gap in a broken line still bridged, in inches; default 0.01 */
  maxGap?: number;
}

export interface RulingResult {
  rulings: PixelRuling[];
  /** the rulings' pixels, for painting out: runs of ink along rows ('h') or columns ('v') */
  marks: { dir: 'h' | 'v'; runs: Run[] }[];
  /** lines painted out on each side of a run (the anti-aliased edge) */
  fringe: number;
  /** grey level at or below which a pixel counted as ink */
  threshold: number;
}

// Ink is a pixel at or below the threshold, read straight from the image:
// no page-sized mask is made (one pass and 1 byte a pixel less).

/** Finds horizontal and vertical rulings. `hist`: the image's histogram, when
 * already counted. */
export function findRulings(img: GrayImage, opts: RulingOptions = {}, hist?: Uint32Array): RulingResult {
  const { width: w, height: h } = img;
  const minLen = Math.max(8, Math.round((opts.minLength ?? 0.5) * img.dpi));
  const minHeight = Math.max(8, Math.round((opts.minHeight ?? 0.2) * img.dpi));
  const maxThick = Math.max(2, Math.round((opts.maxThickness ?? 0.04) * img.dpi));
  const gap = Math.max(1, Math.round((opts.maxGap ?? 0.01) * img.dpi));
  const threshold = inkThreshold(img, hist ?? histogram(img));
  const ink = img.data;
  const t = threshold;
  const hRuns = longRuns(ink, t, w, h, 1, w, minLen, gap);
  const vRuns = longRuns(ink, t, h, w, w, 1, minHeight, gap);
  const rulings: PixelRuling[] = [];
  const clear = Math.max(2, Math.round(0.015 * img.dpi));
  const fringe = Math.max(1, Math.round((opts.fringe ?? 0.007) * img.dpi));
  const minBand = Math.max(6, Math.round(0.05 * img.dpi));
  const hSegs = mergeRuns(hRuns, maxThick).filter((seg) => isolated(ink, t, seg, 1, w, h, clear));
  const vSegs = mergeRuns(vRuns, maxThick).filter((seg) => isolated(ink, t, seg, w, 1, w, clear));
  // short borders between the long ones: horizontal ones between vertical
  // rulings (a segment's lines are rows: index y*w + x), then vertical ones
  hSegs.push(...bandRulings(ink, t, w, 'h', vSegs, hSegs, maxThick, minBand).filter((seg) => isolated(ink, t, seg, 1, w, h, clear)));
  vSegs.push(...bandRulings(ink, t, w, 'v', hSegs, vSegs, maxThick, minBand).filter((seg) => isolated(ink, t, seg, w, 1, w, clear)));
  trimOvershoots(vSegs, hSegs, maxThick);
  trimOvershoots(hSegs, vSegs, maxThick);
  for (const seg of hSegs) rulings.push({ dir: 'h', x0: seg.from, y0: seg.lineFrom, x1: seg.to, y1: seg.lineTo });
  for (const seg of vSegs) rulings.push({ dir: 'v', x0: seg.lineFrom, y0: seg.from, x1: seg.lineTo, y1: seg.to });
  const marks = [...hSegs.map((seg) => ({ dir: 'h' as const, runs: seg.runs })), ...vSegs.map((seg) => ({ dir: 'v' as const, runs: seg.runs }))];
  return { rulings: mergeCollinear(rulings, maxThick, gap), marks, fringe, threshold };
}

/** Joins pieces of one rule found as separate segments (a fringe column or
 * row where the rule dipped under the threshold splits the tracking). */
function mergeCollinear(rulings: PixelRuling[], maxThick: number, gap: number): PixelRuling[] {
  const out: PixelRuling[] = [];
  for (const dir of ['h', 'v'] as const) {
    // for 'h': position across = y, extent along = x; for 'v' the other way
    const segs = rulings.filter((r) => r.dir === dir).map((r) => (dir === 'h'
      ? { a0: r.y0, a1: r.y1, e0: r.x0, e1: r.x1 }
      : { a0: r.x0, a1: r.x1, e0: r.y0, e1: r.y1 }));
    segs.sort((p, q) => p.e1 - p.e0 - (q.e1 - q.e0)).reverse(); // longest first
    const kept: typeof segs = [];
    for (const s of segs) {
      const host = kept.find((k) => s.a0 <= k.a1 + maxThick && s.a1 >= k.a0 - maxThick
        && Math.abs((s.a0 + s.a1) - (k.a0 + k.a1)) / 2 <= maxThick
        && s.e0 <= k.e1 + gap + 1 && s.e1 >= k.e0 - gap - 1);
      if (host) {
        host.e0 = Math.min(host.e0, s.e0);
        host.e1 = Math.max(host.e1, s.e1);
      } else {
        kept.push({ ...s });
      }
    }
    for (const k of kept) {
      out.push(dir === 'h'
        ? { dir, x0: k.e0, x1: k.e1, y0: k.a0, y1: k.a1 }
        : { dir, x0: k.a0, x1: k.a1, y0: k.e0, y1: k.e1 });
    }
  }
  // reading order: horizontal top to bottom, then vertical left to right
  return out.sort((p, q) => (p.dir === q.dir ? (p.dir === 'h' ? p.y0 - q.y0 || p.x0 - q.x0 : p.x0 - q.x0 || p.y0 - q.y0) : p.dir === 'h' ? -1 : 1));
}

export interface Run { line: number; from: number; to: number }
interface Segment { lineFrom: number; lineTo: number; from: number; to: number; runs: Run[] }

/** Runs of ink along each line (row or column) at least minLen long,
 * bridging gaps up to `gap`. `along` is the index step along a line,
 * `across` the step between lines. */
function longRuns(ink: Uint8Array, t: number, len: number, lines: number, along: number, across: number, minLen: number, gap: number): Run[][] {
  const out: Run[][] = [];
  for (let l = 0; l < lines; l++) {
    const base = l * across;
    const runs: Run[] = [];
    let start = -1;
    let lastInk = -1;
    let count = 0;
    for (let i = 0, p = base; i <= len; i++, p += along) {
      if (start < 0) {
        // paper up to the next ink (most of a line) has nothing to track
        while (i < len && ink[p]! > t) {
          i++;
          p += along;
        }
        if (i === len) break;
      }
      const on = i < len && ink[p]! <= t;
      if (on) {
        if (start < 0) { start = i; count = 0; }
        lastInk = i;
        count++;
      } else if (start >= 0 && (i === len || i - lastInk > gap)) {
        const n = lastInk - start + 1;
        // a rule is nearly solid; dotted texture bridged by the gaps is not
        if (n >= minLen && count >= 0.85 * n) runs.push({ line: l, from: start, to: lastInk });
        start = -1;
      }
    }
    out.push(runs);
  }
  return out;
}

/** Groups runs on neighbouring lines that overlap into one ruling, and drops
 * groups thicker than maxThick (filled areas, large dark shapes). */
function mergeRuns(byLine: Run[][], maxThick: number): Segment[] {
  const done: Segment[] = [];
  let open: Segment[] = [];
  for (let l = 0; l < byLine.length; l++) {
    const next: Segment[] = [];
    for (const r of byLine[l]) {
      const s = open.find((o) => o.lineTo === l - 1 && r.from <= o.to && r.to >= o.from);
      if (s) {
        s.lineTo = l;
        s.from = Math.min(s.from, r.from);
        s.to = Math.max(s.to, r.to);
        s.runs.push(r);
        if (!next.includes(s)) next.push(s);
      } else {
        next.push({ lineFrom: l, lineTo: l, from: r.from, to: r.to, runs: [r] });
      }
    }
    for (const o of open) if (!next.includes(o)) done.push(o);
    open = next;
  }
  done.push(...open);
  return done.filter((s) => s.lineTo - s.lineFrom + 1 <= maxThick);
}

/** Whether a stretch [a0, a1] of line c (a row for 'h', a column for 'v')
 * holds ink on at least 90% of its pixels; with `pair`, a pixel counts when
 * line c or c + 1 has ink there (a rule a little off the pixel grid spreads
 * over two). Counting stops once too many pixels are paper: most stretches
 * cross text or white space and are turned down after a few pixels. */
function fills(ink: Uint8Array, t: number, w: number, dir: 'h' | 'v', c: number, a0: number, a1: number, pair: boolean): boolean {
  const len = a1 - a0 + 1;
  const need = 0.9 * len;
  let missed = 0;
  // positions along the stretch: x in row c ('h') or y in column c ('v')
  const base = dir === 'h' ? c * w : c;
  const step = dir === 'h' ? 1 : w;
  const other = pair ? (dir === 'h' ? w : 1) : 0;
  for (let a = a0, i = base + a0 * step; a <= a1; a++, i += step) {
    // past the last pixel reads undefined: paper
    if (ink[i]! <= t || ink[i + other]! <= t) continue;
    missed++;
    if (len - missed < need) return false;
  }
  return true;
}

/** Cell borders shorter than the plain search's minimum (the borders of a
 * one-line header row, of a narrow reference column): a run of ink that fills
 * the whole band between two neighbouring parallel rulings, from the edge of
 * one to the edge of the other. Letter strokes never do: cell padding keeps
 * text off the rulings. `sides` are the parallel rulings (vertical ones when
 * looking for horizontal borders, dir 'h'). */
function bandRulings(ink: Uint8Array, t: number, w: number, dir: 'h' | 'v', sides: Segment[], known: Segment[], maxThick: number, minBand: number): Segment[] {
  const out: Segment[] = [];
  const lines = mergeSides(sides, maxThick);
  if (lines.length < 2) return out;
  const overlaps = (k: Segment, seg: Segment) => k.lineFrom <= seg.lineTo + maxThick && k.lineTo >= seg.lineFrom - maxThick && k.from <= seg.to && k.to >= seg.from;
  for (let i = 0; i < lines.length; i++) {
    const near = lines[i];
    // each stretch of this ruling faces the nearest ruling beyond it there
    const faced = new Uint8Array(near.to - near.from + 1);
    for (const far of lines.slice(i + 1)) {
      if (far.lineFrom <= near.lineTo + 1) continue;
      const a0 = near.lineTo + 1;
      const a1 = far.lineFrom - 1;
      const len = a1 - a0 + 1;
      const c0 = Math.max(near.from, far.from);
      const c1 = Math.min(near.to, far.to);
      let group: Run[] = [];
      const flush = () => {
        if (group.length && group.length <= maxThick) {
          const seg = { lineFrom: group[0].line, lineTo: group[group.length - 1].line, from: a0 - 1, to: a1 + 1, runs: group };
          if (!known.some((k) => overlaps(k, seg)) && !out.some((k) => overlaps(k, seg))) out.push(seg);
        }
        group = [];
      };
      for (let c = c0; c <= c1 + 1; c++) {
        if (c > c1 || faced[c - near.from]) {
          flush();
          continue;
        }
        faced[c - near.from] = 1;
        if (len < minBand) continue;
        // a rule a little off the pixel grid spreads over two lines: either counts
        if (fills(ink, t, w, dir, c, a0, a1, c < c1)) group.push({ line: c, from: a0 - 1, to: a1 + 1 });
        else flush();
      }
      if (faced.every(Boolean)) break;
    }
  }
  return out;
}

/** A cell border runs from ruling to ruling. Ink that carries a border on
 * part of the way into the next band (a letter of a heading that spans the
 * columns touching the border's end: the 'y,' of "Equality,") is cut back to
 * the last ruling the border crosses; left in, it splits the spanning cell
 * and is painted out of the letters. `cross` are the perpendicular rulings. */
function trimOvershoots(segs: Segment[], cross: Segment[], tol: number): void {
  for (const seg of segs) {
    const mid = (seg.lineFrom + seg.lineTo) / 2;
    const ps = cross.filter((c) => c.from <= mid + tol && c.to >= mid - tol).map((c) => (c.lineFrom + c.lineTo) / 2).sort((a, b) => a - b);
    let from = seg.from;
    let to = seg.to;
    // the start: between two rulings, with under three quarters of that band
    const at = (x: number) => ps.some((p) => Math.abs(p - x) <= tol);
    const before = at(from) ? undefined : ps.filter((p) => p < from - tol).pop();
    const after = ps.find((p) => p > from + tol);
    if (before !== undefined && after !== undefined && after < to - tol && after - from < 0.75 * (after - before)) from = Math.floor(after);
    const below = at(to) ? undefined : ps.find((p) => p > to + tol);
    const above = ps.filter((p) => p < to - tol).pop();
    if (below !== undefined && above !== undefined && above > from + tol && to - above < 0.75 * (below - above)) to = Math.ceil(above);
    if (from === seg.from && to === seg.to) continue;
    seg.from = from;
    seg.to = to;
    seg.runs = seg.runs.map((r) => ({ ...r, from: Math.max(r.from, from - tol), to: Math.min(r.to, to + tol) })).filter((r) => r.from <= r.to);
  }
}

/** Pieces of one ruling (found on neighbouring lines, overlapping) as one
 * segment, ordered by position. */
function mergeSides(segs: Segment[], maxThick: number): Segment[] {
  const sorted = [...segs].sort((a, b) => a.lineFrom - b.lineFrom || a.from - b.from);
  const out: Segment[] = [];
  for (const s of sorted) {
    const host = out.find((o) => s.lineFrom <= o.lineTo + maxThick && Math.abs(s.lineFrom - o.lineFrom) <= maxThick && s.from <= o.to + 1 && s.to >= o.from - 1);
    if (host) {
      host.lineTo = Math.max(host.lineTo, s.lineTo);
      host.from = Math.min(host.from, s.from);
      host.to = Math.max(host.to, s.to);
    } else out.push({ ...s, runs: [] });
  }
  return out.sort((a, b) => a.lineFrom - b.lineFrom);
}

/** A rule has paper on both sides along most of its length; a stroke of
 * bold lettering has the rest of its letters next to it. `along` is the index
 * step along the segment, `across` between lines; `lines` the number of lines. */
function isolated(ink: Uint8Array, t: number, seg: Segment, along: number, across: number, lines: number, clear: number): boolean {
  const before = seg.lineFrom - clear;
  const after = seg.lineTo + clear;
  let free = 0;
  let n = 0;
  for (let i = seg.from; i <= seg.to; i++) {
    const a = before >= 0 && ink[before * across + i * along]! <= t;
    const b = after < lines && ink[after * across + i * along]! <= t;
    n++;
    if (!a && !b) free++;
  }
  return free >= 0.6 * n;
}

/** Paints ruling pixels white, `fringe` lines wider on each side to take
 * the anti-aliased edge (left in, it reads as '~' or '«'). (Filling them from
 * the pixels on either side instead, to leave no edge between a shaded and a
 * white cell, measured worse: recall 0.9913 against 0.9938, docs/ocr.md.) */
export function eraseRulings(img: GrayImage, found: RulingResult, inPlace = false): GrayImage {
  let out = img.data;
  if (!inPlace) {
    const copy = pgmImage(img.width, img.height, img.dpi);
    copy.data.set(img.data);
    out = copy.data;
  }
  const { width: w, height: h } = img;
  const f = found.fringe;
  for (const { dir, runs } of found.marks) {
    for (const r of runs) {
      if (dir === 'h') {
        for (let y = Math.max(0, r.line - f); y <= Math.min(h - 1, r.line + f); y++) out.fill(255, y * w + r.from, y * w + r.to + 1);
      } else {
        for (let x = Math.max(0, r.line - f); x <= Math.min(w - 1, r.line + f); x++) {
          for (let y = r.from; y <= r.to; y++) out[y * w + x] = 255;
        }
      }
    }
  }
  return { ...img, data: out };
}
