// Scoring a whole corpus, as score_corpus.py does: which input each format reads,
// zero results for missing or failed predictions, macro means per format with
// pooled repairs, and the printed table.
import { existsSync, readdirSync, statSync } from 'node:fs';
import {
  FIELDS,
  ScoreError,
  aggregate,
  fmt3,
  pickDocument,
  readSourceText,
  repairsText,
  scoreDocument,
  zeroResult,
  type Aggregate,
  type JsonObject,
  type ScoreResult,
} from './score.ts';
import { compareCodePoints, padRight, pyFixed } from './py.ts';

export { aggregate, aggSummary, zeroResult, type Aggregate } from './score.ts';

/** format -> input file name inside <corpus>/<slug>/ */
export const FORMAT_INPUTS = {
  docx: 'plan.docx',
  pdf: 'plan.pdf',
  scan: 'scan.pdf',
  png: 'page1.png',
  tsv: 'export.tsv',
  txt: 'source.txt',
} as const;
export type EvalFormat = keyof typeof FORMAT_INPUTS;
export const ALL_FORMATS = Object.keys(FORMAT_INPUTS) as EvalFormat[];

/** Repairs are measured against the damage in the input itself: only text inputs carry it. */
export const TEXT_INPUT_FORMATS: ReadonlySet<EvalFormat> = new Set(['txt', 'tsv']);

export function isFormat(s: string): s is EvalFormat {
  return Object.prototype.hasOwnProperty.call(FORMAT_INPUTS, s);
}

/** os.path.join without normalisation, so printed paths match the reference tool. */
export function joinPath(...parts: string[]): string {
  return parts.reduce((a, b) => (b.startsWith('/') ? b : a === '' || a.endsWith('/') ? a + b : `${a}/${b}`));
}

export const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();
const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

/** <slug>/gold.json, else a single <slug>/*.gold.json. */
export function findGold(slugDir: string): string | null {
  const p = joinPath(slugDir, 'gold.json');
  if (isFile(p)) return p;
  const cands = readdirSync(slugDir)
    .filter((n) => !n.startsWith('.') && n.endsWith('.gold.json'))
    .sort(compareCodePoints)
    .map((n) => joinPath(slugDir, n));
  return cands.length === 1 ? cands[0]! : null;
}

export interface CorpusPlan {
  slug: string;
  dir: string;
  gold: string;
}

/** The plan folders of a corpus (those with a gold file), sorted by name. */
export function listPlans(corpusDir: string): CorpusPlan[] {
  const out: CorpusPlan[] = [];
  for (const d of readdirSync(corpusDir).sort(compareCodePoints)) {
    const sd = joinPath(corpusDir, d);
    if (!isDir(sd)) continue;
    const g = findGold(sd);
    if (g) out.push({ slug: d, dir: sd, gold: g });
  }
  return out;
}

export interface PairScore {
  slug: string;
  format: EvalFormat;
  result: ScoreResult;
  /** lines for the problems list (failures, warnings) */
  problems: string[];
  /** wall time of the pipeline run, when it was run */
  seconds?: number;
}

export type Prediction =
  | { kind: 'export'; exported: unknown; predPath: string }
  | { kind: 'failed'; why: string; predPath: string; detail?: string };

/** Score one (plan, format) pair exactly as score_corpus.py does. */
export function scorePair(plan: CorpusPlan, gold: JsonObject, format: EvalFormat, pred: Prediction): PairScore {
  const inp = FORMAT_INPUTS[format];
  const srcPath = TEXT_INPUT_FORMATS.has(format) ? joinPath(plan.dir, inp) : '';
  const sourceText = srcPath && isFile(srcPath) ? readSourceText(srcPath) : null;
  const srcName = sourceText !== null ? srcPath : null;
  const problems: string[] = [];
  let why: string | null = pred.kind === 'failed' ? pred.why : null;
  let res: ScoreResult | null = null;
  if (pred.kind === 'export') {
    try {
      const { doc, warnings } = pickDocument(pred.exported, inp);
      res = scoreDocument(gold, doc, sourceText, srcName);
      res.warnings = [...warnings, ...res.warnings];
      res.meta = {
        gold: plan.gold,
        pred: pred.predPath,
        doc_source: inp,
        pred_source: doc.source ?? null,
        pred_extractor: doc.extractor ?? null,
        source: srcName,
      };
    } catch (e) {
      why = `unusable: ${e instanceof ScoreError || e instanceof Error ? e.message : String(e)}`;
    }
  }
  if (why !== null || res === null) {
    why ??= 'unusable';
    res = scoreDocument(gold, { records: [] }, sourceText, srcName);
    res.meta = { gold: plan.gold, pred: pred.predPath, doc_source: inp };
    zeroResult(res, why);
    const detail = pred.kind === 'failed' ? pred.detail : undefined;
    problems.push(`${plan.slug}/${format}: ${why} (${pred.predPath})${detail ? '; run_corpus: ' + detail : ''}, scored 0`);
  } else {
    for (const w of res.warnings) problems.push(`${plan.slug}/${format}: warning: ${w}`);
  }
  return { slug: plan.slug, format, result: res, problems };
}

/** The table of score_corpus.py: one row per pair, a blank line. */
export function pairTable(pairs: PairScore[]): string[] {
  const wSlug = Math.max(4, ...pairs.map((p) => [...p.slug].length));
  const row = (cols: string[]) =>
    `${padRight(cols[0]!, wSlug)}  ${padRight(cols[1]!, 5)}  ${padRight(cols[2]!, 12)}  ${padRight(cols[3]!, 6)}  ` +
    `${padRight(cols[4]!, 6)}  ${padRight(cols[5]!, 6)}  ${padRight(cols[6]!, 6)}  ${padRight(cols[7]!, 14)}  ${cols[8]}`;
  const hdr = row(['slug', 'fmt', 'recs g/p/m', 'recF1', 'fields', 'f-mtch', 'wordF1', 'repairs', 'doc']);
  const lines = [hdr, '-'.repeat([...hdr].length)];
  for (const { slug, format, result: r } of pairs) {
    const rec = r.records;
    const docs = Object.values(r.document);
    lines.push(
      row([
        slug,
        format,
        `${rec.gold}/${rec.pred}/${rec.matched}`,
        fmt3(rec.f1),
        fmt3(r.fields.accuracy),
        fmt3(r.fields.matched_only.accuracy),
        fmt3(r.words.f1),
        repairsText(r.repairs.found, r.repairs.total),
        `${docs.filter((d) => d.ok).length}/${docs.length}`,
      ]) + (r.missing_pred ? `  [${r.missing_pred.split(':')[0]}]` : ''),
    );
  }
  lines.push('');
  return lines;
}

export function aggregateRow(name: string, a: Aggregate): string {
  return [
    padRight(name, 8),
    padRight(String(a.pairs), 5),
    padRight(fmt3(a.records_f1), 6),
    padRight(fmt3(a.records_precision), 6),
    padRight(fmt3(a.records_recall), 6),
    padRight(fmt3(a.fields), 6),
    padRight(fmt3(a.words_f1), 6),
    padRight(repairsText(a.repairs_found, a.repairs_total), 14),
    fmt3(a.doc),
  ].join('  ');
}

export const AGGREGATE_HEADER = [
  padRight('format', 8), padRight('pairs', 5), padRight('recF1', 6), padRight('recP', 6), padRight('recR', 6),
  padRight('fields', 6), padRight('wordF1', 6), padRight('repairs', 14), 'doc',
].join('  ');

/** Means per format (in the order given) and overall. */
export function aggregatesByFormat(
  pairs: PairScore[],
  formats: readonly EvalFormat[],
): { perFormat: Partial<Record<EvalFormat, Aggregate>>; overall: Aggregate | null } {
  const perFormat: Partial<Record<EvalFormat, Aggregate>> = {};
  for (const f of formats) {
    const rs = pairs.filter((p) => p.format === f).map((p) => p.result);
    if (rs.length) perFormat[f] = aggregate(rs);
  }
  return { perFormat, overall: pairs.length ? aggregate(pairs.map((p) => p.result)) : null };
}

/** 'per field (pooled over all pairs): section 0.950, ...' */
export function pooledFieldLine(pairs: PairScore[]): string {
  const cells: string[] = [];
  for (const f of FIELDS) {
    let c = 0;
    let t = 0;
    for (const p of pairs) {
      c += p.result.fields.per_field[f].correct;
      t += p.result.fields.per_field[f].total;
    }
    if (t) cells.push(`${f} ${pyFixed(c / t, 3)}`);
  }
  return 'per field (pooled over all pairs): ' + cells.join(', ');
}
