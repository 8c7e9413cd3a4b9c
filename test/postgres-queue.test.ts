// The queue: three worker processes on one PostgreSQL take the whole
// fixtures/ tree (every file ingest accepts there) and a file that always
// fails; the worker that takes an OCR file is killed mid-file and the server
// is restarted mid-run. Every file is stored exactly once, the export equals
// SQLite's for the same tree, and every file that fails each try (the broken
// fixtures, the extra bad file) ends in import_failures after its retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type DB } from '../src/store/db.ts';
import { ingestPaths, type RunSummary } from '../src/pipeline.ts';
import { exportRecordsJsonChunks } from '../src/export/records.ts';
import { listFailures } from '../src/store/runs.ts';
import { ROOT } from './helpers/fixtures.ts';
import { cli, tempDir } from './helpers/cli.ts';
import { startPostgres, type PgServer } from './helpers/postgres.ts';

const TREE = 'fixtures';
const OCR_FILE = 'fixtures/corpus/thurrock-cvs-ni7-report/scan.pdf';

const exported = (db: DB) => [...exportRecordsJsonChunks(db)].join('')
  .replace(/"ingested_at": "[^"]*"/g, '"ingested_at": ""')
  // ids follow the order the workers stored in
  .replace(/"action_id": \d+/g, '"action_id": 0');

interface Worker {
  child: ChildProcess;
  out: string;
  err: string;
  exit: Promise<number | null>;
}

function startWorker(url: string, untilIdle = true): Worker {
  const child = spawn(process.execPath, [join(ROOT, 'bin/plan-ingest.js'), 'worker', '--db', url, ...(untilIdle ? ['--until-idle'] : []), '--jobs', '1', '--json'], { cwd: ROOT });
  const w: Worker = { child, out: '', err: '', exit: new Promise((r) => child.on('exit', (code) => r(code))) };
  child.stdout!.on('data', (d) => (w.out += d));
  child.stderr!.on('data', (d) => (w.err += d));
  return w;
}

const until = async (what: string, ok: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

let server: PgServer;
let url: string;
let broken: string;

beforeAll(async () => {
  server = await startPostgres();
  url = await server.createDatabase('queue');
  broken = join(tempDir(), 'broken.pdf');
  writeFileSync(broken, '%PDF-1.4\nnot really a PDF\n');
}, 120_000);

afterAll(() => server?.stop());

describe('queue and workers on PostgreSQL', () => {
  it('three workers store the whole fixtures/ tree once through a kill mid-OCR and a server restart; failing files end in import_failures', async () => {
    // the reference: the same tree ingested into SQLite (a file that failed for a
    // passing cause, a conversion on a busy machine, is given one more try, as the queue gives it)
    const lite = openDatabase(join(tempDir(), 'plans.db'));
    let reference: RunSummary;
    try {
      reference = await ingestPaths(lite, [TREE], { jobs: 2 });
      const failed = reference.files.filter((f) => f.status === 'failed').map((f) => f.path);
      if (failed.length) {
        const again = await ingestPaths(lite, failed, { jobs: 2 });
        reference = { ...reference, files: [...reference.files.filter((f) => f.status !== 'failed'), ...again.files] };
      }
    } catch (err) {
      lite.close();
      throw err;
    }
    const stored = reference.files.filter((f) => f.status === 'imported').map((f) => f.path).sort();
    const failing = reference.files.filter((f) => f.status === 'failed').map((f) => f.path);
    const ocr = new Set(reference.files.filter((f) => f.extractor?.endsWith('-ocr')).map((f) => f.path));
    expect(stored.length).toBeGreaterThan(100);
    expect(ocr.size).toBeGreaterThan(10);
    expect(ocr.has(OCR_FILE)).toBe(true);

    // the OCR files first: the one killed is taken again after its expiry while the rest is read
    const settings = ['--db', url, '--retries', '2', '--retry-delay', '1', '--expire', '150', '--timeout', '120', '--json'];
    const first = cli(['enqueue', ...[...ocr].sort(), ...settings]);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout).queued).toBe(ocr.size);
    const q = cli(['enqueue', TREE, broken, ...settings]);
    expect(q.stderr).toBe('');
    const queued = JSON.parse(q.stdout);
    // the same bytes are one job, whatever their path and however often enqueued
    expect(queued.queued + queued.already_queued).toBe(stored.length + failing.length + reference.counts.skipped + 1);
    expect(queued.already_queued).toBe(ocr.size + reference.counts.skipped);
    // the same bytes again: nothing new
    expect(cli(['enqueue', OCR_FILE, '--db', url]).stdout).toContain('0 queued, 1 already queued');

    const workers = [startWorker(url), startWorker(url), startWorker(url)];
    // the first worker to start an OCR file is killed while it reads it
    const onOcr = (w: Worker) => [...w.err.matchAll(/"start":"([^"]+)"/g)].some((m) => ocr.has(m[1]) && !w.err.includes(`"path":"${m[1]}"`));
    await until('a worker to start an OCR file', () => workers.some(onOcr), 300_000);
    const victim = workers.find(onOcr)!;
    await new Promise((r) => setTimeout(r, 1500));
    expect(victim.child.exitCode).toBeNull();
    victim.child.kill('SIGKILL');
    // the server goes away and comes back while the others work
    server.restart();
    const codes = await Promise.all(workers.filter((w) => w !== victim).map((w) => w.exit));
    // a worker that gave a failing file its last try exits 1
    expect(codes.every((c) => c === 0 || c === 1), workers.map((w) => w.err).join('\n')).toBe(true);
    expect(codes).toContain(1);
    expect(await victim.exit).toBeNull();

    const db = openDatabase(url);
    try {
      const rows = db.prepare('SELECT path, count(*) AS n FROM documents GROUP BY path ORDER BY path').all() as { path: string; n: number }[];
      expect(rows.map((r) => r.path)).toEqual(stored);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      const failures = listFailures(db);
      expect(failures.map((f) => f.path).sort()).toEqual([...failing, broken].sort());
      for (const f of failures) expect(f.reason, f.path).toMatch(/after 3 tries/);

      expect(JSON.parse(cli(['runs', '--db', url, '--queue', '--json']).stdout)).toEqual({ queued: 0, active: 0, done: stored.length, failed: failing.length + 1 });
      expect(exported(db)).toBe(exported(lite));
    } finally {
      db.close();
      lite.close();
    }
  }, 900_000);

  it('records a file whose last try died with its worker, once; SIGTERM finishes the file in hand and exits 0', async () => {
    const [deadUrl, termUrl] = await Promise.all([server.createDatabase('lasttry'), server.createDatabase('sigterm')]);
    const queue = (u: string) => JSON.parse(cli(['runs', '--db', u, '--queue', '--json']).stdout);
    expect(cli(['enqueue', OCR_FILE, '--db', deadUrl, '--retries', '0', '--expire', '3']).status).toBe(0);
    expect(cli(['enqueue', OCR_FILE, '--db', termUrl]).status).toBe(0);
    const started = (w: Worker) => until('the scan to start', () => w.err.includes(`"start":"${OCR_FILE}"`), 90_000);

    const killed = startWorker(deadUrl);
    const stopped = startWorker(termUrl, false);
    await Promise.all([started(killed), started(stopped)]);
    await new Promise((r) => setTimeout(r, 1000));
    killed.child.kill('SIGKILL');
    stopped.child.kill('SIGTERM');

    // the job expires on its only try and pg-boss fails it: the next worker records it
    const next = startWorker(deadUrl);
    expect(await next.exit, next.err).toBe(0);
    const again = startWorker(deadUrl);
    expect(await again.exit, again.err).toBe(0);
    const dead = openDatabase(deadUrl);
    try {
      const failures = listFailures(dead);
      expect(failures.map((f) => [f.path, f.stage])).toEqual([[OCR_FILE, 'queue']]);
      expect(failures[0].reason).toMatch(/stopped or ran past the job's expiry \(after 1 try\)/);
      expect(dead.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(0);
    } finally {
      dead.close();
    }
    expect(queue(deadUrl)).toEqual({ queued: 0, active: 0, done: 0, failed: 1 });

    // SIGTERM mid-file: the file is finished, stored and its job completed
    expect(await stopped.exit, stopped.err).toBe(0);
    expect(JSON.parse(stopped.out).counts).toMatchObject({ files_seen: 1, imported: 1, failed: 0 });
    expect(queue(termUrl)).toEqual({ queued: 0, active: 0, done: 1, failed: 0 });
    const term = openDatabase(termUrl);
    try {
      expect(term.prepare('SELECT path FROM documents').pluck().all()).toEqual([OCR_FILE]);
      expect(term.prepare('SELECT count(*) FROM actions').pluck().get()).toBeGreaterThan(0);
      expect(term.prepare('SELECT status FROM import_runs').pluck().all()).toEqual(['interrupted']);
    } finally {
      term.close();
    }
  }, 240_000);
});
