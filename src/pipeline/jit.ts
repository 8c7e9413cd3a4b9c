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
 * after the code caches are read, whose flags must match the build's. */
export const jitForOneRun = {
  start(): void {
    if (process.env.PLAN_INGEST_DEFAULT_JIT) return;
    setFlagsFromString('--no-opt');
    // a regular expression compiled to machine code at its first use instead
    // of to bytecode first and machine code later: most run only a few times in
    // a short run (one .docx: about 25 ms of CPU less, the body-name patterns' Unicode classes)
    setFlagsFromString('--no-regexp-tier-up');
    // no incremental marking: a short run's old generation (about 20 MB for one
    // .docx) never needs a major GC, but the marking that starts as it grows
    // was finished by a full mark-compact after the work was done (about 15 ms)
    setFlagsFromString('--no-incremental-marking');
  },
  planned(pages: Record<FileKind, number>): void {
    if (process.env.PLAN_INGEST_DEFAULT_JIT || isShortRun(pages)) return;
    setFlagsFromString('--opt');
    setFlagsFromString('--regexp-tier-up');
    setFlagsFromString('--incremental-marking');
  },
};

/** A run (pages planned of each kind) too short for optimised code to pay for
 * its compiling: no PDF or image, and less than SHORT_RUN_MS of work by PRIOR_MS. */
export function isShortRun(pages: Record<FileKind, number>): boolean {
  if (pages.pdf + pages.scan + pages.image > 0) return false;
  let work = 0;
  for (const [k, n] of Object.entries(pages) as [FileKind, number][]) work += n * PRIOR_MS[k];
  return work < SHORT_RUN_MS;
}
