// Fixed-width copies (a PDF's text laid out with spaces, "pdftotext -layout"):
// columns stand at the same character positions down the page, two spaces or
// more apart. The column starts are the header's label starts; every later
// line is cut into pieces at runs of two spaces or more and each piece goes
// to the column whose start is nearest at or before it. The lines then read
// as a tab grid (wrapped cells, page-split rows and all, `tabbed.ts`).
import { isHeaderLine, isHeaderWordy } from './header.ts';
import { toTextLine, type TextLine } from './rows.ts';

/** pieces of a line: text runs two spaces or more apart, with their starts */
function pieces(raw: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) out.push({ start: m.index, text: m[0] });
  return out;
}

/** a piece this far left of a column start still belongs to it (text set a
 * little outside its column) */
const SLACK = 2;
const MIN_COLUMNS = 3;
/** share of non-blank lines that must hold two pieces or more */
const MIN_SPLIT_SHARE = 0.3;

export interface FixedReading {
  headerLine: number;
  starts: number[];
}

/** The header of a fixed-width table: the first line of three pieces or more
 * that reads as plan labels, in a file where many lines have gaps of two
 * spaces or more between pieces; or, `local`, where many of the lines under
 * the header do (a table among pages of prose). */
export function findFixedHeader(lines: TextLine[], from = 0, local = false): FixedReading | null {
  const nonBlank = lines.filter((l) => l.raw.trim());
  if (!nonBlank.length || lines.some((l) => l.raw.includes('\t'))) return null;
  const split = (ls: TextLine[]) => ls.filter((l) => pieces(l.raw.replace(/\u00a0/g, ' ')).length >= 2).length;
  if (!local && split(nonBlank) < nonBlank.length * MIN_SPLIT_SHARE) return null;
  for (let i = from; i < lines.length; i++) {
    const found = pieces(lines[i].raw.replace(/\u00a0/g, ' '));
    if (found.length < MIN_COLUMNS) continue;
    if (!isHeaderLine(found.map((p) => p.text))) continue;
    if (local) {
      const under: TextLine[] = [];
      for (let j = i + 1; j < lines.length && under.length < LOCAL_LINES; j++) if (lines[j].raw.trim()) under.push(lines[j]);
      if (under.length < 3 || split(under) < under.length * MIN_SPLIT_SHARE || gutters(under).length < 2) continue;
    }
    // two labels one space apart: cut where the rows below start a column
    const body = gutters(lines.slice(i + 1, i + 1 + GUTTER_LINES));
    const ps = found.flatMap((p) => cutAtStarts(p, body, true));
    // sub-labels under spanning labels ("Responsibility" over "Lead  Partners") add columns
    const starts = ps.map((p) => p.start);
    const sub = pieces((lines[i + 1]?.raw ?? '').replace(/\u00a0/g, ' '));
    if (sub.length >= 2 && sub.every((p) => p.text.split(' ').length <= 4) && sub.filter((p) => isHeaderWordy(p.text)).length * 2 >= sub.length) {
      for (const p of sub) if (!starts.some((x) => Math.abs(x - p.start) <= SLACK)) starts.push(p.start);
      starts.sort((a, b) => a - b);
    }
    return { headerLine: i, starts };
  }
  return null;
}

/** lines under a header that tell whether a table stands there (`local`) */
const LOCAL_LINES = 30;
/** rows below a header that tell its column starts */
const GUTTER_LINES = 120;
/** share of the rows with two pieces or more that must start a piece at a position for it to be a column start */
const GUTTER_SHARE = 0.3;

/** Positions where many rows start a piece after two spaces or more (or at
 * the line's start): the table's column starts, from the rows themselves. */
function gutters(lines: TextLine[]): number[] {
  const counts = new Map<number, number>();
  let rows = 0;
  for (const l of lines) {
    const ps = pieces(l.raw.replace(/\u00a0/g, ' '));
    if (ps.length < 2) continue;
    rows++;
    for (const p of ps) counts.set(p.start, (counts.get(p.start) ?? 0) + 1);
  }
  return [...counts].filter(([, k]) => k >= 3 && k >= rows * GUTTER_SHARE).map(([x]) => x).sort((a, b) => a - b);
}

/** A piece running over a column start with one space before it (a text
 * browser sets cells one space apart) is two cells, where the file keeps its
 * columns exactly: most pieces start right at a column start. */
function cutAtStarts(p: { start: number; text: string }, starts: number[], grid: boolean): { start: number; text: string }[] {
  if (!grid) return [p];
  const out: { start: number; text: string }[] = [];
  let from = 0;
  for (const s of starts) {
    const at = s - p.start;
    if (at <= from || at >= p.text.length) continue;
    if (p.text[at - 1] !== ' ' || p.text[at] === ' ') continue;
    out.push({ start: p.start + from, text: p.text.slice(from, at - 1) });
    from = at;
  }
  out.push({ start: p.start + from, text: p.text.slice(from) });
  return out;
}

/** share of a table's pieces that must start exactly at a column start for the columns to be a grid */
const GRID_SHARE = 0.9;

/** Whether the table's pieces start exactly at the column starts (a text
 * browser's dump) rather than near them (a PDF's text). */
function exactGrid(lines: TextLine[], from: number, starts: number[]): boolean {
  let all = 0;
  let exact = 0;
  for (const l of lines.slice(from + 1)) {
    for (const p of pieces(l.raw.replace(/\u00a0/g, ' '))) {
      all++;
      if (starts.includes(p.start)) exact++;
    }
  }
  return all > 0 && exact >= all * GRID_SHARE;
}

/** A header after a blank line under a line of one piece (prose, a caption):
 * a new table, not a row of the one above that reads as labels. */
function afterProse(lines: TextLine[], at: number): boolean {
  let i = at - 1;
  if (i < 0 || lines[i].raw.trim()) return false;
  while (i >= 0 && !lines[i].raw.trim()) i--;
  return i >= 0 && pieces(lines[i].raw.replace(/\u00a0/g, ' ')).length === 1;
}

/** a page number standing alone: "Page 2", "2", "- 2 -", "Page 2 of 9" */
const PAGE_NUMBER = /^(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s+of\s+\d{1,4})?$/i;

/** The file's lines with the table's pieces put in tab-separated columns, and
 * how many page numbers were taken out from between the rows. */
export function fixedToTabs(lines: TextLine[], reading: FixedReading): { lines: TextLine[]; pageNumbers: number } {
  // each table's own columns: a later header line starts the next table
  const tables: FixedReading[] = [reading];
  const first = new Set(pieces(lines[reading.headerLine].raw).map((p) => p.text.toLowerCase()));
  for (let next = findFixedHeader(lines, reading.headerLine + 1); next; next = findFixedHeader(lines, next.headerLine + 1)) {
    // (a later header repeats some of the first one's labels; a row of short cells may read as labels too)
    const shared = pieces(lines[next.headerLine].raw).filter((p) => first.has(p.text.toLowerCase())).length;
    if (shared >= 2 || afterProse(lines, next.headerLine)) tables.push(next);
  }
  const grids = tables.map((t, k) => exactGrid(lines.slice(0, tables[k + 1]?.headerLine ?? lines.length), t.headerLine, t.starts));
  let pageNumbers = 0;
  let k = 0;
  const out = lines.map((l, i) => {
    if (i < reading.headerLine || !l.raw.trim()) return l;
    while (k + 1 < tables.length && i >= tables[k + 1].headerLine) k++;
    const { starts } = tables[k];
    const grid = grids[k];
    if (PAGE_NUMBER.test(l.raw.trim())) {
      pageNumbers++;
      return toTextLine('', l.no, l.page);
    }
    const raw = l.raw.replace(/\u00a0/g, ' ');
    const whole = pieces(raw);
    // a line of one piece starting at the left edge, wider than the first column: prose or a section row
    if (whole.length === 1 && whole[0].start < (starts[1] ?? Infinity) - SLACK && whole[0].start + whole[0].text.length > (starts[2] ?? Infinity)) return l;
    const ps = whole.flatMap((p) => cutAtStarts(p, starts, grid));
    const cells: string[] = Array(starts.length).fill('');
    for (const p of ps) {
      let c = 0;
      for (let k = 0; k < starts.length; k++) if (p.start + SLACK >= starts[k]) c = k;
      cells[c] = cells[c] ? `${cells[c]} ${p.text}` : p.text;
    }
    return toTextLine(cells.join('\t'), l.no, l.page);
  });
  return { lines: out, pageNumbers };
}
