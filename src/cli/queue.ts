// The queue's commands: enqueue files for workers, and run a worker. Both
// need PostgreSQL (the queue lives there, beside the store).
import type { Command } from 'commander';
import { DEFAULT_TIMEOUT_MS } from '../pipeline/limits.ts';
import { QUEUE } from '../queue/thresholds.ts';
import { fileLimitOptions, fileLimits, wholeNumber as whole, type FileLimitOptions } from './options.ts';
import { timeOf } from './progress.ts';

function needsPostgres(db: string, command: string): void {
  if (!/^postgres(ql)?:\/\//i.test(db)) throw new Error(`${command} needs --db postgres://... (the queue lives in PostgreSQL)`);
}

interface EnqueueOptions {
  db: string;
  force?: boolean;
  retries: number;
  retryDelay: number;
  timeout: number;
  expire?: number;
  json?: boolean;
}

export function enqueueCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('enqueue')
    .description('Queue files or folders (recursively) for workers: one job per file, keyed by its sha256.')
    .argument('<paths...>', 'files or folders, on a path every worker can read')
    .requiredOption('--db <url>', 'a postgres:// URL')
    .option('--force', 're-import files whose bytes are already stored')
    .option('--retries <n>', 'tries after the first failure', whole, QUEUE.retries)
    .option('--retry-delay <seconds>', 'wait before the first retry (doubled for each next one)', whole, QUEUE.retryDelaySeconds)
    .option('--timeout <seconds>', 'the workers\' time limit per file: a job active longer than this (and a margin) is taken again', whole, DEFAULT_TIMEOUT_MS / 1000)
    .option('--expire <seconds>', `seconds a job may stay active before another worker takes it (default: the time limit + ${QUEUE.expireMarginSeconds})`, whole)
    .option('--json', 'print a machine-readable summary')
    .action(async (paths: string[], o: EnqueueOptions) => {
      needsPostgres(o.db, 'enqueue');
      const [{ openDatabase, redact }, { findDocumentBySha }, { findFiles }, q] = await Promise.all([
        import('../store/db.ts'), import('../store/documents.ts'), import('../pipeline/files.ts'), import('../queue/queue.ts'),
      ]);
      const db = openDatabase(o.db);
      const boss = await q.openBoss(o.db).catch((err: Error) => {
        db.close();
        throw new Error(`cannot open the queue at ${redact(o.db)}: ${err.message}`);
      });
      const sum = { queued: 0, already_queued: 0, already_stored: 0, failed: 0 };
      try {
        await q.ensureQueue(boss, { retries: o.retries, retryDelaySeconds: o.retryDelay, expireSeconds: o.expire ?? o.timeout + QUEUE.expireMarginSeconds });
        const problems: { path: string; reason: string }[] = [];
        for await (const f of findFiles(paths, problems)) {
          try {
            const { sha256 } = await q.hashFile(f.path);
            if (!o.force && findDocumentBySha(db, sha256)) {
              sum.already_stored++;
              continue;
            }
            const r = await q.enqueueFile(boss, f.path, o.force);
            sum[r.queued ? 'queued' : 'already_queued']++;
          } catch (err) {
            problems.push({ path: f.path, reason: (err as Error).message });
          }
        }
        for (const p of problems) process.stderr.write(`failed    ${p.path}  ${p.reason}\n`);
        sum.failed = problems.length;
        if (o.json) process.stdout.write(JSON.stringify(sum, null, 2) + '\n');
        else process.stdout.write(`${sum.queued} queued, ${sum.already_queued} already queued, ${sum.already_stored} already stored, ${sum.failed} failed\n`);
        setExit(sum.failed ? 1 : 0);
      } finally {
        await boss.stop({ graceful: false, wait: true, close: true });
        db.close();
      }
    });
}

interface WorkerCliOptions extends FileLimitOptions {
  db: string;
  jobs: number;
  untilIdle?: boolean;
  repair: boolean;
  ocr: boolean;
  tessdata?: string;
  json?: boolean;
  quiet?: boolean;
}

export function workerCommand(program: Command, setExit: (code: number) => void): void {
  const command = program
    .command('worker')
    .description('Take queued files and store them, until stopped (SIGTERM finishes the files in hand) or, with --until-idle, until the queue is empty.')
    .requiredOption('--db <url>', 'a postgres:// URL')
    .option('-j, --jobs <n>', 'files at once (worker threads)', whole, 1)
    .option('--until-idle', 'stop when no job is queued or active')
    .option('--no-repair', 'store text as extracted, without word repair')
    .option('--no-ocr', 'do not OCR scanned pages and images')
    .option('--tessdata <dir>', 'folder with eng.traineddata');
  fileLimitOptions(command, 'time limit per file')
    .option('--json', 'one JSON object per file on standard error, and a summary on standard output')
    .option('--quiet', 'print nothing but failures')
    .action(async (o: WorkerCliOptions) => {
      needsPostgres(o.db, 'worker');
      const [{ openDatabase, redact }, q, { runWorker }] = await Promise.all([import('../store/db.ts'), import('../queue/queue.ts'), import('../queue/worker.ts')]);
      const db = openDatabase(o.db);
      const boss = await q.openBoss(o.db).catch((err: Error) => {
        db.close();
        throw new Error(`cannot open the queue at ${redact(o.db)}: ${err.message}`);
      });
      let stopping = false;
      const onSignal = () => {
        if (stopping) process.exit(130);
        stopping = true;
        process.stderr.write('plan-ingest: worker stopping after the files in hand\n');
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const summary = await runWorker(db, boss, {
          jobs: Math.max(1, o.jobs), untilIdle: o.untilIdle, repair: o.repair, ocr: o.ocr, tessdata: o.tessdata,
          ...fileLimits(o),
          shouldStop: () => stopping,
          onEvent: (e) => {
            if (e.type === 'start' && o.json) process.stderr.write(JSON.stringify({ start: e.path, pid: process.pid }) + '\n');
            if (e.type !== 'file') return;
            const r = e.result;
            if (o.json) process.stderr.write(JSON.stringify(r) + '\n');
            else if (!o.quiet || r.status === 'failed') process.stderr.write(`${r.status.padEnd(9)} ${r.path}${r.reason ? `  ${r.stage ? `[${r.stage}] ` : ''}${r.reason}` : ''}  (${timeOf(r)})\n`);
          },
        });
        const c = summary.counts;
        if (o.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
        else if (!o.quiet) process.stdout.write(`run ${summary.runId}: ${c.files_seen} jobs, ${c.imported} imported, ${c.skipped} skipped, ${c.failed} failed, ${summary.retried} to retry\n`);
        setExit(c.failed ? 1 : 0);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await boss.stop({ graceful: false, wait: true, close: true }).catch(() => {});
        db.close();
      }
    });
}
