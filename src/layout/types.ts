import type { GridCell } from '../model.ts';

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
