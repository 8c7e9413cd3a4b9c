// What an ingest shows while it runs: a live bar on a terminal; plain lines
// (or JSON lines for scheduled runs) when the output is a file or a pipe.
import type { FileResult, IngestEvent } from '../pipeline.ts';

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
  private readonly t0 = Date.now();
  private lastDraw = 0;

  constructor(
    private readonly mode: { tty: boolean; quiet: boolean; format: LogFormat; summaryJson: boolean },
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  onEvent = (e: IngestEvent): void => {
    if (e.type === 'found') this.found = e.total;
    if (e.type === 'start') this.current = e.path;
    if (e.type === 'file') {
      this.done++;
      this.pages += e.result.pages ?? 0;
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
    const eta = this.done ? (elapsed / this.done) * (total - this.done) : Infinity;
    const cols = this.out.columns ?? 100;
    let line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${total} files  ${this.pages} pages  ${clock(elapsed)} elapsed  ETA ${clock(eta)}  ${this.current}`;
    if (line.length > cols - 1) line = line.slice(0, cols - 2) + '…';
    this.out.write('\r\x1b[K' + line);
  }

  finish(): void {
    this.clearBar();
  }
}
