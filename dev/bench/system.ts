// The machine a benchmark ran on, recorded beside its figures.
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { hasTaskset } from './child.ts';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  os: string;
  date: string;
  /** 1-minute load average when the run started: other work on a shared machine skews every figure */
  loadStart: number;
  loadEnd?: number;
  /** single-core runs are pinned with taskset when it is installed */
  pinning: string;
}

export function machineInfo(): MachineInfo {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
    date: new Date().toISOString(),
    loadStart: round2(loadavg()[0]!),
    pinning: hasTaskset() ? 'taskset -c 0 (one core)' : 'none (taskset missing: "one core" runs use jobs 0 but are not pinned)',
  };
}

export const round2 = (v: number): number => Math.round(v * 100) / 100;
export const currentLoad = (): number => round2(loadavg()[0]!);

/** How many cores two busy threads actually get for a moment (up to 2): on a
 * shared machine, the ceiling on any two-worker speed-up measured just after. */
export async function coresFree(ms = 1000): Promise<number> {
  const { Worker } = await import('node:worker_threads');
  const code = `const { parentPort } = require('node:worker_threads');
    const t0 = Date.now(); let x = 0;
    while (Date.now() - t0 < ${ms}) x += Math.sqrt(x + 1);
    parentPort.postMessage(0);`;
  const t0 = performance.now();
  const before = process.cpuUsage();
  await Promise.all([0, 1].map(() => new Promise<void>((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once('message', () => void w.terminate().then(() => resolve()));
    w.once('error', reject);
  })));
  const used = process.cpuUsage(before);
  const wall = performance.now() - t0;
  return round2(Math.min(2, (used.user + used.system) / 1000 / wall));
}
