// Text copies of web tables whose cell boundaries survive only as a joining
// mark: cells joined by " / " or " | " on one line (empty cells dropped, a
// cell's later lines on lines of their own), or one cell per line ending in
// " |". We find the header from the one header vocabulary, then rebuild rows
// from the marks and from what the text is: a line starting with a ref opens
// a row, a bullet line goes on in its cell, a row that has all its cells is
// closed. Rows with fewer cells than the header are aligned by content.
import type { Block, Grid, GridCell, GridRowInfo } from '../../model.ts';
import { looksLikeHeader, mapHeaderRow } from '../../normalise/headers.ts';
import { dropChrome } from './chrome.ts';
import { BULLET, lineKind } from './kinds.ts';
import { proseBlocks, type ProseLine } from './prose.ts';
import type { TextLine } from './rows.ts';
import { placeByContent } from './segment.ts';

export type Joiner = ' / ' | ' | ' | 'line';

interface Piece {
  text: string;
  /** the piece follows a joining mark (not only a line break) */
  afterMark: boolean;
  /** a joining mark follows the piece */
  beforeMark: boolean;
  no: number;
  page: number;
  /** the line held nothing but this piece */
  wholeLine: boolean;
}

const NUMBERED_HEADING = /^\d{1,2}(?:\.\d{1,2})*\.?\s+\p{Lu}/u;
const REF = /^(?:[A-Z]{1,3}\d{1,3}(?:\.\d{1,3})*|\d{1,3}(?:\.\d{1,3})+|\d{1,3}\.?)$/;
/** a line of nothing but table rules: "|||||", "---|---|" */
const RULE_LINE = /^[\s|:+=-]*\|[\s|:+=-]*$/;
/** wiki cell attributes and bold/italic quotes: structure, not text */
const WIKI_SPAN = /%colspan=(\d+)\|/g;

function splitOn(line: string, joiner: Joiner): string[] {
  if (joiner === 'line') return [line.replace(/\s*\|\s*$/, '')];
  if (joiner === ' | ') {
    // trailing empty cells ("text | |") end the line: one closing mark
    return line.replace(/(?:\s+\|)+\s*$/, ' |').split(/\s+\|\s+|\s+\|$|^\|\s+/);
  }
  return line.split(/\s+\/\s+|\s+\/$|^\/\s+/);
}

function markCount(line: string, joiner: Joiner): number {
  if (joiner === ' / ') return (line.match(/(?:^|\s)\/(?:\s|$)/g) ?? []).length;
  if (joiner === ' | ') return (line.match(/(?:^|\s)\|(?:\s|$)/g) ?? []).length;
  return /\|\s*$/.test(line) ? 1 : 0;
}

/** Labels of a header line, a label that the joining mark cut in two put back
 * ("Lead Officer / Agency": both halves name one field), and data run onto
 * the last label ("AgencyWe want ...") cut off at the change of case. */
/** share of the marked lines that must hold a width for it to be the table's */
const COMMON_WIDTH_SHARE = 0.25;

/** The most cells that a good share of the marked lines hold (rows with
 * every cell filled), or null when no width is common. */
function commonWidth(lines: TextLine[], joiner: Joiner): number | null {
  const widths: number[] = [];
  for (const l of lines) {
    const text = cleanLine(l.raw).text;
    if (markCount(text, joiner) > 0) widths.push(splitOn(text, joiner).filter((p) => p.trim()).length);
  }
  return commonOf(widths);
}

function commonOf(widths: number[]): number | null {
  const counts = new Map<number, number>();
  for (const n of widths) counts.set(n, (counts.get(n) ?? 0) + 1);
  const wide = [...counts].filter(([, k]) => k >= 2 && k >= widths.length * COMMON_WIDTH_SHARE).map(([n]) => n);
  return wide.length ? Math.max(...wide) : null;
}

function headerLabels(parts: string[], joiner: Joiner): { labels: string[]; joins: { at: number; rank: number }[]; rest: string[] } | null {
  let labels = parts.map((p) => p.trim());
  let rest: string[] = [];
  // data run onto a label shows as a long label or a change of case inside a word ("AgencyWe want")
  const long = labels.findIndex((l) => l.length > 40 || /\p{Ll}\p{Lu}\p{Ll}+\s+\S/u.test(l));
  if (long >= 0) {
    const m = /^(.{2,40}?\p{Ll})(\p{Lu}\p{Ll}.*)$/su.exec(labels[long]);
    if (!m) return null;
    rest = [m[2], ...labels.slice(long + 1)];
    labels = [...labels.slice(0, long), m[1]];
  }
  while (labels.length && !labels[labels.length - 1]) labels.pop();
  if (!looksLikeHeader(labels)) return null;
  // two neighbouring labels naming one field, or a label going on in lower
  // case, are one label cut by the mark (only a mark that labels themselves use can cut one)
  if (joiner !== ' / ') return { labels, joins: [], rest };
  const fields = labels.map((l) => mapHeaderRow([l])[0]);
  const joins: { at: number; rank: number }[] = [];
  labels.forEach((l, i) => {
    if (i === 0) return;
    const sameField = !!fields[i] && fields[i] === fields[i - 1] && fields[i] === mapHeaderRow([`${labels[i - 1]} ${l}`])[0];
    if (/^\p{Ll}/u.test(l)) joins.push({ at: i, rank: 2 });
    else if (sameField) joins.push({ at: i, rank: l.split(/\s+/).length === 1 ? 1 : 0 });
  });
  return { labels, joins, rest };
}

/** The labels with as many cut labels put back as bring them to `width`
 * columns (the likeliest first); with no width, all of them. */
function mergeLabels(labels: string[], joins: { at: number; rank: number }[], width: number | null): string[] {
  const need = width === null ? joins.length : Math.max(0, labels.length - width);
  const chosen = new Set([...joins].sort((a, b) => b.rank - a.rank).slice(0, need).map((j) => j.at));
  const out: string[] = [];
  labels.forEach((l, i) => {
    if (chosen.has(i) && out.length) out[out.length - 1] += ' / ' + l;
    else out.push(l);
  });
  return out;
}

export interface JoinedReading {
  joiner: Joiner;
  headerLine: number;
  labels: string[];
  /** data run onto the header line, piece by piece */
  rest: string[];
  /** unlabelled columns before the first label (one cell per line) */
  leading: number;
}

/** Find the header of a joined table: the first line (or, one cell per line,
 * the first run of lines) whose pieces read as a plan header. */
export function findJoinedHeader(lines: TextLine[]): JoinedReading | null {
  for (const joiner of [' / ', ' | '] as Joiner[]) {
    for (let i = 0; i < lines.length; i++) {
      const raw = cleanLine(lines[i].raw).text;
      if (markCount(raw, joiner) < 2) continue;
      const h = headerLabels(splitOn(raw, joiner), joiner);
      if (!h || h.labels.length < 3) continue;
      // as many labels put back together as the rows' common width asks
      const labels = mergeLabels(h.labels, h.joins, h.joins.length ? commonWidth(lines.slice(i + 1), joiner) : null);
      if (labels.length < 3) continue;
      return { joiner, headerLine: i, labels, rest: h.rest, leading: 0 };
    }
  }
  // one cell per line: a run of short lines each ending in "|"
  for (let i = 0; i < lines.length; i++) {
    const run: string[] = [];
    let j = i;
    while (j < lines.length && /\S\s*\|\s*$/.test(lines[j].raw) && lines[j].raw.length <= 60) run.push(lines[j++].raw.replace(/\s*\|\s*$/, '').trim());
    if (run.length >= 3 && looksLikeHeader(run)) {
      // lone marks right above the labels are the cells of unlabelled columns
      let leading = 0;
      while (i - leading - 1 >= 0 && /^\s*\|\s*$/.test(lines[i - leading - 1].raw)) leading++;
      return { joiner: 'line', headerLine: i, labels: run, rest: [], leading };
    }
    if (j > i) i = j - 1;
  }
  return null;
}

/** A line without wiki attributes; where a wiki span opens a new row. */
function cleanLine(raw: string): { text: string; spans: string[] } {
  const spans: string[] = [];
  let text = raw.replace(/\u00a0/g, ' ');
  const at = text.search(WIKI_SPAN);
  if (at >= 0) {
    spans.push(...text.slice(at).split(WIKI_SPAN).filter((s, k) => k % 2 === 0 && s.replace(/[|\s]/g, '')).map((s) => s.replace(/\s*\|\s*$/, '').trim()));
    text = text.slice(0, at);
  }
  return { text: text.replace(/\s+$/, ''), spans };
}

/** A line repeating the header's first labels (a page break's repeated header). */
function repeatsHeader(parts: string[], labels: string[]): boolean {
  const key = (t: string) => t.toLowerCase().replace(/[^a-z0-9]/g, '');
  const real = labels.filter(Boolean);
  return parts.length >= 2 && parts.every((p, i) => key(p) !== '' && key(p) === key(real[i] ?? ''));
}

function pieces(lines: TextLine[], joiner: Joiner, labels: string[]): { pieces: Piece[]; spansAfter: Map<number, string[]>; furniture: number } {
  const out: Piece[] = [];
  const spansAfter = new Map<number, string[]>();
  let furniture = 0;
  for (const l of lines) {
    if (RULE_LINE.test(l.raw) && l.raw.trim()) {
      furniture++;
      // a lone mark between rows ends the row
      out.push({ text: '', afterMark: true, beforeMark: true, no: l.no, page: l.page, wholeLine: true });
      continue;
    }
    const { text, spans } = cleanLine(l.raw);
    if (spans.length) spansAfter.set(out.length + splitOn(text, joiner).length - 1, spans);
    if (!text.trim()) {
      if (spans.length) out.push({ text: '', afterMark: true, beforeMark: true, no: l.no, page: l.page, wholeLine: true });
      continue;
    }
    const parts = splitOn(text, joiner);
    if (repeatsHeader(parts, labels)) {
      furniture++;
      out.push({ text: '', afterMark: true, beforeMark: true, no: l.no, page: l.page, wholeLine: true });
      continue;
    }
    const leading = joiner !== 'line' && /^\s*[/|]\s/.test(text);
    const trailing = joiner === 'line' ? /\|\s*$/.test(l.raw) : /\s[/|]$/.test(text);
    parts.forEach((p, k) => {
      out.push({
        text: p.trim(),
        afterMark: k > 0 || leading,
        beforeMark: k < parts.length - 1 || trailing,
        no: l.no,
        page: l.page,
        wholeLine: parts.length === 1,
      });
    });
  }
  return { pieces: out, spansAfter, furniture };
}

export interface Row {
  cells: string[];
  no: number;
  page: number;
  section?: string;
}

function appendLine(cell: string, text: string): string {
  const t = BULLET.test(text) ? '• ' + text.replace(BULLET, '') : text;
  return cell ? cell + '\n' + t : t;
}

/** Rows from the pieces after the header. */
function buildJoinedRows(ps: Piece[], ncols: number, spansAfter: Map<number, string[]>, joiner: Joiner): Row[] {
  const rows: Row[] = [];
  // one cell per line with lone marks between rows: the marks end the rows
  const marked = joiner === 'line' && ps.some((p) => !p.text && p.wholeLine);
  let cur: Row | null = null;
  let open = false; // the current cell takes more lines
  const close = () => {
    cur = null;
    open = false;
  };
  for (let k = 0; k < ps.length; k++) {
    const p = ps[k];
    if (!p.text) {
      if (joiner === 'line' || p.wholeLine) close();
      else if (cur) open = false;
      pushSpans(k);
      continue;
    }
    const bullet = BULLET.test(p.text);
    const row = cur as Row | null;
    const full = !!row && row.cells.length >= ncols;
    const lastLine = row ? (row.cells[row.cells.length - 1] ?? '').split('\n').at(-1) ?? '' : '';
    // a full row's open cell takes a line of the same kind (a second date, a second name)
    const sameKind = open && lineKind(lastLine) !== 'text' && lineKind(lastLine) === lineKind(p.text);
    // the line's cells would overflow the row, even with its first going on in the open cell
    let onLine = 1;
    while (ps[k + onLine] && ps[k + onLine].no === p.no) onLine++;
    const overflows = !!row && onLine >= 2 && row.cells.length + onLine - (open ? 1 : 0) > ncols;
    const startsRow =
      !row ||
      (joiner !== 'line' && !p.afterMark && !bullet && overflows) ||
      (joiner !== 'line' && !p.afterMark && REF.test(p.text.split(/\s/)[0] ?? '') && p.beforeMark) ||
      (!p.afterMark && !bullet && full && !sameKind && joiner !== 'line') ||
      (joiner === 'line' && !marked && full);
    if (startsRow && p.wholeLine && NUMBERED_HEADING.test(p.text) && ps[k + 1] && !ps[k + 1].afterMark && ps[k + 1].beforeMark) {
      // a numbered line of its own right before a row is a section row
      rows.push({ cells: [], no: p.no, page: p.page, section: p.text });
      close();
      continue;
    }
    if (startsRow) {
      cur = { cells: [p.text.replace(BULLET, '• ')], no: p.no, page: p.page };
      rows.push(cur);
      open = !p.beforeMark;
    } else if (row && !p.afterMark && open && joiner !== 'line') {
      row.cells[row.cells.length - 1] = appendLine(row.cells[row.cells.length - 1], p.text);
      open = !p.beforeMark;
    } else if (row) {
      row.cells.push(p.text.replace(BULLET, '• '));
      open = !p.beforeMark;
    }
    pushSpans(k);
  }
  function pushSpans(k: number) {
    const spans = spansAfter.get(k);
    if (!spans) return;
    for (const s of spans) rows.push({ cells: [], no: ps[k].no, page: ps[k].page, section: s });
    close();
  }
  // a one-piece row right before another row is a section row
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.section === undefined && row.cells.length === 1 && ncols >= 3 && !row.cells[0].includes('\n') && rows[r + 1] && rows[r + 1].cells.length >= 2) {
      row.section = row.cells[0];
      row.cells = [];
    }
  }
  return rows;
}

/** Place a short row's cells: a row missing its first cells (a merged cell
 * above it, an empty cell dropped) keeps its last cells under the last columns. */
function placeCells(cells: string[], ncols: number): string[] {
  if (cells.length >= ncols) {
    const out = cells.slice(0, ncols);
    if (cells.length > ncols) out[ncols - 1] = cells.slice(ncols - 1).join('\n');
    return out;
  }
  const gap = ncols - cells.length;
  return [...Array(gap).fill(''), ...cells];
}

export function toGrid(labels: string[], rows: Row[], header: TextLine): Grid {
  const ncols = labels.length;
  const cells: GridCell[] = labels.map((t, c) => ({ row: 0, col: c, rowspan: 1, colspan: 1, text: t }));
  const info: GridRowInfo[] = [{ page: header.page, sourceRow: header.no, header: true }];
  rows.forEach((row, i) => {
    const r = i + 1;
    info.push({ page: row.page, sourceRow: row.no });
    if (row.section !== undefined) {
      cells.push({ row: r, col: 0, rowspan: 1, colspan: ncols, text: row.section });
      return;
    }
    placeCells(row.cells, ncols).forEach((t, c) => cells.push({ row: r, col: c, rowspan: 1, colspan: 1, text: t }));
  });
  const pages = [...new Set(info.map((x) => x.page))].sort((a, b) => a - b);
  return { page: pages[0] ?? 1, pages, nrows: rows.length + 1, ncols, cells, rows: info };
}

export function readJoined(lines: TextLine[], reading: JoinedReading): { blocks: Block[]; notes: string[] } {
  const { joiner, headerLine } = reading;
  const labels = [...Array(reading.leading).fill(''), ...reading.labels];
  let furniture = 0;
  // above the header: lone marks and rules are furniture; a marked line right
  // above them is the table's first section row ("1.0 Promote Accessibility |")
  let top = headerLine - reading.leading;
  const leadSections: Row[] = [];
  for (let i = top - 1; i >= 0; i--) {
    const raw = lines[i].raw;
    if (!raw.trim()) continue;
    if (RULE_LINE.test(raw)) {
      furniture++;
      top = i;
      continue;
    }
    if (joiner === 'line' && /\S\s*\|\s*$/.test(raw)) {
      leadSections.unshift({ cells: [], no: lines[i].no, page: lines[i].page, section: raw.replace(/\s*\|\s*$/, '').trim() });
      top = i;
    }
    break;
  }
  const chrome = dropChrome(lines.slice(0, top).filter((l) => !(RULE_LINE.test(l.raw) && l.raw.trim())).map((l) => ({ text: cleanLine(l.raw).text, no: l.no, page: l.page })));
  const blocks: Block[] = proseBlocks(chrome.lines);
  const headerEnd = joiner === 'line' ? headerLine + reading.labels.length : headerLine + 1;
  const body = lines.slice(headerEnd);
  const { pieces: ps, spansAfter, furniture: rules } = pieces(body, joiner, reading.labels);
  furniture += rules;
  const head = lines[headerLine];
  const restPieces: Piece[] = reading.rest.map((text, k) => ({
    text: text.trim(),
    afterMark: k > 0,
    beforeMark: k < reading.rest.length - 1 || /\s[/|]\s*$/.test(head.raw),
    no: head.no,
    page: head.page,
    wholeLine: false,
  }));
  ps.unshift(...restPieces);
  // (the header line's own spans: a section row glued to the header)
  const headSpans = cleanLine(head.raw).spans;
  const rows = buildJoinedRows(ps, labels.length, spansAfter, joiner);
  if (headSpans.length) rows.unshift(...headSpans.map((s) => ({ cells: [], no: head.no, page: head.page, section: s })));
  rows.unshift(...leadSections);
  // a repeated header (whole or cut short at a page break) is not a row
  const kept = rows.filter((r) => !(r.cells.length >= 2 && r.cells.every((c, i) => c.trim() === reading.labels[i]?.trim())));
  // a row that reads as another header (other labels) starts a table of its own;
  // lines run onto its last label are the next table's first section row
  const tables: { labels: string[]; rows: Row[]; head: TextLine }[] = [{ labels, rows: [], head }];
  for (const [k, r] of kept.entries()) {
    const cells = r.cells.map((c) => c.split('\n')[0]);
    if (r.section === undefined && joiner === ' / ' && cells.length >= 3 && looksLikeHeader(cells) && cells.every((c) => c.length <= 40)) {
      const h = { no: r.no, page: r.page, raw: '', cells: [] };
      // labels cut by the mark put back as the rows below ask
      const cut = headerLabels(cells, joiner);
      const below = kept.slice(k + 1).filter((x) => x.section === undefined).map((x) => x.cells.length);
      const next = { labels: cut ? mergeLabels(cut.labels, cut.joins, cut.joins.length ? commonOf(below) : null) : cells, rows: [] as Row[], head: h };
      const run = r.cells.flatMap((c) => c.split('\n').slice(1));
      if (run.length) next.rows.push({ cells: [], no: r.no, page: r.page, section: run.join(' ') });
      tables.push(next);
      continue;
    }
    tables[tables.length - 1].rows.push(r);
  }
  let rejoined = 0;
  let short = 0;
  for (const t of tables) {
    // a row of more cells than labels had a mark inside a cell ("Staff / partner time"): put back where a cell goes on in lower case
    for (const r of t.rows) {
      for (let c = r.cells.length - 1; c > 0 && r.cells.length > t.labels.length; c--) {
        if (!/^\p{Ll}/u.test(r.cells[c])) continue;
        r.cells.splice(c - 1, 2, `${r.cells[c - 1]} / ${r.cells[c]}`);
        rejoined++;
      }
    }
    const ncols = Math.max(t.labels.length, ...t.rows.map((r) => r.cells.length));
    while (t.labels.length < ncols) t.labels.unshift('');
    // rows short of cells lost their empty ones: placed by what their cells hold
    const placed = placeByContent(t.rows.map((r) => r.cells), t.labels);
    short += t.rows.filter((r) => r.section === undefined && r.cells.length > 1 && r.cells.length < ncols).length;
    t.rows.forEach((r, i) => (r.cells = placed[i]));
    blocks.push({ type: 'table', grid: toGrid(t.labels, t.rows, t.head) });
  }
  const notes = [`text copy: table cells joined by ${joiner === 'line' ? 'line ends ("|")' : `"${joiner.trim()}"`}; rows rebuilt from the marks and the cells' content`];
  if (tables.length > 1) notes.push(`text copy: ${tables.length} tables, each under its own header`);
  if (rejoined) notes.push(`text copy: ${rejoined} cell(s) cut at a " / " inside their text put back`);
  if (short) notes.push(`text copy: ${short} row(s) short of cells (empty cells dropped) placed by what their cells hold`);
  if (furniture) notes.push(`text copy: ${furniture} table rule or repeated header line(s) removed`);
  if (chrome.removed) notes.push(`text copy: ${chrome.removed} line(s) of site chrome or repeats removed`);
  return { blocks, notes };
}
