// V8 flags are process-wide: set once, before the ingest compiles its hot
// code and before any worker (a new isolate, which reads them at its start).
import { setFlagsFromString } from 'node:v8';
import { JIT_FLAGS } from './limits.ts';

let done = false;

export function tuneJit(): void {
  if (done || process.env.PLAN_INGEST_DEFAULT_JIT) return;
  done = true;
  for (const f of JIT_FLAGS) setFlagsFromString(f);
}
