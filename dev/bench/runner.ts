// One measured ingest, run in a child process of its own so its peak memory is
// its own: node start-up, module loading, an optional warm-up file, then
// ingestPaths into a file database. Writes a RunnerResult as JSON to the path
// given in the job. Usage: node dev/bench/runner-entry.js JOB.json
import { readFileSync, writeFileSync } from 'node:fs';

// performance.now() counts from the start of the process: this is node's own
// start-up plus registering tsx (and any preloads), before any pipeline code.
const bootMs = performance.now();

export interface RunnerJob {
  /** files or folders to ingest */
  paths: string[];
  /** database file (created fresh by the caller, or reused for a re-run) */
  db: string;
  jobs: number;
  repair?: boolean;
  ocr?: boolean;
  /** ingested first into an in-memory database, outside the measurement */
  warmup?: string[];
  /** after the warm-up, read its first file once more so the OCR engine the
   * warm-up ingest closed is running again when the measurement starts */
  ocrWarm?: boolean;
  out: string;
  /** write a CPU profile of the measured ingest only (main thread) to this file */
  profile?: string;
}

export interface RunnerResult {
  bootMs: number;
  importMs: number;
  dbOpenMs: number;
  warmupMs: number;
  ingestMs: number;
  /** CPU time (user + system, all threads) of the measured ingest: on a busy
   * shared machine this is closer to what an idle core would take than wall time */
  ingestCpuMs: number;
  /** resident set size once loaded and warmed up, before the measured ingest */
  rssBeforeKb: number;
  /** peak resident set size of the whole process (all threads) */
  maxRssKb: number;
  counts: { files_seen: number; imported: number; skipped: number; failed: number };
  pages: number;
  records: number;
  /** first few failure reasons, for the report */
  failures: string[];
}

/** The inspector's CPU profiler around the measured ingest, so start-up and
 * module loading stay out of the profile (unlike node --cpu-prof). */
async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

// the compiled product when runner-entry.js found dist/ fresh, else the sources
const product = (mod: string): string =>
  process.env.BENCH_COMPILED ? `../../dist/${mod}.js` : `../../src/${mod}.ts`;

async function main(jobPath: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobPath, 'utf8')) as RunnerJob;
  let t = performance.now();
  const [{ openDatabase }, { ingestPaths, defaultJobs }, { processBytes }] = await Promise.all([
    import(product('store/db')) as Promise<typeof import('../../src/store/db.ts')>,
    import(product('pipeline')) as Promise<typeof import('../../src/pipeline.ts')>,
    import(product('pipeline/process')) as Promise<typeof import('../../src/pipeline/process.ts')>,
  ]);
  const importMs = performance.now() - t;
  const opts = { jobs: job.jobs, repair: job.repair ?? true, ocr: job.ocr ?? true };

  t = performance.now();
  if (job.warmup?.length) {
    const mem = openDatabase(':memory:');
    const warm = await ingestPaths(mem, job.warmup, { ...opts, jobs: 0 });
    mem.close();
    const first = warm.files.find((f) => f.status === 'imported');
    // same options as ingestPaths gives in-process, so the engine is the one it will ask for
    if (job.ocrWarm && first) await processBytes(readFileSync(first.path), { repair: opts.repair, ocr: opts.ocr, ocrWorkers: defaultJobs() }, first.path);
  }
  const warmupMs = performance.now() - t;

  t = performance.now();
  const db = openDatabase(job.db);
  const dbOpenMs = performance.now() - t;
  const rssBeforeKb = Math.round(process.memoryUsage().rss / 1024);

  const profiler = job.profile ? await startProfile() : null;
  t = performance.now();
  const cpu0 = process.cpuUsage();
  const summary = await ingestPaths(db, job.paths, opts);
  const cpu = process.cpuUsage(cpu0);
  const ingestMs = performance.now() - t;
  const ingestCpuMs = (cpu.user + cpu.system) / 1000;
  if (profiler && job.profile) await profiler.stop(job.profile);
  db.close();

  const records = summary.files.reduce((n, f) => n + (f.records ?? 0), 0);
  const failures = [...new Set(summary.files.filter((f) => f.status === 'failed').map((f) => `${f.stage}: ${f.reason}`))].slice(0, 5);
  const result: RunnerResult = {
    bootMs, importMs, dbOpenMs, warmupMs, ingestMs, ingestCpuMs, rssBeforeKb,
    maxRssKb: process.resourceUsage().maxRSS,
    counts: summary.counts, pages: summary.pages, records, failures,
  };
  writeFileSync(job.out, JSON.stringify(result));
}

main(process.argv[process.argv.length - 1]!).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench runner: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
