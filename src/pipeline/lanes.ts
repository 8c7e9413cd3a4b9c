// Which worker reads which file. Every worker is its own V8 isolate and pays
// the interpreter and the optimising compiler again for every reader it uses
// (pdf.js, the Word XML parser, the text reader), so files of one kind go to one
// worker where the batch allows it. A worker that runs out of its own files
// takes the other lanes' last (shortest) ones, so the workers end together.
import type { FileKind } from './kind.ts';
import { priorMs } from './limits.ts';

export interface PlannedFile {
  path: string;
  kind: FileKind;
  pages: number;
}

/** One lane a worker, each longest file first. Whole kinds are dealt to the
 * least loaded lane, largest kind first (by PRIOR_MS); with one lane the walk's
 * order is kept. Lanes are ordered by their first file, longest first. */
export function planLanes<F extends PlannedFile>(files: F[], lanes: number): F[][] {
  if (lanes <= 1) return [files.slice()];
  const cost = (f: F) => priorMs(f.kind, f.pages);
  const groups = new Map<FileKind, { files: F[]; ms: number }>();
  for (const f of files) {
    let g = groups.get(f.kind);
    if (!g) groups.set(f.kind, (g = { files: [], ms: 0 }));
    g.files.push(f);
    g.ms += cost(f);
  }
  const out = Array.from({ length: lanes }, () => ({ files: [] as F[], ms: 0 }));
  for (const g of [...groups.values()].sort((a, b) => b.ms - a.ms)) {
    const lane = out.reduce((min, l) => (l.ms < min.ms ? l : min));
    lane.files.push(...g.files);
    lane.ms += g.ms;
  }
  // stable sort: the walk's order among equals
  for (const l of out) l.files.sort((a, b) => cost(b) - cost(a));
  return out.map((l) => l.files).sort((a, b) => (b[0] ? cost(b[0]) : -1) - (a[0] ? cost(a[0]) : -1));
}

/** The next file for lane i: its own first, else the last of the lane with the
 * most work left (by PRIOR_MS); undefined when every lane is empty. With
 * `busyMs` (each lane's files in flight, by PRIOR_MS), only from a lane that
 * would reach that file after this lane's worker is free: a file taken from a
 * lane whose worker is idle, or nearly done, would wait longer here. */
export function takeFile<F extends PlannedFile>(lanes: F[][], i: number, busyMs?: number[]): F | undefined {
  const own = lanes[i];
  if (own?.length) return own.shift();
  let from: F[] | undefined;
  let most = 0;
  for (let j = 0; j < lanes.length; j++) {
    const l = lanes[j]!;
    if (!l.length) continue;
    let ms = 0;
    for (const f of l) ms += priorMs(f.kind, f.pages);
    const ahead = busyMs ? busyMs[j]! + ms - priorMs(l[l.length - 1]!.kind, l[l.length - 1]!.pages) : Infinity;
    if (ms > most && ahead > (busyMs?.[i] ?? 0)) {
      most = ms;
      from = l;
    }
  }
  return from?.pop();
}
