// What an ingest shows while it runs: a live bar on a terminal; plain lines
// (or JSON lines for scheduled runs) when the output is a file or a pipe.
import type { FileResult, IngestEvent } from '../pipeline.ts';
import type { FileKind } from '../pipeline/kind.ts';

import { PRIOR_MS } from '../pipeline/limits.ts';

// The run's files and pages are counted before the first is read (the
// 'planned' event). Before any file has finished, the ETA takes PRIOR_MS per
// page of each kind (a scanned page about a hundred times a text page); once
// files finish, their measured time per page replaces it, and the kinds not
// yet seen are scaled by how this machine compares.
export { PRIOR_MS };

/** Seconds left: each kind's pages still to do times its measured (or
 * prior, scaled) time per page, shared over the parallel workers. */
export function estimateSeconds(
  left: Record<FileKind, number>,
  measured: Partial<Record<FileKind, { ms: number; pages: number }>>,
  parallel: number,
): number {
  let ms = 0;
  let prior = 0;
  for (const [k, m] of Object.entries(measured) as [FileKind, { ms: number; pages: number }][]) {
    if (!m.pages) continue;
    ms += m.ms;
    prior += PRIOR_MS[k] * m.pages;
  }
  // how this machine compares with the priors, within reason: one odd file must not swing it
  const scale = prior > 0 ? Math.min(5, Math.max(0.2, ms / prior)) : 1;
  let total = 0;
  for (const [k, n] of Object.entries(left) as [FileKind, number][]) {
    if (n <= 0) continue;
    const m = measured[k];
    total += n * (m?.pages ? m.ms / m.pages : PRIOR_MS[k] * scale);
  }
  return total / 1000 / Math.max(1, parallel);
}

export type LogFormat = 'text' | 'json';

export function resultLine(r: FileResult): string {
  if (r.status === 'imported') return `imported  ${r.path}  (${r.format}/${r.extractor}, ${r.pages ?? 0} pages, ${r.records} actions, ${r.repairs} repairs, ${r.ms} ms)`;
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
  private left: Record<FileKind, number> = { docx: 0, pdf: 0, scan: 0, image: 0, text: 0, other: 0 };
  private totalPages = 0;
  private measured: Partial<Record<FileKind, { ms: number; pages: number }>> = {};
  private kindOf = new Map<string, { kind: FileKind; pages: number }>();
  private parallel = 1;
  private readonly t0 = Date.now();
  private lastDraw = 0;

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
    if (e.type === 'start') this.current = e.path;
    if (e.type === 'file') {
      this.done++;
      this.pages += e.result.pages ?? 0;
      const planned = this.kindOf.get(e.result.path);
      if (planned) {
        const { kind } = planned;
        this.kindOf.delete(e.result.path);
        this.left[kind] = Math.max(0, this.left[kind] - planned.pages);
        // skipped files cost nothing worth learning from, and the first file
        // of a run carries its start-up (modules, dictionaries, models)
        if (e.result.status !== 'skipped' && this.done > 1) {
          const m = (this.measured[kind] ??= { ms: 0, pages: 0 });
          m.ms += e.result.ms;
          m.pages += kind === 'docx' || kind === 'text' || kind === 'other' ? 1 : Math.max(1, e.result.pages ?? planned.pages);
        }
      }
      this.log(e.result);
    }
    if (this.mode.tty && !this.mode.quiet) this.draw(e.type === 'file');
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
    const eta = this.done < total ? estimateSeconds(this.left, this.measured, this.parallel) : 0;
    const cols = this.out.columns ?? 100;
    let line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${total} files  ${this.pages}${this.totalPages > this.pages ? `/${this.totalPages}` : ''} pages  ${clock(elapsed)} elapsed  ETA ${clock(eta)}  ${this.current}`;
    if (line.length > cols - 1) line = line.slice(0, cols - 2) + '…';
    this.out.write('\r\x1b[K' + line);
  }

  finish(): void {
    this.clearBar();
  }
}
