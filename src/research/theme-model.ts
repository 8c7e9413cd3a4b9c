// The theme classifier's features (sparse weighted stems of an action) and the
// scorer of a trained linear model. Training is a development step
// (dev/themes/train.ts); the product loads the trained weights.
import { stemText } from './stemmer.ts';
import { z } from 'zod';
import { documentMemo } from '../memo.ts';

/** The text fields a theme is read from. */
export interface ThemeInput {
  section?: string | null;
  action?: string | null;
  output?: string | null;
  outcome?: string | null;
}

export type Features = Map<string, number>;

// Each word's stem is remembered by stemText. A whole text's stems (read-only
// arrays) are kept within a document: an action's text is stemmed for its
// features and again for its keywords, and a section heading for every action under it.
const documentStems = documentMemo<readonly string[]>();
const TEXTS_KEPT = 256;

function stemsOf(text: string): readonly string[] {
  let out = documentStems.get(text);
  if (!out) {
    if (documentStems.size >= TEXTS_KEPT) documentStems.clear();
    // hyphens and slashes join words in table cells ("grant-aid", "funding/grants")
    documentStems.set(text, (out = stemText(text.replace(/[-/]/g, ' ')).filter((x) => x.length > 1 && hasLower(x))));
  }
  return out;
}

/** /[a-z]/.test(w), one pass */
function hasLower(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

// Words every third-sector plan uses whatever the action is about; as features
// they only add noise (checked by cross-validation).
const COMMON = new Set(stemsOf(
  'council councils sector sectors third voluntary community communities organisations organisation vcs vcse local ' +
  'ensure develop development work working support supporting provide continue continued improve improved increase ' +
  'plan year years annual annually new key all partners partner public statutory groups group',
));

export interface FeatureOptions {
  /** weight of the section heading's words relative to the action's */
  section: number;
  /** weight of the output and outcome cells' words (above 1: when a long
   * objective is repeated down the table, the output cell says what the row is about) */
  detail: number;
  /** drop the words every plan uses */
  dropCommon: boolean;
  /** adjacent stem pairs as features of their own */
  bigrams: boolean;
}

/** A text's features in the order they are met (a repeated one each time):
 * its stems (the common ones dropped when asked), then its adjacent pairs of stems. */
function eachFeature(text: string, o: FeatureOptions, visit: (feature: string) => void): void {
  const all = stemsOf(text);
  for (let i = 0; i < all.length; i++) if (!(o.dropCommon && COMMON.has(all[i]))) visit(all[i]);
  if (o.bigrams) for (let i = 1; i < all.length; i++) visit(`${all[i - 1]}_${all[i]}`);
}

/** A text's features, each once, in the order they are met. */
export function textFeatures(text: string, o: FeatureOptions): string[] {
  const seen = new Set<string>();
  const list: string[] = [];
  eachFeature(text, o, (f) => {
    if (seen.has(f)) return;
    seen.add(f);
    list.push(f);
  });
  return list;
}

/** textFeatures by number: each feature's number (numberOf; one it has none
 * for, -1, is left out), in the same order, each once. A feature's name has
 * one number and a number one name, so a number met again is a name met
 * again: no set of names, no list of them. */
export function textFeatureNumbers(text: string, o: FeatureOptions, numberOf: (feature: string) => number): number[] {
  const list: number[] = [];
  eachFeature(text, o, (f) => {
    const x = numberOf(f);
    if (x >= 0 && !list.includes(x)) list.push(x);
  });
  return list;
}

function addText(out: Features, text: string | null | undefined, weight: number, o: FeatureOptions): void {
  if (!text || weight <= 0) return;
  for (const f of textFeatures(text, o)) out.set(f, Math.max(out.get(f) ?? 0, weight));
}

/** Each feature present once, weighted by the strongest field it appears in. */
export function featuresOf(r: ThemeInput, o: FeatureOptions): Features {
  const out: Features = new Map();
  addText(out, r.action, 1, o);
  addText(out, r.output, o.detail, o);
  addText(out, r.outcome, o.detail, o);
  addText(out, r.section, o.section, o);
  return out;
}

export interface Scorer {
  /** log-scale scores per label, same order as labels */
  scores(f: Features): number[];
  labels: string[];
  /** (a prepared table) how many features it has; a feature's number, -1 when
   * it has none; and `scores` of features given by number and weight (the first
   * `n` of each array), summed in that order */
  size?: number;
  numberOf?(feature: string): number;
  scoresOf?(numbers: Int32Array, weights: Float64Array, n: number): number[];
}

/** A trained linear model as stored: per label a bias and, per feature, one weight per label. */
export const SavedWeightsSchema = z.object({
  labels: z.array(z.string()).min(1),
  bias: z.array(z.number()),
  weights: z.record(z.string(), z.array(z.number())),
});
export type SavedWeights = z.infer<typeof SavedWeightsSchema>;

export function scorerFrom(saved: SavedWeights): Scorer {
  const { labels, bias, weights } = saved;
  return {
    labels,
    scores(f) {
      const s = [...bias];
      for (const [x, w] of f) {
        const row = Object.hasOwn(weights, x) ? weights[x] : undefined; // not "constructor" of Object
        if (row) for (let k = 0; k < labels.length; k++) s[k] += row[k] * w;
      }
      return s;
    },
  };
}

/** Softmax of log-scale scores. */
export function probabilities(scores: number[]): number[] {
  const max = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - max));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

/** Phrases (as stem sequences) that name a theme; an action containing one
 * gets the feature `kw:<theme>`, so the learner can weigh the documented
 * vocabulary of each theme against the evidence of the labelled actions. */
export function keywordMatcher(lists: Record<string, readonly string[]>): (r: ThemeInput) => string[] {
  return phraseMatcher(keywordPhrases(lists));
}

export interface KeywordPhrase {
  theme: string;
  stems: string[];
}

/** The keyword lists as stem sequences (the build stores them with the model:
 * stemming them all costs a start-up 15 ms). */
export function keywordPhrases(lists: Record<string, readonly string[]>): KeywordPhrase[] {
  return Object.entries(lists).flatMap(([theme, ks]) =>
    ks.map((k) => ({ theme, stems: [...stemsOf(k)] })).filter((p) => p.stems.length > 0));
}

export function phraseMatcher(phrases: KeywordPhrase[]): (r: ThemeInput) => string[] {
  // by first stem, each with its feature's name
  const byFirst = new Map<string, { stems: string[]; feature: string }[]>();
  for (const p of phrases) {
    const list = byFirst.get(p.stems[0]) ?? [];
    list.push({ stems: p.stems, feature: `kw:${p.theme}` });
    byFirst.set(p.stems[0], list);
  }
  // (plain loops, no arrays or closures a record: the first documents run this before it is optimised)
  const find = (text: string | null | undefined, hits: Set<string>): void => {
    if (!text) return;
    const s = stemsOf(text);
    for (let i = 0; i < s.length; i++) {
      const list = byFirst.get(s[i]);
      if (!list) continue;
      for (let q = 0; q < list.length; q++) {
        const stems = list[q].stems;
        if (i + stems.length > s.length) continue;
        let j = 1; // stems[0] is s[i]: the map's key
        while (j < stems.length && s[i + j] === stems[j]) j++;
        if (j === stems.length) hits.add(list[q].feature);
      }
    }
  };
  return (r) => {
    const hits = new Set<string>();
    find(r.action, hits);
    find(r.output, hits);
    find(r.outcome, hits);
    return [...hits];
  };
}
