// Table rows of cells with spans -> a Grid: each cell goes to the first column
// not already covered by a cell spanning down from a row above (the HTML table
// model, which Word's gridSpan/vMerge also follow).
import type { Grid, GridCell } from '../model.ts';

export interface SpanCell {
  text: string;
  colspan: number;
  rowspan: number;
}

export interface SpanRow {
  cells: SpanCell[];
  header: boolean;
  /** columns left empty before the first cell (Word's w:gridBefore) */
  skip?: number;
}

export function placeCells(rows: SpanRow[], page: number): Grid {
  const occupied: boolean[][] = [];
  const cells: GridCell[] = [];
  const info: Grid['rows'] = [];
  let ncols = 0;
  rows.forEach((row, r) => {
    occupied[r] ??= [];
    let col = row.skip ?? 0;
    for (const td of row.cells) {
      while (occupied[r][col]) col++;
      const colspan = Math.max(1, td.colspan || 1);
      const rowspan = Math.max(1, td.rowspan || 1);
      for (let dr = 0; dr < rowspan; dr++) {
        occupied[r + dr] ??= [];
        for (let dc = 0; dc < colspan; dc++) occupied[r + dr][col + dc] = true;
      }
      cells.push({ row: r, col, rowspan: Math.min(rowspan, rows.length - r), colspan, text: td.text });
      col += colspan;
      ncols = Math.max(ncols, col);
    }
    info.push({ page, sourceRow: r + 1, ...(row.header ? { header: true } : {}) });
  });
  return { page, pages: [page], nrows: rows.length, ncols, cells, rows: info, explicitMerges: true };
}
