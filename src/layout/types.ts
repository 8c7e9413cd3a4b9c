import type { CellBox, GridCell, PositionedWord } from '../model.ts';

export interface PageCell extends GridCell {
  /** bottom of the cell's text, for telling rows cut by a page break */
  bottom?: number;
}

/** A table as found on one page, before tables running over pages are joined. */
export interface PageTable {
  page: number;
  bbox: [number, number, number, number];
  /** column boundaries, ncols + 1 of them, left to right */
  cols: number[];
  /** row boundaries, nrows + 1 of them, top to bottom */
  rows: number[];
  cells: PageCell[];
  /** typical text size in the table */
  size: number;
  /** cell borders came from ruling lines (else from white space) */
  ruled: boolean;
}

export function rowCells(t: { cells: GridCell[] }, row: number): GridCell[] {
  return t.cells.filter((c) => c.row === row).sort((a, b) => a.col - b.col);
}

/** A cell's place on its page: the ruled rectangle when there is one, else
 * the extent of its words; OCR'd words add their mean confidence. */
export function cellBox(page: number, words: PositionedWord[], rect?: [number, number, number, number]): CellBox | undefined {
  let bbox = rect;
  if (!bbox) {
    if (!words.length) return undefined;
    // the words' extent (Math.min and max folded: the same values as over spread arrays)
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const w of words) {
      x0 = Math.min(x0, w.x0);
      y0 = Math.min(y0, w.y0);
      x1 = Math.max(x1, w.x1);
      y1 = Math.max(y1, w.y1);
    }
    bbox = [x0, y0, x1, y1];
  }
  let sum = 0;
  let n = 0;
  for (const w of words) {
    if (w.conf === undefined) continue;
    sum += w.conf;
    n++;
  }
  const round = (v: number) => Math.round(v * 100) / 100;
  const box: CellBox['bbox'] = [round(bbox[0]), round(bbox[1]), round(bbox[2]), round(bbox[3])];
  return n ? { page, bbox: box, conf: Math.round((sum / n) * 10) / 10 } : { page, bbox: box };
}
