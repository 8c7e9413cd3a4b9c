// A grid as a dense matrix: each position holds the text of the cell that
// starts there, or says it is covered by a cell above (vertical merge) or to
// the left (horizontal span).
import type { CellBox, Grid } from '../model.ts';
import { filled } from '../arrays.ts';

export interface MatrixCell {
  text: string;
  /** covered by a cell starting in an earlier row (vertical merge) */
  mergedAbove: boolean;
  /** covered by a cell starting in an earlier column (horizontal span) */
  spannedLeft: boolean;
  /** colspan of the cell that starts here (1 for covered positions) */
  colspan: number;
  /** the covering cell's place on the page, when known */
  box?: CellBox;
  /** rowspan of the cell that starts here (1 for covered positions) */
  rowspan: number;
}

export function toMatrix(grid: Grid): MatrixCell[][] {
  const m: MatrixCell[][] = [];
  for (let r = 0; r < grid.nrows; r++) {
    m.push(filled(grid.ncols, () => ({ text: '', mergedAbove: false, spannedLeft: false, colspan: 1, rowspan: 1 })));
  }
  for (const cell of grid.cells) {
    if (cell.row >= grid.nrows || cell.col >= grid.ncols) continue;
    const rowEnd = Math.min(grid.nrows, cell.row + Math.max(1, cell.rowspan));
    const colEnd = Math.min(grid.ncols, cell.col + Math.max(1, cell.colspan));
    for (let r = cell.row; r < rowEnd; r++) {
      for (let c = cell.col; c < colEnd; c++) {
        const target = m[r][c];
        if (cell.box) target.box = cell.box;
        if (r === cell.row && c === cell.col) {
          target.text = cell.text;
          target.colspan = colEnd - cell.col;
          target.rowspan = rowEnd - cell.row;
        } else if (r > cell.row) {
          target.mergedAbove = true;
        } else {
          target.spannedLeft = true;
        }
      }
    }
  }
  return m;
}

/** Does this grid say which cells are merged? Word tables and ruled PDF tables
 * do; text exports and borderless layouts only show empty cells. */
export function hasExplicitMerges(grid: Grid): boolean {
  return grid.explicitMerges ?? grid.cells.some((c) => c.rowspan > 1);
}
