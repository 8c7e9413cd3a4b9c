// The header of a copy without row marks: a run of short label lines (one
// label a line) or one line of labels run together, and the lines after it
// as pieces with their kinds. A later header naming other labels starts the
// next table.
import type { ColumnField } from '../../model.ts';
import { looksLikeHeader, mapHeaderRow, scoreHeader } from '../../normalise/headers.ts';
import { pieceKind, wordsOf, type PieceKind } from './kinds.ts';
import type { TextLine } from './rows.ts';
import { CONTENT_SETTINGS, HEADER_SETTINGS } from './settings.ts';

const { labelMax: LABEL_MAX, labelCost: LABEL_COST, labelWordCost: LABEL_WORD_COST, whiteCells: WHITE_CELLS, newTableShared: NEW_TABLE_SHARED, newTableFields: NEW_TABLE_FIELDS } = HEADER_SETTINGS;
const { blankCellsShare: BLANK_CELLS_SHARE, wrappedShare: WRAPPED_SHARE } = CONTENT_SETTINGS;

export interface Unit {
  text: string;
  no: number;
  page: number;
  /** a blank line stands before it */
  blank: boolean;
  /** blank lines before it */
  gap: number;
  kind: PieceKind;
  /** the piece goes on the line of the piece before (cut from it by kind) */
  sameLine?: boolean;
}

function units(lines: TextLine[]): Unit[] {
  const out: Unit[] = [];
  let gap = 0;
  for (const l of lines) {
    const text = l.raw.replace(/\u00a0/g, ' ').trim();
    if (!text) {
      gap++;
      continue;
    }
    out.push({ text, no: l.no, page: l.page, blank: gap > 0, gap, kind: pieceKind(text) });
    gap = 0;
  }
  return out;
}

const ABBREV = /^\p{L}{1,4}\.$/u;
function isLabel(u: Unit): boolean {
  const t = u.text;
  if (t.length > LABEL_MAX || wordsOf(t).length > 6 || !/^[\p{Lu}(£&/]/u.test(t)) return false;
  // a label names a column; "Owner: the council" says something
  if (/:\s+\S/.test(t)) return false;
  // a label may end in an abbreviation with its stop ("Ref.", "Action No.")
  if (/[.;:,]$/.test(t) && !ABBREV.test(wordsOf(t).at(-1) ?? '')) return false;
  return u.kind === 'name' || u.kind === 'short' || (u.kind === 'money' && /^\p{Lu}/u.test(t)) || (u.kind === 'heading' && ABBREV.test(t));
}

export interface ContentReading {
  /** units index of the header's first line and the first body line */
  start: number;
  end: number;
  labels: string[];
  fields: (ColumnField | null)[];
  units: Unit[];
  /** cells are marked by blank lines */
  blankCells: boolean;
  /** cells are wrapped over lines (a copy of a printed page) */
  wrapped: boolean;
}

/** Labels from a run of label lines: a line that starts in lower case (or
 * "&", "/", "(") finishes the label above it. */
function runLabels(run: Unit[]): string[] {
  const labels: string[] = [];
  for (const u of run) {
    if (labels.length && /^[&/(\p{Ll}]/u.test(u.text)) labels[labels.length - 1] += ' ' + u.text;
    else labels.push(u.text);
  }
  return labels;
}

function headerScore(labels: string[]): { score: number; fields: (ColumnField | null)[] } | null {
  if (labels.length < 3 || !looksLikeHeader(labels)) return null;
  const fields = mapHeaderRow(labels);
  const named = fields.filter(Boolean).length;
  return { score: named * 2 - (labels.length - named) + (fields[0] ? 1 : 0), fields };
}

/** The header: a run of short label lines (the run's start that names the
 * most fields), or one line of labels run together. */
export function findContentHeader(lines: TextLine[]): ContentReading | null {
  // paragraphs of white space mark empty cells: the paragraph reader reads that convention
  if (lines.filter((l) => l.raw.length > 0 && !l.raw.trim()).length >= WHITE_CELLS) return null;
  const us = units(lines);
  if (us.length < 8) return null;
  const h = headerAt(us, 0);
  return h ? reading(us, h.start, h.end, h.labels, h.fields) : null;
}

export interface HeaderAt {
  start: number;
  end: number;
  labels: string[];
  fields: (ColumnField | null)[];
}

/** The first header at or after unit `from`. */
function headerAt(us: Unit[], from: number): HeaderAt | null {
  for (let i = from; i < us.length; i++) {
    // labels run together on one line
    const u = us[i];
    const together = u.text.length <= 200 ? splitLabels(u.text) : null;
    if (together && new Set(together.map((l) => scoreHeader(l)[0]?.field)).size >= 4) {
      const h = headerScore(together);
      if (h) return { start: i, end: i + 1, labels: together, fields: h.fields };
    }
    if (!isLabel(u)) continue;
    let j = i;
    while (j < us.length && isLabel(us[j])) j++;
    let best: (HeaderAt & { score: number }) | null = null;
    for (let s = i; s <= j - 3; s++) {
      const labels = runLabels(us.slice(s, j));
      const h = headerScore(labels);
      if (h && (!best || h.score > best.score)) best = { start: s, end: j, labels, fields: h.fields, score: h.score };
    }
    if (best) return best;
    i = j - 1;
  }
  return null;
}

/** Labels run together on one line ("Ref Action Output / Deliverable Lead"):
 * the cut into spans of up to four words that names fields best, every span
 * naming one and no two neighbours the same; null when there is none. */
export function splitLabels(line: string): string[] | null {
  const toks = wordsOf(line);
  if (toks.length < 4 || toks.length > 30) return null;
  const best: { score: number; cut: number[]; field?: string }[] = [{ score: 0, cut: [] }];
  for (let j = 1; j <= toks.length; j++) {
    best[j] = { score: -Infinity, cut: [] };
    for (let i = Math.max(0, j - 4); i < j; i++) {
      const prev = best[i];
      if (prev.score === -Infinity) continue;
      // a joining mark or a bracket never stands alone
      if (/^[/&(-]/.test(toks[i]) || /^(?:[/&-]|and|or)$/i.test(toks[j - 1])) continue;
      // (labels are capitalised: a lower-case word goes on the label before it)
      if (/^\p{Ll}/u.test(toks[i]) && /^\p{Lu}/u.test(toks[0])) continue;
      const top = scoreHeader(toks.slice(i, j).join(' '))[0];
      if (!top || top.field === prev.field) continue;
      const s = prev.score + top.score - LABEL_COST - LABEL_WORD_COST * (j - i - 1);
      if (s > best[j].score) best[j] = { score: s, cut: [...prev.cut, i], field: top.field };
    }
  }
  const end = best[toks.length];
  if (end.score === -Infinity || end.cut.length < 4) return null;
  return end.cut.map((c, k) => toks.slice(c, end.cut[k + 1] ?? toks.length).join(' '));
}

function reading(us: Unit[], start: number, end: number, labels: string[], fields: (ColumnField | null)[]): ContentReading {
  const body = us.slice(end);
  const blankCells = body.length > 0 && body.filter((u) => u.blank).length >= body.length * BLANK_CELLS_SHARE;
  const wrapped = body.filter((u, i) => i > 0 && /^\p{Ll}/u.test(u.text)).length >= body.length * WRAPPED_SHARE;
  if (blankCells && end - start > 1) {
    const spread = spreadHeader(us.slice(start, end), rowWidth(body));
    if (spread) [labels, fields] = [spread, mapHeaderRow(spread)];
  }
  return { start, end, labels, fields, units: us, blankCells, wrapped };
}

/** The usual number of cells in a row of a copy whose cells are a blank line
 * apart and rows a bare line break: the commonest count between bare breaks. */
function rowWidth(body: Unit[]): number {
  const counts = new Map<number, number>();
  let n = 0;
  for (const u of body) {
    if (!u.blank && n) {
      counts.set(n, (counts.get(n) ?? 0) + 1);
      n = 0;
    }
    n++;
  }
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
}

/** A header of two rows (a bare line break inside the label run): labels
 * over sub-labels ("Resources" over "Budget" and "Source"). Where the rows
 * are as wide as both rows' labels less some, those labels span: a label
 * spans the sub-labels from the first naming its own field, up to the first
 * naming the next spanning label's. */
function spreadHeader(run: Unit[], width: number): string[] | null {
  const cut = run.findIndex((u, k) => k > 0 && !u.blank);
  if (cut < 0) return null;
  const top = runLabels(run.slice(0, cut));
  const sub = runLabels(run.slice(cut));
  const spans = top.length + sub.length - width;
  if (spans <= 0 || spans >= top.length || sub.length < spans * 2) return null;
  const field = (l: string) => scoreHeader(l)[0]?.field;
  const subFields = sub.map(field);
  const spanning = top.map((l, k) => ({ k, f: field(l) })).filter(({ f }) => f && subFields.includes(f)).slice(0, spans);
  if (spanning.length < spans) return null;
  const out: string[] = [];
  let next = 0;
  top.forEach((l, k) => {
    const at = spanning.findIndex((sp) => sp.k === k);
    if (at < 0) return void out.push(l);
    const following = spanning[at + 1];
    let end = following ? sub.findIndex((x, j) => j > next && field(x) === following.f) : sub.length;
    if (end < 0) end = sub.length;
    out.push(...sub.slice(next, end));
    next = end;
  });
  return out.length === width ? out : null;
}

export const labelKey = (t: string) => t.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The next table's header: one naming other labels than this table's. */
export function nextHeader(us: Unit[], reading: ContentReading): HeaderAt | null {
  const own = new Set(reading.labels.map(labelKey));
  for (let from = reading.end; from < us.length; ) {
    const h = headerAt(us, from);
    if (!h) return null;
    // (a page's repeat of the header, cut a little differently, is no new table)
    const shared = h.labels.filter((l) => own.has(labelKey(l))).length;
    if (shared < Math.min(h.labels.length, own.size) * NEW_TABLE_SHARED && h.fields.filter(Boolean).length >= NEW_TABLE_FIELDS) return h;
    from = h.end;
  }
  return null;
}

export function readingAt(us: Unit[], h: HeaderAt): ContentReading {
  return reading(us, h.start, h.end, h.labels, h.fields);
}
