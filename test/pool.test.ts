// The worker pool as the ingest uses it: started before the first file, and
// documents come back themed, so the main thread only writes them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../src/pipeline/pool.ts';
import { themeModel } from '../src/research/themes.ts';
import { ingestPaths, type IngestEvent } from '../src/pipeline.ts';
import { openDatabase } from '../src/store/db.ts';
import { planLanes, takeFile } from '../src/pipeline/lanes.ts';
import { sniffFile } from '../src/pipeline/kind.ts';
import { priorMs } from '../src/pipeline/limits.ts';
import { fixture, plans } from './helpers/fixtures.ts';

const dir = path.resolve('fixtures/corpus/thurrock-ni7-action-plan');
const pool = new WorkerPool({ size: 2, timeoutMs: 120_000 });

afterAll(async () => {
  await pool.close();
});

describe('worker pool', () => {
  it('warmed workers read files in parallel and theme every record', async () => {
    pool.warm();
    const [docx, tsv] = await Promise.all([
      pool.process(new Uint8Array(readFileSync(path.join(dir, 'plan.docx'))), 'plan.docx', {}),
      pool.process(new Uint8Array(readFileSync(path.join(dir, 'export.tsv'))), 'export.tsv', {}),
    ]);
    for (const { doc, ms } of [docx, tsv]) {
      // the worker's own time for the file, told with it
      expect(ms).toBeGreaterThan(0);
      expect(doc.records.length).toBeGreaterThan(20);
      expect(doc.themes).toHaveLength(doc.records.length);
      expect(doc.themeModel).toBe(themeModel().version);
      // the same theme the main thread would give
      expect(doc.themes![0]!.theme).toBe(themeModel().classify(doc.records[0]!).theme);
    }
  }, 120_000);
});

describe('order of a batch', () => {
  const starts = async (jobs: number, files: string[]) => {
    const db = openDatabase(':memory:');
    const order: string[] = [];
    const run = await ingestPaths(db, files, { jobs, onEvent: (e: IngestEvent) => void (e.type === 'start' && order.push(e.path)) });
    db.close();
    expect(run.counts.imported).toBe(files.length);
    return order;
  };
  // text exports (one page each by the prior) walked before a PDF of several pages
  const texts = plans().slice(0, 3).map((p) => fixture('corpus', p, 'export.tsv'));
  const pdf = fixture('corpus', 'thurrock-community-engagement-2011', 'plan.pdf'); // five pages

  it('two workers start the longest file first, so they end together', async () => {
    expect((await starts(2, [...texts, pdf]))[0]).toBe(pdf);
  }, 120_000);

  it('one lane keeps the order the folders were walked in', async () => {
    expect(await starts(1, [...texts, pdf])).toEqual([...texts, pdf]);
  }, 120_000);
});

describe('time a file took', () => {
  it('with one worker, a file waiting for it is not charged the file before', async () => {
    const db = openDatabase(':memory:');
    try {
      const files = plans().slice(0, 4).flatMap((p) => ['plan.pdf', 'export.tsv'].map((f) => fixture('corpus', p, f)));
      const run = await ingestPaths(db, files, { jobs: 1 });
      expect(run.counts.imported).toBe(files.length);
      let own = 0;
      let elapsed = 0;
      for (const f of run.files) {
        expect(f.readMs, f.path).toBeGreaterThan(0);
        expect(f.storeMs, f.path).toBeGreaterThanOrEqual(0);
        expect(f.readMs! + f.storeMs!, f.path).toBeLessThanOrEqual(f.ms + 1);
        own += f.readMs! + f.storeMs!;
        elapsed += f.ms;
      }
      // one worker reads one file at a time: its files' own times add up to
      // no more than the run, while from start to result two files overlap
      expect(own).toBeLessThanOrEqual(run.ms);
      expect(elapsed).toBeGreaterThan(run.ms);
    } finally {
      db.close();
    }
  }, 120_000);
});

describe('lanes: one kind of file a worker', () => {
  const paths = plans().slice(0, 4).flatMap((p) => ['plan.docx', 'plan.pdf', 'export.tsv'].map((f) => fixture('corpus', p, f)));
  const planned = async () => Promise.all(paths.map(async (path) => ({ path, ...(await sniffFile(path)) })));
  const cost = (f: { kind: Parameters<typeof priorMs>[0]; pages: number }) => priorMs(f.kind, f.pages);

  it('deals whole kinds to two lanes, each longest file first, the longest lane first', async () => {
    const files = await planned();
    const lanes = planLanes(files, 2);
    expect(lanes).toHaveLength(2);
    expect(lanes.flat().map((f) => f.path).sort()).toEqual([...paths].sort());
    const kindsOf = lanes.map((l) => new Set(l.map((f) => f.kind)));
    // docx, pdf and text: no kind in both lanes, and both lanes have work
    for (const k of kindsOf[0]!) expect(kindsOf[1]!.has(k)).toBe(false);
    expect(lanes.every((l) => l.length > 0)).toBe(true);
    for (const l of lanes) expect(l.map(cost)).toEqual([...l.map(cost)].sort((a, b) => b - a));
    expect(cost(lanes[0]![0]!)).toBe(Math.max(...files.map(cost)));
    // one lane: the walk's order
    expect(planLanes(files, 1)[0]!.map((f) => f.path)).toEqual(paths);
  });

  it('a lane out of files takes the shortest file of the lane with the most work left', async () => {
    const files = await planned();
    const lanes = planLanes(files, 2);
    const [big, small] = [lanes[0]!.length, lanes[1]!.length];
    const order: string[] = [];
    for (let f = takeFile(lanes, 1); f; f = takeFile(lanes, 1)) order.push(f.path);
    expect(order).toHaveLength(big + small);
    // after its own files, the other lane's from the end: shortest first
    const stolen = files.filter((f) => order.slice(small).includes(f.path)).map(cost);
    expect(order.slice(small).map((p) => cost(files.find((f) => f.path === p)!))).toEqual([...stolen].sort((a, b) => a - b));
    expect(takeFile(lanes, 0)).toBeUndefined();
  });

  it('a lane busy with a long file leaves a lane whose worker is free its own files', async () => {
    const files = await planned();
    const pdf = files.find((f) => f.kind === 'pdf')!;
    const docxs = files.filter((f) => f.kind === 'docx');
    // lane 0's worker has a file of this much work in flight; lane 1's has none
    const long = cost(pdf) * 10;
    expect(takeFile([[], [docxs[0]!]], 0, [long, 0])).toBeUndefined();
    // a lane busy with as much ahead of its last file gives that file up
    const lanes = [[], docxs.slice(0, 3)];
    expect(takeFile(lanes, 0, [0, 0])).toBe(docxs[2]);
    expect(takeFile(lanes, 0, [long, cost(docxs[0]!)])).toBeUndefined();
    expect(takeFile(lanes, 0, [0, long])).toBe(docxs[1]);
  });

  it('a text file beside a page image with two workers does not wait for the OCR', async () => {
    const db = openDatabase(':memory:');
    const done: string[] = [];
    try {
      const image = fixture('corpus', 'thurrock-cvs-ni7-report', 'page1.png');
      const text = fixture('corpus', 'thurrock-ni7-action-plan', 'export.tsv');
      const run = await ingestPaths(db, [image, text], { jobs: 2, onEvent: (e: IngestEvent) => void (e.type === 'file' && done.push(e.result.path)) });
      expect(run.counts.imported).toBe(2);
      // before, the image's lane took the text file too and read it after the OCR
      expect(done).toEqual([text, image]);
    } finally {
      db.close();
    }
  }, 120_000);

  it('two workers store the same documents as the command\'s own thread, one kind or several', async () => {
    const stored = async (jobs: number, files: string[]) => {
      const db = openDatabase(':memory:');
      const run = await ingestPaths(db, files, { jobs });
      const rows = db.prepare('SELECT d.path, count(a.id) AS n FROM documents d LEFT JOIN actions a ON a.document_id = d.id GROUP BY d.id ORDER BY d.path').all();
      db.close();
      expect(run.counts.imported).toBe(files.length);
      return rows;
    };
    expect(await stored(2, paths)).toEqual(await stored(0, paths));
    // text files only: one lane has them all, the other takes its share from the end
    const texts = paths.filter((p) => p.endsWith('.tsv'));
    expect(await stored(2, texts)).toEqual(await stored(0, texts));
  }, 240_000);
});
