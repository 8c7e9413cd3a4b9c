// Plan table -> draft records: find the header, classify rows (header repeat,
// section, continuation, data), fill down merged ref/action/section cells and
// build section paths.
import type { ColumnField, Grid } from '../model.ts';
import { hasExplicitMerges, toMatrix, type MatrixCell } from './grid.ts';
import { looksLikeHeader, mapHeaderRow, isPlanColumns } from './headers.ts';
import { cleanText, oneLine } from './text.ts';

/** A record before field parsing: raw cell text per canonical field. */
export interface DraftRecord {
  cells: Partial<Record<ColumnField, string>>;
  sectionPath: string[];
  page: number;
  row: number;
  /** ref came from a continuation row such as "8. cont" */
  continuation: boolean;
}

/** What carries from one table to the next in a document. */
export interface TableState {
  columns: (ColumnField | null)[] | null;
  headerLabels: string[] | null;
  sections: string[];
}

export function newTableState(): TableState {
  return { columns: null, headerLabels: null, sections: [] };
}

const CONTINUATION = /^(\d+(?:\.\d+)*)\.?\s*(?:\(?\s*cont(?:inued|\u2019?d|'d)?\.?\s*\)?)$/i;
const FILL_DOWN: ColumnField[] = ['ref', 'action', 'section'];

function normLabel(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function rowLabels(row: MatrixCell[]): string[] {
  return row.map((c) => (c.mergedAbove || c.spannedLeft ? '' : oneLine(c.text)));
}

function isHeaderRepeat(labels: string[], header: string[]): boolean {
  const a = labels.map(normLabel);
  const b = header.map(normLabel);
  let same = 0;
  let filled = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!a[i] && !b[i]) continue;
    filled++;
    if (a[i] && b[i] && (a[i] === b[i] || a[i].startsWith(b[i]) || b[i].startsWith(a[i]))) same++;
  }
  return filled > 0 && same >= Math.max(2, filled * 0.6);
}

/** Section rows: one piece of text spanning (most of) the table's width. */
function spanningText(row: MatrixCell[]): string | null {
  const starts = row.filter((c) => !c.mergedAbove && !c.spannedLeft && c.text.trim());
  if (starts.length !== 1) return null;
  const cell = starts[0];
  if (row.length <= 2) return null;
  return cell.colspan >= Math.max(2, row.length - 1) ? oneLine(cell.text) : null;
}

const CAPS_LETTERS = /\p{Lu}/gu;
const LOWER_LETTERS = /\p{Ll}/gu;
function isAllCaps(s: string): boolean {
  const upper = s.match(CAPS_LETTERS)?.length ?? 0;
  const lower = s.match(LOWER_LETTERS)?.length ?? 0;
  return upper >= 3 && lower === 0;
}

/** Nesting of section rows: an upper-case row is a top-level section; a row in
 * ordinary case directly under an upper-case one is nested below it. */
function pushSection(state: TableState, text: string): void {
  const top = state.sections[0];
  if (!isAllCaps(text) && top !== undefined && isAllCaps(top)) {
    state.sections = [top, text];
  } else {
    state.sections = [text];
  }
}

export function tableToDrafts(grid: Grid, state: TableState): DraftRecord[] {
  const matrix = toMatrix(grid);
  if (matrix.length === 0) return [];
  const explicit = hasExplicitMerges(grid);

  // The header: a flagged header row, or the first row that reads like one.
  let headerIndex = -1;
  for (let r = 0; r < Math.min(matrix.length, 12); r++) {
    const labels = rowLabels(matrix[r]);
    if (looksLikeHeader(labels)) {
      headerIndex = r;
      break;
    }
  }
  let columns: (ColumnField | null)[];
  if (headerIndex >= 0) {
    state.headerLabels = rowLabels(matrix[headerIndex]);
    columns = mapHeaderRow(state.headerLabels);
    state.columns = columns;
  } else if (state.columns && state.columns.length === grid.ncols) {
    columns = state.columns; // a table continuing an earlier one
  } else {
    return [];
  }
  if (!isPlanColumns(columns.filter((c): c is ColumnField => c !== null))) return [];

  const drafts: DraftRecord[] = [];
  const last: Partial<Record<ColumnField, string>> = {};
  const actionByRef = new Map<string, string>();

  for (let r = 0; r < matrix.length; r++) {
    if (r === headerIndex) continue;
    const row = matrix[r];
    const info = grid.rows[r] ?? { page: grid.page, sourceRow: r + 1 };
    const labels = rowLabels(row);
    if (labels.every((l) => !l) && row.every((c) => !c.mergedAbove)) continue;
    if (info.header || (state.headerLabels && isHeaderRepeat(labels, state.headerLabels))) continue;

    const section = spanningText(row);
    if (section !== null) {
      pushSection(state, section);
      for (const f of FILL_DOWN) delete last[f];
      continue;
    }

    const cells: Partial<Record<ColumnField, string>> = {};
    let hasOwnContent = false;
    let continuation = false;
    for (let c = 0; c < columns.length; c++) {
      const field = columns[c];
      if (!field) continue;
      const cell = row[c];
      if (cell.spannedLeft) continue;
      let text = cell.mergedAbove ? '' : cleanText(cell.text);
      const merged = cell.mergedAbove || (!explicit && !text);
      if (field === 'ref' && text) {
        const cont = CONTINUATION.exec(oneLine(text));
        if (cont) {
          text = cont[1];
          continuation = true;
        }
      }
      if (!text && merged && FILL_DOWN.includes(field) && last[field] !== undefined) {
        text = last[field]!;
      } else if (text && field !== 'section' && field !== 'ref') {
        hasOwnContent = true;
      }
      if (text) cells[field] = text;
    }
    if (continuation && cells.ref && !cells.action) {
      const earlier = actionByRef.get(cells.ref.replace(/\.$/, ''));
      if (earlier) cells.action = earlier;
    }
    if (!hasOwnContent) {
      // Only a ref or a section code: nothing to record, but it may head the rows below.
      for (const f of FILL_DOWN) if (cells[f]) last[f] = cells[f]!;
      continue;
    }
    for (const f of FILL_DOWN) {
      if (cells[f]) last[f] = cells[f]!;
      else if (f !== 'section') delete last[f];
    }
    if (cells.ref && cells.action) actionByRef.set(cells.ref.replace(/\.$/, ''), cells.action);
    const path = [...state.sections];
    if (cells.section) path.push(oneLine(cells.section));
    drafts.push({ cells, sectionPath: path, page: info.page, row: info.sourceRow, continuation });
  }
  return drafts;
}
