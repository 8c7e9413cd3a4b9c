// What an ingest shows while it runs: a live bar on a terminal; plain lines
// (or JSON lines for scheduled runs) when the output is a file or a pipe.
import type { FileResult, IngestEvent } from '../pipeline.ts';
import type { FileKind } from '../pipeline/kind.ts';

import { defaultJobs, PRIOR_MS, priorMs } from '../pipeline/limits.ts';

// The run's files and pages are counted before the first is read (the
// 'planned' event), and the ETA is the work left over the rate the run makes
// it. Work is pages weighed by PRIOR_MS (a scanned page over a hundred times a
// text page; a Word or text file one page). Before any file has finished, the
// rate is the priors' (one core's ms a unit, times the workers: OCR pages and
// files for LibreOffice go to a process a core); as files finish, the rate
// measured on the wall clock takes over, PRIOR_WEIGHT_MS of it standing for
// the prior.
// Measuring on the wall clock, not file by file, counts overlap once: files
// waiting for a worker, or scans whose pages share a tesseract process, are
// in flight together but not read together. A scan's pages count as
// tesseract finishes them ('pages' events), not when the file is stored.
// Between finishes the ETA counts down (the bar is redrawn every second).
export { PRIOR_MS };

/** How much the prior rate counts beside the measured one: as this many ms of run. */
export const PRIOR_WEIGHT_MS = 3000;

// read by outside processes, one a core: tesseract, LibreOffice
const outside = (k: FileKind) => k === 'scan' || k === 'image' || k === 'legacy';

export interface RunRate {
  /** work of the files finished (priorMs of their planned pages) */
  doneWork: number;
  /** wall ms from the first file's start to the last finish */
  doneMs: number;
  /** wall ms since the last finish (or the first start) */
  sinceMs: number;
}

/** Seconds left: the pages left of each kind, weighed by PRIOR_MS, over the
 * rate: the priors' (`workers` at once; OCR pages and files for LibreOffice
 * `processes` at once) until the run has measured its own. */
export function estimateSeconds(left: Record<FileKind, number>, rate: RunRate, workers: number, processes = defaultJobs()): number {
  let work = 0;
  let priorTime = 0;
  for (const [k, n] of Object.entries(left) as [FileKind, number][]) {
    if (n <= 0) continue;
    work += n * PRIOR_MS[k];
    priorTime += (n * PRIOR_MS[k]) / Math.max(1, outside(k) ? processes : workers);
  }
  if (work === 0) return 0;
  const perMs = (rate.doneWork + PRIOR_WEIGHT_MS * (work / priorTime)) / (rate.doneMs + PRIOR_WEIGHT_MS);
  const projected = work / perMs;
  // behind its own projection, a run with work left still shows a second, not 0:00
  return Math.max(Math.min(1000, projected), projected - rate.sinceMs) / 1000;
}

export type LogFormat = 'text' | 'json';

/** A file's own time, and apart from it the time it waited (for a worker,
 * or on other files sharing a tesseract or LibreOffice run). */
export function timeOf(r: FileResult): string {
  if (r.readMs === undefined) return `${r.ms} ms`;
  const own = r.readMs + (r.storeMs ?? 0);
  const waited = r.ms - own;
  return waited >= 10 ? `${own} ms + ${waited} ms waiting` : `${r.ms} ms`;
}

export function resultLine(r: FileResult): string {
  if (r.status === 'imported') return `imported  ${r.path}  (${r.format}/${r.extractor}, ${r.pages ?? 0} pages, ${r.records} actions, ${r.repairs} repairs, ${timeOf(r)})`;
  if (r.status === 'skipped') return `skipped   ${r.path}  (${r.reason})`;
  return `FAILED    ${r.path}  [${r.stage}] ${r.reason}`;
}

function clock(s: number): string {
  if (!Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.round(s % 60)).padStart(2, '0')}`;
}

export class Reporter {
  private done = 0;
  private found = 0;
  private pages = 0;
  private current = '';
  /** pages still to do, by kind */
  private left: Record<FileKind, number> = { docx: 0, pdf: 0, scan: 0, image: 0, text: 0, legacy: 0, other: 0 };
  private totalPages = 0;
  private kindOf = new Map<string, { kind: FileKind; pages: number }>();
  private parallel = 1;
  private readonly t0 = Date.now();
  private lastDraw = 0;
  /** the first file's start, the last finish, and the work finished */
  private firstStart: number | null = null;
  private lastDone: number | null = null;
  private doneWork = 0;
  /** OCR pages of files in flight already read (and counted) */
  private readPages = new Map<string, number>();
  /** redraws the bar while a long file (a scan) gives no events */
  private ticker: NodeJS.Timeout | null = null;

  constructor(
    private readonly mode: { tty: boolean; quiet: boolean; format: LogFormat; summaryJson: boolean },
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  onEvent = (e: IngestEvent): void => {
    if (e.type === 'planned') {
      this.found = e.total;
      this.left = { ...e.pages };
      this.totalPages = Object.values(e.pages).reduce((a, b) => a + b, 0);
      this.parallel = Math.max(1, e.jobs);
    }
    if (e.type === 'found') {
      this.found = Math.max(this.found, e.total);
      this.kindOf.set(e.path, { kind: e.kind, pages: e.pages });
    }
    if (e.type === 'start') {
      this.current = e.path;
      this.firstStart ??= Date.now();
    }
    if (e.type === 'pages') {
      // a scan's pages as tesseract finishes them: the rate need not wait for the file
      const planned = this.kindOf.get(e.path);
      const read = this.readPages.get(e.path) ?? 0;
      const n = planned ? Math.max(0, Math.min(e.pages, planned.pages - read)) : 0;
      if (planned && n > 0) {
        this.readPages.set(e.path, read + n);
        this.pages += n;
        this.left[planned.kind] = Math.max(0, this.left[planned.kind] - n);
        this.doneWork += n * PRIOR_MS[planned.kind];
        this.lastDone = Date.now();
      }
    }
    if (e.type === 'file') {
      this.done++;
      const read = this.readPages.get(e.result.path) ?? 0;
      this.readPages.delete(e.result.path);
      this.pages += Math.max(0, (e.result.pages ?? 0) - read);
      const planned = this.kindOf.get(e.result.path);
      if (planned) {
        const { kind } = planned;
        this.kindOf.delete(e.result.path);
        // its pages as planned (as they were counted in what is left), less those already read
        const rest = Math.max(0, planned.pages - read);
        this.left[kind] = Math.max(0, this.left[kind] - rest);
        // a skipped file says nothing of the rate
        if (e.result.status !== 'skipped') {
          this.doneWork += rest > 0 ? priorMs(kind, rest) : 0;
          this.lastDone = Date.now();
        }
      }
      this.log(e.result);
    }
    if (this.mode.tty && !this.mode.quiet) {
      this.draw(e.type === 'file');
      this.ticker ??= setInterval(() => this.draw(false), 1000).unref();
    }
  };

  private log(r: FileResult): void {
    if (this.mode.format === 'json') {
      this.clearBar();
      this.out.write(JSON.stringify({ at: new Date().toISOString(), event: 'file', ...r }) + '\n');
      return;
    }
    if (this.mode.quiet && r.status !== 'failed') return;
    if (this.mode.summaryJson && r.status !== 'failed') return;
    this.clearBar();
    this.out.write(resultLine(r) + '\n');
  }

  private clearBar(): void {
    if (this.mode.tty && !this.mode.quiet) this.out.write('\r\x1b[K');
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const total = Math.max(this.found, this.done);
    const width = 24;
    const filled = total ? Math.round((this.done / total) * width) : 0;
    const elapsed = (now - this.t0) / 1000;
    const from = this.firstStart ?? now;
    const rate = { doneWork: this.doneWork, doneMs: this.lastDone === null ? 0 : this.lastDone - from, sinceMs: now - (this.lastDone ?? from) };
    const eta = this.done < total ? estimateSeconds(this.left, rate, this.parallel) : 0;
    const cols = this.out.columns ?? 100;
    let line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${total} files  ${this.pages}${this.totalPages > this.pages ? `/${this.totalPages}` : ''} pages  ${clock(elapsed)} elapsed  ETA ${clock(eta)}  ${this.current}`;
    if (line.length > cols - 1) line = line.slice(0, cols - 2) + '…';
    this.out.write('\r\x1b[K' + line);
  }

  finish(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.clearBar();
  }
}
