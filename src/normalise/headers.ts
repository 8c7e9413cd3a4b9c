// Header label -> canonical field, and recognising a header row. The words
// themselves live in vocabulary.ts (one vocabulary for every reader); a whole
// table's columns, with their cells, are mapped in columns.ts.
import type { ColumnField } from '../model.ts';
import { bestAssignment } from './assignment.ts';
import { scoreHeader, type HeaderMatch } from './vocabulary.ts';
import { COLUMN_FIELDS } from '../model.ts';
import { TIE_BREAK } from './thresholds.ts';

export {
  editDistanceAtMostOne, headerWordField, isHeaderLabel, isHeaderWord, labelTokens, mapHeader, readLabels, scoreHeader,
  type HeaderMatch, type LabelReading,
} from './vocabulary.ts';

/** Map a header row's labels to fields, one column per field, by labels alone. */
export function mapHeaderRow(labels: string[]): (ColumnField | null)[] {
  return assignByLabel(labels.map((l) => scoreHeader(l)));
}

/** Each column's label matches for a header of one or more rows (a spanning
 * label over sub-labels, such as "Resources" over "Budget" and "Source"): each
 * column is read by its lowest label, the most specific one, and by all its
 * labels together only when that lowest label means nothing on its own. */
export function headerChoices(rows: string[][]): (readonly HeaderMatch[])[] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const choices: (readonly HeaderMatch[])[] = [];
  for (let c = 0; c < width; c++) {
    const labels = rows.map((r) => (r[c] ?? '').trim()).filter(Boolean);
    // the lowest label that is not the spanning label repeated from above
    const own = labels.length > 1 && labels[labels.length - 1] !== labels[labels.length - 2] ? scoreHeader(labels[labels.length - 1]) : [];
    choices.push(own.length ? own : scoreHeader(labels.join(' ')));
  }
  return choices;
}

/** Map a header of several rows by labels alone (see `headerChoices`). */
export function mapHeaderRows(rows: string[][]): (ColumnField | null)[] {
  return assignByLabel(headerChoices(rows));
}

/** One field per column for the best total label score. */
function assignByLabel(choices: (readonly HeaderMatch[])[]): (ColumnField | null)[] {
  const n = choices.length;
  const scores = choices.map((opts, c) =>
    COLUMN_FIELDS.map((f) => {
      const s = opts.find((o) => o.field === f)?.score ?? 0;
      return s > 0 ? s + (n - c) * TIE_BREAK : 0;
    }),
  );
  return bestAssignment(scores).map((j) => (j >= 0 ? COLUMN_FIELDS[j] : null));
}

/** Is this row of labels a plan table's header? Needs two or more short cells
 * that map to fields, most of them mapped, and an action-like column. */
export function looksLikeHeader(labels: string[]): boolean {
  const filled = labels.filter((l) => l.trim().length > 0);
  if (filled.length < 2) return false;
  if (filled.some((l) => l.length > 80)) return false;
  // a column takes a field only where its label names one: too few such
  // labels fail below without the assignment (most rows are data rows)
  let named = 0;
  for (const l of labels) if (scoreHeader(l).length) named++;
  if (named < 2 || named < filled.length * 0.5) return false;
  const fields = mapHeaderRow(labels).filter((f): f is ColumnField => f !== null);
  if (fields.length < 2 || fields.length < filled.length * 0.5) return false;
  // a label naming two things ("Priority / Action") may be the action column:
  // its cells decide later
  return isPlanColumns(fields) || labels.some((l) => scoreHeader(l).some((m) => m.field === 'action'));
}

/** A plan table has actions (or, failing a named action column, at least three
 * plan fields such as milestones, leads and dates). */
export function isPlanColumns(fields: ColumnField[]): boolean {
  if (fields.includes('action')) return true;
  const planish = fields.filter((f) => f !== 'section' && f !== 'ref');
  return planish.length >= 3;
}
