// The worker pool as the ingest uses it: started before the first file, and
// documents come back themed, so the main thread only writes them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../src/pipeline/pool.ts';
import { themeModel } from '../src/research/themes.ts';
import { ingestPaths, type IngestEvent } from '../src/pipeline.ts';
import { openDatabase } from '../src/store/db.ts';
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
    for (const doc of [docx, tsv]) {
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
  const pdf = fixture('corpus', 'thurrock-ni7-action-plan', 'plan.pdf');

  it('two workers start the longest file first, so they end together', async () => {
    expect((await starts(2, [...texts, pdf]))[0]).toBe(pdf);
  }, 120_000);

  it('one lane keeps the order the folders were walked in', async () => {
    expect(await starts(1, [...texts, pdf])).toEqual([...texts, pdf]);
  }, 120_000);
});
