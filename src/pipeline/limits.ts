// The ingest's limits and defaults, in one place and free of imports, so the
// command can show them in --help without loading the pipeline.
import { availableParallelism } from 'node:os';

export const DEFAULT_TIMEOUT_MS = 300_000;
export const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;
export const DEFAULT_MAX_PAGES = 500;
export const DEFAULT_MAX_MEGAPIXELS = 150;
export const defaultJobs = (): number => Math.max(1, availableParallelism());
/** Time a page of each kind takes on one core before any has been measured
 * (ms; Word and text files count as one page): a page for OCR costs over a
 * hundred times a text-layer page. Plans the run (--jobs auto), balances the
 * lanes and starts the ETA. Text kinds measured in-process, stored, 70 files
 * of each (5 December 2026, bench/findings.md 13): Word 29, text 31, PDF 13-14 a page. A
 * file for LibreOffice: 0.9-1.2 s, mostly its start (bench/findings.md 31). */
export const PRIOR_MS = { docx: 30, pdf: 14, scan: 4000, text: 30, image: 4000, legacy: 1000, other: 20 } as const;
/** A file's expected time on one core before any is measured (ms). */
export const priorMs = (kind: keyof typeof PRIOR_MS, pages: number): number => Math.max(1, pages) * PRIOR_MS[kind];
/** --jobs auto: a batch expected to take less than this (by PRIOR_MS) runs in
 * the command's own thread, where starting workers (each warms its own
 * isolate's compiled code) would cost more than they gain: 70 Word files or 60
 * PDFs of 156 pages (2.1-2.2 s by PRIOR_MS) took the same wall clock either way
 * on two cores, and a third more CPU with two workers */
export const AUTO_POOL_MIN_MS = 2500;
/** files in flight per worker: one being parsed, one being read or stored by
 * the main thread, so a worker never waits for the database */
export const FILES_PER_WORKER = 2;
/** in the command's own thread, scans and page images read together, their
 * pages in one tesseract process (each process costs 0.16-0.25 s of CPU), and
 * files for LibreOffice converted together (its start is about 0.9 s): at
 * most this many files, and this many pages (a 300 dpi page waits as ~9 MB) */
export const GATHERED_FILES_IN_FLIGHT = 8;
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
