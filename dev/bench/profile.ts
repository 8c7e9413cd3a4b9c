// Reading a V8 .cpuprofile (node --cpu-prof): where the time went, by function
// (self and inclusive time) and by file or package, so a slow spot can be named
// precisely (file, function, share of the run).
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  /** "function (place:line)" */
  name: string;
  /** where: a project file (src/...), a package name, or node's own code */
  where: string;
  selfMs: number;
  totalMs: number;
  selfShare: number;
  totalShare: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  /** top functions by self time */
  functions: ProfileLine[];
  /** the project's own functions (src/...) by inclusive time: what each stage costs */
  stages: ProfileLine[];
  places: { where: string; selfMs: number; share: number }[];
}

/** Short place name: src/... for project files, the package for node_modules. */
export function placeOf(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  if (url.startsWith('node:')) return 'node';
  return url.replace(/^file:\/\//, '');
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

export function summariseProfile(file: string, top = 15): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  const key = (n: ProfileNode) => {
    const f = n.callFrame;
    if (SPECIAL.has(f.functionName)) return f.functionName;
    const place = placeOf(f.url);
    // tsx compiles project files to few long lines: the line says nothing there
    return `${f.functionName || '(anonymous)'} (${place.startsWith('src/') ? place : `${place}:${f.lineNumber + 1}`})`;
  };
  const fnSelf = new Map<string, number>();
  const fnTotal = new Map<string, number>();
  const fnWhere = new Map<string, string>();
  const placeSelf = new Map<string, number>();
  let idle = 0;
  let total = 0;
  // the profiler's own start and stop calls (dev/bench/runner.ts) are not the pipeline
  const ours = (id: number): boolean => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      if (byId.get(cur)!.callFrame.url.includes('/dev/bench/')) return true;
    }
    return false;
  };
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    if (ours(id)) continue;
    total += us;
    if (n.callFrame.functionName === '(idle)') idle += us;
    const k = key(n);
    fnSelf.set(k, (fnSelf.get(k) ?? 0) + us);
    const where = SPECIAL.has(n.callFrame.functionName) ? n.callFrame.functionName : placeOf(n.callFrame.url);
    fnWhere.set(k, where);
    placeSelf.set(where, (placeSelf.get(where) ?? 0) + us);
    // inclusive: every distinct function on the stack gets the sample's time
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur)!;
      const ck = key(node);
      if (seen.has(ck)) continue;
      seen.add(ck);
      fnTotal.set(ck, (fnTotal.get(ck) ?? 0) + us);
      if (!fnWhere.has(ck)) fnWhere.set(ck, SPECIAL.has(node.callFrame.functionName) ? node.callFrame.functionName : placeOf(node.callFrame.url));
    }
  }
  const busy = Math.max(1, total - idle);
  const line = (name: string): ProfileLine => {
    const s = fnSelf.get(name) ?? 0;
    const t = fnTotal.get(name) ?? s;
    return { name, where: fnWhere.get(name) ?? '', selfMs: s / 1000, totalMs: t / 1000, selfShare: s / busy, totalShare: t / busy };
  };
  const functions = [...fnSelf.keys()]
    .filter((k) => !SPECIAL.has(k) || k === '(garbage collector)')
    .map(line)
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
  const stages = [...fnTotal.keys()]
    .map(line)
    .filter((l) => l.where.startsWith('src/') && !l.where.startsWith('dev/bench/'))
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, top);
  const places = [...placeSelf.entries()]
    .filter(([w]) => w !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, us]) => ({ where, selfMs: us / 1000, share: us / busy }));
  return { totalMs: total / 1000, idleMs: idle / 1000, functions, stages, places };
}
