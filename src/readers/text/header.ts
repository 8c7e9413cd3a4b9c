// Recognising a table's header row in a text export: short labels, most of
// them made of the words plans use for their columns. Wrapped exports spread
// a header over two or three lines ("Action" / "No"), which we merge.
import { scoreHeader } from '../../normalise/headers.ts';
import { detectCutLine, filledColumns } from './cuts.ts';
import { WHOLE_DATE } from './kinds.ts';

/** Labels of the small tables around a plan (targets, baselines by area) that
 * name no plan field and so are not in the header vocabulary. */
const TARGET_TABLE_LABEL = /\b(?:baseline|targets?|area)\b/i;

/** A label naming a plan field, by the one header vocabulary of
 * normalise/headers.ts, or a target table's label. */
export function isHeaderWordy(text: string): boolean {
  return scoreHeader(text).length > 0 || TARGET_TABLE_LABEL.test(text);
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => w && w !== '/' && w !== '-' && w !== '&').length;
}

const REF_LIKE = /^\d+(\.\d+)*\.?$/;

/** A line whose cells read like column labels. */
export function isHeaderLine(cells: string[]): boolean {
  const cols = filledColumns(cells);
  if (cols.length < 2) return false;
  // two labels only when they start the line; labels start with a capital
  if (cols.length === 2 && cols[0] !== 0) return false;
  // labels start at the table's edge (the first column may be unlabelled):
  // cells starting further in are a row's later lines
  if (cols[0] > 1) return false;
  const capitals = cols.filter((c) => /^[A-Z(]/.test(cells[c].trim())).length;
  if (capitals < cols.length * 0.7) return false;
  let hits = 0;
  for (const c of cols) {
    const t = cells[c].trim();
    // a whole date ("July 2010") is a row's cell, never a label
    if (t.length > 40 || wordCount(t) > 4 || REF_LIKE.test(t) || WHOLE_DATE.test(t) || t.includes('\n')) return false;
    if (isHeaderWordy(t)) hits++;
  }
  return hits >= Math.max(2, Math.ceil(cols.length * 0.5));
}

/** The second or third line of a wrapped header: short fragments under the
 * header's labels ("No", "Update", "R/A/G", "(2009/10)"), or sub-labels under
 * a label that spans the empty columns after it ("Resources" over "Budget"
 * and "Source"). */
export function isHeaderContinuation(cells: string[], header: string[]): boolean {
  const cols = filledColumns(cells);
  if (cols.length === 0) return false;
  // a lone first cell is a section row, unless it is a label's last word ("Action" / "No")
  if (cols.length === 1 && cols[0] === 0 && !(wordCount(cells[0]) <= 2 && cells[0].trim().length <= 12 && isHeaderWordy(cells[0]) && header[0]?.trim())) return false;
  // a section row cut at the column stops ("Capacity b<TAB>uilding") is no label
  if (detectCutLine(cells)) return false;
  const lastLabel = filledColumns(header).at(-1) ?? -1;
  for (const c of cols) {
    const t = cells[c].trim();
    const underLabel = !!header[c]?.trim();
    // an empty header column inside the header, after a label: under a span
    const underSpan = !underLabel && c > 0 && c < lastLabel && !!header.slice(0, c).some((h) => h.trim());
    if (!underLabel && !underSpan) return false;
    if (t.length > 20 || wordCount(t) > 3 || /^\d+(\.\d+)*\.$/.test(t) || t.startsWith('•')) return false;
  }
  return true;
}

function key(text: string): string {
  return text.toLowerCase().replace(/[^a-z]/g, '');
}

/** Does this header line repeat the table's first header line? */
export function sameHeader(a: string[], b: string[]): boolean {
  const n = Math.max(a.length, b.length);
  let same = 0;
  let filled = 0;
  for (let i = 0; i < n; i++) {
    const x = key(a[i] ?? '');
    const y = key(b[i] ?? '');
    if (!x && !y) continue;
    filled++;
    if (x === y) same++;
  }
  return filled > 0 && same / filled >= 0.7;
}

/** Merge a header's lines column by column, labels joined with a space. */
export function mergeHeaderLines(lines: string[][]): string[] {
  const n = lines.reduce((m, l) => Math.max(m, l.length), 0);
  const out: string[] = [];
  for (let c = 0; c < n; c++) {
    out.push(
      lines
        .map((l) => (l[c] ?? '').trim())
        .filter(Boolean)
        .join(' '),
    );
  }
  while (out.length && !out[out.length - 1]) out.pop();
  return out;
}
