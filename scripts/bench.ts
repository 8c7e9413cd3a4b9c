// Throughput, peak memory and scaling of the whole pipeline on varied copies of
// the fixtures, beside the native reference tools. Writes bench/results.json and
// bench/results.md (bench/findings.md, written by hand, is appended to the latter).
//
//   npm run bench -- [--quick] [--formats docx,pdf,scan,image,text] [--sizes 1,4,16]
//                    [--ocr-sizes 1,4,16] [--no-ocr] [--jobs 2] [--batch 1000] [--batch-jobs N]
//                    [--no-profile] [--repeat 1] [--corpus DIR] [--out PREFIX]
//   npm run bench -- --render bench/results.json   (rewrite the .md from a .json)
//   npm run bench -- --cli [--no-ocr] [--batch 1000] [--repeat 3] [--runs help,docx,pdf,workers,batch,ocr]
//                    (the command as users run it, beside the native tools:
//                    bench/results-cli.json and .md)
//
// --quick: 1x only, no batch, no profiles, written to bench/results-quick.*
// (not committed). A benchmark, not a test: nothing here fails on a slow figure.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_FORMATS, runBench, targets, type BenchFormat } from '../dev/bench/suite.ts';
import { resultsMarkdown } from '../dev/bench/report.ts';
import { ROOT } from '../dev/bench/child.ts';
import { CLI_RUNS, cliMarkdown, runCliBench, type CliRunName } from '../dev/bench/cli.ts';

class UsageError extends Error {}

function sizes(text: string, option: string): number[] {
  const out = text.split(',').map((s) => Number(s.trim()));
  if (!out.length || out.some((n) => !Number.isInteger(n) || n < 1)) throw new UsageError(`--${option}: expected whole numbers like 1,4,16, got ${JSON.stringify(text)}`);
  return [...new Set(out)].sort((a, b) => a - b);
}

async function main(argv: string[]): Promise<number> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      formats: { type: 'string', default: BENCH_FORMATS.join(',') },
      sizes: { type: 'string' },
      'ocr-sizes': { type: 'string' },
      'no-ocr': { type: 'boolean', default: false },
      jobs: { type: 'string', default: String(Math.max(2, availableParallelism())) },
      batch: { type: 'string' },
      'batch-jobs': { type: 'string', default: String(availableParallelism()) },
      'no-profile': { type: 'boolean', default: false },
      repeat: { type: 'string', default: '1' },
      corpus: { type: 'string', default: join(ROOT, 'fixtures/corpus') },
      out: { type: 'string' },
      render: { type: 'string' },
      cli: { type: 'boolean', default: false },
      runs: { type: 'string' },
    },
    allowPositionals: false,
  });
  const findings = join(ROOT, 'bench/findings.md');
  const extraFor = (quick: boolean) => (!quick && existsSync(findings) ? ['', readFileSync(findings, 'utf8').trimEnd()] : []);
  if (a.render) {
    const saved = JSON.parse(readFileSync(a.render, 'utf8')) as Awaited<ReturnType<typeof runBench>>;
    saved.targets = targets(saved);
    writeFileSync(a.render, JSON.stringify(saved, null, 1) + '\n');
    const md = a.render.replace(/\.json$/, '') + '.md';
    writeFileSync(md, resultsMarkdown(saved, extraFor(false)));
    process.stdout.write(`written: ${md}\n`);
    return 0;
  }
  if (a.cli) {
    const repeat = Number(a.repeat);
    const batch = Number(a.batch ?? 1000);
    if (!Number.isInteger(repeat) || repeat < 1) throw new UsageError('--repeat: expected a whole number >= 1');
    if (!Number.isInteger(batch) || batch < 0) throw new UsageError('--batch: expected a whole number');
    const runs = a.runs?.split(',').map((s) => s.trim()) as CliRunName[] | undefined;
    const unknown = runs?.filter((r) => !(CLI_RUNS as readonly string[]).includes(r)) ?? [];
    if (unknown.length) throw new UsageError(`--runs: unknown ${unknown.join(', ')}; expected some of ${CLI_RUNS.join(',')}`);
    const work = mkdtempSync(join(tmpdir(), 'plan-ingest-cli-bench-'));
    try {
      const r = await runCliBench({ corpus: a.corpus!, work, repeat, ocr: !a['no-ocr'], batch, runs, log: (l) => process.stderr.write(l + '\n') });
      const out = a.out ?? join(ROOT, 'bench/results-cli');
      writeFileSync(`${out}.json`, JSON.stringify(r, null, 1) + '\n');
      writeFileSync(`${out}.md`, cliMarkdown(r));
      process.stdout.write(`\n${cliMarkdown(r)}\nwritten: ${out}.json, ${out}.md\n`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    return 0;
  }
  const formats = a.formats!.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = formats.filter((f) => !(BENCH_FORMATS as readonly string[]).includes(f));
  if (bad.length) throw new UsageError(`unknown format(s) ${bad.join(',')}; known: ${BENCH_FORMATS.join(',')}`);
  const quick = a.quick!;
  const jobs = Number(a.jobs);
  const repeat = Number(a.repeat);
  const batch = Number(a.batch ?? (quick ? 0 : 1000));
  if (!Number.isInteger(jobs) || jobs < 0) throw new UsageError('--jobs: expected a whole number');
  if (!Number.isInteger(repeat) || repeat < 1) throw new UsageError('--repeat: expected a whole number >= 1');
  if (!Number.isInteger(batch) || batch < 0) throw new UsageError('--batch: expected a whole number');
  const batchJobs = Number(a['batch-jobs']);
  if (!Number.isInteger(batchJobs) || batchJobs < 0) throw new UsageError('--batch-jobs: expected a whole number');
  if (!existsSync(a.corpus!)) throw new UsageError(`no such directory: ${a.corpus}`);
  const out = a.out ?? join(ROOT, quick ? 'bench/results-quick' : 'bench/results');

  const results = await runBench({
    corpus: a.corpus!,
    formats: formats as BenchFormat[],
    sizes: quick ? [1] : sizes(a.sizes ?? '1,4,16', 'sizes'),
    ocrSizes: quick ? [1] : sizes(a['ocr-sizes'] ?? a.sizes ?? '1,4,16', 'ocr-sizes'),
    ocr: !a['no-ocr'],
    jobs,
    batch,
    batchJobs,
    profile: !quick && !a['no-profile'],
    repeat,
    profileDir: join(ROOT, 'bench/profiles'),
    log: (line) => process.stderr.write(line + '\n'),
  });

  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.json`, JSON.stringify(results, null, 1) + '\n');
  writeFileSync(`${out}.md`, resultsMarkdown(results, extraFor(quick)));
  process.stdout.write(`\ntargets:\n${results.targets.map((t) => `  ${t.ok === null ? '-  ' : t.ok ? 'ok ' : 'NO '} ${t.name}: ${t.measured} (goal ${t.goal})`).join('\n')}\n`);
  process.stdout.write(`written: ${out}.json, ${out}.md\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (rc) => process.exit(rc),
  (e: unknown) => {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`bench: ${(e as Error).message}\n`);
      process.exit(2);
    }
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
