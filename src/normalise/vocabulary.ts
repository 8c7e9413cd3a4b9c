// The one header vocabulary: the words plans use to label their columns, each
// tied to the field it names, for every reader (tables, tab-separated and
// flattened text exports). Labels vary a lot between councils ("Lead Officer
// (Service Head)", "RESPONSIBLE OFFICER/ORGANISATION", "By When"), and exports
// damage them ("Pro- gress", "Prog ress", a dropped letter), so matching is by
// weighted keywords with a one-edit allowance, not by exact labels.
import type { ColumnField } from '../model.ts';
import { mapped } from '../arrays.ts';
import { documentMemo } from '../memo.ts';

interface Cue {
  field: ColumnField;
  /** one or more words, matched as a token sequence */
  words: string[];
  weight: number;
}

// Weights settle conflicts inside one label: "Progress Update R/A/G" is a
// status column, "Completion milestone" a due date, "Outputs and Outcomes" an
// outcome column, "Task and progress" an action column, "Objective No." a
// section (objective) column while "Action No" is a reference.
const CUE_LIST: Array<[ColumnField, number, string[]]> = [
  ['status', 6, ['rag', 'r/a/g', 'red/amber/green', 'rag status', 'status']],
  ['section', 4.5, ['objective', 'objectives', 'theme', 'themes', 'strand', 'code', 'workstream', 'work stream', 'priority', 'priorities', 'strategic aim', 'aim', 'aims', 'goal', 'goals', 'key area', 'category', 'heading', 'issue', 'issues']],
  ['ref', 4, ['action no', 'action number', 'ref', 'ref no', 'reference', 'no', 'number', '#', 'item', 'id']],
  ['action', 3.5, ['action', 'actions', 'activity', 'activities', 'task', 'tasks', 'initiative', 'initiatives', 'intervention', 'interventions', 'what', 'key action', 'key actions', 'how', 'project', 'proposal', 'proposals', 'commitment', 'commitments', 'recommendation', 'recommendations']],
  ['outcome', 3.5, ['outcome', 'outcomes', 'impact', 'impacts', 'result', 'results', 'benefit', 'benefits', 'success measure', 'success measures', 'measure of success', 'measures of success', 'success criteria', 'performance measure', 'performance measures', 'indicator', 'indicators']],
  ['output', 3, ['output', 'outputs', 'deliverable', 'deliverables', 'product', 'products']],
  // an indicator counts outputs where an outcome column is beside it
  ['output', 2.5, ['indicator', 'indicators', 'performance indicator', 'performance indicators']],
  ['milestone', 3, ['milestone', 'milestones', 'key stages', 'stages', 'steps', 'key steps']],
  ['due', 4, ['by when', 'when', 'deadline', 'deadlines', 'due', 'due date', 'timescale', 'timescales', 'time scale', 'timeframe', 'timeframes', 'time frame', 'timing', 'target date', 'completion date', 'completion', 'date', 'dates', 'end date']],
  ['lead', 3.5, ['lead', 'leads', 'responsible', 'responsibility', 'officer', 'officers', 'owner', 'owners', 'who', 'whom', 'by whom', 'action by', 'accountable', 'led by', 'delivered by', 'lead partner', 'lead officer', 'lead agency', 'partner', 'partners', 'agency', 'contact']],
  ['resources', 3, ['resource', 'resources', 'cost', 'costs', 'budget', 'budgets', 'finance', 'financial', 'resource implications', '£']],
  ['funding', 4, ['funding', 'funding source', 'source of funding', 'funded', 'funder', 'funders', 'fund']],
  // a "Source" column beside a cost or budget column: where the money comes from
  ['funding', 3, ['source', 'sources']],
  // "to date" means "so far": "Progress to date", "Update to date"
  ['progress', 4.5, ['to date', 'so far']],
  ['progress', 3, ['progress', 'achieved', 'comment', 'comments', 'update', 'updates', 'commentary', 'notes', 'current position', 'position', 'remarks']],
];

/** Words that label columns of plan and monitoring tables without naming a
 * record field ("Baseline", "Target 2010/11", "Area / target group"): a header
 * is recognised by them too, but they map to nothing. */
const OTHER_HEADER_WORDS = ['baseline', 'target', 'targets', 'area', 'measure', 'measures', 'partnership', 'organisation', 'organisations'];

const CUES: Cue[] = CUE_LIST.flatMap(([field, weight, phrases]) =>
  phrases.map((p) => ({ field, weight: weight + (p.includes(' ') ? 0.25 : 0), words: p.split(' ') })),
);
const SINGLE_WORDS = new Map<string, Cue[]>();
for (const cue of CUES) {
  if (cue.words.length !== 1) continue;
  const list = SINGLE_WORDS.get(cue.words[0]) ?? [];
  list.push(cue);
  SINGLE_WORDS.set(cue.words[0], list);
}
/** CUES' indices by their first word. */
const CUES_BY_FIRST_WORD = new Map<string, number[]>();
CUES.forEach((cue, i) => {
  const list = CUES_BY_FIRST_WORD.get(cue.words[0]);
  if (list) list.push(i);
  else CUES_BY_FIRST_WORD.set(cue.words[0], [i]);
});
const OTHER_WORDS = new Set(OTHER_HEADER_WORDS);
// first words of cue phrases ("By when", "Target date", "Success measures")
const PHRASE_STARTS = new Set(CUES.filter((c) => c.words.length > 1 && (c.words[0].length >= 3 || c.words[0] === 'by')).map((c) => c.words[0]));

/** Tokens of a label: lower case, split hyphenation and split words joined
 * back where the join is a cue word ("pro- gress", "Prog ress"). */
export function labelTokens(label: string): string[] {
  return joinSplitWords(rawTokens(label));
}

function rawTokens(label: string): string[] {
  let s = label.toLowerCase().replace(/\(([^)]*)\)/g, (m, inner: string) => (/\b(r\/a\/g|rag)\b/.test(inner) ? ` ${inner} ` : ' '));
  s = s.replace(/(\p{L})-\s+(\p{L})/gu, '$1$2');
  return s.match(/r\/a\/g|red\/amber\/green|£|#|[\p{L}\p{N}]+/gu) ?? [];
}

function joinSplitWords(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const joined = i + 1 < raw.length ? raw[i] + raw[i + 1] : '';
    if (joined && !SINGLE_WORDS.has(raw[i]) && (SINGLE_WORDS.has(joined) || closeCue(joined))) {
      out.push(joined);
      i++;
    } else {
      out.push(raw[i]);
    }
  }
  return out;
}

/** Cue words of five letters or more one letter from each length, in
 * SINGLE_WORDS' order: the only words closeCue can find for a token that long. */
const CUES_NEAR_LENGTH: string[][] = [];
for (const word of SINGLE_WORDS.keys()) {
  if (word.length < 5) continue;
  for (let len = word.length - 1; len <= word.length + 1; len++) (CUES_NEAR_LENGTH[len] ??= []).push(word);
}

function closeCue(token: string): string | null {
  if (token.length < 5) return null;
  for (const word of CUES_NEAR_LENGTH[token.length] ?? []) {
    if (editDistanceAtMostOne(word, token)) return word;
  }
  return null;
}

/** Damerau-Levenshtein distance <= 1 (one insertion, deletion, substitution or swap). */
export function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

export interface HeaderMatch {
  field: ColumnField;
  score: number;
}

// A label is read again for every question asked of its row (is it a header,
// which fields, which choices): once a document.
const headerScores = documentMemo<HeaderMatch[]>();
const LABELS_KEPT = 4096;

/** Every field a label could mean, best first (read-only: one array is
 * shared by every caller asking of the same label in a document). */
export function scoreHeader(label: string): readonly HeaderMatch[] {
  let out = headerScores.get(label);
  if (out === undefined) {
    if (headerScores.size >= LABELS_KEPT) headerScores.clear();
    headerScores.set(label, (out = readHeader(label)));
  }
  return out;
}

function readHeader(label: string): HeaderMatch[] {
  const raw = rawTokens(label);
  // a token joins at most one other: more than 24 make more than 12
  if (raw.length > 24) return [];
  const joined = joinSplitWords(raw);
  if (joined.length === 0 || joined.length > 12) return [];
  const tokens = mapped(joined, (t) => (SINGLE_WORDS.has(t) ? t : closeCue(t) ?? t));
  // the cues found anywhere in the tokens, taken in CUES' order (which
  // field comes first among equal scores)
  const found: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const c of CUES_BY_FIRST_WORD.get(tokens[i]) ?? []) {
      const words = CUES[c].words;
      if (i + words.length > tokens.length || found.includes(c)) continue;
      let ok = true;
      for (let k = 1; k < words.length && ok; k++) ok = tokens[i + k] === words[k];
      if (ok) found.push(c);
    }
  }
  found.sort((a, b) => a - b);
  const best = new Map<ColumnField, number>();
  for (const c of found) {
    const cue = CUES[c];
    // a short label is a surer header than a long phrase that mentions a cue
    const score = cue.weight - Math.max(0, tokens.length - 4) * 0.2;
    if (score > (best.get(cue.field) ?? 0)) best.set(cue.field, score);
  }
  const out: HeaderMatch[] = [];
  for (const [field, score] of best) out.push({ field, score });
  return out.sort((a, b) => b.score - a.score);
}

/** The field a label names most strongly, or null. */
export function mapHeader(label: string): ColumnField | null {
  return scoreHeader(label)[0]?.field ?? null;
}

/** The field one word of a header names ("progrss" -> progress), or null. For
 * readers that must split a run of header words into labels. */
export function headerWordField(word: string): ColumnField | null {
  const w = word.toLowerCase().replace(/[^\p{L}\p{N}£#/]/gu, '');
  const hit = SINGLE_WORDS.get(w) ?? SINGLE_WORDS.get(closeCue(w) ?? '');
  if (!hit) return null;
  return [...hit].sort((a, b) => b.weight - a.weight)[0].field;
}

/** Is this one of the words column labels are made of (a field's cue, the
 * first word of a cue phrase such as "By" of "By when", or a label word that
 * maps to no field, such as "Baseline")? One edit allowed. */
export function isHeaderWord(word: string): boolean {
  const w = word.toLowerCase().replace(/[^\p{L}\p{N}£#/]/gu, '');
  if (!w) return false;
  if (OTHER_WORDS.has(w) || PHRASE_STARTS.has(w) || headerWordField(w) !== null) return true;
  return w.length >= 5 && [...OTHER_WORDS].some((o) => o.length >= 5 && editDistanceAtMostOne(o, w));
}

/** Does a label contain a header word ("Lead Officer", "PROGRSS / COMMENTS",
 * "Baseline (2008)")? */
export function isHeaderLabel(label: string): boolean {
  if (scoreHeader(label).length > 0) return true;
  return labelTokens(label).some((t) => isHeaderWord(t));
}

export interface LabelReading {
  label: string;
  /** the field the label names most strongly, or null */
  field: ColumnField | null;
  /** the label is made of header words (even when it names no field) */
  headerWords: boolean;
}

/** Read a list of header labels at once: each label's field and whether it is
 * made of header words. Fields are per label; for one field per column over a
 * whole header use `mapHeaderRow`. */
export function readLabels(labels: string[]): LabelReading[] {
  return labels.map((label) => ({ label, field: mapHeader(label), headerWords: isHeaderLabel(label) }));
}
