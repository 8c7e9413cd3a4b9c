// A queue worker: takes file jobs, runs each through the same pipeline as
// ingest (worker threads with the per-file time and memory limits), stores
// the document in one transaction and only then completes the job. A failure
// fails the job (pg-boss retries it later, with backoff); after the last try
// the file is recorded in import_failures. A worker killed mid-file leaves no
// transaction behind, and its job is taken again once it expires (after its
// last try, pg-boss fails it and the next sweep records it). SIGTERM
// (or stop()) lets the files in hand finish, then the worker stops.
import { hostname } from 'node:os';
import type PgBoss from 'pg-boss';
import type { DB } from '../store/db.ts';
import { ingestFile, type FileResult, type IngestEvent } from '../pipeline.ts';
import { WorkerPool } from '../pipeline/pool.ts';
import type { ProcessOptions } from '../pipeline/process.ts';
import { DEFAULT_TIMEOUT_MS, defaultJobs } from '../pipeline/limits.ts';
import { finishRun, startRun } from '../store/runs.ts';
import { ensureThemes } from '../research/themes.ts';
import { ensurePlans } from '../identity/link.ts';
import { FileJob } from './queue.ts';
import { recordFailedJobs } from './failed.ts';
import { QUEUE } from './thresholds.ts';

export interface WorkerOptions extends ProcessOptions {
  jobs: number;
  timeoutMs?: number;
  /** stop when no job is queued or active anywhere */
  untilIdle?: boolean;
  shouldStop?: () => boolean;
  onEvent?: (e: IngestEvent) => void;
}

export interface WorkerSummary {
  runId: number;
  counts: { files_seen: number; imported: number; skipped: number; failed: number };
  /** failures that will be tried again */
  retried: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runWorker(db: DB, boss: PgBoss, opts: WorkerOptions): Promise<WorkerSummary> {
  const jobs = Math.max(1, opts.jobs);
  const runId = startRun(db, { worker: `${hostname()}:${process.pid}`, jobs, untilIdle: Boolean(opts.untilIdle), timeoutMs: opts.timeoutMs });
  ensureThemes(db);
  ensurePlans(db);
  const pool = new WorkerPool({ size: jobs, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  const processOpts: ProcessOptions = {
    repair: opts.repair, ocr: opts.ocr, tessdata: opts.tessdata, maxPages: opts.maxPages, maxPixels: opts.maxPixels,
    maxFileBytes: opts.maxFileBytes, ocrWorkers: Math.max(1, Math.floor(defaultJobs() / jobs)), convertTimeoutMs: opts.convertTimeoutMs,
  };
  const counts = { files_seen: 0, imported: 0, skipped: 0, failed: 0 };
  let retried = 0;
  const inFlight = new Set<string>();
  let busy = 0;

  // failed jobs not yet in import_failures (this worker's, or a dead worker's expired last try)
  const sweep = (): void => {
    try {
      recordFailedJobs(db, runId);
    } catch (err) {
      process.stderr.write(`plan-ingest: worker: recording failed jobs: ${(err as Error).message}\n`);
    }
  };
  sweep();

  const idle = async (): Promise<boolean> => {
    if (busy > 0) return false;
    // created, retry or active anywhere: another worker's job may yet come back
    if ((await boss.getQueueSize(QUEUE.name, { before: 'completed' })) > 0) return false;
    sweep();
    return true;
  };
  let swept = Date.now();

  const handle = async (job: PgBoss.JobWithMetadata<unknown>): Promise<void> => {
    const parsed = FileJob.safeParse(job.data);
    let r: FileResult;
    if (!parsed.success) r = { path: String((job.data as { path?: unknown })?.path ?? job.id), status: 'failed', stage: 'read', reason: `bad job: ${parsed.error.issues[0]?.message}`, ms: 0 };
    else {
      const d = parsed.data;
      r = await ingestFile({ db, runId, pool, processOpts, force: d.force, maxFileBytes: opts.maxFileBytes, inFlight, onEvent: opts.onEvent, expectSha256: d.sha256, storedPath: d.path }, d.file);
    }
    counts.files_seen++;
    const last = job.retryCount >= job.retryLimit;
    if (r.status !== 'failed') {
      counts[r.status]++;
      await boss.complete(QUEUE.name, job.id, { status: r.status, ...(r.reason ? { reason: r.reason } : {}) });
    } else {
      await boss.fail(QUEUE.name, job.id, { stage: r.stage ?? 'read', reason: r.reason ?? 'unknown error' });
      if (last) {
        counts.failed++;
        sweep();
        r = { ...r, reason: `${r.reason} (after ${job.retryCount + 1} tries)` };
      } else {
        retried++;
        r = { ...r, reason: `${r.reason} (try ${job.retryCount + 1} of ${job.retryLimit + 1}: queued again)` };
      }
    }
    opts.onEvent?.({ type: 'file', result: r });
  };

  const slot = async (): Promise<void> => {
    while (!opts.shouldStop?.()) {
      let got: PgBoss.JobWithMetadata<unknown>[] = [];
      try {
        got = await boss.fetch(QUEUE.name, { batchSize: 1, includeMetadata: true });
      } catch (err) {
        // the server is away (a restart): ask again shortly
        process.stderr.write(`plan-ingest: worker: ${(err as Error).message}\n`);
        await sleep(QUEUE.pollMs);
        continue;
      }
      if (!got.length) {
        if (Date.now() - swept > QUEUE.sweepMs) {
          swept = Date.now();
          sweep();
        }
        if (opts.untilIdle && (await idle().catch(() => false))) return;
        await sleep(QUEUE.pollMs);
        continue;
      }
      busy++;
      try {
        await handle(got[0]);
      } catch (err) {
        // complete/fail could not reach the server: the job expires and is taken again
        process.stderr.write(`plan-ingest: worker: ${(err as Error).message}\n`);
      } finally {
        busy--;
      }
    }
  };

  let status: 'ok' | 'failed' | 'interrupted' = 'ok';
  try {
    await Promise.all(Array.from({ length: jobs }, () => slot()));
    status = opts.shouldStop?.() ? 'interrupted' : counts.failed ? 'failed' : 'ok';
  } finally {
    await pool.close();
    finishRun(db, runId, status, counts);
  }
  return { runId, counts, retried };
}
