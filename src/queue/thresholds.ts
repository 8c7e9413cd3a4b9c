// The queue's settings, in one place.
export const QUEUE = {
  name: 'plan-ingest-files',
  /** pg-boss's tables live in their own schema */
  schema: 'pgboss',
  /** default tries after the first failure */
  retries: 2,
  /** default seconds before the first retry (then doubled) */
  retryDelaySeconds: 30,
  /** a job active this long past the per-file time limit is taken again */
  expireMarginSeconds: 120,
  /** how often pg-boss expires and retries jobs (its maintenance) */
  maintenanceSeconds: 10,
  /** a worker with nothing to do asks again after this long */
  pollMs: 1000,
  /** an idle worker records failed jobs (a dead worker's expired last try) this often */
  sweepMs: 10_000,
} as const;
