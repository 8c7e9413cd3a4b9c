// Partly ruled tables: rulings give the frame, the text gives what the rulings
// leave out. A column line drawn only in the header still divides the body
// where no word crosses it; a row band without inner rules holds several rows
// when its lines start new entries in several columns at once (the next line's
// first word would have fitted on the line before, so it is no wrap).
import type { PositionedWord } from '../model.ts';
import { type Line, groupLines, median, wordHeight } from './lines.ts';
import { TABLE_SETTINGS } from './settings.ts';

const S = TABLE_SETTINGS.ruled;

export interface VSeg {
  x: number;
  y0: number;
  y1: number;
}

type Covered = (x: number, a: number, b: number) => boolean;

function cx(w: PositionedWord): number {
  return (w.x0 + w.x1) / 2;
}
function cy(w: PositionedWord): number {
  return (w.y0 + w.y1) / 2;
}

/** Column lines the rulings lack in a row band but the band's words respect:
 * no word crosses the line and there is text on both sides of it. */
export function textVerticals(words: PositionedWord[], xs: number[], ys: number[], covered: Covered): VSeg[] {
  const out: VSeg[] = [];
  const size = median(words.map(wordHeight)) || 10;
  const slack = S.crossSlack * size;
  for (let r = 0; r + 1 < ys.length; r++) {
    const band = words.filter((w) => cy(w) >= ys[r] && cy(w) < ys[r + 1]);
    if (band.length < 2) continue;
    for (let k = 1; k + 1 < xs.length; k++) {
      if (covered(xs[k], ys[r], ys[r + 1])) continue;
      const x = xs[k];
      if (band.some((w) => w.x0 < x - slack && w.x1 > x + slack)) continue;
      const left = band.some((w) => cx(w) < x && cx(w) >= xs[k - 1]);
      const right = band.some((w) => cx(w) >= x && cx(w) < xs[k + 1]);
      if (left && right) out.push({ x, y0: ys[r], y1: ys[r + 1] });
    }
  }
  return out;
}

/** Heights at which a row band without inner rules is divided into rows. */
export function textRowBreaks(words: PositionedWord[], xs: number[], ys: number[], covered: Covered): number[] {
  const out: number[] = [];
  for (let r = 0; r + 1 < ys.length; r++) {
    const a = ys[r];
    const b = ys[r + 1];
    const band = words.filter((w) => cy(w) >= a && cy(w) < b);
    const lines = groupLines(band);
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
    const parts: (Line | null)[][] = lines.map((l) => {
      const byCell: PositionedWord[][] = Array.from({ length: ncell }, () => []);
      for (const w of l.words) byCell[cellOf(w)].push(w);
      return byCell.map((ws) => (ws.length ? { words: ws, x0: ws[0].x0, x1: ws[ws.length - 1].x1, y0: l.y0, y1: l.y1, size: l.size } : null));
    });
    for (let i = 1; i < lines.length; i++) {
      let entries = 0;
      let wraps = 0;
      for (let c = 0; c < ncell; c++) {
        const cur = parts[i][c];
        if (!cur) continue;
        const prev = parts[i - 1][c];
        if (!prev) {
          entries++;
          continue;
        }
        const width = xs[cuts[c + 1]] - xs[cuts[c]] - 2 * S.cellPadding * size;
        const first = cur.words[0];
        const fits = prev.x1 - prev.x0 + 0.3 * size + (first.x1 - first.x0) <= width;
        if (fits) entries++;
        else wraps++;
      }
      if (entries >= S.minEntryColumns && wraps === 0) out.push((lines[i - 1].y1 + lines[i].y0) / 2);
    }
  }
  return out;
}
