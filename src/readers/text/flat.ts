// Exports flattened without any separators: the header is one line of labels
// ("Objective No. Activity Cost (2009/10) Funding Source Milestones ..."), and
// each row is its first line with several columns run together, followed by
// bullet lines and the lead officer on the last line. We learn the column
// order from the header's words and put text back into columns with content
// classifiers: money or "Within existing resources" for cost, funding phrases,
// bullets with "by <date>" for milestones, other bullets for outputs, a name
// on the last line for the lead.
import type { Block, ColumnField, Grid, GridCell, GridRowInfo } from '../../model.ts';
import { MONTH_NAME as MONTH } from '../../normalise/dates.ts';
import { mapHeader } from '../../normalise/headers.ts';
import { cleanText } from './clean.ts';
import { proseBlocks } from './prose.ts';
import type { TextLine } from './rows.ts';

export type FlatColumn =
  | 'section' | 'ref' | 'action' | 'resources' | 'funding' | 'milestone' | 'outcome' | 'due' | 'lead' | 'progress' | 'other';

/** The field a single capitalised word names as a label, by the one header
 * vocabulary (normalise/headers.ts). Abbreviations ("No.", "Ref") qualify the
 * label before them ("Objective No.") and never start one. */
function headField(tok: string): ColumnField | null {
  const word = tok.replace(/[^A-Za-z]/g, '');
  if (!/^[A-Z]/.test(tok) || word.length <= 2 || /\.$/.test(tok)) return null;
  return mapHeader(word);
}

/** Split a header line without separators into labels, one per column: a
 * word naming a field starts a new label when the label so far already names
 * a different field and the word does not follow a connective ("Outputs and
 * Outcomes"); words naming the same field stay together ("Lead Officer"). */
export function splitFlatHeader(line: string): string[] {
  const tokens = line.trim().split(/\s+/);
  const labels: { words: string[]; fields: Set<ColumnField> }[] = [];
  tokens.forEach((tok, i) => {
    const field = headField(tok);
    const prev = (tokens[i - 1] ?? '').toLowerCase();
    const cur = labels[labels.length - 1];
    if (!cur || (field && cur.fields.size > 0 && !cur.fields.has(field) && !['and', '&', '/', 'or', 'of'].includes(prev))) {
      labels.push({ words: [tok], fields: new Set(field ? [field] : []) });
    } else {
      cur.words.push(tok);
      if (field) cur.fields.add(field);
    }
  });
  return labels.map((l) => l.words.join(' '));
}

/** What a flattened column holds, from its label. */
export function columnType(label: string): FlatColumn {
  switch (mapHeader(label)) {
    case 'section': return 'section';
    case 'ref': return 'ref';
    case 'action': return 'action';
    case 'resources': return 'resources';
    case 'funding': return 'funding';
    case 'milestone': return 'milestone';
    case 'output':
    case 'outcome': return 'outcome';
    case 'due': return 'due';
    case 'lead': return 'lead';
    case 'status':
    case 'progress': return 'progress';
    default: return 'other';
  }
}

const ROW_START = /^(?:\d+\.\s+.*?\s)?\d+\.\d+\s+\S/;
const SUB_REF = /(?:^|\s)(\d+\.\d+)\s+(?=\S)/;
const MILESTONE = new RegExp(
  `\\bby\\s+(?:the\\s+)?(?:end\\s+(?:of\\s+)?)?(?:${MONTH}\\s+)?(?:\\d{4}(?:\\/\\d{2})?|${MONTH}|tbc|q[1-4])\\b`,
  'i',
);
const RESOURCE_START = /£\s?\d|\b(?:Within|Staff time|Officer time|Existing (?:resources|budgets?)|Nil\b|No cost|No additional|Mainstream budget|Core budget)/;

/** Header line of a flattened plan: several column words, no separators. */
function findHeader(lines: TextLine[]): number {
  for (let i = 0; i < Math.min(lines.length, 15); i++) {
    const raw = lines[i].raw;
    if (raw.includes('\t') || raw.length > 200) continue;
    const labels = splitFlatHeader(raw);
    const types = new Set(labels.map(columnType).filter((t) => t !== 'other'));
    if (labels.length >= 4 && types.size >= 4) return i;
  }
  return -1;
}

export function looksFlat(lines: TextLine[]): boolean {
  const h = findHeader(lines);
  return h >= 0 && lines.slice(h + 1).some((l) => ROW_START.test(l.raw.trim()));
}

/** Cost phrase: money or "Within ..." and the lower-case words that follow,
 * up to the next capitalised word (which starts the funding source). */
function splitResources(text: string): { before: string; resources: string; after: string } | null {
  const m = RESOURCE_START.exec(text);
  if (!m) return null;
  const before = text.slice(0, m.index).trim();
  const tokens = text.slice(m.index).split(/\s+/);
  let n = 1;
  while (n < tokens.length) {
    const t = tokens[n];
    if (t === 'N/A' || (/^[A-Z][a-z]/.test(t) && n > 0)) break;
    n++;
  }
  return { before, resources: tokens.slice(0, n).join(' '), after: tokens.slice(n).join(' ') };
}

const PERSON = /((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+[A-Z][a-z'’-]+)(?:\s*(?:\/|&|and)\s*[A-Z][a-z]+\s+[A-Z][a-z'’-]+)*)$/;

interface FlatRecord {
  line: number;
  page: number;
  lines: string[];
}

export function readFlat(lines: TextLine[]): { blocks: Block[]; notes: string[] } {
  const h = findHeader(lines);
  const labels = splitFlatHeader(lines[h].raw);
  const types = labels.map(columnType);
  const blocks: Block[] = proseBlocks(lines.slice(0, h).map((l) => ({ text: l.raw, no: l.no, page: l.page })));

  // records: a row starts at a line beginning with an activity number
  const records: FlatRecord[] = [];
  for (const l of lines.slice(h + 1)) {
    const t = cleanText(l.raw);
    if (!t) continue;
    if (ROW_START.test(t)) records.push({ line: l.no, page: l.page, lines: [t] });
    else if (records.length) records[records.length - 1].lines.push(t);
  }

  // lead names standing alone on a record's last line teach us what leads look like
  const knownLeads = new Set<string>();
  for (const r of records) {
    const last = r.lines[r.lines.length - 1];
    if (r.lines.length > 1 && !last.startsWith('•') && last.split(/\s+/).length <= 4 && PERSON.test(last) && PERSON.exec(last)![1] === last)
      knownLeads.add(last);
  }

  const col = (t: FlatColumn): number => types.indexOf(t);
  const rowsText: string[][] = records.map((r) => recordCells(r, types, knownLeads, col));
  const grid = flatGrid(labels, rowsText, records, lines[h]);
  blocks.push({ type: 'table', grid });
  return { blocks, notes: ['text export: flattened table, columns recovered from content'] };
}

function recordCells(r: FlatRecord, types: FlatColumn[], knownLeads: Set<string>, col: (t: FlatColumn) => number): string[] {
  const cells: string[][] = types.map(() => []);
  // pieces of one cell go on separate lines (bullets, notes under them)
  const put = (t: FlatColumn, text: string) => {
    let i = col(t);
    if (i < 0) i = col('other') >= 0 ? col('other') : col('action');
    if (i < 0 || !text) return;
    cells[i].push(text);
  };

  // first line: [section] [ref + action] [resources] [funding] [first bullet ...]
  const lines = [...r.lines];
  const first = lines.shift()!;
  const bulletAt = first.indexOf('\n•');
  let head = bulletAt >= 0 ? first.slice(0, bulletAt) : first;
  const tailBullets = bulletAt >= 0 ? first.slice(bulletAt + 1).split('\n') : [];
  const sub = SUB_REF.exec(head);
  if (sub && sub.index > 0 && col('section') >= 0) {
    put('section', head.slice(0, sub.index).trim());
    head = head.slice(sub.index).trim();
  }
  const res = splitResources(head);
  if (res) {
    put('action', res.before);
    put('resources', res.resources);
    put(col('funding') >= 0 ? 'funding' : 'resources', res.after);
  } else {
    put('action', head);
  }

  // the last line carries the lead (alone, or after an output without a bullet)
  let leadLine = '';
  if (lines.length && !lines[lines.length - 1].startsWith('•')) leadLine = lines.pop()!;
  let leadText = '';
  let leadPrefix = '';
  if (leadLine) {
    let at = -1;
    for (const k of knownLeads) {
      const i = leadLine.indexOf(k);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    }
    if (at < 0) {
      const m = PERSON.exec(leadLine);
      at = m ? leadLine.length - m[1].length : leadLine.split(/\s+/).length <= 6 ? 0 : -1;
    }
    if (at >= 0) {
      leadText = leadLine.slice(at).trim();
      leadPrefix = leadLine.slice(0, at).trim();
    } else leadPrefix = leadLine;
  }

  // bullets: milestones ("... by March 2010") first, then outputs
  let phase: FlatColumn = col('milestone') >= 0 ? 'milestone' : 'outcome';
  const items = [...tailBullets, ...lines];
  for (const item of items) {
    if (item.startsWith('•')) {
      if (phase === 'milestone' && !MILESTONE.test(item) && col('outcome') >= 0) phase = 'outcome';
      put(phase, item);
    } else {
      put(phase, item); // a note under a bullet stays in its cell, on its own line
    }
  }
  if (leadPrefix) put(col('outcome') >= 0 ? 'outcome' : phase, leadPrefix);
  if (leadText) put('lead', leadText);
  return cells.map((c) => c.join('\n'));
}

function flatGrid(labels: string[], rows: string[][], records: FlatRecord[], header: TextLine): Grid {
  const cells: GridCell[] = [];
  const info: GridRowInfo[] = [{ page: header.page, sourceRow: header.no, header: true }];
  labels.forEach((t, c) => cells.push({ row: 0, col: c, rowspan: 1, colspan: 1, text: t }));
  rows.forEach((row, i) => {
    info.push({ page: records[i].page, sourceRow: records[i].line });
    row.forEach((t, c) => cells.push({ row: i + 1, col: c, rowspan: 1, colspan: 1, text: t }));
  });
  const pages = [...new Set(info.map((r) => r.page))].sort((a, b) => a - b);
  return { page: pages[0] ?? 1, pages, nrows: rows.length + 1, ncols: labels.length, cells, rows: info };
}
