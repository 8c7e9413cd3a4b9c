// Accuracy of one exported document against one gold file: a line-for-line port
// of the reference scorer score.py (records alignment, field accuracy, word F1,
// split-repair recall, document fields), and the corpus means of score_corpus.py.
// Keep them in step: test/score.test.ts runs both on the same inputs and asserts
// equal numbers.
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareCodePoints, pyFixed, pyRepr, pyRound, pyStr, pySum, pyTruthy } from './py.ts';
import { align } from './align.ts';
import {
  DOC_FIELDS,
  FIELDS,
  MATCH_THRESHOLD,
  get,
  isNull,
  fieldEqual,
  isObject,
  norm,
  readSourceText,
  recordWords,
  sourceWords,
  textTokens,
  type Counter,
  type DocField,
  type Field,
  type JsonObject,
} from './text.ts';

export * from './text.ts';
export { align, hungarian, maxWeightAssignment, type AlignedPair } from './align.ts';

// ---------------------------------------------------------------------------
// loading

export class ScoreError extends Error {}

export function loadJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

const basename = (s: string): string => s.slice(s.lastIndexOf('/') + 1);

/** The predicted document of an export: a `plan-records/1` export, a single
 * document object or a gold-shaped file. */
export function pickDocument(exported: unknown, docSource?: string | null): { doc: JsonObject; warnings: string[] } {
  const warnings: string[] = [];
  let docs: JsonObject[];
  if (isObject(exported) && Array.isArray(exported.documents)) docs = exported.documents.filter(isObject);
  else if (isObject(exported) && Object.prototype.hasOwnProperty.call(exported, 'records')) return { doc: exported, warnings };
  else if (Array.isArray(exported)) docs = exported.filter(isObject);
  else throw new ScoreError("pred: not an export (no 'documents' list, no 'records')");
  const sources = () => pyRepr(docs.map((d) => get(d, 'source')));
  if (!docs.length) {
    warnings.push('pred export holds no documents: scored as an empty document');
    return { doc: { records: [] }, warnings };
  }
  if (docSource) {
    const want = basename(docSource);
    let hits = docs.filter((d) => get(d, 'source') === docSource);
    if (!hits.length) hits = docs.filter((d) => basename(pyStr(pyTruthy(get(d, 'source')) ? get(d, 'source') : '')) === want);
    if (hits.length > 1) warnings.push(`${hits.length} documents have source ${pyRepr(docSource)}: the first is scored`);
    if (hits.length) return { doc: hits[0]!, warnings };
    if (docs.length === 1) {
      warnings.push(
        `no document has source ${pyRepr(docSource)}: the only document (source ${pyRepr(get(docs[0]!, 'source'))}) is scored`,
      );
      return { doc: docs[0]!, warnings };
    }
    throw new ScoreError(`pred: no document with source ${pyRepr(docSource)} among ${sources()}`);
  }
  if (docs.length === 1) return { doc: docs[0]!, warnings };
  throw new ScoreError(`pred holds ${docs.length} documents ${sources()}: choose one with --doc-source`);
}

function checkRecords(recs: unknown, who: string): { records: JsonObject[]; warnings: string[] } {
  if (recs === null || recs === undefined) return { records: [], warnings: [`${who}: no 'records'`] };
  if (!Array.isArray(recs)) return { records: [], warnings: [`${who}: 'records' is not a list`] };
  const warnings: string[] = [];
  const out: JsonObject[] = [];
  const missing = new Map<string, number>();
  let bad = 0;
  for (const r of recs) {
    if (!isObject(r)) {
      bad++;
      continue;
    }
    for (const f of FIELDS) if (!Object.prototype.hasOwnProperty.call(r, f)) missing.set(f, (missing.get(f) ?? 0) + 1);
    out.push(r);
  }
  if (bad) warnings.push(`${who}: ${bad} records are not objects (ignored)`);
  if (missing.size) {
    const items = [...missing].sort((a, b) => compareCodePoints(a[0], b[0]));
    warnings.push(`${who}: records lacking fields (read as null): ${items.map(([f, c]) => `${f} x${c}`).join(', ')}`);
  }
  return { records: out, warnings };
}

// ---------------------------------------------------------------------------
// scoring

export interface RecordsScore {
  gold: number;
  pred: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
  threshold: number;
  mean_similarity: number | null;
}

export interface FieldScore {
  correct: number;
  total: number;
  matched_correct: number;
  matched_total: number;
  accuracy: number | null;
  matched_accuracy: number | null;
}

export interface FieldsScore {
  accuracy: number;
  correct: number;
  total: number;
  matched_only: { accuracy: number; correct: number; total: number };
  per_field: Record<Field, FieldScore>;
}

export interface WordsScore {
  gold: number;
  pred: number;
  common: number;
  precision: number;
  recall: number;
  f1: number;
  /** gold tokens the export lacks, most frequent first */
  missing: [string, number][];
  /** export tokens the gold lacks, most frequent first */
  extra: [string, number][];
}

export interface RepairsScore {
  source: string | null;
  /** gold words absent from the source: null without a source text */
  total: number | null;
  found: number | null;
  recall: number | null;
  words: string[];
  missing: string[];
}

export interface DocFieldScore {
  gold: unknown;
  pred: unknown;
  ok: boolean;
}

export interface RecordRef {
  index: number;
  ref: unknown;
  action: unknown;
}

export interface FieldMismatch {
  gold_index: number;
  pred_index: number;
  ref: unknown;
  field: Field;
  gold: unknown;
  pred: unknown;
}

/** Same shape and key names as score.py's result (its --json output). */
export interface ScoreResult {
  records: RecordsScore;
  fields: FieldsScore;
  words: WordsScore;
  repairs: RepairsScore;
  document: Record<DocField, DocFieldScore>;
  unmatched_gold: RecordRef[];
  spurious_pred: RecordRef[];
  pairs: { gold_index: number; pred_index: number; similarity: number }[];
  mismatches: FieldMismatch[];
  warnings: string[];
  summary: string;
  meta?: Record<string, unknown>;
  /** set when the pair had no usable prediction (scored 0) */
  missing_pred?: string;
}

const ratio = (a: number, b: number, empty: number | null = 1): number | null => (b ? a / b : empty);
const f1 = (p: number, r: number): number => (p + r ? (2 * p * r) / (p + r) : 0);

function mostCommon(c: Counter): [string, number][] {
  return [...c].sort((a, b) => b[1] - a[1]);
}

/** Counter subtraction: positive counts only, in the first counter's order. */
function subtract(a: Counter, b: Counter): Counter {
  const out: Counter = new Map();
  for (const [k, v] of a) {
    const d = v - (b.get(k) ?? 0);
    if (d > 0) out.set(k, d);
  }
  return out;
}

/** Score one predicted document against a gold object. `sourceText` (the raw
 * input text) enables split-repair recall; `sourceName` is only reported. */
export function scoreDocument(
  gold: JsonObject,
  predDoc: JsonObject,
  sourceText?: string | null,
  sourceName?: string | null,
): ScoreResult {
  const warnings: string[] = [];
  const g = checkRecords(get(gold, 'records'), 'gold');
  const p = checkRecords(get(predDoc, 'records'), 'pred');
  warnings.push(...g.warnings, ...p.warnings);
  const gRecs = g.records;
  const pRecs = p.records;

  // --- records
  const pairs = align(gRecs, pRecs);
  const nm = pairs.length;
  const rp = ratio(nm, pRecs.length)!;
  const rr = ratio(nm, gRecs.length)!;
  const records: RecordsScore = {
    gold: gRecs.length,
    pred: pRecs.length,
    matched: nm,
    precision: rp,
    recall: rr,
    f1: gRecs.length || pRecs.length ? f1(rp, rr) : 1,
    threshold: MATCH_THRESHOLD,
    mean_similarity: nm ? pySum(pairs.map((x) => x[2])) / nm : null,
  };

  // --- fields
  const per = Object.fromEntries(
    FIELDS.map((f) => [f, { correct: 0, total: 0, matched_correct: 0, matched_total: 0, accuracy: null, matched_accuracy: null }]),
  ) as Record<Field, FieldScore>;
  const mismatches: FieldMismatch[] = [];
  for (const [gi, pi] of pairs) {
    const gr = gRecs[gi]!;
    const pr = pRecs[pi]!;
    for (const f of FIELDS) {
      const gv = get(gr, f);
      const pv = get(pr, f);
      if (isNull(f, gv) && isNull(f, pv)) continue;
      const d = per[f];
      d.total++;
      d.matched_total++;
      if (fieldEqual(f, gv, pv)) {
        d.correct++;
        d.matched_correct++;
      } else mismatches.push({ gold_index: gi, pred_index: pi, ref: get(gr, 'ref'), field: f, gold: gv, pred: pv });
    }
  }
  const matchedG = new Set(pairs.map((x) => x[0]));
  const matchedP = new Set(pairs.map((x) => x[1]));
  const unmatchedGold = gRecs.map((_, i) => i).filter((i) => !matchedG.has(i));
  const spuriousPred = pRecs.map((_, j) => j).filter((j) => !matchedP.has(j));
  for (const gi of unmatchedGold) {
    for (const f of FIELDS) if (!isNull(f, get(gRecs[gi]!, f))) per[f].total++;
  }
  let tc = 0, tt = 0, mc = 0, mt = 0;
  for (const f of FIELDS) {
    const d = per[f];
    d.accuracy = ratio(d.correct, d.total, null);
    d.matched_accuracy = ratio(d.matched_correct, d.matched_total, null);
    tc += d.correct;
    tt += d.total;
    mc += d.matched_correct;
    mt += d.matched_total;
  }
  const fields: FieldsScore = {
    accuracy: ratio(tc, tt)!,
    correct: tc,
    total: tt,
    matched_only: { accuracy: ratio(mc, mt)!, correct: mc, total: mt },
    per_field: per,
  };

  // --- words
  const gw = textTokens(gRecs);
  const pw = textTokens(pRecs);
  let common = 0;
  for (const [k, v] of gw) common += Math.min(v, pw.get(k) ?? 0);
  let ng = 0, npred = 0;
  for (const v of gw.values()) ng += v;
  for (const v of pw.values()) npred += v;
  const wp = ratio(common, npred)!;
  const wr = ratio(common, ng)!;
  const words: WordsScore = {
    gold: ng,
    pred: npred,
    common,
    precision: wp,
    recall: wr,
    f1: ng || npred ? f1(wp, wr) : 1,
    missing: mostCommon(subtract(gw, pw)),
    extra: mostCommon(subtract(pw, gw)),
  };

  // --- split repairs
  let repairs: RepairsScore;
  if (sourceText !== null && sourceText !== undefined) {
    const src = sourceWords(sourceText);
    const goldWords = recordWords(gRecs);
    const predWords = recordWords(pRecs);
    const need = [...goldWords].filter((w) => !src.has(w)).sort(compareCodePoints);
    const found = need.filter((w) => predWords.has(w));
    repairs = {
      source: sourceName ?? null,
      total: need.length,
      found: found.length,
      recall: ratio(found.length, need.length, null),
      words: need,
      missing: need.filter((w) => !predWords.has(w)),
    };
  } else repairs = { source: null, total: null, found: null, recall: null, words: [], missing: [] };

  // --- document fields
  const document = {} as Record<DocField, DocFieldScore>;
  for (const f of DOC_FIELDS) {
    const gv = get(gold, f);
    const pv = get(predDoc, f);
    document[f] = { gold: gv, pred: pv, ok: norm(gv) === norm(pv) };
  }

  const res: ScoreResult = {
    records,
    fields,
    words,
    repairs,
    document,
    unmatched_gold: unmatchedGold.map((i) => ({ index: i, ref: get(gRecs[i]!, 'ref'), action: get(gRecs[i]!, 'action') })),
    spurious_pred: spuriousPred.map((j) => ({ index: j, ref: get(pRecs[j]!, 'ref'), action: get(pRecs[j]!, 'action') })),
    pairs: pairs.map(([gi, pi, s]) => ({ gold_index: gi, pred_index: pi, similarity: pyRound(s, 4) })),
    mismatches,
    warnings,
    summary: '',
  };
  res.summary = summaryLine(res);
  return res;
}

/** '%.3f', or 'n/a' for null. */
export function fmt3(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : pyFixed(x, 3);
}

export function repairsText(found: number | null, total: number | null): string {
  if (total === null) return 'n/a';
  if (total === 0) return 'n/a (0/0)';
  return `${pyFixed(found! / total, 2)} (${found}/${total})`;
}

/** records F1 0.962 | fields 0.913 | words F1 0.981 | repairs 0.88 (22/25) | doc 5/5 */
export function summaryLine(res: ScoreResult): string {
  const docs = Object.values(res.document);
  const docOk = docs.filter((d) => d.ok).length;
  return (
    `records F1 ${fmt3(res.records.f1)} | fields ${fmt3(res.fields.accuracy)} | words F1 ${fmt3(res.words.f1)}` +
    ` | repairs ${repairsText(res.repairs.found, res.repairs.total)} | doc ${docOk}/${docs.length}`
  );
}

// ---------------------------------------------------------------------------
// several pairs (score_corpus.py)

/** A result for a pair without a usable prediction: everything 0, but the number
 * of repairs the gold needs is kept (found 0). Mutates and returns res. */
export function zeroResult(res: ScoreResult, why: string): ScoreResult {
  Object.assign(res.records, { pred: 0, matched: 0, precision: 0, recall: 0, f1: 0 });
  res.fields.accuracy = 0;
  res.fields.correct = 0;
  Object.assign(res.fields.matched_only, { accuracy: 0, correct: 0, total: 0 });
  for (const d of Object.values(res.fields.per_field)) {
    d.correct = 0;
    d.accuracy = d.total ? 0 : null;
  }
  Object.assign(res.words, { pred: 0, common: 0, precision: 0, recall: 0, f1: 0 });
  if (res.repairs.total !== null) {
    res.repairs.found = 0;
    res.repairs.missing = [...res.repairs.words];
    res.repairs.recall = res.repairs.total ? 0 : null;
  }
  for (const d of Object.values(res.document)) d.ok = false;
  res.missing_pred = why;
  res.summary = summaryLine(res);
  return res;
}

function mean(xs: (number | null)[]): number | null {
  const ys = xs.filter((x): x is number => x !== null);
  return ys.length ? pySum(ys) / ys.length : null;
}

export interface Aggregate {
  pairs: number;
  records_f1: number | null;
  records_precision: number | null;
  records_recall: number | null;
  fields: number | null;
  fields_matched_only: number | null;
  words_f1: number | null;
  repairs_found: number | null;
  repairs_total: number | null;
  repairs: number | null;
  doc: number | null;
}

/** Macro means over pairs (records F1, fields, words F1, doc) and pooled repairs. */
export function aggregate(results: ScoreResult[]): Aggregate {
  const withSrc = results.filter((r) => r.repairs.total !== null);
  const found = withSrc.reduce((a, r) => a + r.repairs.found!, 0);
  const total = withSrc.reduce((a, r) => a + r.repairs.total!, 0);
  const hasSrc = withSrc.length > 0;
  return {
    pairs: results.length,
    records_f1: mean(results.map((r) => r.records.f1)),
    records_precision: mean(results.map((r) => r.records.precision)),
    records_recall: mean(results.map((r) => r.records.recall)),
    fields: mean(results.map((r) => r.fields.accuracy)),
    fields_matched_only: mean(results.map((r) => r.fields.matched_only.accuracy)),
    words_f1: mean(results.map((r) => r.words.f1)),
    repairs_found: hasSrc ? found : null,
    repairs_total: hasSrc ? total : null,
    repairs: hasSrc ? (total ? found / total : null) : null,
    doc: mean(
      results.map((r) => {
        const docs = Object.values(r.document);
        return docs.filter((d) => d.ok).length / docs.length;
      }),
    ),
  };
}

/** The overall summary, in the shape of summaryLine. */
export function aggSummary(a: Aggregate): string {
  return (
    `records F1 ${fmt3(a.records_f1)} | fields ${fmt3(a.fields)} | words F1 ${fmt3(a.words_f1)}` +
    ` | repairs ${repairsText(a.repairs_found, a.repairs_total)} | doc ${fmt3(a.doc)}`
  );
}

/** source.txt beside the gold file, if there is one. */
export function findDefaultSource(goldPath: string): string | null {
  const cand = path.join(path.dirname(path.resolve(goldPath)), 'source.txt');
  return existsSync(cand) && statSync(cand).isFile() ? cand : null;
}

/** score.py --gold G --pred P [--doc-source D] [--source S]. */
export function scoreFiles(goldPath: string, predPath: string, docSource?: string | null, sourcePath?: string | null): ScoreResult {
  const gold = loadJson(goldPath);
  if (!isObject(gold)) throw new ScoreError('gold: not a JSON object');
  const { doc, warnings } = pickDocument(loadJson(predPath), docSource);
  const sourceText = sourcePath ? readSourceText(sourcePath) : null;
  const res = scoreDocument(gold, doc, sourceText, sourcePath);
  res.warnings = [...warnings, ...res.warnings];
  res.meta = {
    gold: goldPath,
    pred: predPath,
    doc_source: docSource ?? null,
    pred_source: get(doc, 'source'),
    pred_extractor: get(doc, 'extractor'),
    source: sourcePath ?? null,
  };
  return res;
}
