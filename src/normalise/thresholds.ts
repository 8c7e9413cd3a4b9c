// Every weight and threshold of column mapping, in one place.
import type { ColumnField } from '../model.ts';
import type { CellKind } from './cell-kinds.ts';

/** What a column's cells add to (or take from) each field's label score. Each
 * entry is [weight, kinds]: the weight times the share of the column's filled
 * cells of those kinds. `repeat` is the share of rows that repeat the value of
 * the row above (merged or filled down); `unique` is 1 - repeat; `timeless` the
 * share of filled cells that mention no date or period; `ragLead` the share
 * that start with a RAG word ("G - on target"), `ragless` the share of text
 * cells that do not. `refRepeat`: refs run down the rows (a group code over
 * the rows' own numbers). */
export type Evidence = CellKind | 'repeat' | 'unique' | 'timeless' | 'sentenceUnique' | 'refUnique' | 'refRepeat' | 'ragLead' | 'ragless';

export const CONTENT_WEIGHTS: Record<ColumnField, Array<[number, Evidence[]]>> = {
  status: [[3, ['ragLead']], [-3, ['ragless']]],
  due: [[2.5, ['date']], [-2, ['timeless']]],
  resources: [[2, ['money']], [-1.5, ['rag', 'date']]],
  funding: [[-1.5, ['rag', 'date', 'ref']]],
  ref: [[2, ['refUnique']], [-3, ['sentence']]],
  section: [[1.5, ['repeat']], [2, ['refRepeat']], [-3, ['sentenceUnique']]],
  action: [[2.5, ['sentenceUnique']], [-2, ['rag', 'date', 'money', 'ref', 'percent']]],
  outcome: [[0.5, ['sentence']], [-2, ['rag', 'ref']]],
  output: [[0.5, ['sentence']], [-2, ['rag', 'ref']]],
  progress: [[0.5, ['sentence']], [-2, ['ref']]],
  milestone: [[0.5, ['sentence', 'date']], [-2, ['rag', 'ref']]],
  lead: [[2, ['body']], [-2, ['rag', 'date', 'money', 'ref', 'percent']], [-1, ['sentence']]],
};

/** A column without a label is mapped by its cells alone when they make this
 * strong a case, at this discount against labelled columns. */
export const CONTENT_ONLY_MIN = 2;
export const CONTENT_ONLY_DISCOUNT = 1;

/** Fewer data rows than this and the cells say too little: labels alone. */
export const MIN_CONTENT_ROWS = 2;

/** Confidence is logistic in the margin over the column's next best choice
 * (another field, or none); this is the margin that gives about 0.73. */
export const CONFIDENCE_SCALE = 1.5;

/** Ties go to the earlier column: its score is raised by this much per column to its right. */
export const TIE_BREAK = 1e-6;

/** Of columns whose labels name the same field and carry a date ("Progress at
 * Oct 2012", "Progress at Nov 2013"), the latest gets this much more. */
export const LATEST_LABEL_BONUS = 0.1;
