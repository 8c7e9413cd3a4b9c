// Import runs and their failures: what happened, when, with which options.
import type { DB } from './db.ts';
import { engineOf } from './engine.ts';
import { STORE } from './thresholds.ts';

export interface RunCounts {
  files_seen: number;
  imported: number;
  skipped: number;
  failed: number;
}

export function startRun(db: DB, options: unknown): number {
  const info = db.prepare('INSERT INTO import_runs (started_at, options) VALUES (?, ?)').run(new Date().toISOString(), JSON.stringify(options ?? {}));
  return Number(info.lastInsertRowid);
}

export function finishRun(db: DB, runId: number, status: 'ok' | 'failed' | 'interrupted', counts: RunCounts): void {
  db.prepare(`UPDATE import_runs SET finished_at = ?, status = ?, files_seen = ?, imported = ?, skipped = ?, failed = ? WHERE id = ?`)
    .run(new Date().toISOString(), status, counts.files_seen, counts.imported, counts.skipped, counts.failed, runId);
}

export function recordFailure(db: DB, runId: number, path: string, stage: string, reason: string): void {
  db.prepare('INSERT INTO import_failures (run_id, path, stage, reason, at) VALUES (?, ?, ?, ?, ?)').run(runId, path, stage, reason, new Date().toISOString());
}

export interface RunRow extends RunCounts {
  id: number;
  started_at: string;
  finished_at: string | null;
  status: string;
  options: string | null;
}

export function listRuns(db: DB, limit = 20): RunRow[] {
  return db.prepare('SELECT * FROM import_runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[];
}

export interface FailureRow {
  id: number;
  run_id: number;
  path: string;
  stage: string;
  reason: string;
  at: string;
}

export function listFailures(db: DB, runId?: number): FailureRow[] {
  if (runId !== undefined) return db.prepare('SELECT * FROM import_failures WHERE run_id = ? ORDER BY id').all(runId) as FailureRow[];
  return db.prepare('SELECT * FROM import_failures ORDER BY id').all() as FailureRow[];
}

/** For a run that writes many documents: SQLite checkpoints its log less
 * often (STORE.batchCheckpointPages), and once when the run ends (the
 * returned function). Nothing changes for PostgreSQL. */
export function startBatchWrites(db: DB): () => void {
  if (engineOf(db) !== 'sqlite') return () => undefined;
  const before = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma(`wal_autocheckpoint = ${STORE.batchCheckpointPages}`);
  return () => {
    db.pragma(`wal_autocheckpoint = ${before}`);
    db.pragma('wal_checkpoint(PASSIVE)');
  };
}
