// Accuracy evaluation: run the pipeline on every input of every plan in the corpus
// (or read existing exports with --pred) and score each against the plan's gold,
// exactly as the reference tools/score_corpus.py does. With --pred the output is
// the same as score_corpus.py's; without it the pipeline runs in-process and the
// time per format is printed too.
//
//   npm run eval -- --tables DIR [--docs a,b] [-v]    (tables: scripts/eval-tables.ts)
//   npm run eval -- [--corpus DIR] [--formats docx,txt] [--plans a,b] [--pred DIR]
//                   [--json FILE] [--verbose] [--no-repair] [--timeout S]
//                   [--min-records-f1 T] [--min-fields T] [--min-words-f1 T] [--min-repairs T]
//
// A threshold T is `0.9` (overall mean) or per format, `docx:0.98,txt:0.95`
// (`overall:0.9` also works); exit status 1 when one is missed, 2 for a usage error.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  AGGREGATE_HEADER,
  ALL_FORMATS,
  FORMAT_INPUTS,
  aggSummary,
  aggregateRow,
  aggregatesByFormat,
  isFile,
  isFormat,
  joinPath,
  listPlans,
  pairTable,
  pooledFieldLine,
  scorePair,
  type Aggregate,
  type CorpusPlan,
  type EvalFormat,
  type PairScore,
  type Prediction,
} from '../dev/eval/corpus.ts';
import { fmt3, loadJson, type JsonObject } from '../dev/eval/score.ts';
import { reportLines } from '../dev/eval/report.ts';
import { runPipeline } from '../dev/eval/run-pipeline.ts';
import { pyFixed, padRight } from '../dev/eval/py.ts';
import { installOcrCacheFromEnv } from '../dev/ocr-cache.ts';

installOcrCacheFromEnv();

type Metric = 'records_f1' | 'fields' | 'words_f1' | 'repairs';
const METRIC_OPTIONS: [option: string, metric: Metric, label: string][] = [
  ['min-fields', 'fields', 'fields'],
  ['min-records-f1', 'records_f1', 'records F1'],
  ['min-words-f1', 'words_f1', 'words F1'],
  ['min-repairs', 'repairs', 'repairs'],
];

interface Threshold {
  scope: EvalFormat | 'overall';
  metric: Metric;
  label: string;
  min: number;
}

class UsageError extends Error {}

function parseThresholds(option: string, metric: Metric, label: string, text: string | undefined): Threshold[] {
  if (text === undefined) return [];
  return text.split(',').filter((s) => s.trim()).map((part) => {
    const m = /^\s*(?:([a-z]+)\s*:)?\s*([0-9.]+)\s*$/.exec(part);
    const scope = m?.[1] ?? 'overall';
    const min = m ? Number(m[2]) : NaN;
    if (!m || Number.isNaN(min) || (scope !== 'overall' && !isFormat(scope))) {
      throw new UsageError(`--${option}: expected X or FORMAT:X[,FORMAT:X...], got ${JSON.stringify(part)}`);
    }
    return { scope: scope as Threshold['scope'], metric, label, min };
  });
}

function listOption(text: string | undefined): string[] | null {
  return text === undefined ? null : text.split(',').map((s) => s.trim()).filter(Boolean);
}

/** The failures run_corpus.sh recorded in PRED/run.tsv, by slug and format. */
function readRunDetail(predDir: string): Map<string, string> {
  const detail = new Map<string, string>();
  const tsv = joinPath(predDir, 'run.tsv');
  if (!isFile(tsv)) return detail;
  for (const line of readFileSync(tsv, 'utf8').split(/\r\n|[\n\r]/).slice(1)) {
    const cols = line.split('\t');
    if (cols.length >= 5 && cols[2] !== 'ok') detail.set(`${cols[0]}\t${cols[1]}`, cols[4]!);
  }
  return detail;
}

function withTimeout<T>(p: Promise<T>, seconds: number): Promise<T> {
  if (!(seconds > 0)) return p;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${seconds}s`)), seconds * 1000);
    timer.unref();
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

async function main(argv: string[]): Promise<number> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string', default: 'fixtures/corpus' },
      formats: { type: 'string', default: ALL_FORMATS.join(',') },
      plans: { type: 'string' },
      pred: { type: 'string' },
      json: { type: 'string' },
      verbose: { type: 'boolean', short: 'v', default: false },
      'no-repair': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '300' },
      'min-fields': { type: 'string' },
      'min-records-f1': { type: 'string' },
      'min-words-f1': { type: 'string' },
      'min-repairs': { type: 'string' },
    },
    allowPositionals: false,
  });

  const formats = listOption(a.formats) ?? [];
  const bad = formats.filter((f) => !isFormat(f));
  if (bad.length) throw new UsageError(`unknown format(s) ${bad.join(',')}; known: ${ALL_FORMATS.join(',')}`);
  const fmts = formats as EvalFormat[];
  const thresholds = METRIC_OPTIONS.flatMap(([opt, metric, label]) =>
    parseThresholds(opt, metric, label, a[opt as 'min-fields']),
  );
  const timeoutS = Number(a.timeout);
  const wantPlans = listOption(a.plans);
  const corpus = a.corpus!;

  let plans: CorpusPlan[];
  try {
    plans = listPlans(corpus);
  } catch {
    throw new UsageError(`no such directory: ${corpus}`);
  }
  if (wantPlans) {
    const unknown = wantPlans.filter((s) => !plans.some((p) => p.slug === s));
    if (unknown.length) throw new UsageError(`unknown plan(s) ${unknown.join(',')} under ${corpus}`);
    plans = plans.filter((p) => wantPlans.includes(p.slug));
  }
  if (!plans.length) {
    process.stderr.write(`eval: no <slug>/gold.json under ${corpus}\n`);
    return 2;
  }

  const predDir = a.pred;
  const runDetail = predDir ? readRunDetail(predDir) : new Map<string, string>();
  const pairs: PairScore[] = [];
  const problems: string[] = [];
  for (const plan of plans) {
    let gold: JsonObject;
    try {
      gold = loadJson(plan.gold) as JsonObject;
    } catch (e) {
      problems.push(`${plan.slug}: gold unreadable: ${(e as Error).message}`);
      continue;
    }
    for (const format of fmts) {
      const input = joinPath(plan.dir, FORMAT_INPUTS[format]);
      if (!isFile(input)) continue;
      let pred: Prediction;
      let seconds: number | undefined;
      if (predDir) {
        const predPath = joinPath(predDir, plan.slug, `${format}.json`);
        const detail = runDetail.get(`${plan.slug}\t${format}`);
        if (!isFile(predPath)) pred = { kind: 'failed', why: 'missing', predPath, detail };
        else {
          try {
            pred = { kind: 'export', exported: loadJson(predPath), predPath };
          } catch (e) {
            pred = { kind: 'failed', why: `unusable: ${(e as Error).message}`, predPath, detail };
          }
        }
      } else {
        const t0 = performance.now();
        try {
          const exported = await withTimeout(runPipeline(input, { repair: !a['no-repair'] }), timeoutS);
          pred = { kind: 'export', exported, predPath: input };
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          pred = { kind: 'failed', why: `pipeline error: ${msg.split('\n')[0]}`, predPath: input };
        }
        seconds = (performance.now() - t0) / 1000;
        process.stderr.write(`${pred.kind === 'export' ? 'ok  ' : 'FAIL'}  ${plan.slug}/${format}  ${seconds.toFixed(1)}s\n`);
      }
      const scored = scorePair(plan, gold, format, pred);
      if (seconds !== undefined) scored.seconds = seconds;
      pairs.push(scored);
      problems.push(...scored.problems);
    }
  }

  const out: string[] = [];
  out.push(...pairTable(pairs));
  const { perFormat, overall } = aggregatesByFormat(pairs, fmts);
  out.push(AGGREGATE_HEADER);
  for (const f of fmts) if (perFormat[f]) out.push(aggregateRow(f, perFormat[f]!));
  if (overall) out.push(aggregateRow('overall', overall));
  out.push('');
  if (pairs.length) out.push(pooledFieldLine(pairs), '');

  const timing: Partial<Record<EvalFormat, { inputs: number; seconds: number }>> = {};
  if (!predDir && pairs.length) {
    out.push('time per format (pipeline, in-process):');
    for (const f of fmts) {
      const ps = pairs.filter((p) => p.format === f);
      if (!ps.length) continue;
      const secs = ps.reduce((s, p) => s + (p.seconds ?? 0), 0);
      timing[f] = { inputs: ps.length, seconds: secs };
      out.push(`  ${padRight(f, 5)}  ${ps.length} inputs  ${secs.toFixed(1)}s total  ${(secs / ps.length).toFixed(2)}s each`);
    }
    out.push('');
  }

  if (problems.length) {
    out.push(`problems (${problems.length}):`, ...problems.map((p) => '  ' + p), '');
  }

  if (a.verbose) {
    for (const { slug, format, result: r } of pairs) {
      if (r.missing_pred) continue;
      const perfect =
        r.records.f1 === 1 && r.fields.accuracy === 1 && r.words.f1 === 1 &&
        r.repairs.missing.length === 0 && Object.values(r.document).every((d) => d.ok);
      if (perfect) continue;
      out.push(`${'='.repeat(20)} ${slug} / ${format} ${'='.repeat(20)}`, ...reportLines(r, true), r.summary, '');
    }
  }

  let rc = 0;
  if (overall === null) {
    out.push('no (slug, format) pair had an input');
    if (thresholds.length) rc = 1;
  } else {
    for (const t of thresholds) {
      const ag: Aggregate | undefined = t.scope === 'overall' ? overall : perFormat[t.scope];
      const val = ag ? ag[t.metric] : null;
      const ok = val !== null && val >= t.min;
      const name = t.scope === 'overall' ? t.label : `${t.scope} ${t.label}`;
      out.push(`threshold ${padRight(name, 10)} >= ${pyFixed(t.min, 3)}: ${ok ? 'ok' : 'NOT MET'} (${fmt3(val)})`);
      if (!ok) rc = 1;
    }
  }

  // the theme classifier, measured on held-out labelled actions (not in --pred mode,
  // whose output matches score_corpus.py line for line)
  let themes: { accuracy: number; n: number; trained: number } | null = null;
  if (!predDir) {
    const { evaluateThemes } = await import('../dev/themes/train.ts');
    const e = evaluateThemes();
    themes = { accuracy: e.accuracy, n: e.n, trained: e.trained };
    out.push('', `themes: accuracy ${e.accuracy.toFixed(3)} on ${e.n} held-out labelled actions (trained on ${e.trained}); details: npx tsx scripts/eval-themes.ts`, '');
  }

  if (a.json) {
    const doc = {
      themes,
      corpus_dir: corpus,
      pred_dir: predDir ?? null,
      formats: fmts,
      overall,
      per_format: perFormat,
      timing: predDir ? null : timing,
      problems,
      pairs: pairs.map((p) => ({ slug: p.slug, format: p.format, seconds: p.seconds ?? null, result: p.result })),
    };
    writeFileSync(a.json, JSON.stringify(doc, null, 1) + '\n');
  }

  if (overall) out.push(`overall (${overall.pairs} pairs): ${aggSummary(overall)}`);
  process.stdout.write(out.join('\n') + '\n');
  return rc;
}

// --tables DIR: the table evaluation (ICDAR 2013 metric), scripts/eval-tables.ts
const args = process.argv.slice(2);
const run = args.some((x) => x === '--tables' || x.startsWith('--tables='))
  ? import('./eval-tables.ts').then((m) => m.main(args))
  : main(args);
run.then(
  (rc) => process.exit(rc),
  (e: unknown) => {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`eval: ${(e as Error).message}\n`);
      process.exit(2);
    }
    process.stderr.write(`eval: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
