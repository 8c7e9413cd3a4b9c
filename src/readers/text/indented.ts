// Label/value templates exported as text: every table cell is a line of its
// own starting with a tab, a row's cells follow one another (blank lines may
// sit between rows), and bullet lines ("·") without the tab continue the cell
// above. Free text around the tables is paragraphs and headings.
import type { Block, Grid, GridCell, GridRowInfo } from '../../model.ts';
import { cleanText, joinFragments } from './clean.ts';
import { isHeaderLine } from './header.ts';
import { proseBlocks, type ProseLine } from './prose.ts';
import type { TextLine } from './rows.ts';

interface Unit {
  kind: 'tab' | 'plain' | 'blank';
  text: string;
  no: number;
  page: number;
}

function units(lines: TextLine[]): Unit[] {
  return lines.map((l) => {
    const text = cleanText(l.raw);
    if (/^\t/.test(l.raw)) return { kind: 'tab', text, no: l.no, page: l.page };
    return { kind: text ? 'plain' : 'blank', text, no: l.no, page: l.page };
  });
}

/** Many lines are single cells opened by one tab. */
export function looksIndented(lines: TextLine[]): boolean {
  const nonBlank = lines.filter((l) => l.raw.trim());
  const tabbed = nonBlank.filter((l) => /^\t[^\t]*$/.test(l.raw)).length;
  return nonBlank.length > 0 && tabbed >= nonBlank.length * 0.3;
}

/** The run of tab cells starting at `i` with no blank line between them. */
function run(us: Unit[], i: number): Unit[] {
  const out: Unit[] = [];
  while (i < us.length && us[i].kind === 'tab') out.push(us[i++]);
  return out;
}

function isBulletOrLower(text: string): boolean {
  return /^•/.test(text) || /^[a-z]/.test(text);
}

interface ParsedTable {
  grid: Grid;
  /** index of the first unit after the table */
  next: number;
}

function parseTable(us: Unit[], start: number): ParsedTable | null {
  const head = run(us, start);
  let labels = head.map((u) => u.text);
  let i = start + head.length;
  while (i < us.length && us[i].kind === 'blank') i++;
  // a second header line under the last label ("Improvement Targets" / "2008/09")
  const sub = run(us, i);
  const lead = sub.findIndex((u) => u.text);
  if (
    sub.length > labels.length &&
    lead === labels.length - 1 &&
    sub.slice(lead).every((u) => u.text.length <= 20 && u.text.split(/\s+/).length <= 3)
  ) {
    const top = labels[labels.length - 1];
    labels = sub.map((u, c) => (c < lead ? labels[c] : `${top}\n${u.text}`));
    i += sub.length;
  }
  const ncols = labels.length;
  const rows: { cells: string[][]; no: number; page: number; startUnit: number }[] = [];
  let cur: (typeof rows)[number] | null = null;
  let end = i;
  for (; i < us.length; i++) {
    const u = us[i];
    if (u.kind === 'blank') continue;
    if (u.kind === 'plain') {
      if (cur && isBulletOrLower(u.text)) {
        cur.cells[cur.cells.length - 1].push(u.text);
        continue;
      }
      break;
    }
    if (us[i - 1]?.kind !== 'tab') {
      const r = run(us, i);
      if (r.length >= 2 && isHeaderLine(r.map((x) => x.text))) break; // the next table
    }
    if (!cur || cur.cells.length === ncols) {
      if (cur) end = i;
      cur = { cells: [], no: u.no, page: u.page, startUnit: i };
      rows.push(cur);
    }
    cur.cells.push([u.text]);
  }
  // a row left incomplete is text after the table
  if (cur && cur.cells.length < ncols) {
    rows.pop();
    end = cur.startUnit;
  } else end = i;
  if (rows.length === 0) return null;

  const cells: GridCell[] = labels.map((t, c) => ({ row: 0, col: c, rowspan: 1, colspan: 1, text: t }));
  const info: GridRowInfo[] = [{ page: us[start].page, sourceRow: us[start].no, header: true }];
  rows.forEach((r, k) => {
    info.push({ page: r.page, sourceRow: r.no });
    for (let c = 0; c < ncols; c++)
      cells.push({ row: k + 1, col: c, rowspan: 1, colspan: 1, text: cleanText(joinFragments(r.cells[c] ?? [])) });
  });
  const pages = [...new Set(info.map((x) => x.page))].sort((a, b) => a - b);
  return { grid: { page: pages[0], pages, nrows: rows.length + 1, ncols, cells, rows: info }, next: end };
}

export function readIndented(lines: TextLine[]): Block[] {
  const us = units(lines);
  const blocks: Block[] = [];
  let prose: ProseLine[] = [];
  const flush = () => {
    if (prose.length) blocks.push(...proseBlocks(prose, { titleFirst: blocks.length === 0 }));
    prose = [];
  };
  for (let i = 0; i < us.length; ) {
    const u = us[i];
    if (u.kind === 'tab') {
      const r = run(us, i);
      if (r.length >= 2 && isHeaderLine(r.map((x) => x.text))) {
        const t = parseTable(us, i);
        if (t) {
          flush();
          blocks.push({ type: 'table', grid: t.grid });
          i = t.next;
          continue;
        }
      }
    }
    prose.push({ text: u.kind === 'blank' ? '' : u.text, no: u.no, page: u.page });
    i++;
  }
  flush();
  return blocks;
}
