// Plan table -> draft records: find the header, classify rows (header repeat,
// section, continuation, data), fill down merged ref/action/section cells and
// build section paths.
import type { CellBox, ColumnField, Grid, TableColumns } from '../model.ts';
import { mapColumns, type ColumnCell } from './columns.ts';
import { hasExplicitMerges, toMatrix, type MatrixCell } from './grid.ts';
import { headerChoices, looksLikeHeader, isPlanColumns, mapHeaderRow } from './headers.ts';
import { cleanText, oneLine } from './text.ts';
import { filled, mapped } from '../arrays.ts';
import { documentMemo } from '../memo.ts';

/** A record before field parsing: raw cell text per canonical field. */
export interface DraftRecord {
  cells: Partial<Record<ColumnField, string>>;
  /** the source cell of each field, where the grid has geometry */
  boxes?: Partial<Record<ColumnField, CellBox>>;
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
  /** each plan table's column mapping, for provenance */
  mappings: TableColumns[];
}

export function newTableState(): TableState {
  return { columns: null, headerLabels: null, sections: [], mappings: [] };
}

const CONTINUATION = /^(\d+(?:\.\d+)*)\.?\s*(?:\(?\s*cont(?:inued|\u2019?d|'d)?\.?\s*\)?)$/i;
const FILL_DOWN: ColumnField[] = ['ref', 'action', 'section'];

/** a label's letters and digits; a table's header is compared with every row */
function normLabel(s: string): string {
  if (!s) return s;
  let v = normalLabels.get(s);
  if (v === undefined) normalLabels.set(s, (v = s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')));
  return v;
}
const normalLabels = documentMemo<string>();

function rowLabels(row: MatrixCell[]): string[] {
  return row.map((c) => (c.mergedAbove || c.spannedLeft ? '' : oneLine(c.text)));
}

/** normLabel of a row's label as far as the comparison with a header label
 * of n letters needs: all of it up to n + 1 letters (a long cell's text is
 * not normalised whole for every row) */
function labelHead(s: string, n: number): string {
  let out = '';
  for (let i = 0; i < s.length && out.length <= n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) {
      // no-break space, £ and general punctuation (quotes, dashes, bullets)
      // are no letters: the rest is normalised whole
      if (c === 0xa0 || c === 0xa3 || (c >= 0x2000 && c <= 0x206f)) continue;
      return normLabel(s);
    }
    if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
    else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out += s[i];
  }
  return out;
}

function isHeaderRepeat(labels: string[], header: string[]): boolean {
  return repeatsLabels(labels, mapped(header, normLabel));
}

/** isHeaderRepeat with the header's labels normalised (normLabel) */
function repeatsLabels(labels: string[], b: string[]): boolean {
  const a: string[] = [];
  for (let i = 0; i < labels.length; i++) a.push(labelHead(labels[i], b[i]?.length ?? 0));
  let same = 0;
  let filled = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!a[i] && !b[i]) continue;
    filled++;
    if (a[i] && b[i] && (a[i] === b[i] || a[i].startsWith(b[i]) || b[i].startsWith(a[i]))) same++;
  }
  return filled > 0 && same >= Math.max(2, filled * 0.6);
}

/** Labels of a header row, a spanning label standing over every column it covers. */
function headerLabels(row: MatrixCell[]): string[] {
  const out: string[] = [];
  for (let c = 0; c < row.length; c++) {
    const cell = row[c];
    out.push(cell.mergedAbove ? '' : cell.spannedLeft ? out[c - 1] ?? '' : oneLine(cell.text));
  }
  return out;
}

function combineLabels(rows: string[][]): string[] {
  return rows[0].map((_, c) => rows.map((r) => r[c] ?? '').filter(Boolean).join(' '));
}

const SHORT_LABEL = 40;
const allShort = (labels: string[]) => labels.every((l) => l.length <= SHORT_LABEL);

/** A row of sub-labels under a header with spanning labels ("Resources" over
 * "Budget" and "Source"), for sources that do not mark header rows: short
 * labels only under the spanning cells, nothing under the single ones. */
function isSubLabelRow(header: MatrixCell[], next: MatrixCell[]): boolean {
  let spanned = 0;
  let labelled = 0;
  for (let c = 0; c < header.length; c++) {
    let start = c;
    while (start > 0 && header[start].spannedLeft) start--;
    const underSpan = header[start].colspan > 1;
    if (underSpan) spanned++;
    const text = next[c].mergedAbove || next[c].spannedLeft ? '' : oneLine(next[c].text);
    if (!text) continue;
    if (!underSpan || text.length > SHORT_LABEL) return false;
    labelled++;
  }
  return spanned >= 2 && labelled >= 2;
}

/** The header: the first row that reads like one, or two rows that do together
 * (a spanning label over sub-labels, or labels wrapped onto a second row); rows
 * right after it that the source marks as header rows belong to it. */
function findHeaderRows(matrix: MatrixCell[][], grid: Grid): number[] {
  const limit = Math.min(matrix.length, 12);
  let rows: number[] = [];
  for (let r = 0; r < limit && !rows.length; r++) {
    const one = headerLabels(matrix[r]);
    if (looksLikeHeader(one)) rows = [r];
    else if (r + 1 < matrix.length && allShort(one)) {
      const two = headerLabels(matrix[r + 1]);
      if (allShort(two) && looksLikeHeader(combineLabels([one, two])) && !looksLikeHeader(two)) rows = [r, r + 1];
    }
  }
  // a first row the reader marks as the header, naming two fields or more:
  // its unlabelled columns are mapped by their cells
  if (!rows.length && grid.rows[0]?.header && mapHeaderRow(headerLabels(matrix[0])).filter(Boolean).length >= 2) rows = [0];
  if (!rows.length) return rows;
  const first = headerLabels(matrix[rows[0]]);
  if (rows.length === 1 && rows[0] + 1 < matrix.length && isSubLabelRow(matrix[rows[0]], matrix[rows[0] + 1])) rows.push(rows[0] + 1);
  for (let r = rows[rows.length - 1] + 1; r < matrix.length && grid.rows[r]?.header; r++) {
    const labels = headerLabels(matrix[r]);
    // sub-labels under spanning ones may read like a header of their own; only
    // a row that repeats the header's labels is a repeat
    if (!allShort(labels) || isHeaderRepeat(labels, first)) break;
    rows.push(r);
  }
  return rows;
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
/** Upper case, allowing a glyph slip or two of extraction ("STRATEGlC"). */
function isAllCaps(s: string): boolean {
  const upper = s.match(CAPS_LETTERS)?.length ?? 0;
  const lower = s.match(LOWER_LETTERS) ?? [];
  const slips = lower.filter((c) => c === 'l' || c === 'i' || c === 'o').length;
  return upper >= 3 && (lower.length === 0 || (lower.length === slips && slips <= Math.max(1, upper / 10)));
}

// "Theme 1: ...", "Objective 2 - ...", "Part A: ...", "3. ...", "1.2 ...": a
// section row that carries a number or letter of its own.
// (two words before the number only with a separator after it: "Out come 3:"
// from a damaged export, but not "Support for 16 year olds")
const NUMBERED_SECTION = /^(?:(?:\p{L}+\s+)?(\d+(?:\.\d+)*|[A-Z]|[IVX]+)(?:\s*[:.)\-\u2013]\s*|\s+)|\p{L}+\s+\p{L}+\s+(\d+(?:\.\d+)*|[A-Z]|[IVX]+)\s*[:.)\-\u2013]\s*)\S/u;

/** How deep a numbered section label sits: "1." and "Theme 1:" are 1, "1.2" is 2. */
function numberDepth(s: string): number {
  // a bare number ("1.", "1.2"): a section row whose title was lost
  const bare = /^(\d+(?:\.\d+)*)\.?$/.exec(s.trim());
  if (bare) return bare[1].split('.').length;
  const m = NUMBERED_SECTION.exec(s);
  if (!m) return 0;
  const n = m[1] ?? m[2];
  return /^\d/.test(n) ? n.split('.').length : 1;
}

/** Nesting of section rows: an upper-case or numbered row is a top-level
 * section ("1.2" nests under "1."); an unnumbered row in ordinary case under
 * an upper-case or numbered one is nested below it. */
function pushSection(state: TableState, text: string): void {
  const top = state.sections[0];
  const depth = isAllCaps(text) ? 0 : numberDepth(text);
  if (depth > 1 && state.sections.length >= depth - 1 && state.sections.slice(0, depth - 1).every((s) => numberDepth(s) > 0)) {
    state.sections = [...state.sections.slice(0, depth - 1), text];
  } else if (depth === 0 && !isAllCaps(text) && top !== undefined && (isAllCaps(top) || numberDepth(top) > 0)) {
    state.sections = [top, text];
  } else {
    state.sections = [text];
  }
}

/** The data cells of each column: rows after the header that are not header
 * repeats, section rows or empty. */
function columnCells(matrix: MatrixCell[][], grid: Grid, headerRows: number[], header: string[], rows: RowReading): ColumnCell[][] {
  const out: ColumnCell[][] = filled(grid.ncols, () => []);
  for (let r = (headerRows.at(-1) ?? -1) + 1; r < matrix.length; r++) {
    const row = matrix[r];
    const labels = rows.labels(r);
    if (grid.rows[r]?.header || labels.every((l) => !l) || rows.repeats(r, header) || spanningText(row) !== null) continue;
    // (a cell's label is its text on one line: what the columns' profiles read)
    row.forEach((cell, c) => out[c].push({ text: labels[c], mergedAbove: cell.mergedAbove }));
  }
  return out;
}

/** A table's row labels and header repeats, each read once (the columns'
 * cells and the records ask the same of every row). */
interface RowReading {
  labels(r: number): string[];
  repeats(r: number, header: string[]): boolean;
}

function rowReading(matrix: MatrixCell[][]): RowReading {
  const labels: (string[] | undefined)[] = [];
  const repeats: (boolean | undefined)[] = [];
  let against: string[] | null = null;
  let normal: string[] = [];
  const labelsOf = (r: number) => (labels[r] ??= rowLabels(matrix[r]));
  return {
    labels: labelsOf,
    repeats(r, header) {
      if (header !== against) {
        against = header;
        normal = mapped(header, normLabel);
        repeats.length = 0;
      }
      return (repeats[r] ??= repeatsLabels(labelsOf(r), normal));
    },
  };
}

export function tableToDrafts(grid: Grid, state: TableState): DraftRecord[] {
  const matrix = toMatrix(grid);
  if (matrix.length === 0) return [];
  const rowsRead = rowReading(matrix);
  const explicit = hasExplicitMerges(grid);

  const headerRows = findHeaderRows(matrix, grid);
  const headerIndex = headerRows.length ? headerRows[headerRows.length - 1] : -1;
  let columns: (ColumnField | null)[];
  let mapping: TableColumns['columns'] | null = null;
  if (headerRows.length) {
    const rows = headerRows.map((r) => headerLabels(matrix[r]));
    state.headerLabels = combineLabels(rows);
    mapping = mapColumns(state.headerLabels, headerChoices(rows), columnCells(matrix, grid, headerRows, state.headerLabels, rowsRead), explicit);
    columns = mapping.map((m) => m.field);
    state.columns = columns;
  } else if (state.columns && state.columns.length === grid.ncols) {
    columns = state.columns; // a table continuing an earlier one
  } else {
    return [];
  }
  if (!isPlanColumns(columns.filter((c): c is ColumnField => c !== null))) return [];

  const drafts: DraftRecord[] = [];
  const last: Partial<Record<ColumnField, string>> = {};
  const lastBox: Partial<Record<ColumnField, CellBox>> = {};
  const actionByRef = new Map<string, string>();

  for (let r = 0; r < matrix.length; r++) {
    if (headerRows.includes(r)) continue;
    const row = matrix[r];
    const info = grid.rows[r] ?? { page: grid.page, sourceRow: r + 1 };
    const labels = rowsRead.labels(r);
    if (labels.every((l) => !l) && row.every((c) => !c.mergedAbove)) continue;
    if (info.header || (state.headerLabels && rowsRead.repeats(r, state.headerLabels))) continue;

    const section = spanningText(row);
    if (section !== null) {
      pushSection(state, section);
      for (const f of FILL_DOWN) delete last[f];
      continue;
    }

    const cells: Partial<Record<ColumnField, string>> = {};
    const boxes: Partial<Record<ColumnField, CellBox>> = {};
    const filled = new Set<ColumnField>();
    let hasOwnContent = false;
    let continuation = false;
    for (let c = 0; c < columns.length; c++) {
      const field = columns[c];
      if (!field) continue;
      const cell = row[c];
      if (cell.spannedLeft) continue;
      let text = cell.mergedAbove ? '' : cleanText(cell.text);
      // an empty cell spanning rows under a filled one continues it: no author
      // merges blank cells, a layout that misplaced a merge's start does
      const merged = cell.mergedAbove || (!explicit && !text) || (!text && cell.rowspan > 1);
      if (field === 'ref' && text) {
        const cont = CONTINUATION.exec(oneLine(text));
        if (cont) {
          text = cont[1];
          continuation = true;
        }
      }
      if (!text && merged && FILL_DOWN.includes(field) && last[field] !== undefined) {
        text = last[field]!;
        filled.add(field);
        if (lastBox[field]) boxes[field] = lastBox[field];
      } else if (text && field !== 'section' && field !== 'ref') {
        hasOwnContent = true;
      }
      if (text) cells[field] = text;
      if (text && cell.box && !filled.has(field)) boxes[field] = cell.box;
    }
    // A row with a ref of its own starts another action: the action above is not its own.
    if (cells.ref && !filled.has('ref') && filled.has('action') && cells.ref !== last.ref) delete cells.action;
    if (continuation && cells.ref && !cells.action) {
      const earlier = actionByRef.get(cells.ref.replace(/\.$/, ''));
      if (earlier) cells.action = earlier;
    }
    if (!hasOwnContent) {
      // Only a ref or a section code: nothing to record, but it may head the rows below.
      for (const f of FILL_DOWN) if (cells[f]) [last[f], lastBox[f]] = [cells[f]!, boxes[f]];
      continue;
    }
    for (const f of FILL_DOWN) {
      if (cells[f]) [last[f], lastBox[f]] = [cells[f]!, boxes[f]];
      else if (f !== 'section') delete last[f];
    }
    if (cells.ref && cells.action) actionByRef.set(cells.ref.replace(/\.$/, ''), cells.action);
    const path = [...state.sections];
    if (cells.section) path.push(oneLine(cells.section));
    drafts.push({ cells, ...(Object.keys(boxes).length ? { boxes } : {}), sectionPath: path, page: info.page, row: info.sourceRow, continuation });
  }
  if (mapping && drafts.length) state.mappings.push({ page: Math.max(1, grid.page), columns: mapping });
  return drafts;
}
