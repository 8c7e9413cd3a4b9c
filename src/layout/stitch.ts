// Tables running over a page break arrive as one PageTable per page. They are
// joined into one Grid when the second starts its page, the first ends its page
// and both have the same columns. A header row the renderer repeated at the top
// of the page is dropped; a row the page break cut in two is put back together.
import type { Grid, GridCell, GridRowInfo } from '../model.ts';
import type { PageCell, PageTable } from './types.ts';
import { TABLE_SETTINGS } from './settings.ts';
import { editDistance } from '../edit-distance.ts';

export interface GridParts {
  tables: PageTable[];
}

// A repeated header row is the same letters and digits: OCR reads its
// spaces and slashes differently page to page ('By when' / 'Bywhen',
// 'Activity / Action' / 'Activity | Action').
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

function key(text: string): string {
  return keyWithin(text, Infinity)!;
}

/** key(text), or null once its ASCII letters and digits pass `most` (a long
 * cell's text is not read whole to tell it is no header label). */
function keyWithin(text: string, most: number): string | null {
  // ASCII text (nearly every cell) without the Unicode pattern
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) {
      // punctuation (quotes, dashes, bullets, private-use symbols): no letter
      if (c === 0xa0 || (c >= 0x2000 && c <= 0x206f) || (c >= 0x25a0 && c <= 0x25ff) || (c >= 0xe000 && c <= 0xf8ff)) continue;
      return text.replace(NOT_LETTER_OR_DIGIT, '').toLowerCase();
    }
    if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
    else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out += text[i];
    else continue;
    if (out.length > most) return null;
  }
  return out;
}

/** Two header rows' keys are alike when each cell reads the same but for a
 * few misread letters ('OFFICER/ORGANISAT' / 'OFFICER/IORGANISA'). */
function sameHeader(a: string, b: string): boolean {
  if (a === b) return true;
  const as = a.split('|');
  const bs = b.split('|');
  if (as.length !== bs.length) return false;
  return as.every((x, i) => sameLabel(x, bs[i]));
}

function sameLabel(x: string, y: string): boolean {
  const allowed = Math.floor(TABLE_SETTINGS.headerRepeatMisreads * Math.max(x.length, y.length));
  // (the distance is at least the difference in length)
  return x === y || (allowed > 0 && Math.abs(x.length - y.length) <= allowed && editDistance(x, y) <= allowed);
}

/** sameHeader of a row's key and the header's, the row's cells (in column
 * order) keyed only as far as a label so long can still be alike: a key
 * longer than the header label's length / (1 - misreads) differs from it by
 * more letters than it may. */
function repeatsHeader(row: PageCell[], header: string[]): boolean {
  if (row.length !== header.length) return false;
  const share = 1 - TABLE_SETTINGS.headerRepeatMisreads;
  for (let i = 0; i < row.length; i++) {
    const y = header[i];
    // (two letters over the bound: no rounding can make a key that long alike)
    const x = keyWithin(row[i].text, share > 0 ? Math.floor(y.length / share) + 2 : Infinity);
    if (x === null || !sameLabel(x, y)) return false;
  }
  return true;
}

export function sameColumns(a: PageTable, b: PageTable): boolean {
  if (a.cols.length !== b.cols.length) return false;
  const width = Math.max(a.cols[a.cols.length - 1] - a.cols[0], b.cols[b.cols.length - 1] - b.cols[0]);
  const tol = Math.max(3, (a.ruled && b.ruled ? 0.01 : 0.04) * width);
  // A scanned page lies on the glass a little apart from the one before: the
  // whole table shifts. Columns are compared after the median shift, when
  // that is small (5% of the width).
  const diffs = a.cols.map((x, i) => b.cols[i] - x).sort((p, q) => p - q);
  const mid = diffs[diffs.length >> 1];
  const shift = Math.abs(mid) <= 0.05 * width ? mid : 0;
  // interior boundaries: outer edges of borderless tables follow the text
  for (let i = 0; i < a.cols.length; i++) {
    const outer = i === 0 || i === a.cols.length - 1;
    if (Math.abs(a.cols[i] + shift - b.cols[i]) > (outer ? tol * 3 : tol)) return false;
  }
  return true;
}

/** Turns a chain of per-page tables (already known to continue each other)
 * into one Grid. */
export function stitchTables(parts: PageTable[]): Grid {
  const ncols = parts[0].cols.length - 1;
  const cells: PageCell[] = [];
  const rows: GridRowInfo[] = [];
  const headerKey = rowKey(parts[0], 0);
  let offset = 0;
  parts.forEach((t, pi) => {
    const nrows = t.rows.length - 1;
    let skip = 0;
    // the renderer's repeat of the header row at the top of a continuation page
    if (pi > 0 && nrows > 1 && headerKey && sameHeader(rowKey(t, 0), headerKey)) skip = 1;
    // a header spread over several lines may also be repeated over several rows
    let first = skip;
    if (pi > 0 && first < nrows && continuesRow(parts[pi - 1], t, first)) {
      joinRow(cells, offset - 1, t, first);
      first++;
    }
    for (const c of t.cells) {
      if (c.row < first) continue;
      // a merged cell carried over the page break stays merged
      if (c.row === first && !c.text && pi > 0 && extendAbove(cells, offset - 1, c)) continue;
      cells.push({ ...c, row: c.row - first + offset });
    }
    for (let r = first; r < nrows; r++) rows.push({ page: t.page, sourceRow: rows.length + 1 });
    offset += nrows - first;
  });
  if (!parts[0].ruled) mergeLeadingBlanks(cells, offset, ncols);
  const pages = [...new Set(parts.map((t) => t.page))];
  const bbox = parts[0].bbox;
  // header marks: rows that repeat the table's header row inside the table
  if (headerKey) {
    // each row's cells in their order in the list (one pass, not one filter per row)
    const byRow = new Map<number, PageCell[]>();
    for (const c of cells) {
      const list = byRow.get(c.row);
      if (list) list.push(c);
      else byRow.set(c.row, [c]);
    }
    const headerLabels = headerKey.split('|');
    for (let r = 0; r < rows.length; r++) {
      if (repeatsHeader((byRow.get(r) ?? []).sort((a, b) => a.col - b.col), headerLabels)) rows[r].header = true;
    }
  }
  // rulings say which cells are merged; white space only shows blank cells
  // (the merges read from blanks above are a guess)
  const explicitMerges = parts.every((t) => t.ruled);
  return { page: parts[0].page, pages, bbox: [...bbox], nrows: offset, ncols, cells, rows, explicitMerges };
}

function rowKey(t: PageTable, row: number): string {
  const cs = t.cells.filter((c) => c.row === row).sort((a, b) => a.col - b.col);
  if (!cs.some((c) => c.text.trim())) return '';
  return cs.map((c) => key(c.text)).join('|');
}

const STARTS_LOWER = /^[a-z(]/;

/** Is the first row on a continuation page the rest of the last row of the
 * page before? Every cell it has text in must have been running to the foot
 * of that row (cut off), and the row must read as a continuation: a cell picks
 * up mid-sentence, or the first column, which a new row fills, is empty. */
function continuesRow(prev: PageTable, t: PageTable, row: number): boolean {
  const cs = t.cells.filter((c) => c.row === row && c.text.trim());
  if (!cs.length) return false;
  const ncols = t.cols.length - 1;
  if (cs.some((c) => c.colspan === ncols && ncols > 1)) return false;
  const lastRow = prev.rows.length - 2;
  const foot = prev.rows[prev.rows.length - 1];
  for (const c of cs) {
    const above = prev.cells.find((p) => p.row <= lastRow && lastRow < p.row + p.rowspan && p.col <= c.col && c.col < p.col + p.colspan);
    if (!above?.text.trim() || above.bottom === undefined) return false;
    if (foot - above.bottom > 2 * prev.size) return false;
  }
  const firstEmpty = !t.cells.some((c) => c.row === row && c.col === 0 && c.text.trim());
  return firstEmpty || cs.some((c) => STARTS_LOWER.test(c.text.trim()));
}

function covering(cells: GridCell[], row: number, col: number): GridCell | undefined {
  return cells.find((c) => c.row <= row && row < c.row + c.rowspan && c.col <= col && col < c.col + c.colspan);
}

function joinRow(cells: GridCell[], lastRow: number, t: PageTable, row: number): void {
  for (const c of t.cells) {
    if (c.row !== row) continue;
    const prev = covering(cells, lastRow, c.col);
    if (!prev) {
      cells.push({ ...c, row: lastRow, rowspan: 1 });
      continue;
    }
    if (c.text) prev.text = prev.text ? `${prev.text}\n${c.text}` : c.text;
    // the rest of a cell merged over more rows on the new page
    if (c.rowspan > 1) prev.rowspan += c.rowspan - 1;
  }
}

function extendAbove(cells: GridCell[], lastRow: number, c: GridCell): boolean {
  const prev = covering(cells, lastRow, c.col);
  if (!prev || prev.rowspan < 2 || prev.col !== c.col || prev.colspan !== c.colspan) return false;
  prev.rowspan += c.rowspan;
  return true;
}

/** Without rulings a vertically merged cell shows as blanks under its text. In
 * plan tables the merged cells are the leading ones (ref, theme, task) of the
 * rows below: a run of blank cells at the start of a row, under a cell with
 * text, is read as merged with it. */
function mergeLeadingBlanks(cells: PageCell[], nrows: number, ncols: number): void {
  const drop = new Set<PageCell>();
  for (let r = 2; r < nrows; r++) {
    const row = cells.filter((c) => c.row === r && !drop.has(c)).sort((a, b) => a.col - b.col);
    if (row.length === 1 && row[0].colspan === ncols) continue;
    for (const c of row) {
      if (c.text.trim() || c.colspan !== 1) break;
      const above = cells.find((x) => !drop.has(x) && x.row <= r - 1 && r - 1 < x.row + x.rowspan && x.col === c.col);
      if (!above || above.colspan !== 1 || above.row === 0) break;
      if (!above.text.trim()) break;
      above.rowspan += c.rowspan;
      drop.add(c);
    }
  }
  for (let i = cells.length - 1; i >= 0; i--) if (drop.has(cells[i])) cells.splice(i, 1);
}
