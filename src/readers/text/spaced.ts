// Text copies whose cells are separated by nothing but a single space (the
// text of a PDF as document-sharing sites print it): the header is one line of
// labels ("ACTIONS RESPONSIBLE TIMESCALE PROGRESS"), and a row is one line or
// several (a cell wrapped onto lines of its own). Columns come back from what
// the text is: the lead (abbreviations of bodies and posts, "EAC / EDRM")
// right before the due date ("April 2013", "2013/14", "Ongoing") is the
// anchor; the text before it is the action, the text after it the later
// columns, split where one cell's words run into the next one's capital.
import type { Block, ColumnField, Grid, GridCell, GridRowInfo } from '../../model.ts';
import { BODY_WORD } from '../../normalise/cell-kinds.ts';
import { mapHeader } from '../../normalise/headers.ts';
import { dropChrome } from './chrome.ts';
import { MONTH_TITLED } from './kinds.ts';
import { proseBlocks } from './prose.ts';
import type { TextLine } from './rows.ts';

/** an abbreviation run naming bodies or posts: "EAC / EDRM", "EAC /TC/ERDM", "TC" */
const LEAD = String.raw`[A-Z]{2,6}(?:\s*\/\s*[A-Z]{2,6})*`;
/** a due date or period: "April 2013", "2012/13 & 2013/14", "Ongoing", "Q3 2013" */
const DUE = String.raw`(?:(?:End of |By )?${MONTH_TITLED}\s+\d{4}|\d{4}\/\d{2,4}(?:\s*(?:&|and|-)\s*\d{4}\/\d{2,4})?|On-?going|Q[1-4]\s+\d{4}|\d{4})`;
const ANCHOR = new RegExp(String.raw`(?:^|\s)(${LEAD})\s+(${DUE})(?=\s|$)`);
const DUE_AFTER_SPACE = new RegExp(String.raw`\s(${DUE})(?=\s|$)`, 'g');
/** words a body's name may hold between its capitalised words ("Head of Policy") */
const NAME_JOINER = /^(?:of|for|and|&|the)$/;
const MAX_NAME_WORDS = 6;

interface Anchor {
  /** where the lead starts */
  start: number;
  lead: string;
  due: string;
  /** where the due date ends */
  end: number;
}

/** The lead right before the due date: abbreviations ("EAC / EDRM"), or else
 * the capitalised words before a due date that name a body or post ("Town
 * Clerk", "Head of Policy"). */
function findAnchor(text: string): Anchor | null {
  const m = ANCHOR.exec(text);
  if (m) {
    const start = m.index + (m[0].length - m[0].trimStart().length);
    return { start, lead: m[1], due: m[2], end: m.index + m[0].length };
  }
  for (const d of text.matchAll(DUE_AFTER_SPACE)) {
    const before = text.slice(0, d.index).split(' ');
    let k = before.length;
    while (k > 0 && before.length - k < MAX_NAME_WORDS && (/^[\p{Lu}&]/u.test(before[k - 1]) || NAME_JOINER.test(before[k - 1]))) k--;
    while (k < before.length && NAME_JOINER.test(before[k])) k++;
    const lead = before.slice(k).join(' ');
    if (k === 0 || !lead || !BODY_WORD.test(lead)) continue;
    return { start: before.slice(0, k).join(' ').length + 1, lead, due: d[1], end: d.index + d[0].length };
  }
  return null;
}
/** a line holding nothing but a section number: "1.", "1.1" */
const SECTION_NUMBER = /^\d{1,2}(?:\.\d{1,2})*\.?$/;
/** ledger codes at a row's end: "506 4128" */
const CODE_TAIL = /\s+(\d{3,4}\s\d{3,5})$/;
/** one cell's last word running into the next cell's first: "target Focused";
 * not after a word that needs one after it ("in March", "by Friday") */
const CELL_JOIN = /(?<=\p{Ll}[\p{Ll})]*)(?<!\b(?:in|on|at|by|of|to|for|from|with|the|a|an|and|or|until|before|after))\s+(?=\p{Lu})/gu;

const MIN_LABELS = 3;
const MAX_HEADER = 140;

export interface SpacedReading {
  headerLine: number;
  labels: string[];
  fields: (ColumnField | null)[];
  /** the labels are in capitals: strong evidence of a header */
  caps: boolean;
}

/** Labels of a header line without separators: each capitalised word that
 * names a field starts a label (unless the word before it names the same
 * field: "Lead Officer"), the words after it qualify it ("PROGRESS at Oct
 * 2012"). `caps`: every label starts with a word in capitals. */
function spacedLabels(line: string): { labels: string[]; fields: (ColumnField | null)[]; caps: boolean } | null {
  const tokens = line.trim().split(/\s+/);
  const labels: string[] = [];
  const fields: (ColumnField | null)[] = [];
  let caps = true;
  let ok = true;
  let prevField: ColumnField | null = null;
  tokens.forEach((tok, i) => {
    const word = tok.replace(/[^A-Za-z]/g, '');
    const capital = word.length >= 3 && /^[A-Z]/.test(word);
    // a word naming a field alone, or with the next ("Target Date", "By When")
    const field = capital ? mapHeader(word) ?? (tokens[i + 1] ? mapHeader(`${tok} ${tokens[i + 1]}`) : null) : null;
    if (field && field !== prevField) {
      labels.push(tok);
      fields.push(field);
      if (word !== word.toUpperCase()) caps = false;
    } else if (labels.length) labels[labels.length - 1] += ' ' + tok;
    else ok = false;
    prevField = field;
  });
  if (!ok) return null;
  // words after a label's date belong to a label wrapped round the header line
  // ("PROGRESS at Nov 2013 centre & code"): not this column's
  const last = labels.length - 1;
  if (last >= 0) labels[last] = labels[last].replace(/(\b(?:19|20)\d{2})\s+\p{Ll}.*$/u, '$1');
  return { labels, fields, caps };
}

/** The header of a copy separated by spaces: a line whose capitalised words
 * name an action column, a lead or due column and one more, and under which
 * some line holds a lead right before a due date. */
export function findSpacedHeader(lines: TextLine[]): SpacedReading | null {
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].raw.trim();
    if (!raw || raw.length > MAX_HEADER || raw.includes('\t')) continue;
    const h = spacedLabels(raw);
    if (!h || h.labels.length < MIN_LABELS) continue;
    const f = new Set(h.fields);
    if (!f.has('action') || !(f.has('lead') && f.has('due'))) continue;
    if (!lines.slice(i + 1).some((l) => findAnchor(l.raw.trim()))) continue;
    return { headerLine: i, ...h };
  }
  return null;
}

interface SpacedRow {
  text: string;
  no: number;
  page: number;
  section?: string;
}

/** A line going on in the row above: lower case, a lone date or status
 * word, a ledger code. */
function continues(text: string): boolean {
  return /^\p{Ll}/u.test(text) || new RegExp(`^(?:${DUE})$`, 'i').test(text) || /^\d{3,4}\s\d{3,5}$/.test(text);
}

function sameHeader(text: string, labels: string[]): boolean {
  const h = spacedLabels(text);
  return !!h && h.labels.length >= MIN_LABELS && h.labels.every((l, k) => l.split(' ')[0] === labels[k]?.split(' ')[0]);
}

/** Split the text after the anchor over `n` columns at the last cell joins. */
function splitRest(rest: string, n: number): string[] {
  if (n <= 1 || !rest) return [rest, ...Array(Math.max(0, n - 1)).fill('')];
  const cuts = [...rest.matchAll(CELL_JOIN)].map((m) => m.index);
  const use = cuts.slice(-(n - 1));
  const out: string[] = [];
  let at = 0;
  for (const c of use) {
    out.push(rest.slice(at, c).trim());
    at = c;
  }
  out.push(rest.slice(at).trim());
  while (out.length < n) out.unshift('');
  return out;
}

export function readSpaced(lines: TextLine[], reading: SpacedReading): { blocks: Block[]; notes: string[] } {
  const { headerLine, labels, fields } = reading;
  // section numbers just above the header (past a short header fragment) open the table
  let top = headerLine;
  const lead: SpacedRow[] = [];
  for (let i = headerLine - 1; i >= 0; i--) {
    const t = lines[i].raw.trim();
    if (!t) continue;
    if (SECTION_NUMBER.test(t)) {
      lead.unshift({ text: '', no: lines[i].no, page: lines[i].page, section: t });
      top = i;
    } else if (!lead.length && t.split(/\s+/).length <= 3 && !/\d/.test(t)) continue;
    else break;
  }
  const chrome = dropChrome(lines.slice(0, top).map((l) => ({ text: l.raw, no: l.no, page: l.page })));
  const blocks: Block[] = proseBlocks(chrome.lines);
  let repeats = 0;
  const rows: SpacedRow[] = [...lead];
  let cur: SpacedRow | null = null;
  for (const l of lines.slice(headerLine + 1)) {
    const t = l.raw.trim().replace(/\s+/g, ' ');
    if (!t) continue;
    if (sameHeader(t, labels)) {
      repeats++;
      cur = null;
      continue;
    }
    if (SECTION_NUMBER.test(t)) {
      rows.push({ text: '', no: l.no, page: l.page, section: t });
      cur = null;
      continue;
    }
    if (cur && (!findAnchor(cur.text) || continues(t))) {
      cur.text += ' ' + t;
      continue;
    }
    cur = { text: t, no: l.no, page: l.page };
    rows.push(cur);
  }
  // columns: the labels, and the ledger codes at rows' ends when there are any
  const hasCodes = rows.some((r) => !r.section && CODE_TAIL.test(r.text));
  const cols = hasCodes ? [...labels, ''] : [...labels];
  const leadCol = fields.indexOf('lead');
  const dueCol = fields.indexOf('due');
  const actionCol = fields.indexOf('action');
  const after = Math.max(leadCol, dueCol) + 1;
  const cells: GridCell[] = cols.map((t, c) => ({ row: 0, col: c, rowspan: 1, colspan: 1, text: t }));
  const info: GridRowInfo[] = [{ page: lines[headerLine].page, sourceRow: lines[headerLine].no, header: true }];
  rows.forEach((row, i) => {
    const r = i + 1;
    info.push({ page: row.page, sourceRow: row.no });
    if (row.section !== undefined) {
      cells.push({ row: r, col: 0, rowspan: 1, colspan: cols.length, text: row.section });
      return;
    }
    const out: string[] = Array(cols.length).fill('');
    let text = row.text;
    const code = CODE_TAIL.exec(text);
    if (code && hasCodes) {
      out[cols.length - 1] = code[1];
      text = text.slice(0, code.index);
    }
    const a = findAnchor(text);
    if (a) {
      out[actionCol] = text.slice(0, a.start).trim();
      if (leadCol >= 0) out[leadCol] = a.lead;
      if (dueCol >= 0) out[dueCol] = a.due;
      const restCols = labels.length - after;
      splitRest(text.slice(a.end).trim(), restCols).forEach((t, k) => (out[after + k] = t));
    } else out[actionCol] = text;
    out.forEach((t, c) => cells.push({ row: r, col: c, rowspan: 1, colspan: 1, text: t }));
  });
  const pages = [...new Set(info.map((x) => x.page))].sort((a, b) => a - b);
  const grid: Grid = { page: pages[0] ?? 1, pages, nrows: rows.length + 1, ncols: cols.length, cells, rows: info };
  blocks.push({ type: 'table', grid });
  const notes = ['text copy: table cells separated by single spaces; columns recovered from the lead and due date in each row (weak evidence: check the rows)'];
  if (repeats) notes.push(`text copy: ${repeats} repeated header line(s) removed`);
  if (chrome.removed) notes.push(`text copy: ${chrome.removed} line(s) of site chrome or repeats removed`);
  return { blocks, notes };
}
