// Fields for a plan table's columns, from the header labels AND what each
// column's cells hold, assigned jointly for the whole table: every column is
// scored for every field (label cue + cell evidence), then one field per
// column is chosen for the best total (an optimal assignment). A label naming
// two things ("Objective/Action") is settled by its cells (long sentences,
// one per row, are actions; short text repeated down the rows is a section).
import { COLUMN_FIELDS, type ColumnField, type ColumnMapping } from '../model.ts';
import { bestAssignment } from './assignment.ts';
import { cellKind, type CellKind } from './cell-kinds.ts';
import { parseDueDate } from './dates.ts';
import { parseStatus } from './status.ts';
import { singleSpaced } from './text.ts';
import { scoreHeader, type HeaderMatch } from './vocabulary.ts';
import {
  CONFIDENCE_SCALE, CONTENT_ONLY_DISCOUNT, CONTENT_ONLY_MIN, CONTENT_WEIGHTS, LATEST_LABEL_BONUS, MIN_CONTENT_ROWS, TIE_BREAK, type Evidence,
} from './thresholds.ts';

/** One data cell of a column: its own text, or covered by the cell above. */
export interface ColumnCell {
  /** (read single-spaced: its lines may be joined already) */
  text: string;
  mergedAbove: boolean;
}

export interface ColumnProfile {
  rows: number;
  filled: number;
  evidence: Partial<Record<Evidence, number>>;
}

const TIME = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:spring|summer|autumn|winter|quarter(?:ly)?|annual(?:ly)?|monthly|weekly|on-?\s?going|ongoing)\b|\b(?:19|20)\d{2}\b|\bq[1-4]\b|\d{1,2}\/\d{2,4}/i;

/** What a column's cells hold. `explicit`: the source marks merged cells, so
 * an empty cell is empty; otherwise an empty cell may continue the one above. */
export function profileColumn(cells: ColumnCell[], explicit: boolean): ColumnProfile {
  const counts = new Map<CellKind, number>();
  let filled = 0;
  let timeless = 0;
  let repeats = 0;
  let valued = 0;
  let sentenceUnique = 0;
  let refUnique = 0;
  let ragLead = 0;
  let ragless = 0;
  let prev: string | null = null;
  const kinds: CellKind[] = [];
  for (const cell of cells) {
    const text = cell.mergedAbove ? '' : singleSpaced(cell.text);
    const covered = cell.mergedAbove || (!explicit && !text && prev !== null);
    if (text) {
      const kind = cellKind(text);
      kinds.push(kind);
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      filled++;
      if (!TIME.test(text)) timeless++;
      if (parseStatus(text) !== null) ragLead++;
      else if (kind === 'sentence' || kind === 'phrase') ragless++;
      valued++;
      if (text === prev) repeats++;
      prev = text;
    } else if (covered) {
      valued++;
      repeats++;
    } else {
      prev = null;
    }
  }
  const evidence: Partial<Record<Evidence, number>> = {};
  if (filled) {
    for (const [kind, n] of counts) evidence[kind] = n / filled;
    evidence.timeless = timeless / filled;
    evidence.ragLead = ragLead / filled;
    evidence.ragless = ragless / filled;
  }
  const repeat = valued ? repeats / valued : 0;
  evidence.repeat = repeat;
  evidence.unique = 1 - repeat;
  // sentences and refs that are each row's own (not one value run down the rows)
  for (const k of kinds) {
    if (k === 'sentence') sentenceUnique++;
    if (k === 'ref') refUnique++;
  }
  evidence.sentenceUnique = filled ? (sentenceUnique / filled) * (1 - repeat) : 0;
  evidence.refUnique = filled ? (refUnique / filled) * (1 - repeat) : 0;
  evidence.refRepeat = filled ? (refUnique / filled) * repeat : 0;
  return { rows: cells.length, filled, evidence };
}

/** What the cells add to each field's score. */
export function contentScores(profile: ColumnProfile): Record<ColumnField, number> {
  const out = {} as Record<ColumnField, number>;
  for (const field of COLUMN_FIELDS) {
    let s = 0;
    if (profile.filled >= MIN_CONTENT_ROWS) {
      for (const [weight, kinds] of CONTENT_WEIGHTS[field]) {
        s += weight * kinds.reduce((sum, k) => sum + (profile.evidence[k] ?? 0), 0);
      }
    }
    out[field] = s;
  }
  return out;
}

/** A short account of the cells, for the analyst: "sentence 90%, repeat 10%". */
function describeCells(p: ColumnProfile): string {
  if (!p.filled) return 'no cells';
  const kinds = (Object.entries(p.evidence) as Array<[string, number]>)
    .filter(([k, v]) => !['timeless', 'unique', 'repeat', 'sentenceUnique', 'refUnique', 'refRepeat', 'ragLead', 'ragless'].includes(k) && v >= 0.1)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${Math.round(v * 100)}%`);
  const repeat = p.evidence.repeat ?? 0;
  if (repeat >= 0.1) kinds.push(`repeated ${Math.round(repeat * 100)}%`);
  return `${p.filled} cells: ${kinds.join(', ')}`;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x / CONFIDENCE_SCALE));
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Columns whose labels name one field and differ by a date (progress at two
 * dates): the latest is the current one. */
function latestLabelFirst(labels: string[], labelOf: Array<Partial<Record<ColumnField, number>>>, scores: number[][]): void {
  COLUMN_FIELDS.forEach((f, j) => {
    const dated = labels
      .map((l, c) => ({ c, date: labelOf[c][f] !== undefined ? parseDueDate(l) : null }))
      .filter((x): x is { c: number; date: string } => x.date !== null);
    if (dated.length < 2) return;
    const latest = dated.reduce((a, b) => (b.date > a.date ? b : a));
    if (scores[latest.c][j] > 0) scores[latest.c][j] += LATEST_LABEL_BONUS;
  });
}

/** Map a table's columns: `choices` are each column's label matches
 * (`headerChoices`), `labels` its label text, `cells` its data cells (empty
 * when unknown: labels alone then decide). */
export function mapColumns(labels: string[], choices: (readonly HeaderMatch[])[], cells: ColumnCell[][], explicit: boolean): ColumnMapping[] {
  const n = choices.length;
  const scores: number[][] = [];
  const profiles: ColumnProfile[] = [];
  const labelOf: Array<Partial<Record<ColumnField, number>>> = [];
  for (let c = 0; c < n; c++) {
    const profile = profileColumn(cells[c] ?? [], explicit);
    profiles.push(profile);
    const content = contentScores(profile);
    const label: Partial<Record<ColumnField, number>> = {};
    for (const m of choices[c]) label[m.field] = m.score;
    labelOf.push(label);
    // (a label no field knows, such as one damaged by extraction ("Rcf"),
    // says no more than none)
    const unlabelled = !(labels[c] ?? '').trim() || choices[c].length === 0;
    scores.push(
      COLUMN_FIELDS.map((f) => {
        let s = 0;
        // a label's words name the candidates; cells weigh between them
        if (label[f] !== undefined) s = label[f]! + content[f];
        // a column without a label: its cells alone, when they are clear
        else if (unlabelled && content[f] >= CONTENT_ONLY_MIN) s = content[f] - CONTENT_ONLY_DISCOUNT;
        return s > 0 ? s + (n - c) * TIE_BREAK : 0;
      }),
    );
  }
  latestLabelFirst(labels, labelOf, scores);
  const chosen = bestAssignment(scores);
  return chosen.map((j, c) => {
    const field = j >= 0 ? COLUMN_FIELDS[j] : null;
    const own = j >= 0 ? scores[c][j] : 0;
    // the column's next best choice: another field, or no field at all
    const others = scores[c].filter((_, k) => k !== j).concat(j >= 0 ? [0] : []);
    const next = Math.max(0, ...others);
    const content = j >= 0 ? contentScores(profiles[c])[COLUMN_FIELDS[j]] : 0;
    return {
      col: c,
      header: labels[c] ?? '',
      field,
      confidence: round2(logistic(own - next)),
      label_score: round2(field ? labelOf[c][field] ?? 0 : 0),
      content_score: round2(content),
      cells: describeCells(profiles[c]),
    };
  });
}
