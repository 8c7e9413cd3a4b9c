// The ingest's limits and defaults, in one place and free of imports, so the
// command can show them in --help without loading the pipeline.
import { availableParallelism } from 'node:os';

export const DEFAULT_TIMEOUT_MS = 300_000;
export const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;
export const DEFAULT_MAX_PAGES = 500;
export const DEFAULT_MAX_MEGAPIXELS = 150;
export const defaultJobs = (): number => Math.max(1, availableParallelism());
/** Time a page of each kind takes on one core before any has been measured
 * (ms; Word and text files count as one page): a page for OCR costs about a
 * hundred times a text-layer page. Plans the run (--jobs auto) and starts the ETA. */
export const PRIOR_MS = { docx: 60, pdf: 50, scan: 4000, text: 40, image: 4000, other: 20 } as const;
/** A file's expected time on one core before any is measured (ms). */
export const priorMs = (kind: keyof typeof PRIOR_MS, pages: number): number => Math.max(1, pages) * PRIOR_MS[kind];
/** --jobs auto: a batch expected to take less than this (by PRIOR_MS) runs in
 * the command's own thread, where starting workers (each loads the pipeline,
 * about half a second of CPU) would cost more than they gain */
export const AUTO_POOL_MIN_MS = 2500;
/** files in flight per worker: one being parsed, one being read or stored by
 * the main thread, so a worker never waits for the database */
export const FILES_PER_WORKER = 2;
/** in the command's own thread, scans and page images read together, their
 * pages in one tesseract process (each process costs 0.16-0.25 s of CPU): at
 * most this many files, and this many pages (a 300 dpi page waits as ~9 MB) */
export const OCR_FILES_IN_FLIGHT = 8;
export const OCR_PAGES_IN_FLIGHT = 24;
/** V8 tiering for a batch: measured on 200 mixed files, about a third of all
 * CPU went to optimising compiles on V8's background threads, paid again by
 * every worker (each is its own isolate). A larger budget before a function
 * is optimised and less inlining cut that by 40-50% (total CPU 10-18% lower,
 * parse time per file unchanged); see bench/findings.md. */
export const JIT_FLAGS = ['--interrupt-budget=200000', '--max-inlined-bytecode-size-cumulative=300'] as const;
/** A command run whose planned work (by PRIOR_MS) is below this, with no PDF
 * or image among its files, runs without V8's optimising compiler: measured on
 * one to five Word files, its background compiles cost more CPU (0.06 s of
 * 0.36 s for one file) than the optimised code saves; pdf.js's loops gain
 * from it even on one PDF. */
export const SHORT_RUN_MS = 600;
