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

const tabsOf = (raw: string) => (raw.match(/\t/g) ?? []).length;

export interface SplitRowsReading {
  header: number;
  labels: string[];
  /** the table's last line */
  last: number;
  splitRows: number;
}

/** The header and the extent of a tabbed table whose rows are split over lines, or null. */
export function findSplitRows(lines: TextLine[]): SplitRowsReading | null {
  const header = lines.findIndex((l) => tabsOf(l.raw) >= 2 && isHeaderLine(l.cells));
  if (header < 0) return null;
  const full = tabsOf(lines[header].raw);
  let splitRows = 0;
  let pending = -1; // tabs of a short row line with only untabbed lines since
  let untabbed = 0;
  let last = header;
  for (let i = header + 1; i < lines.length; i++) {
    const raw = lines[i].raw;
    if (!raw.trim()) continue;
    const t = tabsOf(raw);
    if (t === 0) {
      untabbed++;
      continue;
    }
    last = i;
    if (pending >= 0 && untabbed > 0 && pending + t <= full) {
      // a row's later part: its tabs add up to no more than the header's
      // (fewer where the row's first cells are merged with the row above)
      splitRows++;
      pending = pending + t === full ? -1 : pending + t;
    } else pending = t < full ? t : -1;
    untabbed = 0;
  }
  // the table's last row may end in untabbed lines of its last cell
  while (last + 1 < lines.length && lines[last + 1].raw.trim() && tabsOf(lines[last + 1].raw) === 0) last++;
  if (splitRows < MIN_SPLIT_ROWS) return null;
  return { header, labels: lines[header].cells.map((c) => c.trim()), last, splitRows };
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
  const { header, labels, last } = reading;
  const blocks: Block[] = before(lines.slice(0, header));
  const rows = segmentRows(tokensOf(lines.slice(header + 1, last + 1)), labels, { dropLeading: true });
  const out: Row[] = rows.map((r) => (r.section !== undefined ? { cells: [], no: r.no, page: r.page, section: r.section } : { cells: r.cells, no: r.no, page: r.page }));
  blocks.push({ type: 'table', grid: toGrid(labels, out, lines[header]) });
  const after = lines.slice(last + 1).map((l) => ({ text: l.raw.replace(/\t/g, ' ').trim(), no: l.no, page: l.page }));
  blocks.push(...proseBlocks(after));
  const short = rows.filter((r) => r.skipped).length;
  const notes = [`text copy: ${reading.splitRows} table row(s) split over lines (a cell's paragraphs on lines of their own) rejoined by what each column holds`];
  if (short) notes.push(`text copy: ${short} row(s) short of cells (under merged cells) kept under the last columns`);
  return { blocks, notes };
}
