// Themes: every action gets one primary theme from a small taxonomy (see
// docs/themes.md), by a classifier trained at development time on the labelled
// actions in fixtures/themes/labelled.jsonl (dev/themes/train.ts) and stored
// as theme-model.json beside this file. Its version names the method and the
// labelled file it was trained on; a test keeps it equal to a fresh training.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { DB } from '../store/db.ts';
import { openThemeTable, prepareThemeTable } from './theme-table.ts';
import { documentMemo } from '../memo.ts';
import { featuresOf, textFeatureNumbers, keywordMatcher, keywordPhrases, phraseMatcher, type KeywordPhrase, probabilities, SavedWeightsSchema, scorerFrom, type FeatureOptions, type Features, type Scorer, type ThemeInput } from './theme-model.ts';

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

export type { ThemeInput } from './theme-model.ts';

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

export interface ThemeFeatureSettings {
  features: FeatureOptions;
  /** value of the kw:<theme> feature when an action contains one of the theme's keywords */
  keyword: number;
}

const themeKeywords = () => Object.fromEntries(THEMES.map((t) => [t.id, t.keywords]));
let keywords: ((r: ThemeInput) => string[]) | undefined;
export function themeFeatures(r: ThemeInput, s: ThemeFeatureSettings): Features {
  keywords ??= keywordMatcher(themeKeywords());
  const f = featuresOf(r, s.features);
  if (s.keyword) for (const k of keywords(r)) f.set(k, s.keyword);
  return f;
}

export function themeClassifier(scorer: Scorer, settings: ThemeFeatureSettings, version: string): ThemeModel {
  const scores = numberedScores(scorer, settings) ?? ((r: ThemeInput) => scorer.scores(themeFeatures(r, settings)));
  return {
    version,
    classify(r: ThemeInput): ThemeResult {
      const p = probabilities(scores(r));
      const best = p.indexOf(Math.max(...p));
      return { theme: scorer.labels[best] as ThemeId, confidence: p[best] };
    },
  };
}

/** how many texts' feature numbers a document keeps */
const TEXTS_KEPT = 256;

/** themeFeatures scored by the prepared table's feature numbers: each text's
 * numbers found once per document (a section heading is the section of every
 * action under it), each feature once with its strongest field's weight, in
 * the order themeFeatures sets them (features the model lacks add nothing),
 * so the scores are the same to the bit; no map a record. */
function numberedScores(scorer: Scorer, s: ThemeFeatureSettings): ((r: ThemeInput) => number[]) | null {
  const { size, numberOf, scoresOf } = scorer;
  if (size === undefined || !numberOf || !scoresOf) return null;
  const memo = documentMemo<Int32Array>();
  const numbersOf = (text: string): Int32Array => {
    let found = memo.get(text);
    if (!found) {
      if (memo.size >= TEXTS_KEPT) memo.clear();
      memo.set(text, (found = Int32Array.from(textFeatureNumbers(text, s.features, numberOf))));
    }
    return found;
  };
  // a record's features in the order met, and each one's weight by number (0: not met)
  const order = new Int32Array(size);
  const weightOf = new Float64Array(size);
  const weights = new Float64Array(size);
  let n = 0;
  const add = (text: string | null | undefined, weight: number): void => {
    if (!text || weight <= 0) return;
    const xs = numbersOf(text);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      if (weightOf[x] === 0) order[n++] = x;
      weightOf[x] = Math.max(weightOf[x], weight);
    }
  };
  return (r) => {
    keywords ??= keywordMatcher(themeKeywords());
    n = 0;
    add(r.action, 1);
    add(r.output, s.features.detail);
    add(r.outcome, s.features.detail);
    add(r.section, s.features.section);
    if (s.keyword) {
      for (const k of keywords(r)) {
        const x = numberOf(k);
        if (x < 0) continue;
        if (weightOf[x] === 0) order[n++] = x;
        weightOf[x] = s.keyword;
      }
    }
    for (let t = 0; t < n; t++) {
      weights[t] = weightOf[order[t]];
      weightOf[order[t]] = 0;
    }
    return scoresOf(order, weights, n);
  };
}

export const THEME_MODEL_PATH = fileURLToPath(new URL('./theme-model.json', import.meta.url));
/** the model prepared by npm run build (theme-table.ts), beside the compiled module only */
const THEME_TABLE_PATH = fileURLToPath(new URL('./theme-model.bin', import.meta.url));

export const SavedThemeModelSchema = SavedWeightsSchema.extend({
  version: z.string().min(1),
  features: z.object({ section: z.number(), detail: z.number(), dropCommon: z.boolean(), bigrams: z.boolean() }),
  keyword: z.number(),
});
export type SavedThemeModel = z.infer<typeof SavedThemeModelSchema>;

// The full check walks every weight (tens of thousands of numbers): the build
// runs it once (checkThemeModelFile); each process checks only the shape.
const LoadedThemeModelSchema = SavedThemeModelSchema.extend({
  weights: z.custom<Record<string, number[]>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'weights: expected an object'),
});

function readThemeModel(schema: z.ZodType<SavedThemeModel>): SavedThemeModel {
  const parsed = schema.safeParse(JSON.parse(readFileSync(THEME_MODEL_PATH, 'utf8')));
  if (!parsed.success) throw new Error(`${THEME_MODEL_PATH}: not a theme model (${parsed.error.issues[0]?.message}); rebuild it with npx tsx scripts/train-themes.ts`);
  return parsed.data;
}

/** Every weight of the stored model checked, and the model written as the
 * table the command loads (npm run build runs this). */
export function checkThemeModelFile(): void {
  const phrases = keywordPhrases(themeKeywords());
  writeFileSync(THEME_TABLE_PATH, prepareThemeTable({ ...readThemeModel(SavedThemeModelSchema), phrases }));
}

/** The prepared table, when the build made one from the model file beside it. */
function readThemeTable(): ThemeModel | null {
  let bytes: Buffer;
  try {
    if (statSync(THEME_TABLE_PATH).mtimeMs < statSync(THEME_MODEL_PATH).mtimeMs) return null;
    bytes = readFileSync(THEME_TABLE_PATH);
  } catch {
    return null;
  }
  const { header, scorer } = openThemeTable(bytes);
  const rest = LoadedThemeModelSchema.pick({ features: true, keyword: true }).parse(header.rest);
  // the keyword lists stemmed by the build, from this same source
  if (Array.isArray(header.rest.phrases)) keywords ??= phraseMatcher(header.rest.phrases as KeywordPhrase[]);
  return themeClassifier(scorer, { features: rest.features, keyword: rest.keyword }, header.version);
}

let cached: ThemeModel | undefined;

/** The stored model, loaded once per process. */
export function themeModel(): ThemeModel {
  if (!cached) {
    cached = readThemeTable() ?? undefined;
    if (!cached) {
      const m = readThemeModel(LoadedThemeModelSchema);
      cached = themeClassifier(scorerFrom(m), { features: m.features, keyword: m.keyword }, m.version);
    }
  }
  return cached;
}

export function classifyAction(r: ThemeInput): ThemeResult {
  return themeModel().classify(r);
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

/** Read-only commands do not theme: they say when the stored themes are out of date instead. */
export function themesNote(db: DB): string | null {
  const stored = db.prepare('SELECT version FROM theme_model WHERE id = 1').pluck().get() as string | undefined;
  const unthemed = db.prepare('SELECT count(*) FROM actions WHERE theme IS NULL').pluck().get() as number;
  if (stored !== undefined && stored !== themeModel().version) return 'the stored themes are from an earlier theme model: the next ingest into this database themes them again';
  if (unthemed) return `${unthemed} actions have no theme yet (stored before themes existed): the next ingest into this database themes them`;
  return null;
}
