// Table evaluation on a folder of PDFs with ICDAR 2013 competition ground
// truth (NAME.pdf beside NAME-str.xml): runs the `plan-ingest tables` code on
// every PDF and prints the competition figure with the reference
// icdar_eval.py's definitions (dev/eval/icdar.ts).
//
//   npm run eval -- --tables DIR [--docs eu-001,eu-016] [--pred-out DIR] [--json FILE] [-v]
//   npx tsx scripts/eval-tables.ts DIR [same options]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { discoverDocs, parsePred, scoreDoc, summarise, type DocScore } from '../dev/eval/icdar.ts';
import { pyFixed } from '../dev/eval/py.ts';
import { fileTables } from '../src/cli/tables-json.ts';
import { closeReaders } from '../src/readers/index.ts';

export interface TablesEval {
  results: Map<string, DocScore>;
  summary: ReturnType<typeof summarise>;
  seconds: number;
}

/** Runs `tables` on every document of `dir` that has ground truth and scores it.
 * With `predDir`, the predictions are written there too (for icdar_eval.py);
 * with `fromPred`, predictions are read from that folder instead of made. */
export async function evalTables(dir: string, opts: { docs?: string[]; predDir?: string; fromPred?: string } = {}): Promise<TablesEval> {
  let docs = discoverDocs(dir);
  if (opts.docs?.length) {
    const unknown = opts.docs.filter((d) => !docs.has(d));
    if (unknown.length) throw new Error(`unknown document(s) in --docs: ${unknown.join(', ')}`);
    docs = new Map(opts.docs.map((d) => [d, docs.get(d)!]));
  }
  if (!docs.size) throw new Error(`${dir}: no *-str.xml ground truth`);
  if (opts.predDir) mkdirSync(opts.predDir, { recursive: true });
  const results = new Map<string, DocScore>();
  const t0 = performance.now();
  try {
    for (const [name, variants] of docs) {
      let pred = null;
      if (opts.fromPred) {
        const file = path.join(opts.fromPred, `${name}.json`);
        if (existsSync(file)) pred = parsePred(JSON.parse(readFileSync(file, 'utf8')));
      } else {
        // "eu-009a" has its PDF as "eu-009.pdf"
        const base = path.join(dir, `${name}.pdf`);
        const pdf = existsSync(base) ? base : path.join(dir, `${name.replace(/a$/, '')}.pdf`);
        if (existsSync(pdf)) {
          const json = await fileTables(pdf);
          if (opts.predDir) writeFileSync(path.join(opts.predDir, `${name}.json`), JSON.stringify(json));
          pred = parsePred(json);
        }
      }
      results.set(name, scoreDoc(variants, pred));
    }
  } finally {
    await closeReaders();
  }
  return { results, summary: summarise(results), seconds: (performance.now() - t0) / 1000 };
}

const f3 = (x: number) => pyFixed(x, 3);

function relText(key: string): string {
  const [a, b, d, n] = key.split('\0');
  const extra = n !== '0' ? ` +${n} blank` : '';
  return `${JSON.stringify(a.slice(0, 30))} ${d === 'H' ? '->' : 'v'} ${JSON.stringify(b.slice(0, 30))}${extra}`;
}

export function report(ev: TablesEval, verbose = false): string[] {
  const out = [`${'doc'.padEnd(9)} ${'gt'.padStart(3)} ${'pred'.padStart(4)} ${'correct'.padStart(7)} ${'gt rel'.padStart(6)} ${'pred rel'.padStart(8)}  ${'P'.padStart(5)} ${'R'.padStart(5)} ${'F1'.padStart(5)}`];
  for (const [name, r] of ev.results) {
    let note = r.status === 'ok' ? '' : `  [${r.status}]`;
    if (r.gt_file !== `${name}-str.xml`) note += `  [${r.gt_file}]`;
    out.push(
      `${name.padEnd(9)} ${String(r.n_gt_tables).padStart(3)} ${String(r.n_pred_tables).padStart(4)} ${String(r.tp).padStart(7)} ${String(r.n_gt).padStart(6)} ${String(r.n_det).padStart(8)}  ${f3(r.precision)} ${f3(r.recall)} ${f3(r.f1)}${note}`,
    );
    if (!verbose) continue;
    for (const t of r.tables) {
      out.push(`${t.gt === null ? '  FP ' : '     '}${(t.gt ?? '-').padStart(10)} <-> ${(t.pred ?? '-').padEnd(8)} pages [${t.pages.join(', ')}]  correct ${String(t.tp).padStart(4)}  gt ${String(t.n_gt).padStart(4)}  pred ${String(t.n_det).padStart(4)}`);
      for (const [label, rels] of [['missed', t.missed], ['false', t.false]] as const) {
        if (!rels.length) continue;
        out.push(`          ${label} (${rels.length}), e.g.:`);
        for (const k of rels.slice(0, 6)) out.push(`            ${relText(k)}`);
      }
    }
  }
  const s = ev.summary;
  const m = s.micro;
  out.push('');
  out.push(`pooled (micro): P ${f3(m.precision)} R ${f3(m.recall)} F1 ${f3(m.f1)}  (correct ${m.tp}, gt ${m.n_gt}, predicted ${m.n_det} relations)`);
  out.push(`mean of per-document F1: ${f3(s.mean_doc_f1)}`);
  out.push(`ICDAR2013 structure: P ${f3(s.precision)} R ${f3(s.recall)} F1 ${f3(s.f1)} (${s.docs} docs, ${s.tables} tables)`);
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const { values: a, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tables: { type: 'string' },
      docs: { type: 'string' },
      'pred-out': { type: 'string' },
      pred: { type: 'string' },
      json: { type: 'string' },
      'min-f1': { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
    },
  });
  const dir = a.tables ?? positionals[0];
  if (!dir) {
    console.error('usage: npm run eval -- --tables DIR [--docs a,b] [--pred DIR | --pred-out DIR] [--json FILE] [--min-f1 X] [-v]');
    return 2;
  }
  const docs = a.docs?.split(',').map((s) => s.trim()).filter(Boolean);
  const ev = await evalTables(dir, { docs, predDir: a['pred-out'], fromPred: a.pred });
  for (const line of report(ev, a.verbose)) console.log(line);
  if (!a.pred) console.log(`time: ${ev.seconds.toFixed(1)} s for ${ev.results.size} documents`);
  if (a.json) {
    const documents = Object.fromEntries([...ev.results].map(([k, v]) => [k, { ...v, tables: v.tables.map(({ missed, false: f, ...t }) => ({ ...t, missed: missed.length, false: f.length })) }]));
    writeFileSync(a.json, JSON.stringify({ summary: ev.summary, documents }, null, 1));
  }
  const min = a['min-f1'] === undefined ? null : Number(a['min-f1']);
  if (min !== null && !(ev.summary.f1 >= min)) {
    console.log(`FAIL: F1 ${f3(ev.summary.f1)} below ${min}`);
    return 1;
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('eval-tables.ts')) {
  main(process.argv.slice(2)).then(
    (rc) => process.exit(rc),
    (err) => {
      console.error(`eval-tables: ${(err as Error).message}`);
      process.exit(2);
    },
  );
}
