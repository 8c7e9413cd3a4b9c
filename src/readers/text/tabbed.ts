// Tab-separated exports: find header rows, build each table's rows, keep the
// text before, between and after tables as headings and paragraphs, and keep
// a small key table (an R/A/G legend before the plan) as a table of its own.
import type { Block } from '../../model.ts';
import { detectCutLine, filledColumns, isCutBoundary, textGroups } from './cuts.ts';
import { looksLikeHeader, mapHeaderRow } from '../../normalise/headers.ts';
import { isHeaderLine } from './header.ts';
import { joinFragments } from './clean.ts';
import { proseBlocks, type ProseLine } from './prose.ts';
import { findSplitRows, readSplitRows } from './tab-paragraphs.ts';
import { placeByContent } from './segment.ts';
import {
  buildRows,
  columnWidths,
  isBlankLine,
  isRuleLine,
  readHeaderAt,
  rowsToGrid,
  type RowDraft,
  type TextLine,
  wordPairs,
} from './rows.ts';

/** Wrapped exports cut every cell to its column width: many lines continue a
 * cell of the line above (empty first cell, lower-case start), and no cell is
 * long. One-line-per-row exports have long cells. */
export function looksWrapped(lines: TextLine[]): boolean {
  const multi = lines.filter((l) => filledColumns(l.cells).length >= 2);
  if (multi.length === 0) return false;
  const lengths = multi.flatMap((l) => l.cells.filter(Boolean).map((c) => c.length)).sort((a, b) => a - b);
  const p90 = lengths[Math.floor(lengths.length * 0.9)] ?? 0;
  // a wrapped line goes on with the cells of the row above: its first cell is
  // empty or goes on in lower case (a row's own line starts with its ref or
  // title, whatever case its other cells begin with: "by 1st April")
  // (counted over the grid's lines: pages of prose around a table, lines
  // without a tab, say nothing of how its cells wrap)
  const grid = lines.filter((l) => l.raw.includes('\t'));
  const lowerStarts = grid.filter((l) => (!l.cells[0] || /^[a-z]/.test(l.cells[0])) && l.cells.some((c) => /^[a-z]/.test(c))).length;
  const withCells = grid.filter((l) => l.cells.length).length;
  // where fewer lines go on in lower case (bullets, capitalised names), many
  // lines with an empty first cell carry the rows' later lines
  const emptyFirst = grid.filter((l) => l.cells.length > 1 && !l.cells[0]).length;
  return p90 <= 80 && (lowerStarts >= withCells * 0.15 || (lowerStarts >= withCells * 0.08 && emptyFirst >= withCells * 0.3));
}

function proseLine(l: TextLine): ProseLine {
  const cut = detectCutLine(l.cells);
  let text = cut ? (cut.lead ? cut.lead.text + ' ' : '') + cut.text : textGroups(l.cells).join(' ');
  if (!l.cells[0] && /^\s*[•·▪◦●■\uF0B7]\s*\t/.test(l.raw)) text = '• ' + text;
  return { text, no: l.no, page: l.page };
}

/** Pieces filling the columns from the first one, with no empty cell between. */
function contiguousFromStart(l: TextLine): boolean {
  const cols = filledColumns(l.cells);
  return cols.length >= 2 && cols.every((c, i) => c === i);
}

/** A bullet with one or two letters after it cannot be a cell of its own:
 * a list item cut at the first column stop ("• C" | "AA – ..."). */
const CUT_BULLET = /^•\s?\S{1,2}$/;

/** Text before the first table is cut at the table's first column stop, so
 * its first pieces are all about as long as that stop allows (a letter more
 * or less where extraction doubled a letter at the cut). The stop is the most
 * common first-piece length of the lines plainly cut inside a word; a line
 * whose first piece reaches it is cut text too, even where the cut falls
 * between words ("Status: DR" | "RAFT ..."). */
export function firstColumnStop(lines: TextLine[]): number | null {
  const counts = new Map<number, number>();
  for (const l of lines) {
    if (!contiguousFromStart(l) || CUT_BULLET.test(l.cells[0]) || !isCutBoundary(l.cells[0], l.cells[1])) continue;
    const n = l.cells[0].length;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  let best: number | null = null;
  let bestCount = 1; // one cut line is no evidence of a stop
  for (const [n, k] of counts) if (k > bestCount || (k === bestCount && best !== null && n > best)) [best, bestCount] = [n, k];
  return best;
}

function cutAtStop(l: TextLine, stop: number | null): boolean {
  if (!contiguousFromStart(l)) return false;
  if (CUT_BULLET.test(l.cells[0])) return true;
  return stop !== null && Math.abs(l.cells[0].length - stop) <= 1;
}

/** A line of text rather than a table row: starts in the first column and is
 * either one cell or one text cut into pieces. */
function isProseLike(l: TextLine, stop: number | null = null): boolean {
  const cols = filledColumns(l.cells);
  if (cols.length === 0) return true;
  // a list item whose bullet sits in a cell of its own ("•" | "BME – ...")
  if (cols.length === 1 && cols[0] === 1 && /^\s*[•·▪◦●■\uF0B7]\s*\t/.test(l.raw)) return true;
  if (cols[0] !== 0) return false;
  if (cols.length === 1) return true;
  if (detectCutLine(l.cells) || cutAtStop(l, stop)) return true;
  // a title cut into pieces followed by other text ("... 2011-2016 | | Document control:")
  const firstRun: string[] = [];
  for (const c of l.cells) {
    if (!c) break;
    firstRun.push(c);
  }
  const cutRun = detectCutLine(firstRun);
  return !!cutRun && cutRun.text.length > 20;
}

/** The first line of a title row holds the title; any other text on it is a paragraph. */
function titleBlocks(l: TextLine): Block[] {
  const firstRun: string[] = [];
  for (const c of l.cells) {
    if (!c) break;
    firstRun.push(c);
  }
  const cut = detectCutLine(firstRun);
  if (!cut || filledColumns(l.cells).length === firstRun.length) return [];
  const rest = l.cells.slice(firstRun.length);
  const restText = textGroups(rest).join(' ');
  const blocks: Block[] = [{ type: 'heading', text: cut.text, page: l.page, level: 1 }];
  if (restText) blocks.push({ type: 'paragraph', text: restText, page: l.page });
  return blocks;
}

function isShortCaption(text: string): boolean {
  return text.split(/\s+/).length <= 5 && !/[.:;]$/.test(text) && !/:\s/.test(text);
}

/** Rows above the plan's header whose first row has a different number of
 * cells from the header are a table of their own, headed by that row. */
function isOwnTable(rows: RowDraft[], header: string[]): boolean {
  const first = rows[0];
  if (!first || first.kind !== 'data' || rows.filter((r) => r.kind === 'data').length < 2) return false;
  const filled = first.frags.filter((f) => f.length).length;
  return filled >= 2 && filled !== filledColumns(header).length;
}

function usedColumns(rows: RowDraft[]): number {
  let n = 0;
  for (const r of rows) {
    if (r.kind === 'span' && r.span?.lead !== undefined) n = Math.max(n, 2);
    if (r.kind !== 'data') continue;
    r.frags.forEach((f, c) => {
      if (f.length) n = Math.max(n, c + 1);
    });
  }
  return n;
}


/** A copy of a table with cells merged down (a browser's copy of rowspans)
 * gives the rows under a merged cell fewer cells: under a header whose first
 * column is the ref, a line of three cells or more, short of the header's
 * count of tabs, has its cells placed under the columns whose
 * content they fit (the ref first, a merged objective or group cell left
 * out). Only in copies of one line a row. */
function alignShortRows(lines: TextLine[]): { lines: TextLine[]; moved: number } {
  const h = lines.findIndex((l) => isHeaderLine(l.cells));
  // (wrapped exports carry short continuation lines; those stay as they are)
  if (h < 0 || looksWrapped(lines) || mapHeaderRow(lines[h].cells)[0] !== 'ref') return { lines, moved: 0 };
  const labels = lines[h].cells;
  const n = labels.length;
  // every cell filled: an export that keeps empty cells keeps their places too
  // short of tabs, not only of trailing empty cells: an export that keeps empty cells keeps their places too
  const width = (l: TextLine) => l.raw.split('\t').length;
  const short = (l: TextLine, i: number) => i > h && l.cells.filter(Boolean).length >= 3 && width(l) < n;
  // sub-labels right under the header stand under its last labels, as before
  const subLabels = (l: TextLine, i: number) => i === h + 1 && looksLikeHeader(l.cells);
  const rows = lines.map((l, i) => (i > h && short(l, i) ? l.raw.split('\t').map((c) => c.trim()) : i > h && l.cells.length === n ? l.cells : null));
  const picked = rows.filter((r): r is string[] => r !== null);
  const placed = placeByContent(picked, labels);
  let k = 0;
  let moved = 0;
  const out = lines.map((l, i) => {
    if (rows[i] === null) return l;
    let cells = placed[k++];
    if (!short(l, i)) return l;
    if (subLabels(l, i)) cells = [...Array(n - l.cells.length).fill(''), ...l.cells];
    moved++;
    return { ...l, cells, raw: cells.join('\t') };
  });
  return { lines: out, moved };
}

export function readTabbed(input: TextLine[]): { blocks: Block[]; notes: string[] } {
  const split = findSplitRows(input);
  if (split) return readSplitRows(input, split, (above) => (above.some((l) => l.raw.trim()) ? readTabbed(above).blocks : []));
  const notes: string[] = [];
  const { lines, moved } = alignShortRows(input);
  if (moved) notes.push(`text copy: ${moved} row(s) short of cells (under merged cells) placed by what their cells hold`);
  const wrapped = looksWrapped(lines);
  notes.push(wrapped ? 'text export: wrapped table cells rejoined' : 'text export: one line per table row');
  const blocks: Block[] = [];
  let pos = 0;
  let firstTable = true;
  // No line reads like column labels (unfamiliar wording): take the first
  // line with several cells as the header, as most exports begin with it.
  let fallback = -1;
  if (!lines.some((l) => isHeaderLine(l.cells))) {
    const multi = lines.filter((l) => filledColumns(l.cells).length >= 2 && !detectCutLine(l.cells));
    if (multi.length >= 3) {
      fallback = lines.indexOf(multi[0]);
      notes.push('text export: no recognisable header; the first row with several cells is taken as the header');
    }
  }
  const isHeaderAt = (i: number) => i === fallback || isHeaderLine(lines[i].cells);
  // the plan's column stops, measured below its first header (a small table
  // above it has stops of its own)
  const firstHeader = lines.findIndex((_, i) => isHeaderAt(i));
  const colWidths = columnWidths(firstHeader > 0 ? lines.slice(firstHeader) : lines);
  const pairs = wordPairs(lines);

  while (pos < lines.length) {
    let h = pos;
    while (h < lines.length && !isHeaderAt(h)) h++;
    const free = lines.slice(pos, h);
    let initial: RowDraft[] = [];

    if (h >= lines.length) {
      blocks.push(...freeBlocks(free, blocks.length === 0));
      break;
    }
    const header = readHeaderAt(lines, h, wrapped);
    const ncols = Math.max(header.cells.length, 1);

    if (firstTable) {
      // text first, then any rows that precede the header
      const stop = firstColumnStop(free);
      let p = 0;
      while (p < free.length && isProseLike(free[p], stop)) p++;
      // a short line right before the first rows is the caption of those rows
      if (p < free.length && p > 0) {
        let q = p - 1;
        while (q >= 0 && isBlankLine(free[q])) q--;
        if (q >= 0 && filledColumns(free[q].cells).length <= 2) {
          const pl = proseLine(free[q]);
          // (the document's first line is its title, unless it names a key)
          const first = q === 0 && blocks.length === 0;
          if (isShortCaption(pl.text) && (!first || /\b(key|legend|status)\b/i.test(pl.text))) p = q;
        }
      }
      blocks.push(...freeBlocks(free.slice(0, p), blocks.length === 0));
      const orphanLines = free.slice(p).filter((l) => !isRuleLine(l));
      if (orphanLines.some((l) => !isBlankLine(l))) {
        const built = buildRows(orphanLines, 0, { ncols, wrapped, colWidths, wordPairs: pairs, keepTrailingSpans: true });
        const used = usedColumns(built.rows);
        if (used <= 2 && ncols >= 4) {
          // a key or legend table of its own
          const rows = built.rows;
          if (rows[0]?.kind === 'span') {
            rows[0].kind = 'header';
            rows[0].headerCells = [rows[0].span?.text ?? ''];
          }
          blocks.push({ type: 'table', grid: rowsToGrid(rows, Math.max(used, 2)) });
        } else if (isOwnTable(built.rows, header.cells)) {
          // a small table of other columns above the plan (targets, baseline)
          const rows = built.rows;
          let end = rows.length;
          while (end > 1 && rows[end - 1].kind === 'span') end--;
          const tail = rows.slice(end).flatMap((r) => r.lines);
          rows.length = end;
          rows[0].kind = 'header';
          rows[0].headerCells = rows[0].frags.map((f) => joinFragments(f));
          blocks.push({ type: 'table', grid: rowsToGrid(rows, usedColumns(rows.slice(1)) || rows[0].frags.length) });
          blocks.push(...freeBlocks(tail, false));
        } else {
          initial = built.rows;
        }
        if (built.stop < orphanLines.length) blocks.push(...freeBlocks(orphanLines.slice(built.stop), false));
      }
      firstTable = false;
    } else if (free.length) {
      blocks.push(...freeBlocks(free, false));
    }

    const headRow: RowDraft = {
      kind: 'header',
      line: lines[h].no,
      page: lines[h].page,
      lines: lines.slice(h, header.next),
      frags: [],
      colLast: [],
      lastOwn: -1,
      owner: [],
      mergedInto: [],
      firstCols: [],
      headerCells: header.cells,
    };
    // rows found before the header go first, as the source has them
    const built = buildRows(lines, header.next, { ncols, wrapped, headerLine: header.first, headerCells: header.cells, colWidths, wordPairs: pairs }, [...initial, headRow]);
    blocks.push({ type: 'table', grid: rowsToGrid(built.rows, built.ncols) });
    pos = built.stop;
    // text after the table, up to the next header
    if (pos < lines.length && !isHeaderAt(pos)) {
      let e = pos;
      while (e < lines.length && !isHeaderAt(e)) e++;
      blocks.push(...freeBlocks(lines.slice(pos, e), false));
      pos = e;
    }
  }
  return { blocks, notes };
}

function freeBlocks(lines: TextLine[], atStart: boolean): Block[] {
  const out: Block[] = [];
  const prose: ProseLine[] = [];
  for (const l of lines) {
    if (isRuleLine(l)) continue;
    if (atStart && out.length === 0 && prose.every((p) => !p.text)) {
      const t = titleBlocks(l);
      if (t.length) {
        out.push(...t);
        continue;
      }
    }
    prose.push(isBlankLine(l) ? { text: '', no: l.no, page: l.page } : proseLine(l));
  }
  out.push(...proseBlocks(prose, { titleFirst: atStart && out.length === 0 }));
  return out;
}
