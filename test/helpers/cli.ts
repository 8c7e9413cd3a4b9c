import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './fixtures.ts';

export interface CliResult {
  status: number | null;
  /** the signal that ended it (a crash), or null */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; spawn?: { uid?: number; gid?: number } } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/plan-ingest.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
    ...opts.spawn,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const made: string[] = [];

/** Removes the folders tempDir made (test/setup.ts, after each test file; a
 * script, at its exit). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
process.on('exit', removeTempDirs);

/** A new folder in the temp folder, removed after the test file (or script) is done. */
export function tempDir(prefix = 'plan-ingest-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
