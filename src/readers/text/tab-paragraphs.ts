// A browser's copy of a table: cells tab-separated, one line a row, but a
// cell's later paragraphs on lines of their own, so a row with such a cell
// spans several lines and only some of them hold tabs. Told by the lines
// themselves: a row line short of the header's tabs, lines without tabs after
// it, then a line whose tabs make up the header's count. Rows are then the
// split of the table's paragraphs that best fits what each column holds
// (segment.ts), a tab always opening the row's next cell.
import type { Block } from '../../model.ts';
import { isHeaderLine } from './header.ts';
import { toGrid, type Row } from './joined.ts';
import { proseBlocks } from './prose.ts';
import type { TextLine } from './rows.ts';
import { segmentRows, type Token } from './segment.ts';

/** lines of rows split over lines needed before the copy is read this way */
const MIN_SPLIT_ROWS = 2;

/** a row's ref: a short code holding a digit ("3", "2.1", "B4") */
const REF = /^(?=\S*\d)[\w.()/-]{1,12}$/;

const tabsOf = (raw: string) => (raw.match(/\t/g) ?? []).length;

export interface SplitRowsReading {
  /** each table: its header line, labels and last line */
  tables: { header: number; labels: string[]; last: number }[];
  splitRows: number;
}

/** The tables of a tabbed copy whose rows are split over lines, or null. A
 * later header line (other labels) starts the next table, with its own count of tabs. */
export function findSplitRows(lines: TextLine[]): SplitRowsReading | null {
  const headers: number[] = [];
  lines.forEach((l, i) => {
    if (tabsOf(l.raw) >= 2 && isHeaderLine(l.cells)) headers.push(i);
  });
  if (!headers.length) return null;
  const tables: SplitRowsReading['tables'] = [];
  let splitRows = 0;
  headers.forEach((header, k) => {
    const end = headers[k + 1] ?? lines.length;
    const full = tabsOf(lines[header].raw);
    let pending = -1; // tabs of a short row line with only untabbed lines since
    let untabbed = 0;
    let pendingRef = false;
    let last = header;
    for (let i = header + 1; i < end; i++) {
      const raw = lines[i].raw;
      if (!raw.trim()) continue;
      const t = tabsOf(raw);
      if (t === 0) {
        untabbed++;
        continue;
      }
      last = i;
      // (with no line between, only a row opened by its ref and made up exactly)
      const continues = pending >= 0 && (untabbed > 0 ? pending + t <= full : pendingRef && pending + t === full);
      if (continues) {
        // a row's later part: its tabs add up to no more than the header's
        // (fewer where the row's first cells are merged with the row above)
        splitRows++;
        pending = pending + t === full ? -1 : pending + t;
      } else {
        pending = t < full ? t : -1;
        pendingRef = REF.test(lines[i].cells[0] ?? '');
      }
      untabbed = 0;
    }
    // the table's last row may end in untabbed lines of its last cell
    while (last + 1 < end && lines[last + 1].raw.trim() && tabsOf(lines[last + 1].raw) === 0) last++;
    tables.push({ header, labels: lines[header].cells.map((c) => c.trim()), last });
  });
  if (splitRows < MIN_SPLIT_ROWS) return null;
  return { tables, splitRows };
}

function tokensOf(lines: TextLine[]): Token[] {
  const out: Token[] = [];
  for (const l of lines) {
    if (!l.raw.trim()) continue;
    l.raw.split('\t').forEach((part, k) => out.push({ text: part.trim(), sep: k === 0 ? 'line' : 'tab', no: l.no, page: l.page }));
  }
  return out;
}

export function readSplitRows(lines: TextLine[], reading: SplitRowsReading, before: (lines: TextLine[]) => Block[]): { blocks: Block[]; notes: string[] } {
  const blocks: Block[] = before(lines.slice(0, reading.tables[0].header));
  let short = 0;
  reading.tables.forEach(({ header, labels, last }, k) => {
    const rows = segmentRows(tokensOf(lines.slice(header + 1, last + 1)), labels, { dropLeading: true });
    short += rows.filter((r) => r.skipped).length;
    const out: Row[] = rows.map((r) => (r.section !== undefined ? { cells: [], no: r.no, page: r.page, section: r.section } : { cells: r.cells, no: r.no, page: r.page }));
    blocks.push({ type: 'table', grid: toGrid(labels, out, lines[header]) });
    // text after the table, up to the next one
    const after = lines.slice(last + 1, reading.tables[k + 1]?.header ?? lines.length).map((l) => ({ text: l.raw.replace(/\t/g, ' ').trim(), no: l.no, page: l.page }));
    blocks.push(...proseBlocks(after));
  });
  const notes = [`text copy: ${reading.splitRows} table row(s) split over lines (a cell's paragraphs on lines of their own) rejoined by what each column holds`];
  if (reading.tables.length > 1) notes.push(`text copy: ${reading.tables.length} tables, each under its own header`);
  if (short) notes.push(`text copy: ${short} row(s) short of cells (under merged cells) kept under the last columns`);
  return { blocks, notes };
}
