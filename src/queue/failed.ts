// Jobs that ended failed, recorded in import_failures exactly once. A job
// fails for good either by its worker (the last try failed) or by pg-boss
// itself (the last try's worker died and the job expired): both leave a
// failed job, so workers sweep them (after each last-try failure, at start and
// when idle). The job is marked recorded in the same transaction as the
// failure row, so two sweeping workers never record it twice.
import { z } from 'zod';
import type { DB } from '../store/db.ts';
import { PostgresDb } from '../store/postgres.ts';
import { recordFailure } from '../store/runs.ts';
import { QUEUE } from './thresholds.ts';

const Failed = z.object({
  data: z.object({ path: z.string().optional() }).passthrough().nullable(),
  output: z.object({ stage: z.string().optional(), reason: z.string().optional(), value: z.object({ message: z.string().optional() }).passthrough().optional() }).passthrough().nullable(),
  retry_count: z.number(),
  id: z.string(),
});

const EXPIRED = /timeout in active state/i;

/** The failure row's stage and reason for a job that ended failed. */
function describe(job: z.infer<typeof Failed>): { path: string; stage: string; reason: string } {
  const tries = `after ${job.retry_count + 1} ${job.retry_count ? 'tries' : 'try'}`;
  const path = job.data?.path ?? `job ${job.id}`;
  const o = job.output ?? {};
  if (o.reason) return { path, stage: o.stage ?? 'read', reason: `${o.reason} (${tries})` };
  const msg = o.value?.message ?? 'unknown error';
  if (EXPIRED.test(msg)) return { path, stage: 'queue', reason: `its worker stopped or ran past the job's expiry (${tries})` };
  return { path, stage: 'queue', reason: `${msg} (${tries})` };
}

/** Records every failed, unrecorded job of the queue; the paths recorded. */
export function recordFailedJobs(db: DB, runId: number): string[] {
  if (!(db instanceof PostgresDb)) return [];
  const schema = QUEUE.schema;
  return db.transaction(() => {
    const out: string[] = [];
    for (const table of ['job', 'archive']) {
      const { rows } = db.query(`UPDATE ${schema}.${table}
        SET output = coalesce(output, '{}'::jsonb) || '{"recorded": true}'::jsonb
        WHERE name = $1 AND state = 'failed' AND (output->>'recorded') IS NULL
        RETURNING id::text AS id, data, output, retry_count`, [QUEUE.name]);
      for (const row of rows) {
        const f = describe(Failed.parse(row));
        recordFailure(db, runId, f.path, f.stage, f.reason);
        out.push(f.path);
      }
    }
    return out;
  })();
}
