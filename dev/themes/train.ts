// Training and evaluating the theme classifier (development only): the
// labelled actions, the held-out split, cross-validation, and the model file
// the product loads (src/research/theme-model.json, written by
// scripts/train-themes.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { THEMES, themeClassifier, themeFeatures, type SavedThemeModel, type ThemeId, type ThemeModel } from '../../src/research/themes.ts';
import { scorerFrom, type FeatureOptions, type Features, type SavedWeights } from '../../src/research/theme-model.ts';

const THEME_IDS = THEMES.map((t) => t.id) as [ThemeId, ...ThemeId[]];

export const LABELLED_PATH = fileURLToPath(new URL('../../fixtures/themes/labelled.jsonl', import.meta.url));

const Labelled = z.object({
  id: z.string().min(1),
  origin: z.enum(['corpus', 'written']),
  theme: z.enum(THEME_IDS),
  section: z.string().nullish(),
  action: z.string().nullish(),
  output: z.string().nullish(),
  outcome: z.string().nullish(),
});
export type LabelledAction = z.infer<typeof Labelled>;



export function loadLabelled(path = LABELLED_PATH): LabelledAction[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = Labelled.safeParse(JSON.parse(l));
      if (!r.success) throw new Error(`${path}:${i + 1}: ${r.error.issues[0]?.message}`);
      return r.data;
    });
}

/** About one labelled action in five is held out of training for evaluation,
 * chosen by a hash of its id so the split never changes between runs. */
export function isHeldOut(id: string): boolean {
  return createHash('sha256').update(id).digest()[0] % 5 === 0;
}

export interface LogisticOptions {
  epochs: number;
  /** L2 penalty per example step */
  l2: number;
  rate: number;
}

// Settings chosen by five-fold cross-validation on the training split only
// (never on the held-out actions); see crossValidateThemes().
export const THEME_SETTINGS: ThemeSettings = {
  features: { section: 0.25, detail: 1.5, dropCommon: true, bigrams: true },
  keyword: 1,
  logistic: { epochs: 20, l2: 1e-4, rate: 0.2 },
};
export interface ThemeSettings {
  features: FeatureOptions;
  /** value of the kw:<theme> feature when an action contains one of the theme's keywords */
  keyword: number;
  logistic: LogisticOptions;
}
const methodOf = (s: ThemeSettings) =>
  `logistic/s${s.features.section}-d${s.features.detail}-c${+s.features.dropCommon}-b${+s.features.bigrams}-k${s.keyword}-e${s.logistic.epochs}-l${s.logistic.l2}-r${s.logistic.rate}`;


/** A multinomial logistic regression over the action's stems and stem pairs
 * (its section, output and outcome cells counting for less) and one feature
 * per theme whose documented keywords it contains. It replaced natural's naive
 * Bayes, which scored 0.04 lower under cross-validation. */
export function trainWeights(examples: LabelledAction[], settings = THEME_SETTINGS): SavedWeights {
  return trainLogistic(examples.map((e) => ({ f: themeFeatures(e, settings), label: e.theme })), settings.logistic);
}

export function trainThemeModel(examples: LabelledAction[], settings = THEME_SETTINGS, version = methodOf(settings)): ThemeModel {
  return themeClassifier(scorerFrom(trainWeights(examples, settings)), settings, version);
}

/** The version a model trained now would carry: the method and the labelled file's hash. */
export function currentVersion(settings = THEME_SETTINGS, path = LABELLED_PATH): string {
  return `${methodOf(settings)}:${createHash('sha256').update(readFileSync(path, 'utf8')).digest('hex').slice(0, 16)}`;
}

/** The model the product loads, trained on every labelled action (held-out
 * ones too: evaluation uses its own model trained without them). */
export function buildSavedModel(settings = THEME_SETTINGS): SavedThemeModel {
  const w = trainWeights(loadLabelled(), settings);
  return { version: currentVersion(settings), features: settings.features, keyword: settings.keyword, ...w };
}

/** Accuracy of k-fold cross-validation over the training split (the held-out
 * actions never take part): the measure used to choose settings. */
export function crossValidateThemes(settings = THEME_SETTINGS, examples = loadLabelled(), folds = 5): number {
  const train = examples.filter((e) => !isHeldOut(e.id));
  let correct = 0;
  for (let k = 0; k < folds; k++) {
    const model = trainThemeModel(train.filter((e) => foldOf(e.id, folds) !== k), settings);
    for (const e of train) if (foldOf(e.id, folds) === k && model.classify(e).theme === e.theme) correct++;
  }
  return train.length ? correct / train.length : 0;
}

export interface ThemeEvaluation {
  /** share of held-out labelled actions whose predicted theme is the label */
  accuracy: number;
  /** held-out actions scored */
  n: number;
  trained: number;
  perTheme: Record<string, { n: number; correct: number; recall: number; precision: number }>;
  /** the same accuracy on held-out actions from the corpus plans alone and from the written set */
  byOrigin: Record<string, { n: number; accuracy: number }>;
  /** wrongly themed held-out actions */
  errors: { id: string; expected: string; got: string }[];
}

export function evaluateThemes(examples = loadLabelled()): ThemeEvaluation {
  const train = examples.filter((e) => !isHeldOut(e.id));
  const test = examples.filter((e) => isHeldOut(e.id));
  const model = trainThemeModel(train);
  const perTheme: ThemeEvaluation['perTheme'] = {};
  for (const t of THEMES) perTheme[t.id] = { n: 0, correct: 0, recall: 0, precision: 0 };
  const predicted: Record<string, number> = {};
  const origins: Record<string, { n: number; correct: number }> = {};
  const errors: ThemeEvaluation['errors'] = [];
  let correct = 0;
  for (const e of test) {
    const got = model.classify(e).theme;
    const ok = got === e.theme;
    perTheme[e.theme].n++;
    predicted[got] = (predicted[got] ?? 0) + 1;
    const o = (origins[e.origin] ??= { n: 0, correct: 0 });
    o.n++;
    if (ok) {
      correct++;
      perTheme[e.theme].correct++;
      o.correct++;
    } else errors.push({ id: e.id, expected: e.theme, got });
  }
  for (const [id, p] of Object.entries(perTheme)) {
    p.recall = p.n ? p.correct / p.n : 0;
    p.precision = predicted[id] ? p.correct / predicted[id] : 0;
  }
  const byOrigin: ThemeEvaluation['byOrigin'] = {};
  for (const [k, o] of Object.entries(origins)) byOrigin[k] = { n: o.n, accuracy: o.n ? o.correct / o.n : 0 };
  return { accuracy: test.length ? correct / test.length : 0, n: test.length, trained: train.length, perTheme, byOrigin, errors };
}


// The learner

export interface Example {
  f: Features;
  label: string;
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

/** Multinomial logistic regression trained by AdaGrad over sparse features;
 * the scores are log-probabilities up to a constant. */
export function trainLogistic(examples: Example[], o: LogisticOptions): SavedWeights {
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
  // Stored as text: three decimals, and features whose weights all round to
  // nothing left out. Measured on every labelled action: no theme changes,
  // confidences move by at most 0.0001.
  const round = (x: number) => Math.round(x * 1e3) / 1e3;
  const weights: Record<string, number[]> = {};
  for (const [f, i] of index) {
    const row = labels.map((_, k) => round(W[i * L + k]));
    if (row.some((w) => Math.abs(w) >= 0.002)) weights[f] = row;
  }
  return { labels, bias: labels.map((_, k) => round(W[bias * L + k])), weights };
}

/** Fold of an example for cross-validation: a hash of its id, salted so the
 * folds are independent of the held-out split. */
export function foldOf(id: string, folds: number): number {
  return createHash('sha256').update(`fold:${id}`).digest()[0] % folds;
}

