// Several files' pages in one native tesseract process. Each process costs
// 0.16-0.25 s of CPU (the model load and its first page's warm-up), and
// tesseract reads its whole list of images before the first, so the pages
// must be gathered before it starts. A file that will hand over pages says so
// (expectOcr); while any such file is still preparing its pages, the requests
// already made wait, and they go to tesseract together once every expected
// file has made its request or finished (the barrier). A file that fails
// before its request only leaves; a shared process that fails is retried one
// process per request, so a failure stays the failing file's.
import { recogniseNativeBatch, recogniseNativeList, type NativeOptions } from './native.ts';
import type { PixelWord } from './recognise.ts';
import { Barrier } from '../barrier.ts';

interface Request {
  pgms: Uint8Array[];
  o: NativeOptions;
  /** called as each of its images is read */
  onImage?: () => void;
  /** told the time it waited: at the barrier, and for other files' pages */
  onWait?: (ms: number) => void;
  /** when it was made */
  asked: number;
  resolve: (words: PixelWord[][]) => void;
  reject: (err: unknown) => void;
}

// one process reads with one set of options
const barrier = new Barrier<Request>(
  (r) => JSON.stringify({ ...r.o, workers: 0 }),
  (group) => {
    for (const part of shareOut(group, group[0]!.o.workers)) void readTogether(part);
  },
);

/** A file that will (or may) read pages with the native engine: requests wait
 * for it until the returned function is called, or until it makes its own. */
export const expectOcr = (): (() => void) => barrier.expect();

/** Whether requests are gathered now (some file said it will read pages). */
export const gathering = (): boolean => barrier.holding;

/** Page images read with the others gathered now: words per image. */
export function recogniseGathered(pgms: Uint8Array[], o: NativeOptions, onImage?: () => void, onWait?: (ms: number) => void): Promise<PixelWord[][]> {
  return new Promise((resolve, reject) => barrier.add({ pgms, o, onImage, onWait, asked: performance.now(), resolve, reject }));
}

/** Read alone, from now: all it waited was before. */
function readAlone(r: Request): Promise<void> {
  const start = performance.now();
  return recogniseNativeBatch(r.pgms, r.o, r.onImage).then((words) => {
    r.onWait?.(start - r.asked);
    r.resolve(words);
  }, r.reject);
}

/** Requests split into at most `workers` parts of about equal pages, in order. */
function shareOut(requests: Request[], workers: number): Request[][] {
  const pages = requests.reduce((n, r) => n + r.pgms.length, 0);
  const per = Math.ceil(pages / Math.max(1, Math.min(workers, requests.length)));
  const parts: Request[][] = [[]];
  let inPart = 0;
  for (const r of requests) {
    if (inPart > 0 && inPart + r.pgms.length > per) {
      parts.push([]);
      inPart = 0;
    }
    parts[parts.length - 1]!.push(r);
    inPart += r.pgms.length;
  }
  return parts;
}

async function readTogether(part: Request[]): Promise<void> {
  if (part.length === 1) return readAlone(part[0]!);
  // each request resolves as soon as tesseract has written its last page
  const owner: { j: number; k: number }[] = [];
  const words = part.map((r, j) => {
    r.pgms.forEach((_, k) => owner.push({ j, k }));
    return [] as PixelWord[][];
  });
  const left = part.map((r) => r.pgms.length);
  const settled = new Set<Request>();
  // a page's time is from the page before it to its own words: its file's own
  const own = part.map(() => 0);
  let last = performance.now();
  try {
    await recogniseNativeList(part.flatMap((r) => r.pgms), part[0]!.o, (i, w) => {
      const { j, k } = owner[i]!;
      const r = part[j]!;
      const now = performance.now();
      own[j]! += now - last;
      last = now;
      words[j]![k] = w;
      r.onImage?.();
      if (--left[j]! === 0) {
        settled.add(r);
        r.onWait?.(now - r.asked - own[j]!);
        r.resolve(words[j]!);
      }
    });
  } catch {
    // read again apart (their pages already told as read are not told twice)
    for (const r of part) if (!settled.has(r)) void readAlone({ ...r, onImage: undefined });
  }
}
