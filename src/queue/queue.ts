// The job queue on PostgreSQL (pg-boss): one job per file, keyed by the
// sha256 of its bytes, so the same bytes are queued once however often and
// under whatever names they are enqueued. Workers read the file from the
// path in the job (a folder every worker mounts) and check its sha256.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import { QUEUE } from './thresholds.ts';

export const FileJob = z.object({
  /** the path stored for the document (as given to enqueue) */
  path: z.string().min(1),
  /** where workers read it: the absolute path on the shared mount */
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  force: z.boolean().optional(),
});
export type FileJob = z.infer<typeof FileJob>;

export interface QueueSettings {
  /** tries after the first */
  retries: number;
  /** seconds before the first retry (doubled each time) */
  retryDelaySeconds: number;
  /** seconds a job may stay active before it is taken again (a killed worker) */
  expireSeconds: number;
}

export async function openBoss(url: string, opts: { maintenanceSeconds?: number } = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: QUEUE.schema,
    application_name: 'plan-ingest-queue',
    maintenanceIntervalSeconds: opts.maintenanceSeconds ?? QUEUE.maintenanceSeconds,
    max: 4,
  } as PgBoss.ConstructorOptions);
  boss.on('error', (err) => {
    // a lost connection (server restart): pg-boss's pool connects again by itself
    process.stderr.write(`plan-ingest: queue: ${(err as Error).message}\n`);
  });
  await boss.start();
  return boss;
}

export async function ensureQueue(boss: PgBoss, s: QueueSettings): Promise<void> {
  const q = { name: QUEUE.name, policy: 'standard' as const, retryLimit: s.retries, retryDelay: s.retryDelaySeconds, retryBackoff: true, expireInSeconds: s.expireSeconds };
  if (await boss.getQueue(QUEUE.name)) await boss.updateQueue(QUEUE.name, q);
  else await boss.createQueue(QUEUE.name, q);
}

/** A job id from the bytes' sha256 (a UUID's 32 hex digits): sending the same bytes again is a no-op. */
export function jobId(sha256: string): string {
  const h = sha256.slice(0, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

/** Queues one file; false when its bytes are queued already. */
export async function enqueueFile(boss: PgBoss, path: string, force = false): Promise<{ queued: boolean; sha256: string }> {
  const { sha256, size } = await hashFile(path);
  const data: FileJob = { path, file: resolve(path), sha256, size, ...(force ? { force } : {}) };
  const id = await boss.send(QUEUE.name, data, { id: jobId(sha256) });
  return { queued: id !== null, sha256 };
}

export interface QueueCounts {
  queued: number;
  active: number;
  done: number;
  failed: number;
}

/** Jobs by state, counted in pg-boss's tables (live and archived). */
export function queueCounts(boss: PgBoss): Promise<QueueCounts> {
  return countJobs((text, values) => boss.getDb().executeSql(text, values));
}

type Exec = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

async function countJobs(exec: Exec): Promise<QueueCounts> {
  const schema = QUEUE.schema;
  const r = await exec(`SELECT state, count(*)::int AS n FROM (
      SELECT state FROM ${schema}.job WHERE name = $1
      UNION ALL SELECT state FROM ${schema}.archive WHERE name = $1) j GROUP BY state`, [QUEUE.name]) as { rows: { state: string; n: number }[] };
  const by = Object.fromEntries(r.rows.map((x) => [x.state, x.n])) as Record<string, number>;
  return { queued: (by.created ?? 0) + (by.retry ?? 0), active: by.active ?? 0, done: by.completed ?? 0, failed: (by.failed ?? 0) + (by.cancelled ?? 0) };
}

/** The queue's counts at a database, without starting pg-boss's maintenance; all zero before anything was queued. */
export async function countsAt(url: string): Promise<QueueCounts> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const has = await c.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [QUEUE.schema, 'job']);
    if (!has.rowCount) return { queued: 0, active: 0, done: 0, failed: 0 };
    return await countJobs((text, values) => c.query(text, values));
  } finally {
    await c.end();
  }
}
