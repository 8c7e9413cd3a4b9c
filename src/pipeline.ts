// Ingesting files into a database: each file is processed on its own, then
// stored in one transaction; a failure is recorded and the run goes on.
import type { DB } from './store/db.ts';
import { InputError } from './model.ts';
import { findFiles, type PathProblem } from './pipeline/files.ts';
import { asInputError, loadSource, processBytes, type ProcessOptions } from './pipeline/process.ts';
import { findDocumentBySha, saveDocument } from './store/documents.ts';
import { finishRun, recordFailure, startRun } from './store/runs.ts';

export interface IngestOptions extends ProcessOptions {
  /** re-import files whose bytes are already stored */
  force?: boolean;
  onEvent?: (e: IngestEvent) => void;
  /** stop starting new files when this returns true (Ctrl-C) */
  shouldStop?: () => boolean;
}

export type FileStatus = 'imported' | 'skipped' | 'failed';

export interface FileResult {
  path: string;
  status: FileStatus;
  records?: number;
  repairs?: number;
  format?: string;
  extractor?: string;
  pages?: number;
  stage?: string;
  reason?: string;
  ms: number;
}

export type IngestEvent =
  | { type: 'start'; path: string }
  | { type: 'file'; result: FileResult };

export interface RunSummary {
  runId: number;
  status: 'ok' | 'failed' | 'interrupted';
  files: FileResult[];
  counts: { files_seen: number; imported: number; skipped: number; failed: number };
}

export async function ingestFile(db: DB, path: string, opts: IngestOptions, runId: number | null): Promise<FileResult> {
  const t0 = performance.now();
  const done = (r: Omit<FileResult, 'ms' | 'path'>): FileResult => ({ path, ...r, ms: Math.round(performance.now() - t0) });
  try {
    const { file, bytes } = await loadSource(path, opts.maxFileBytes);
    if (!opts.force) {
      const existing = findDocumentBySha(db, file.sha256);
      if (existing) return done({ status: 'skipped', reason: existing.path === path ? 'unchanged' : `same bytes as ${existing.path}` });
    }
    const doc = await processBytes(bytes, opts, file.source);
    try {
      saveDocument(db, file, doc, runId);
    } catch (err) {
      throw new InputError(`database write failed: ${(err as Error).message}`, 'store');
    }
    const repairs = doc.records.reduce((n, r) => n + r.provenance.repairs.length, 0);
    return done({ status: 'imported', records: doc.records.length, repairs, format: doc.format, extractor: doc.extractor, pages: doc.pageCount });
  } catch (err) {
    const e = asInputError(err, 'read');
    return done({ status: 'failed', stage: e.stage, reason: e.message });
  }
}

export async function ingestPaths(db: DB, paths: string[], opts: IngestOptions = {}): Promise<RunSummary> {
  const { onEvent, shouldStop, ...recorded } = opts;
  const runId = startRun(db, { paths, ...recorded });
  const files: FileResult[] = [];
  const counts = { files_seen: 0, imported: 0, skipped: 0, failed: 0 };
  const problems: PathProblem[] = [];
  let interrupted = false;
  const note = (r: FileResult) => {
    files.push(r);
    counts[r.status]++;
    if (r.status === 'failed') recordFailure(db, runId, r.path, r.stage ?? 'read', r.reason ?? 'unknown error');
    onEvent?.({ type: 'file', result: r });
  };
  for await (const f of findFiles(paths, problems)) {
    if (shouldStop?.()) {
      interrupted = true;
      break;
    }
    counts.files_seen++;
    onEvent?.({ type: 'start', path: f.path });
    note(await ingestFile(db, f.path, opts, runId));
    while (problems.length) note({ path: problems[0].path, status: 'failed', stage: 'detect', reason: problems.shift()!.reason, ms: 0 });
  }
  while (problems.length) note({ path: problems[0].path, status: 'failed', stage: 'detect', reason: problems.shift()!.reason, ms: 0 });
  const status = interrupted ? 'interrupted' : counts.failed ? 'failed' : 'ok';
  finishRun(db, runId, status, counts);
  return { runId, status, files, counts };
}
