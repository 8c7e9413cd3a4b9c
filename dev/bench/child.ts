// Running one measurement in a child process (dev/bench/runner.ts), pinned to
// given cores with taskset when it is installed, and reading back its result.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunnerJob, RunnerResult } from './runner.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNNER = fileURLToPath(new URL('./runner-entry.js', import.meta.url));

let tasksetFound: boolean | null = null;
export function hasTaskset(): boolean {
  tasksetFound ??= spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
  return tasksetFound;
}

/** A command prefixed with `taskset -c <cores>` when cores are given and
 * taskset exists. */
export function pinned(cmd: string, args: string[], cores?: number): [string, string[]] {
  if (!cores || !hasTaskset()) return [cmd, args];
  const list = Array.from({ length: cores }, (_, i) => i).join(',');
  return ['taskset', ['-c', list, cmd, ...args]];
}

export interface ChildOptions {
  /** restrict the child to this many cores (0..n-1) */
  cores?: number;
  /** extra node flags, e.g. --cpu-prof */
  nodeFlags?: string[];
  env?: NodeJS.ProcessEnv;
  /** modules imported before tsx is registered (see runner-entry.js) */
  preload?: string[];
  /** V8 flags set from code at start-up (see runner-entry.js) */
  v8Flags?: string[];
}

export interface ChildRun extends RunnerResult {
  /** from spawn to exit, as seen by the parent */
  wallMs: number;
}

export async function runChild(job: Omit<RunnerJob, 'out'>, opts: ChildOptions = {}): Promise<ChildRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-job-'));
  try {
    const out = join(dir, 'result.json');
    const jobPath = join(dir, 'job.json');
    writeFileSync(jobPath, JSON.stringify({ ...job, out }));
    const [cmd, args] = pinned(process.execPath, [...(opts.nodeFlags ?? []), RUNNER, jobPath], opts.cores);
    const t0 = performance.now();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...opts.env, BENCH_PRELOAD: (opts.preload ?? []).join(','), BENCH_V8_FLAGS: (opts.v8Flags ?? []).join(' ') } });
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err = (err + d.toString()).slice(-4000);
      });
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stderr: err }));
    });
    const wallMs = performance.now() - t0;
    if (code !== 0) throw new Error(`bench runner exited with ${code}: ${stderr.trim()}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as RunnerResult;
    return { ...result, wallMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
