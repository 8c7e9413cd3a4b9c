// Option parsers and the per-file limit options that ingest and worker share,
// so that both commands take the same limits the same way.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_MEGAPIXELS, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT_MS } from '../pipeline/limits.ts';

export function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function wholeNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number (0 or more)');
  return n;
}

export interface FileLimitOptions {
  timeout: number;
  maxFileMb: number;
  maxPages: number;
  maxMegapixels: number;
}

/** --timeout, --max-file-mb, --max-pages, --max-megapixels. */
export function fileLimitOptions(cmd: Command, timeoutHelp: string): Command {
  return cmd
    .option('--timeout <seconds>', timeoutHelp, positiveNumber, DEFAULT_TIMEOUT_MS / 1000)
    .option('--max-file-mb <n>', 'largest file to read', wholeNumber, DEFAULT_MAX_FILE_BYTES / 1048576)
    .option('--max-pages <n>', 'most pages to read from one file', wholeNumber, DEFAULT_MAX_PAGES)
    .option('--max-megapixels <n>', 'largest image to decode', wholeNumber, DEFAULT_MAX_MEGAPIXELS);
}

/** The limits as the pipeline takes them. */
export function fileLimits(o: FileLimitOptions): { timeoutMs: number; maxFileBytes: number; maxPages: number; maxPixels: number } {
  return { timeoutMs: o.timeout * 1000, maxFileBytes: o.maxFileMb * 1048576, maxPages: o.maxPages, maxPixels: o.maxMegapixels * 1e6 };
}
