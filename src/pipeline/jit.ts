// V8 flags are process-wide: set once, before the ingest compiles its hot
// code and before any worker (a new isolate, which reads them at its start).
import { setFlagsFromString } from 'node:v8';
import { JIT_FLAGS, PRIOR_MS, SHORT_RUN_MS } from './limits.ts';
import type { FileKind } from './kind.ts';

let done = false;

export function tuneJit(): void {
  if (done || process.env.PLAN_INGEST_DEFAULT_JIT) return;
  done = true;
  for (const f of JIT_FLAGS) setFlagsFromString(f);
}

/** For a process that runs one ingest and ends (the command): no optimising
 * compiler nor incremental marking while the run starts (database, models) and, when the planned run
 * is short and has no PDF or image, for the whole run (SHORT_RUN_MS). Set
 * after the code caches are read, whose flags must match the build's. Never
 * changed while a worker thread runs (V8's flags are shared by every isolate of
 * the process, and changing them under a running one crashed a run): a run
 * given a number of workers starts them while it walks the folders, before it
 * is planned, so it keeps V8's defaults throughout. */
let tuned = false;
export const jitForOneRun = {
  start(jobs: number | 'auto'): void {
    if (process.env.PLAN_INGEST_DEFAULT_JIT || (typeof jobs === 'number' && jobs > 0)) return;
    tuned = true;
    setFlagsFromString('--no-opt');
    // not --no-regexp-tier-up (about 25 ms less for one .docx): switched while
    // the process runs, it crashed V8 in a pattern compiled before the switch
    // (test/bundle.test.ts); a pattern's tier is fixed by its compiling
    // no incremental marking: a short run's old generation (about 20 MB for one
    // .docx) never needs a major GC, but the marking that starts as it grows
    // was finished by a full mark-compact after the work was done (about 15 ms)
    setFlagsFromString('--no-incremental-marking');
  },
  planned(pages: Record<FileKind, number>): void {
    // called before any worker of an 'auto' run starts (pipeline.ts)
    if (!tuned || isShortRun(pages)) return;
    setFlagsFromString('--opt');
    if (!isMostlyOcr(pages)) setFlagsFromString('--incremental-marking');
  },
};

/** A run whose planned work (by PRIOR_MS) is mostly OCR waits on tesseract
 * most of its time. With incremental marking on, V8's memory reducer finds
 * the thread idle there and runs two full collections to shrink the heap
 * (about 0.25 s of CPU for the 5 corpus scans, 16 MB of heap), which a
 * process that ends soon has no use for; without it, major collections are
 * done whole when the heap needs them. */
export function isMostlyOcr(pages: Record<FileKind, number>): boolean {
  const ocr = plannedMs({ scan: pages.scan, image: pages.image });
  return ocr > 0 && ocr * 2 > plannedMs(pages);
}

/** A run (pages planned of each kind) too short for optimised code to pay for
 * its compiling: no PDF or image, and less than SHORT_RUN_MS of work in this
 * process by PRIOR_MS. */
export function isShortRun(pages: Record<FileKind, number>): boolean {
  if (pages.pdf + pages.scan + pages.image > 0) return false;
  // a file for LibreOffice waits on it: this thread's work is a Word file's
  return plannedMs({ ...pages, legacy: 0, docx: pages.docx + pages.legacy }) < SHORT_RUN_MS;
}

/** The planned pages' work by PRIOR_MS. */
function plannedMs(pages: Partial<Record<FileKind, number>>): number {
  let work = 0;
  for (const [k, n] of Object.entries(pages) as [FileKind, number][]) work += n * PRIOR_MS[k];
  return work;
}
