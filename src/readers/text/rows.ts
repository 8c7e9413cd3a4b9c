// Rebuilding table rows from tab-separated lines. Two shapes occur:
// - one line per row ("unwrapped"): a line is a row, except that a page break
//   (blank line) may split a row and leave its tail on the next line;
// - wrapped exports: every cell is wrapped to its column width, so a row spans
//   several lines and we must decide, line by line, whether it continues the
//   row above (cell texts carry on) or starts a new one (a column restarts
//   after a gap, or a cell's text starts a new sentence). A cell merged over
//   several rows keeps wrapping beside the next row's first lines; those
//   fragments go back to the row that owns the merged cell.
import type { Grid, GridCell, GridRowInfo } from '../../model.ts';
import { cleanText, continuationScore, endsSentence, isBlankCell, joinFragments, startsWithBullet } from './clean.ts';
import { detectCutLine, filledColumns, isCutBoundary } from './cuts.ts';
import { isHeaderContinuation, isHeaderLine, mergeHeaderLines, sameHeader } from './header.ts';
import { mapped } from '../../arrays.ts';

export interface TextLine {
  /** 1-based line number */
  no: number;
  page: number;
  raw: string;
  /** cleaned cells; bullet-only cells are empty */
  cells: string[];
}

export interface RowDraft {
  kind: 'data' | 'span' | 'header';
  line: number;
  page: number;
  /** the source lines the row was built from (to give them back to prose) */
  lines: TextLine[];
  frags: string[][];
  /** per column: the content-line counter of its last fragment */
  colLast: number[];
  /** content-line counter of the row's last own line */
  lastOwn: number;
  /** per column: an earlier row whose merged cell is still wrapping beside this row */
  owner: (RowDraft | undefined)[];
  /** per column: this row's cell is covered by the owner's merged cell */
  mergedInto: (RowDraft | undefined)[];
  span?: { text: string; lead?: string; full: boolean };
  headerCells?: string[];
  /** columns with text on the row's first line */
  firstCols: number[];
}

export function toTextLine(raw: string, no: number, page: number): TextLine {
  const cells = mapped(raw.split('\t'), (c) => {
    const t = cleanText(c);
    return isBlankCell(t) ? '' : t;
  });
  while (cells.length && !cells[cells.length - 1]) cells.pop();
  return { no, page, raw, cells };
}

export function isBlankLine(l: TextLine): boolean {
  return l.cells.length === 0;
}

export function isRuleLine(l: TextLine): boolean {
  return /^[\s\-=_–—*.]+$/.test(l.raw) && /[-=_–—]{2,}/.test(l.raw);
}

function lastLine(text: string): string {
  const parts = text.split('\n');
  return parts[parts.length - 1] ?? '';
}

function newRow(kind: RowDraft['kind'], line: TextLine, ncols: number): RowDraft {
  return {
    kind,
    line: line.no,
    page: line.page,
    lines: [line],
    frags: Array.from({ length: ncols }, () => []),
    colLast: Array(ncols).fill(-1),
    lastOwn: -1,
    owner: Array(ncols).fill(undefined),
    mergedInto: Array(ncols).fill(undefined),
    firstCols: [],
  };
}

export interface BuildOptions {
  ncols: number;
  wrapped: boolean;
  /** the table's first header line, to recognise repeats */
  headerLine?: string[];
  /** the table's merged header labels */
  headerCells?: string[];
  /** rows before a table's header: a closing section row belongs to the table */
  keepTrailingSpans?: boolean;
  /** wrapped exports: the widest line seen in each column */
  colWidths?: number[];
  /** pairs of words printed next to each other on one line of the document */
  wordPairs?: Set<string>;
}

function edgeWord(text: string, last: boolean): string {
  const words = text.trim().split(/\s+/);
  return (last ? words[words.length - 1] : words[0] ?? '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** The last word of one line and the first of the next, as a pair. */
export function pairKey(prev: string, next: string): string {
  return edgeWord(prev, true) + ' ' + edgeWord(next, false);
}

/** Every pair of neighbouring words inside a cell line of the document. */
export function wordPairs(lines: TextLine[]): Set<string> {
  const out = new Set<string>();
  for (const l of lines) {
    for (const cell of l.cells) {
      const words = mapped(cell.split(/\s+/), (w) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
      for (let i = 1; i < words.length; i++) out.add(words[i - 1] + ' ' + words[i]);
    }
  }
  return out;
}

export interface BuildResult {
  rows: RowDraft[];
  /** index (into the given lines) where the table stopped */
  stop: number;
  ncols: number;
}

/** Read header lines starting at `i`: the header line and its wrapped continuations. */
export function readHeaderAt(
  lines: TextLine[],
  i: number,
  wrapped: boolean,
  original?: string[],
): { cells: string[]; next: number; first: string[] } {
  const first = lines[i].cells;
  const parts = [first];
  let j = i + 1;
  if (wrapped) {
    while (j < lines.length && parts.length < 4 && isHeaderContinuation(lines[j].cells, first)) {
      // a repeated header has the same lines as the first one; anything else
      // is the tail of a row split by the page break
      // (compared in the columns this line adds to: a slip elsewhere in the
      // first header, "Rcf", says nothing of this line)
      if (original && !labelsPrefix(mergeHeaderLines([...parts, lines[j].cells]), original, filledColumns(lines[j].cells))) break;
      parts.push(lines[j].cells);
      j++;
    }
  }
  return { cells: mergeHeaderLines(parts), next: j, first };
}

function labelKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function labelsPrefix(labels: string[], original: string[], cols: number[]): boolean {
  return cols.every((c) => labelKey(original[c] ?? '').startsWith(labelKey(labels[c] ?? '')));
}

/** A ref such as "3.2", "C12", "A1.": short, never wrapped. */
const SHORT_CODE = /^(?:[A-Z]{1,2}\d{0,3}|\d{1,3})(?:\.\d{1,3})*(?:(?<=\d)[a-z])?\.?$/;

/** Do rows of a table of `ncols` columns come next (after at most two more
 * one-cell lines, such as nested section rows)? */
function rowsFollow(lines: TextLine[], from: number, ncols: number): boolean {
  let single = 0;
  for (let j = from; j < lines.length; j++) {
    const l = lines[j];
    if (isBlankLine(l) || isRuleLine(l)) continue;
    const cols = filledColumns(l.cells);
    if (cols.length >= 2) return cols[cols.length - 1] < ncols && !detectCutLine(l.cells) && !isHeaderLine(l.cells);
    if (++single > 2) return false;
  }
  return false;
}

/** Build rows from lines until the table ends (another table's header, or text
 * that cannot belong to this table). */
export function buildRows(lines: TextLine[], start: number, opts: BuildOptions, initial: RowDraft[] = []): BuildResult {
  let ncols = opts.ncols;
  const rows: RowDraft[] = [...initial];
  let k = 0; // content-line counter
  let sawBlank = false;
  let pendingHeader: RowDraft | null = null;
  const widths: number[] = Array(ncols).fill(0);
  let dataRows = 0;
  const current = (): RowDraft | undefined => rows[rows.length - 1];
  let i = start;

  for (; i < lines.length; i++) {
    const line = lines[i];
    if (isBlankLine(line)) {
      sawBlank = true;
      continue;
    }
    if (isRuleLine(line)) continue;
    if (isHeaderLine(line.cells)) {
      if (!opts.headerLine || !sameHeader(line.cells, opts.headerLine)) break; // another table
      const h = readHeaderAt(lines, i, opts.wrapped, opts.headerCells);
      const row = newRow('header', line, ncols);
      row.headerCells = h.cells;
      row.lines = lines.slice(i, h.next);
      i = h.next - 1;
      if (opts.wrapped) pendingHeader = row;
      else rows.push(row);
      continue;
    }
    const cells = line.cells;
    const cols = filledColumns(cells);
    const maxCol = cols[cols.length - 1];
    const cut = detectCutLine(cells);
    // Text wider than the table (a paragraph cut at column stops) ends it.
    if (maxCol >= ncols && (cut || cols.length === 1)) break;
    // A long one-cell line is text after the table, unless rows of the table
    // follow it: then it is a section row.
    if (cols.length === 1 && dataRows >= 2 && widths[cols[0]] > 0 && cells[cols[0]].length > widths[cols[0]] * 1.6 + 10 && !rowsFollow(lines, i + 1, ncols)) break;

    const R = current();
    let decision: 'new' | 'cont' | 'span-cont' = 'new';
    if (R && R.kind === 'data') {
      if (opts.wrapped) {
        decision = decideWrapped(R, cells, cols, opts.colWidths ?? [], opts.wordPairs ?? new Set());
        // text cut at the stops that starts in the first column, cut inside a
        // word there, under a row whose first cell is a short code (which does
        // not wrap): a line of its own, not more of that row
        // (an empty first cell does not wrap either: "Them" | "e 4 – ..." under
        // a row's second part is a heading cut across cells)
        const code = (R.frags[0]?.length === 1 && SHORT_CODE.test(R.frags[0][0].trim())) || R.frags[0]?.length === 0;
        if (code && cut && !cut.lead && cut.startCol === 0 && isCutBoundary(cells[0], cells[1] ?? '')) decision = 'new';
        // a capitalised text cut at the stops from the first column, under a
        // first cell that ended its phrase, is a line of its own (a section row)
        const firstPrev = R.frags[0]?.at(-1);
        if (cut && !cut.lead && cut.startCol === 0 && firstPrev && /^[A-Z]/.test(cells[0]) && continuationScore(lastLine(firstPrev), cells[0]) <= 0) decision = 'new';
      } else if (sawBlank && cols.every((c) => R.frags[c].length > 0 && continuationScore(lastLine(R.frags[c][R.frags[c].length - 1]), cells[c]) > 0))
        decision = 'cont';
    } else if (R && R.kind === 'span' && opts.wrapped && R.span?.full) {
      const text = cut ? cut.text : cols.length === 1 && cols[0] === 0 ? cells[0] : '';
      if (text && /^[a-z]/.test(text)) decision = 'span-cont';
    }
    sawBlank = false;

    if (decision === 'span-cont' && R?.span) {
      R.span.text += ' ' + (cut ? cut.text : cells[0]);
      R.span.full = !!cut && cut.endCol >= ncols - 2;
      R.lines.push(line);
      k++;
      continue;
    }

    if (decision === 'new') {
      // the data row before a header repeated at a page break
      const beforeHeader = pendingHeader ? current() : undefined;
      if (pendingHeader) {
        rows.push(pendingHeader);
        pendingHeader = null;
      }
      const prev = current();
      if (cut && !(cut.lead && cut.startCol > 1)) {
        const row = newRow('span', line, ncols);
        row.span = { text: cut.text, lead: cut.lead?.text, full: cut.endCol >= ncols - 2 };
        rows.push(row);
        k++;
        continue;
      }
      if (cols.length === 1 && cols[0] === 0 && ncols >= 2) {
        const row = newRow('span', line, ncols);
        row.span = { text: cells[0], full: false };
        rows.push(row);
        k++;
        continue;
      }
      if (maxCol >= ncols) {
        ncols = maxCol + 1;
        for (const r of rows) {
          while (r.frags.length < ncols) {
            r.frags.push([]);
            r.colLast.push(-1);
            r.owner.push(undefined);
            r.mergedInto.push(undefined);
          }
        }
        while (widths.length < ncols) widths.push(0);
      }
      const row = newRow('data', line, ncols);
      if (opts.wrapped && prev && prev.kind === 'data') {
        // merged cells of the row above that were still wrapping when this row began
        for (let c = 0; c < ncols; c++) {
          if (cells[c]) continue;
          const cand = prev.owner[c] ?? prev;
          if (cand.colLast[c] === k - 1 && cand.frags[c].length > 0) row.owner[c] = cand;
        }
      }
      row.firstCols = cols;
      for (const c of cols) {
        // a cell cut by the page break: text going on in lower case from the
        // row above the repeated header, whose cell had not ended its sentence,
        // is the rest of that cell (the rows under it take it by fill-down)
        const above = beforeHeader?.kind === 'data' && c > 0 ? beforeHeader.frags[c]?.at(-1) : undefined;
        if (above && cells[0] === '' && /^[a-z]/.test(cells[c]) && !endsSentence(lastLine(above)) && continuationScore(lastLine(above), cells[c]) > 0) {
          beforeHeader!.frags[c].push(cells[c]);
          continue;
        }
        row.frags[c].push(cells[c]);
        row.colLast[c] = k;
        widths[c] = Math.max(widths[c], cells[c].length);
      }
      row.lastOwn = k;
      rows.push(row);
      dataRows++;
      k++;
      continue;
    }

    // continuation of the current data row
    const row = R!;
    let own = false;
    for (const c of cols) {
      if (c >= row.frags.length) continue;
      const owner = row.frags[c].length === 0 ? row.owner[c] : undefined;
      const target = owner ?? row;
      if (owner) row.mergedInto[c] = owner;
      else own = true;
      target.frags[c].push(cells[c]);
      target.colLast[c] = k;
      widths[c] = Math.max(widths[c], cells[c].length);
    }
    if (own) row.lastOwn = k;
    row.lines.push(line);
    k++;
  }

  // Spanning lines after the last data row are text after the table, not section rows.
  let end = rows.length;
  while (!opts.keepTrailingSpans && end > 0 && rows[end - 1].kind !== 'data' && rows[end - 1].span?.lead === undefined) end--;
  let stop = i;
  if (end < rows.length) {
    const firstTrailing = rows[end].lines[0];
    const idx = lines.indexOf(firstTrailing, start);
    if (idx >= 0) stop = idx;
    rows.length = end;
  }
  return { rows, stop, ncols };
}

/** Wrapped exports: does this line continue the current row or start a new one? */
function decideWrapped(R: RowDraft, cells: string[], cols: number[], widths: number[], pairs: Set<string>): 'new' | 'cont' {
  let cont = 0;
  let fresh = 0;
  for (const c of cols) {
    const text = cells[c];
    if (c >= R.frags.length) {
      fresh += 1;
      continue;
    }
    const frags = R.frags[c];
    if (frags.length === 0) {
      // text arriving in an empty first column starts a row (or a section);
      // elsewhere it is a late-starting cell or a merged cell's tail
      // (a ref such as "6" or "2.1" there is a new row whatever the other cells say)
      if (c === 0 && !R.owner[0]) fresh += SHORT_CODE.test(text.trim()) ? 3 : 1;
      continue;
    }
    if (R.colLast[c] < R.lastOwn) {
      fresh += 1; // the column had stopped and starts again: a new row
      continue;
    }
    const prev = lastLine(frags[frags.length - 1]);
    // a ref under a ref ("1.5b" / "1.6"): refs do not wrap, a new row
    if (c === 0 && SHORT_CODE.test(prev.trim()) && SHORT_CODE.test(text.trim())) {
      fresh += 3;
      continue;
    }
    let s = continuationScore(prev, text);
    // A line that stopped well short of its column's width ended its cell:
    // had the text gone on, the next word would have fitted on it.
    const firstWord = text.split(/\s/)[0] ?? '';
    const width = widths[c] ?? 0;
    if (s < 1 && width > 0 && !startsWithBullet(text) && prev.length + 1 + firstWord.length <= width * 0.85) s = -1;
    // the two words either side of the break are a pair the document prints
    // together elsewhere ("Steering" / "Group"): the line goes on
    if (s < 1 && !endsSentence(prev) && !startsWithBullet(text) && pairs.has(pairKey(prev, text))) s = 1;
    if (s > 0) cont += s;
    else if (s < 0) fresh += -s;
    // the next item of a list inside the cell; surer when the list has begun
    else if (startsWithBullet(text)) cont += startsWithBullet(prev) ? 1 : 0.5;
  }
  // A line that only carries on the row's later columns (the row's first
  // column is silent) is the tail of a long cell unless a sentence plainly ends.
  // (The first text column is the first one after a leading code or number
  // column; rows begin there.)
  // a word or two alone under a cell of the row is the end of that cell's
  // last line (a row's own line carries more than that)
  if (cols.length === 1 && cols[0] > 0 && R.frags[cols[0]]?.length && cells[cols[0]].split(/\s+/).length <= 2 && !startsWithBullet(cells[cols[0]])) return 'cont';
  const firstCols = R.firstCols;
  const primary = firstCols.find((c) => c >= 1) ?? firstCols[0] ?? 0;
  if (cols.every((c) => c > primary) && fresh < 1) return 'cont';
  // one cell alone in a later column that the row already fills is a new
  // paragraph of that cell (a new row brings text in several columns)
  if (cols.length === 1 && cols[0] > primary && R.frags[cols[0]]?.length && !R.owner[cols[0]]) return 'cont';
  return fresh > cont ? 'new' : 'cont';
}

/** Turn drafted rows into the shared Grid shape. */
export function rowsToGrid(rows: RowDraft[], ncols: number): Grid {
  const cells: GridCell[] = [];
  const info: GridRowInfo[] = [];
  rows.forEach((row, r) => {
    info.push({ page: row.page, sourceRow: row.line, ...(row.kind === 'header' ? { header: true } : {}) });
    if (row.kind === 'header') {
      for (let c = 0; c < ncols; c++) cells.push({ row: r, col: c, rowspan: 1, colspan: 1, text: row.headerCells?.[c] ?? '' });
      return;
    }
    if (row.kind === 'span' && row.span) {
      if (row.span.lead !== undefined && ncols >= 2) {
        cells.push({ row: r, col: 0, rowspan: 1, colspan: 1, text: row.span.lead });
        cells.push({ row: r, col: 1, rowspan: 1, colspan: ncols - 1, text: cleanText(row.span.text) });
      } else {
        cells.push({ row: r, col: 0, rowspan: 1, colspan: ncols, text: cleanText(row.span.text) });
      }
      return;
    }
    // A merged cell's text has gone back to its owner row; the rows beside it
    // keep an empty cell rather than a rowspan: a text export cannot tell every
    // merge from an empty cell, and a grid with only some merges marked would
    // read as if the unmarked ones were truly empty.
    for (let c = 0; c < ncols; c++) {
      cells.push({ row: r, col: c, rowspan: 1, colspan: 1, text: cleanText(joinFragments(row.frags[c] ?? [])) });
    }
  });
  const pages = [...new Set(rows.map((r) => r.page))].sort((a, b) => a - b);
  return { page: pages[0] ?? 1, pages: pages.length ? pages : [1], nrows: rows.length, ncols, cells, rows: info };
}

/** The widest cell line in each column, over lines that hold several cells
 * (single-cell lines may be paragraphs running across the page). A few lines
 * far wider than the rest (a key table above the plan, with other column
 * stops) say nothing of the plan's columns and are passed over. */
export function columnWidths(lines: TextLine[]): number[] {
  const seen: number[][] = [];
  for (const l of lines) {
    // a title or paragraph cut at the column stops runs to the stop, past
    // where a cell's text would wrap: it says nothing of the cells' widths
    if (filledColumns(l.cells).length < 2 || detectCutLine(l.cells)) continue;
    l.cells.forEach((c, i) => {
      for (const part of c.split('\n')) (seen[i] ??= []).push(part.length);
    });
  }
  return Array.from(seen, (lengths) => {
    if (!lengths?.length) return 0;
    const sorted = [...lengths].sort((a, b) => a - b);
    const p90 = sorted[Math.floor(sorted.length * 0.9)];
    return sorted.filter((n) => n <= p90 * WIDTH_OUTLIER).at(-1) ?? p90;
  });
}

/** a line this many times the column's 90th-percentile width is an outlier */
const WIDTH_OUTLIER = 1.3;
