// Scanned files ingested together in the command's own thread: their pages go
// to one tesseract process (readers/ocr/gather.ts), each file is still stored
// with its own records, and a broken scan among them fails alone; a file of
// another kind among them does not split them. The real
// binary runs behind a logging shim on the PATH, so the processes can be counted.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths, type FileResult } from '../src/pipeline.ts';
import { openDatabase } from '../src/store/db.ts';
import { nativeTesseract, recogniseNativeList } from '../src/readers/ocr/native.ts';
import { decodeImage } from '../src/readers/ocr/decode-image.ts';
import { toPgm } from '../src/readers/ocr/gray.ts';

const work = mkdtempSync(path.join(tmpdir(), 'ocr-gather-'));
const scans = path.join(work, 'scans');
const log = path.join(work, 'tesseract.log');
const real = process.env.PATH!;
// 1, 2 and 2 pages
const plans = ['thurrock-cvs-ni7-report', 'norfolk-ni7-laa-action-plan', 'thurrock-ni7-action-plan'];
const gold = (plan: string) => (JSON.parse(readFileSync(`fixtures/corpus/${plan}/gold.json`, 'utf8')) as { records: unknown[] }).records.length;

beforeAll(() => {
  mkdirSync(scans);
  for (const p of plans) copyFileSync(`fixtures/corpus/${p}/scan.pdf`, path.join(scans, `${p}.pdf`));
  // a Word file between the scans in the walk's order: read beside them, it
  // does not keep the scans after it out of the shared process
  copyFileSync(`fixtures/corpus/${plans[0]}/plan.docx`, path.join(scans, `${plans[0]}.docx`));
  // a scan cut in half: found as a scan by the walk, unreadable by pdf.js
  const whole = readFileSync(`fixtures/corpus/${plans[2]}/scan.pdf`);
  writeFileSync(path.join(scans, 'broken.pdf'), whole.subarray(0, whole.length >> 1));
  // logs each run's arguments and the lines of its list on stdin (a PGM on
  // stdin counts as one), then runs the real binary on the same input; with
  // FAIL_LISTS_OVER=n a list of more than n images fails as a crash would
  const bin = path.join(work, 'bin');
  mkdirSync(bin);
  const shim = path.join(bin, 'tesseract');
  const tesseract = JSON.stringify(execFileSync('which', ['tesseract'], { encoding: 'utf8' }).trim());
  writeFileSync(shim, `#!/bin/sh
case "$1" in --*) exec ${tesseract} "$@";; esac
in=$(mktemp)
cat > "$in"
if head -c 2 "$in" | grep -q P5; then n=1; else n=$(wc -l < "$in"); fi
echo "$n" >> ${JSON.stringify(log)}
if [ -n "$FAIL_LISTS_OVER" ] && [ "$n" -gt "$FAIL_LISTS_OVER" ]; then rm -f "$in"; exit 3; fi
${tesseract} "$@" < "$in"; s=$?
rm -f "$in"
exit $s
`);
  chmodSync(shim, 0o755);
  process.env.PATH = `${bin}:${real}`;
});

afterAll(() => {
  process.env.PATH = real;
  delete process.env.FAIL_LISTS_OVER;
  rmSync(work, { recursive: true, force: true });
});

const runs = () => readFileSync(log, 'utf8').trim().split('\n').map(Number);

let lastRunMs = 0;
async function ingest(): Promise<Map<string, FileResult>> {
  writeFileSync(log, '');
  const db = openDatabase(':memory:');
  try {
    const run = await ingestPaths(db, [scans], { jobs: 0, ocrWorkers: 1 });
    lastRunMs = run.ms;
    return new Map(run.files.map((f) => [path.basename(f.path).replace(/\.pdf$/, ''), f]));
  } finally {
    db.close();
  }
}

function expectEachStored(files: Map<string, FileResult>): void {
  expect(files.size).toBe(5);
  expect(files.get(`${plans[0]}.docx`)?.status).toBe('imported');
  for (const p of plans) {
    expect(files.get(p)?.status, p).toBe('imported');
    expect(files.get(p)?.records, p).toBe(gold(p));
  }
  expect(files.get('broken')?.status).toBe('failed');
  expect(files.get('broken')?.stage).toBe('read');
}

describe('scans read together', () => {
  it('the pages of several scanned files go to one tesseract process; a broken scan fails alone', async () => {
    expect(nativeTesseract()).not.toBeNull();
    const files = await ingest();
    expectEachStored(files);
    // one process read the three files' five pages
    expect(runs()).toEqual([5]);
    // each file's own time counts its own pages, not the others' it waited on
    // (only the thread's moments on the others' preparation, read side by side)
    const scanned = plans.map((p) => files.get(p)!);
    expect(scanned.reduce((n, f) => n + f.readMs!, 0)).toBeLessThanOrEqual(lastRunMs * 1.25);
    expect(scanned.reduce((n, f) => n + f.ms, 0)).toBeGreaterThan(lastRunMs * 1.5);
    const last = scanned.reduce((a, b) => (b.ms > a.ms ? b : a));
    expect(last.readMs!).toBeLessThan(last.ms / 2);
  }, 240_000);

  it('a page is handed over when tesseract has written it, not when the next page starts', async () => {
    const [img] = await decodeImage(readFileSync('fixtures/corpus/thurrock-cvs-ni7-report/page1.png'));
    const pgm = toPgm(img!);
    const t0 = performance.now();
    const at: number[] = [];
    await recogniseNativeList([pgm, pgm], { lang: 'eng', psm: 6, dpi: 0, workers: 1 }, (i) => (at[i] = performance.now() - t0));
    const end = performance.now() - t0;
    // the same page twice: the first is done about halfway through the run
    expect(at[0]!).toBeLessThan(end * 0.75);
    expect(at[1]! - at[0]!).toBeGreaterThan(end * 0.25);
  }, 120_000);

  it('when the shared process fails, each file is read by a process of its own', async () => {
    process.env.FAIL_LISTS_OVER = '2';
    try {
      const files = await ingest();
      expectEachStored(files);
      expect(runs().sort()).toEqual([1, 2, 2, 5]);
    } finally {
      delete process.env.FAIL_LISTS_OVER;
    }
  }, 240_000);
});
