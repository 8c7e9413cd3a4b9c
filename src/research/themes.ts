// Themes: every action gets one primary theme from a small taxonomy (see
// docs/themes.md), by a classifier trained when first needed on the labelled
// actions in fixtures/themes/labelled.jsonl. Training takes about a fifth of a
// second, so the model is always the one the labelled file describes, never a
// stale copy.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { DB } from '../store/db.ts';
import {
  featuresOf, foldOf, keywordMatcher, probabilities, trainLogistic,
  type FeatureOptions, type Features, type LogisticOptions, type ThemeInput,
} from './theme-model.ts';

export const THEMES = [
  { id: 'commissioning', label: 'Commissioning and procurement', about: 'contracts, tendering, procurement rules, service specifications, commissioning frameworks' ,
    keywords: ["commissioning", "commissioner", "commission services", "procurement", "procure", "tender", "tendering", "contract", "contracts", "contract monitoring", "service level agreement", "specification", "PQQ", "pre-qualification", "bidding for contracts", "providers", "provider", "decommissioning", "social value", "outcome-based commissioning", "market development", "lots", "framework agreement", "sub-contracting", "prime contractor", "full cost recovery", "purchasing", "buyer", "supplier"] },
  { id: 'funding', label: 'Grants and funding', about: 'grant programmes, funding agreements, community chests, income and fundraising' ,
    keywords: ["grant", "grants", "grant aid", "small grants", "funding", "funded", "fund", "funding agreement", "core funding", "community chest", "funding strategy", "income", "fundraising", "charitable giving", "lottery", "trusts and foundations", "bid writing", "match funding", "loan fund", "investment", "pump priming", "allocation", "rate relief", "budget", "sustainable funding", "endowment", "sponsorship", "funders"] },
  { id: 'volunteering', label: 'Volunteering and active citizenship', about: 'volunteers, volunteer policies and centres, active citizens' ,
    keywords: ["volunteer", "volunteers", "volunteering", "volunteer centre", "volunteer policy", "volunteer managers", "active citizens", "active citizenship", "employer-supported volunteering", "timebank", "befriending", "mentors", "good neighbour", "civic participation", "volunteer awards", "Volunteers Week", "Investing in Volunteers", "volunteer brokerage", "volunteering opportunities", "giving time"] },
  { id: 'partnership', label: 'Compact and partnership working', about: 'the Compact, protocols, forums and joint working between the sectors' ,
    keywords: ["Compact", "compact code", "compact champion", "partnership working", "joint working", "protocol", "memorandum of understanding", "partnership agreement", "liaison forum", "cross sector", "statutory partners", "relationship between sectors", "trust between sectors", "signatories", "joint strategy", "partnership code", "link officers", "LSP", "Local Strategic Partnership", "working together", "collaboration"] },
  { id: 'infrastructure', label: 'Infrastructure and capacity building', about: 'CVS and support bodies, training and development for organisations, sector strategy' ,
    keywords: ["infrastructure", "capacity building", "capacity", "CVS", "Council for Voluntary Service", "support services", "development support", "organisational development", "training", "workshop", "skills", "trustees", "governance training", "quality standards", "PQASSO", "mentoring", "back office", "shared services", "social enterprise support", "community development", "support for groups", "resilience", "sector development", "thriving third sector", "package of support"] },
  { id: 'voice', label: 'Voice, representation and engagement', about: 'consultation, representation on partnerships, community engagement, local decision making' ,
    keywords: ["voice", "representation", "representatives", "represent", "engagement", "community engagement", "consultation", "consult", "involvement", "involve", "Duty to Involve", "participation", "participatory budgeting", "influence decisions", "decision making", "empowerment", "community councils", "neighbourhood forums", "assembly", "residents panel", "have your say", "devolved budgets", "local decisions", "community leadership", "councillors"] },
  { id: 'assets', label: 'Assets and premises', about: 'asset transfer, community buildings, leases and premises' ,
    keywords: ["asset", "assets", "asset transfer", "community asset transfer", "asset management", "buildings", "community buildings", "premises", "property", "accommodation", "lease", "leases", "rent", "village halls", "community centres", "land", "community ownership", "assets of community value", "right to bid", "meeting space", "capital", "condition surveys", "facilities"] },
  { id: 'equality', label: 'Equality and diversity', about: 'equality impact assessments, equality duties, BME, disability and cohesion' ,
    keywords: ["equality", "equalities", "diversity", "equality impact assessment", "EIA", "EIAs", "equality duty", "single equality scheme", "BME", "black and minority ethnic", "race equality", "disability", "disabled people", "accessible", "accessibility", "older people", "young people", "LGBT", "faith", "cohesion", "community cohesion", "refugees", "migrants", "fairness", "discrimination", "hate crime", "equal opportunities", "inclusion", "interpreting", "translation"] },
  { id: 'communications', label: 'Communications and information', about: 'newsletters, directories and databases, mapping, information sharing' ,
    keywords: ["communications", "communication", "communicate", "information", "newsletter", "e-bulletin", "bulletin", "website", "web content", "directory", "database", "mapping", "map", "profile", "research", "publicity", "media", "magazine", "social media", "information sharing", "intelligence", "data", "single point of contact", "promote", "raise the profile", "awareness", "publish", "leaflet"] },
  { id: 'governance', label: 'Governance and performance', about: 'steering and delivery groups, indicators, monitoring, reporting, evaluation' ,
    keywords: ["governance", "performance", "performance management", "indicators", "NI7", "national indicator", "targets", "monitor", "monitoring", "measure", "measures", "evaluation", "evaluate", "review", "progress report", "report progress", "steering group", "delivery group", "oversee", "implementation", "terms of reference", "accountability", "action plan", "evidence", "survey", "baseline", "outcomes framework", "scrutiny", "RAG", "milestones"] },
] as const;

export type ThemeId = (typeof THEMES)[number]['id'];
const THEME_IDS = THEMES.map((t) => t.id) as [ThemeId, ...ThemeId[]];

export function themeLabel(id: string | null | undefined): string {
  return THEMES.find((t) => t.id === id)?.label ?? (id ?? 'unclassified');
}

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

export type { ThemeInput } from './theme-model.ts';

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

export interface ThemeResult {
  theme: ThemeId;
  /** the winning class's share of the class probabilities, 0..1 */
  confidence: number;
}

export interface ThemeModel {
  /** changes whenever the labelled file or the method changes */
  version: string;
  classify(r: ThemeInput): ThemeResult;
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

let keywords: ((r: ThemeInput) => string[]) | undefined;
function themeFeatures(r: ThemeInput, s: ThemeSettings): Features {
  keywords ??= keywordMatcher(Object.fromEntries(THEMES.map((t) => [t.id, t.keywords])));
  const f = featuresOf(r, s.features);
  if (s.keyword) for (const k of keywords(r)) f.set(k, s.keyword);
  return f;
}

/** A multinomial logistic regression over the action's stems and stem pairs
 * (its section, output and outcome cells counting for less) and one feature
 * per theme whose documented keywords it contains. It replaced natural's naive
 * Bayes, which scored 0.04 lower under cross-validation. */
export function trainThemeModel(examples: LabelledAction[], settings = THEME_SETTINGS, version = methodOf(settings)): ThemeModel {
  const scorer = trainLogistic(examples.map((e) => ({ f: themeFeatures(e, settings), label: e.theme })), settings.logistic);
  return {
    version,
    classify(r: ThemeInput): ThemeResult {
      const p = probabilities(scorer.scores(themeFeatures(r, settings)));
      const best = p.indexOf(Math.max(...p));
      return { theme: scorer.labels[best] as ThemeId, confidence: p[best] };
    },
  };
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

let cached: ThemeModel | undefined;

/** The model trained on every labelled action (held-out ones too: evaluation
 * uses its own model trained without them). */
export function themeModel(): ThemeModel {
  if (!cached) {
    const text = readFileSync(LABELLED_PATH, 'utf8');
    const version = `${methodOf(THEME_SETTINGS)}:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    cached = trainThemeModel(loadLabelled(), THEME_SETTINGS, version);
  }
  return cached;
}

export function classifyAction(r: ThemeInput): ThemeResult {
  return themeModel().classify(r);
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

// Themes in the database (migration 003): actions.theme and theme_confidence.

/** Theme the actions of one document (or every action) that have none yet. */
export function assignThemes(db: DB, documentId?: number): number {
  const model = themeModel();
  const rows = (documentId === undefined
    ? db.prepare('SELECT id, section, action, output, outcome FROM actions WHERE theme IS NULL')
    : db.prepare('SELECT id, section, action, output, outcome FROM actions WHERE theme IS NULL AND document_id = ?')
  ).all(...(documentId === undefined ? [] : [documentId])) as (ThemeInput & { id: number })[];
  const update = db.prepare('UPDATE actions SET theme = ?, theme_confidence = ? WHERE id = ?');
  db.transaction(() => {
    for (const r of rows) {
      const t = model.classify(r);
      update.run(t.theme, Math.round(t.confidence * 1000) / 1000, r.id);
    }
    db.prepare('INSERT OR IGNORE INTO theme_model (id, version, applied_at) VALUES (1, ?, ?)').run(model.version, new Date().toISOString());
  })();
  return rows.length;
}

/** Bring every action's theme up to date: all of them again when the model
 * (labelled file or method) changed since they were themed, else only the
 * unthemed ones (databases made before migration 003). Returns how many were themed. */
export function ensureThemes(db: DB): number {
  const model = themeModel();
  const stored = db.prepare('SELECT version FROM theme_model WHERE id = 1').pluck().get() as string | undefined;
  if (stored !== undefined && stored !== model.version) {
    db.transaction(() => {
      db.prepare('UPDATE actions SET theme = NULL, theme_confidence = NULL').run();
      db.prepare('DELETE FROM theme_model').run();
    })();
  }
  return assignThemes(db);
}
