// CPU time per thread of a running command, from /proc (Linux): the main
// thread, each worker thread and V8's and libuv's background threads apart.
// On a shared machine wall clock says little about scaling, but where a run's
// CPU goes (a serial main thread, compiles repeated in every isolate) does.
import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadSplit {
  mainMs: number;
  /** the busiest threads besides the main one, as many as the run had workers */
  workerMs: number[];
  /** everything else: V8's compiler and GC threads, libuv's pool */
  backgroundMs: number;
}

const TICK_MS = 1000 / 100; // USER_HZ, 100 on Linux

function threadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const t of tids) {
    try {
      const s = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      // utime and stime, fields 14 and 15 of the line (the name may hold spaces)
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(Number(t), (Number(f[11]) + Number(f[12])) * TICK_MS);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/** The process started by `pid` that runs `node` (pid itself, or a child such as GNU time's). */
function nodeOf(pid: number): number | null {
  const comm = (p: number) => {
    try {
      return readFileSync(`/proc/${p}/comm`, 'utf8').trim();
    } catch {
      return '';
    }
  };
  if (comm(pid) === 'node') return pid;
  try {
    for (const c of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)) if (c && comm(Number(c)) === 'node') return Number(c);
  } catch {
    // gone already
  }
  return null;
}

/** Samples the threads of the node process under `pid` until stop() (a
 * thread's last figure is kept after it ends: a worker ends before the process). */
export function sampleThreads(pid: number, workers: number, everyMs = 20): { stop: () => ThreadSplit | null } {
  let node: number | null = null;
  const last = new Map<number, number>();
  const sample = () => {
    node ??= nodeOf(pid);
    if (node === null) return;
    for (const [tid, ms] of threadCpu(node)) last.set(tid, Math.max(ms, last.get(tid) ?? 0));
  };
  const timer = setInterval(sample, everyMs);
  sample();
  return {
    stop: () => {
      clearInterval(timer);
      if (node === null || !last.size) return null;
      return splitThreads(node, last, workers);
    },
  };
}

export function splitThreads(mainTid: number, cpu: Map<number, number>, workers: number): ThreadSplit {
  const others = [...cpu].filter(([tid]) => tid !== mainTid).map(([, ms]) => ms).sort((a, b) => b - a);
  return {
    mainMs: cpu.get(mainTid) ?? 0,
    workerMs: others.slice(0, workers),
    backgroundMs: others.slice(workers).reduce((a, b) => a + b, 0),
  };
}
