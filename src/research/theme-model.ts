// The learning part of the theme classifier: sparse weighted features of an
// action, and two small learners over them (multinomial naive Bayes and a
// multinomial logistic regression), both written out here because they are a
// few dozen lines each and train on a thousand actions in milliseconds.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

/** The text fields a theme is read from. */
export interface ThemeInput {
  section?: string | null;
  action?: string | null;
  output?: string | null;
  outcome?: string | null;
}

export type Features = Map<string, number>;

// natural is CommonJS and its index pulls in storage back-ends that print to
// stdout when loaded, so only the stemmer is required, and only when needed.
type Stemmer = { tokenizeAndStem(text: string, keepStops?: boolean): string[] };
let stemmer: Stemmer | undefined;
// section headings and long cells repeat across rows: stem each text once
const stemmed = new Map<string, string[]>();
function stemsOf(text: string): string[] {
  let s = stemmed.get(text);
  if (!s) {
    stemmer ??= createRequire(import.meta.url)('natural/lib/natural/stemmers/porter_stemmer.js') as Stemmer;
    // hyphens and slashes join words in table cells ("grant-aid", "funding/grants")
    s = stemmer.tokenizeAndStem(text.replace(/[-/]/g, ' ')).filter((x) => /[a-z]/.test(x) && x.length > 1);
    if (stemmed.size > 20000) stemmed.clear();
    stemmed.set(text, s);
  }
  return s;
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

function addText(out: Features, text: string | null | undefined, weight: number, o: FeatureOptions): void {
  if (!text || weight <= 0) return;
  const all = stemsOf(text);
  const stems = o.dropCommon ? all.filter((s) => !COMMON.has(s)) : all;
  const seen = new Set<string>();
  const add = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    out.set(f, Math.max(out.get(f) ?? 0, weight));
  };
  for (const s of stems) add(s);
  if (o.bigrams) for (let i = 1; i < all.length; i++) add(`${all[i - 1]}_${all[i]}`);
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
}

export interface Example {
  f: Features;
  label: string;
}

/** Multinomial naive Bayes with additive smoothing over the vocabulary. */
export function trainBayes(examples: Example[], alpha: number): Scorer {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const counts = labels.map(() => new Map<string, number>());
  const totals = labels.map(() => 0);
  const docs = labels.map(() => 0);
  const vocab = new Set<string>();
  for (const e of examples) {
    const k = labels.indexOf(e.label);
    docs[k]++;
    for (const [f, w] of e.f) {
      vocab.add(f);
      counts[k].set(f, (counts[k].get(f) ?? 0) + w);
      totals[k] += w;
    }
  }
  const prior = docs.map((d) => Math.log(d / examples.length));
  const denom = totals.map((t) => Math.log(t + alpha * vocab.size));
  return {
    labels,
    scores(f) {
      return labels.map((_, k) => {
        let s = prior[k];
        for (const [x, w] of f) if (vocab.has(x)) s += w * (Math.log((counts[k].get(x) ?? 0) + alpha) - denom[k]);
        return s;
      });
    },
  };
}

/** A deterministic pseudo-random sequence, so training is repeatable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LogisticOptions {
  epochs: number;
  /** L2 penalty per example step */
  l2: number;
  rate: number;
}

/** Multinomial logistic regression trained by AdaGrad over sparse features;
 * the scores are log-probabilities up to a constant. */
export function trainLogistic(examples: Example[], o: LogisticOptions): Scorer {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const L = labels.length;
  const index = new Map<string, number>();
  for (const e of examples) for (const f of e.f.keys()) if (!index.has(f)) index.set(f, index.size);
  const bias = index.size;
  const W = new Float64Array((bias + 1) * L); // last row: bias
  const G = new Float64Array(W.length).fill(1e-8);
  // each example as parallel arrays of feature rows and values, bias included
  const data = examples.map((e) => {
    const rows = Int32Array.from([...[...e.f.keys()].map((f) => index.get(f)!), bias]);
    const vals = Float64Array.from([...e.f.values(), 1]);
    return { rows, vals, y: labels.indexOf(e.label) };
  });
  const order = data.map((_, i) => i);
  const rand = rng(7);
  const p = new Float64Array(L);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const n of order) {
      const { rows, vals, y } = data[n];
      let max = -Infinity;
      for (let k = 0; k < L; k++) {
        let s = 0;
        for (let j = 0; j < rows.length; j++) s += W[rows[j] * L + k] * vals[j];
        p[k] = s;
        if (s > max) max = s;
      }
      let z = 0;
      for (let k = 0; k < L; k++) z += p[k] = Math.exp(p[k] - max);
      for (let k = 0; k < L; k++) {
        const g0 = p[k] / z - (k === y ? 1 : 0);
        for (let j = 0; j < rows.length; j++) {
          const at = rows[j] * L + k;
          const g = g0 * vals[j] + (rows[j] === bias ? 0 : o.l2 * W[at]);
          G[at] += g * g;
          W[at] -= (o.rate * g) / Math.sqrt(G[at]);
        }
      }
    }
  }
  return {
    labels,
    scores(f) {
      const s = labels.map((_, k) => W[bias * L + k]);
      for (const [x, w] of f) {
        const i = index.get(x);
        if (i !== undefined) for (let k = 0; k < L; k++) s[k] += W[i * L + k] * w;
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

/** Fold of an example for cross-validation: a hash of its id, salted so the
 * folds are independent of the held-out split. */
export function foldOf(id: string, folds: number): number {
  return createHash('sha256').update(`fold:${id}`).digest()[0] % folds;
}

/** Phrases (as stem sequences) that name a theme; an action containing one
 * gets the feature `kw:<theme>`, so the learner can weigh the documented
 * vocabulary of each theme against the evidence of the labelled actions. */
export function keywordMatcher(lists: Record<string, readonly string[]>): (r: ThemeInput) => string[] {
  const phrases = Object.entries(lists).flatMap(([theme, ks]) =>
    ks.map((k) => ({ theme, stems: stemsOf(k) })).filter((p) => p.stems.length > 0));
  const byFirst = new Map<string, typeof phrases>();
  for (const p of phrases) byFirst.set(p.stems[0], [...(byFirst.get(p.stems[0]) ?? []), p]);
  return (r) => {
    const hits = new Set<string>();
    for (const text of [r.action, r.output, r.outcome]) {
      if (!text) continue;
      const s = stemsOf(text);
      for (let i = 0; i < s.length; i++) {
        for (const p of byFirst.get(s[i]) ?? []) {
          if (i + p.stems.length <= s.length && p.stems.every((x, j) => s[i + j] === x)) hits.add(`kw:${p.theme}`);
        }
      }
    }
    return [...hits];
  };
}
