import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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

export function tempDir(prefix = 'plan-ingest-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
