// Ingesting files into a database. The folders are walked first, so the run
// knows its size; files then go through a bounded queue; parsing runs in worker
// threads (or in-process with jobs 0, or automatically for a small batch); the
// database is written from this thread only, one transaction per document.
// A failure is recorded and the run goes on.
import type { DB } from './store/db.ts';
import { InputError, type NormalisedDocument } from './model.ts';
import { findFiles, type PathProblem } from './pipeline/files.ts';
import type { ProcessOptions } from './pipeline/process.ts';
import { asInputError, loadSource } from './pipeline/source.ts';
import { WorkerPool } from './pipeline/pool.ts';
import { AUTO_POOL_MIN_MS, DEFAULT_TIMEOUT_MS, defaultJobs, FILES_PER_WORKER, GATHERED_FILES_IN_FLIGHT, OCR_PAGES_IN_FLIGHT, PRIOR_MS, priorMs } from './pipeline/limits.ts';
import { planLanes, takeFile, type PlannedFile } from './pipeline/lanes.ts';
import { loadOcr } from './readers/ocr-loader.ts';
import { sniffFile, type FileKind, type FilePlan } from './pipeline/kind.ts';
import { tuneJit } from './pipeline/jit.ts';
import { findDocumentBySha } from './store/documents.ts';
import { ensureThemes } from './research/themes.ts';
import { themeDocument } from './pipeline/themes.ts';
import { storeAndLink } from './pipeline/link.ts';
import { ensurePlans } from './identity/link.ts';
import { finishRun, recordFailure, startBatchWrites, startRun } from './store/runs.ts';

export interface IngestOptions extends ProcessOptions {
  /** re-import files whose bytes are already stored */
  force?: boolean;
  /** parallel workers; 0 processes in this thread (no time limit); 'auto':
   * in this thread for a small batch, else one worker per core */
  jobs?: number | 'auto';
  /** per-file time limit (ms), enforced in worker mode */
  timeoutMs?: number;
  /** with jobs 'auto': the time limit was asked for, so use a worker even for one file */
  requireTimeLimit?: boolean;
  onEvent?: (e: IngestEvent) => void;
  /** stop starting new files when this returns true (Ctrl-C) */
  shouldStop?: () => boolean;
}

export { DEFAULT_TIMEOUT_MS, defaultJobs } from './pipeline/limits.ts';

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
  /** from the file's start to its result, waits included (for a worker, for
   * other files that shared a tesseract or LibreOffice run) */
  ms: number;
  /** of an imported file, its own time: loading, hashing and reading it into
   * records, in whichever thread read it ... */
  readMs?: number;
  /** ... and writing it to the store */
  storeMs?: number;
}

export type IngestEvent =
  /** the folders are walked: every file the run will try, by kind */
  | { type: 'planned'; total: number; kinds: Record<FileKind, number>; pages: Record<FileKind, number>; jobs: number }
  | { type: 'found'; path: string; total: number; kind: FileKind; pages: number }
  | { type: 'start'; path: string }
  /** OCR pages of a file just read (the file's result follows) */
  | { type: 'pages'; path: string; pages: number }
  | { type: 'file'; result: FileResult };

export interface RunSummary {
  runId: number;
  status: 'ok' | 'failed' | 'interrupted';
  files: FileResult[];
  counts: { files_seen: number; imported: number; skipped: number; failed: number };
  pages: number;
  ms: number;
  /** workers used (0: in the command's own thread) */
  jobs: number;
}

export async function ingestPaths(db: DB, paths: string[], opts: IngestOptions = {}): Promise<RunSummary> {
  const t0 = performance.now();
  tuneJit();
  const { onEvent, shouldStop, ...recorded } = opts;
  const runId = startRun(db, { paths, ...recorded });
  // actions themed by an older model (or none: databases from before themes) are themed again now
  ensureThemes(db);
  ensurePlans(db);
  const endBatch = startBatchWrites(db);
  const files: FileResult[] = [];
  const counts = { files_seen: 0, imported: 0, skipped: 0, failed: 0 };
  let pages = 0;
  const problems: PathProblem[] = [];
  const inFlight = new Set<string>();
  // every file first (a walk costs little beside reading), so the progress
  // knows the whole run and a small batch can skip starting workers
  const planned: ({ path: string } & FilePlan)[] = [];
  const kinds: Record<FileKind, number> = { docx: 0, pdf: 0, scan: 0, image: 0, text: 0, legacy: 0, other: 0 };
  const kindPages: Record<FileKind, number> = { ...kinds };
  // a number of workers asked for: they start while the folders are walked
  const newPool = (size: number) => new WorkerPool({ size, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  let pool = typeof opts.jobs === 'number' && opts.jobs > 0 ? newPool(opts.jobs) : null;
  pool?.warm();
  let yielded = performance.now();
  for await (const f of findFiles(paths, problems)) {
    if (shouldStop?.()) break;
    const plan = await sniffFile(f.path);
    const { kind, pages } = plan;
    kinds[kind]++;
    kindPages[kind] += pages;
    planned.push({ path: f.path, ...plan });
    // sniffing reads synchronously: let a Ctrl-C through now and then
    if (performance.now() - yielded > 50) {
      await new Promise(setImmediate);
      yielded = performance.now();
    }
  }
  const jobs = chooseJobs(opts.jobs, kinds, opts.requireTimeLimit, kindPages);
  // with workers, files for LibreOffice are still read in this thread, where
  // they are converted together (a worker converts its files one at a time);
  // in a lane of their own, after the workers' (unless each file must run
  // under the workers' time limit)
  const here = jobs > 0 && !opts.requireTimeLimit ? planned.filter((f) => f.kind === 'legacy') : [];
  // with two or more workers, one lane of files a worker, each kind in as few
  // lanes as it can be, longest files first (lanes.ts)
  const lanes = planLanes(here.length ? planned.filter((f) => f.kind !== 'legacy') : planned, jobs);
  const workerLanes = lanes.slice();
  const hereLane = here.length ? lanes.push(here) - 1 : -1;
  onEvent?.({ type: 'planned', total: planned.length, kinds, pages: kindPages, jobs });
  if (!pool && jobs > 0) pool = newPool(jobs);
  // pdf.js before the first file when scans need it: loaded later, it throws
  // away optimised code; text-layer PDFs mostly never load it (readers/index.ts),
  // nor do scans whose pages the fast reader places (kind.ts).
  // With lanes, only in the workers whose lanes hold such scans.
  const needsPdf = (f: FilePlan) => f.kind === 'scan' && f.pdfjs !== false;
  const prepared = workerLanes.map((l) => l.some(needsPdf));
  if (!pool) await (await import('./readers/index.ts')).prepareReaders({ pdf: prepared[0]! });
  else if (jobs > 1) prepared.forEach((pdf, i) => pool!.prepare({ pdf }, i));
  else pool.prepare({ pdf: prepared[0]! });
  // OCR workers per processing thread: the cores shared out, never fewer than one
  const ocrWorkers = opts.ocrWorkers ?? (jobs > 0 ? Math.max(1, Math.floor(defaultJobs() / jobs)) : defaultJobs());
  const processOpts: ProcessOptions = {
    repair: opts.repair, ocr: opts.ocr, tessdata: opts.tessdata, maxPages: opts.maxPages,
    maxPixels: opts.maxPixels, maxFileBytes: opts.maxFileBytes, ocrWorkers, convertTimeoutMs: opts.convertTimeoutMs,
  };

  const note = (r: FileResult) => {
    files.push(r);
    counts[r.status]++;
    pages += r.pages ?? 0;
    if (r.status === 'failed') recordFailure(db, runId, r.path, r.stage ?? 'read', r.reason ?? 'unknown error');
    onEvent?.({ type: 'file', result: r });
  };
  const flushProblems = () => {
    while (problems.length) {
      const p = problems.shift()!;
      note({ path: p.path, status: 'failed', stage: 'detect', reason: p.reason, ms: 0 });
    }
  };

  const one = (path: string, more: Pick<FileContext, 'lane' | 'read' | 'inThread'>) =>
    ingestFile({ db, runId, pool, processOpts, force: opts.force, maxFileBytes: opts.maxFileBytes, inFlight, onEvent, ...more }, path);

  let interrupted = false;
  // a lane's files in flight: with a worker, two (while this thread reads one
  // file and stores another, the worker already has its next); in this thread,
  // one, or several scans and page images together, whose pages then share
  // tesseract processes (readers/ocr/gather.ts), and files for LibreOffice,
  // converted together (readers/libreoffice.ts), with one other file beside
  // them, bounded by GATHERED_FILES_IN_FLIGHT and OCR_PAGES_IN_FLIGHT
  const perLane = jobs > 0 ? FILES_PER_WORKER : 1;
  const isOcr = (k: FileKind) => k === 'scan' || k === 'image';
  const gather = !pool && planned.some((f) => isOcr(f.kind)) ? (await loadOcr()).expectOcr : null;
  const convert = (!pool || hereLane >= 0) && planned.some((f) => f.kind === 'legacy') ? (await import('./readers/libreoffice.ts')).expectConversion : null;
  const expectOf = (k: FileKind) => (isOcr(k) ? gather : k === 'legacy' ? convert : null);
  // each lane's files in flight, by PRIOR_MS
  const busyMs = lanes.map(() => 0);
  const runLane = async (lane: number) => {
    const live = new Map<Promise<void>, { gathered: boolean; pages: number; ms: number }>();
    let livePages = 0;
    const inThread = !pool || lane === hereLane;
    const fits = (f: PlannedFile) => {
      if (live.size === 0) return true;
      if (!inThread || (!gather && !convert)) return live.size < perLane;
      // beside the files waiting on tesseract or LibreOffice, one other file at
      // a time, so the walk goes on to the next of them in a folder of mixed kinds
      let gathered = 0;
      for (const l of live.values()) if (l.gathered) gathered++;
      if (!expectOf(f.kind)) return gathered === live.size;
      return gathered < GATHERED_FILES_IN_FLIGHT && livePages + f.pages <= OCR_PAGES_IN_FLIGHT;
    };
    // another lane's file only when this lane's worker would reach it first
    // (lanes.ts); else wait for a file of this lane to finish and look again
    // (this thread's lane keeps to its own files, the workers to theirs)
    const next = async () => {
      for (;;) {
        if (lane === hereLane) return here.shift();
        const f = takeFile(workerLanes, lane, busyMs);
        if (f || live.size === 0 || !workerLanes.some((l) => l.length)) return f;
        await Promise.race(live.keys());
      }
    };
    for (let f = await next(); f; f = await next()) {
      while (!fits(f)) await Promise.race(live.keys());
      flushProblems();
      if (shouldStop?.()) {
        interrupted = true;
        break;
      }
      // a scan taken from another lane: its worker loads pdf.js first
      if (pool && jobs > 1 && needsPdf(f) && !prepared[lane]) pool.prepare({ pdf: (prepared[lane] = true) }, lane);
      counts.files_seen++;
      onEvent?.({ type: 'found', path: f.path, total: counts.files_seen, kind: f.kind, pages: f.pages });
      // said before the file starts, so no request goes alone while it loads
      const read = expectOf(f.kind)?.();
      const job = one(f.path, { lane: jobs > 1 && !inThread ? lane : undefined, read, inThread: lane === hereLane }).then(note);
      const entry = { gathered: read !== undefined, pages: f.pages, ms: priorMs(f.kind, f.pages) };
      live.set(job, entry);
      livePages += entry.pages;
      busyMs[lane] += entry.ms;
      void job.finally(() => {
        live.delete(job);
        livePages -= entry.pages;
        busyMs[lane] -= entry.ms;
      });
    }
    await Promise.all(live.keys());
  };
  try {
    await Promise.all(lanes.map((_, i) => runLane(i)));
    flushProblems();
  } finally {
    endBatch();
    await pool?.close();
    // in-process OCR workers would keep the process alive (a .ppt read here may be a scan)
    if (!pool || hereLane >= 0) await (await import('./readers/index.ts')).closeReaders();
  }
  if (shouldStop?.()) interrupted = true;
  const status = interrupted ? 'interrupted' : counts.failed ? 'failed' : 'ok';
  finishRun(db, runId, status, counts);
  return { runId, status, files, counts, pages, ms: Math.round(performance.now() - t0), jobs };
}

export interface FileContext {
  db: DB;
  runId: number | null;
  /** worker threads with the per-file time and memory limits; null: in this thread */
  pool: WorkerPool | null;
  processOpts: ProcessOptions;
  force?: boolean;
  maxFileBytes?: number;
  /** bytes being processed now: the same bytes twice are stored once */
  inFlight: Set<string>;
  onEvent?: (e: IngestEvent) => void;
  /** the bytes must have this sha256 (a queued file changed since it was queued fails) */
  expectSha256?: string;
  /** the path stored for the file, when it is read from another (a shared mount) */
  storedPath?: string;
  /** the worker that reads it (lanes.ts); any when absent */
  lane?: number;
  /** called once the file is read (or has failed): its OCR pages, if any, are all handed over */
  read?: () => void;
  /** read in this thread even though there are workers */
  inThread?: boolean;
}

/** One file through the pipeline into the store (one transaction). Never
 * throws: a failure comes back as a result with its stage and reason. */
export async function ingestFile(ctx: FileContext, path: string): Promise<FileResult> {
  const { db, runId, pool, processOpts, inFlight, onEvent } = ctx;
  const shown = ctx.storedPath ?? path;
  const t = performance.now();
  const done = (r: Omit<FileResult, 'ms' | 'path'>): FileResult => ({ path: shown, ...r, ms: Math.round(performance.now() - t) });
  let sha: string | null = null;
  try {
    onEvent?.({ type: 'start', path: shown });
    const { file, bytes, mtime } = await loadSource(path, ctx.maxFileBytes);
    if (ctx.expectSha256 && file.sha256 !== ctx.expectSha256) throw new InputError('the file changed after it was queued (other sha256)', 'read');
    if (ctx.storedPath) file.path = ctx.storedPath;
    if (!ctx.force) {
      const existing = findDocumentBySha(db, file.sha256);
      if (existing) return done({ status: 'skipped', reason: existing.path === file.path ? 'unchanged' : `same bytes as ${existing.path}` });
    }
    if (inFlight.has(file.sha256)) return done({ status: 'skipped', reason: 'same bytes as another file in this run' });
    sha = file.sha256;
    inFlight.add(sha);
    let doc: NormalisedDocument;
    // its own time: loading it, and reading it less what it waited on other files
    const tRead = performance.now();
    let readMs = tRead - t;
    let waited = 0;
    const opts = {
      ...processOpts,
      onPages: onEvent && ((pages: number) => onEvent({ type: 'pages', path: shown, pages })),
      onWait: (ms: number) => (waited += ms),
    };
    try {
      if (pool && !ctx.inThread) {
        const read = await pool.process(bytes, file.source, opts, ctx.lane);
        doc = read.doc;
        readMs += read.ms;
      } else {
        doc = await (await import('./pipeline/process.ts')).processBytes(bytes, opts, file.source);
        readMs += Math.max(0, performance.now() - tRead - waited);
      }
    } finally {
      ctx.read?.();
    }
    if (!doc.themes) {
      const tThemes = performance.now();
      themeDocument(doc);
      readMs += performance.now() - tThemes;
    }
    let saved;
    const tStore = performance.now();
    try {
      // (the modification time seen when it was read, unless it is stored under another path)
      saved = storeAndLink(db, file, doc, runId, ctx.force, ctx.storedPath ? undefined : mtime);
    } catch (err) {
      throw new InputError(`database write failed: ${(err as Error).message}`, 'store');
    }
    const storeMs = performance.now() - tStore;
    if (saved.documentId === null) return done({ status: 'skipped', reason: 'same bytes stored meanwhile by another run' });
    const repairs = doc.records.reduce((n, r) => n + r.provenance.repairs.length, 0);
    return done({
      status: 'imported', records: doc.records.length, repairs, format: doc.format, extractor: doc.extractor, pages: doc.pageCount,
      readMs: Math.round(readMs), storeMs: Math.round(storeMs),
    });
  } catch (err) {
    const e = asInputError(err, 'read');
    return done({ status: 'failed', stage: e.stage, reason: e.message });
  } finally {
    ctx.read?.();
    if (sha) inFlight.delete(sha);
  }
}

/** Workers pay for their start (each loads the whole pipeline) only over
 * enough work, spread over more than one file, and with a second core. Files
 * for LibreOffice do not count as work for them: in this thread they are
 * converted together, as many runs at once as cores (readers/libreoffice.ts). */
export function chooseJobs(jobs: IngestOptions['jobs'], kinds: Record<FileKind, number>, requireTimeLimit = false, pages: Record<FileKind, number> = kinds): number {
  if (jobs === undefined) return 0;
  if (jobs !== 'auto') return jobs;
  const cores = defaultJobs();
  let files = 0;
  let work = 0;
  for (const [k, n] of Object.entries(kinds) as [FileKind, number][]) {
    files += n;
    if (k !== 'legacy') work += (pages[k] ?? n) * PRIOR_MS[k];
  }
  if (cores >= 2 && files >= 2 && work >= AUTO_POOL_MIN_MS) return Math.min(cores, files);
  return requireTimeLimit ? 1 : 0;
}
