// One measured ingest, run in a child process of its own so its peak memory is
// its own: node start-up, module loading, an optional warm-up file, then
// ingestPaths into a file database. Writes a RunnerResult as JSON to the path
// given in the job. Usage: node --import tsx src/bench/runner.ts JOB.json
import { readFileSync, writeFileSync } from 'node:fs';

// performance.now() counts from the start of the process: this is node's own
// start-up plus loading tsx, before any pipeline code.
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
  out: string;
}

export interface RunnerResult {
  bootMs: number;
  importMs: number;
  dbOpenMs: number;
  warmupMs: number;
  ingestMs: number;
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

async function main(jobPath: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobPath, 'utf8')) as RunnerJob;
  let t = performance.now();
  const [{ openDatabase }, { ingestPaths }] = await Promise.all([
    import('../store/db.ts'),
    import('../pipeline.ts'),
  ]);
  const importMs = performance.now() - t;
  const opts = { jobs: job.jobs, repair: job.repair ?? true, ocr: job.ocr ?? true };

  t = performance.now();
  if (job.warmup?.length) {
    const mem = openDatabase(':memory:');
    await ingestPaths(mem, job.warmup, { ...opts, jobs: 0 });
    mem.close();
  }
  const warmupMs = performance.now() - t;

  t = performance.now();
  const db = openDatabase(job.db);
  const dbOpenMs = performance.now() - t;
  const rssBeforeKb = Math.round(process.memoryUsage().rss / 1024);

  t = performance.now();
  const summary = await ingestPaths(db, job.paths, opts);
  const ingestMs = performance.now() - t;
  db.close();

  const records = summary.files.reduce((n, f) => n + (f.records ?? 0), 0);
  const failures = [...new Set(summary.files.filter((f) => f.status === 'failed').map((f) => `${f.stage}: ${f.reason}`))].slice(0, 5);
  const result: RunnerResult = {
    bootMs, importMs, dbOpenMs, warmupMs, ingestMs, rssBeforeKb,
    maxRssKb: process.resourceUsage().maxRSS,
    counts: summary.counts, pages: summary.pages, records, failures,
  };
  writeFileSync(job.out, JSON.stringify(result));
}

main(process.argv[2]!).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench runner: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
