// Throughput of the queue against PostgreSQL beside SQLite in-process, on this
// machine: the same files ingested by `ingest --jobs 1` into SQLite, and by 1
// and 2 `worker` processes from the queue into PostgreSQL (a private server);
// plus the queue's own cost per job (send, fetch, complete of empty jobs) and
// the store's cost per document (the same documents written in-process to
// each engine). Usage: npx tsx dev/bench/queue.ts [--out bench/results-queue.md]
// [--store: the store alone, wall and CPU time and round trips per document]
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg, cpus } from 'node:os';
import PgBoss from 'pg-boss';
import { openDatabase, type DB } from '../../src/store/db.ts';
import { ingestPaths } from '../../src/pipeline.ts';
import { ROOT } from '../../test/helpers/fixtures.ts';
import { tempDir } from '../../test/helpers/cli.ts';
import { startPostgres } from '../../test/helpers/postgres.ts';

const BIN = join(ROOT, 'bin/plan-ingest.js');
const PLANS = ['norfolk-ni7-laa-action-plan', 'thurrock-community-engagement-2011', 'thurrock-cvs-ni7-report', 'thurrock-ni7-action-plan', 'tower-hamlets-third-sector-2009'];
const SETS: Record<string, string[]> = {
  'docx': PLANS.map((p) => `fixtures/corpus/${p}/plan.docx`),
  'pdf (text layer)': PLANS.map((p) => `fixtures/corpus/${p}/plan.pdf`),
  'text (txt, tsv)': PLANS.flatMap((p) => [`fixtures/corpus/${p}/source.txt`, `fixtures/corpus/${p}/export.tsv`]),
  'pdf (scan, OCR)': ['thurrock-cvs-ni7-report', 'thurrock-ni7-action-plan', 'tower-hamlets-third-sector-2009'].map((p) => `fixtures/corpus/${p}/scan.pdf`),
};

const node = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
const pagesOf = (db: DB) => db.prepare('SELECT coalesce(sum(pages), 0) FROM documents').pluck().get() as number;

/** n worker processes until the queue is empty: wall time, and the files' own time (read to commit) summed. */
async function workers(url: string, n: number): Promise<{ wallMs: number; fileMs: number }> {
  const t = performance.now();
  let fileMs = 0;
  await Promise.all(Array.from({ length: n }, () => new Promise<void>((resolve, reject) => {
    const c = spawn(process.execPath, [BIN, 'worker', '--db', url, '--jobs', '1', '--until-idle', '--json'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr!.on('data', (d) => (err += d));
    c.on('exit', (code) => {
      for (const line of err.split('\n')) if (line.startsWith('{"path"')) fileMs += JSON.parse(line).ms;
      if (code === 0) resolve();
      else reject(new Error(`worker exit ${code}: ${err}`));
    });
  })));
  return { wallMs: performance.now() - t, fileMs };
}

async function main() {
  const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : null;
  const server = await startPostgres();
  const lines: string[] = [];
  const say = (s: string) => {
    lines.push(s);
    process.stdout.write(s + '\n');
  };
  try {
    if (process.argv.includes('--store')) {
      await storeAlone(server, say);
      return;
    }
    say(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), shared with other work; wall times include each process's start.`);
    say('');
    // a process's fixed cost: a worker on an empty queue, an ingest of nothing
    const emptyUrl = await server.createDatabase('empty');
    node(['enqueue', join(tempDir(), 'none'), '--db', emptyUrl]);
    const idle = await workers(emptyUrl, 1);
    const t00 = performance.now();
    node(['ingest', tempDir(), '--db', join(tempDir(), 'e.db'), '--jobs', '1', '--quiet']);
    say(`Fixed cost per process: worker start to stop on an empty queue ${(idle.wallMs / 1000).toFixed(1)} s; ingest of nothing ${((performance.now() - t00) / 1000).toFixed(1)} s.`);
    say('');
    say('| files | n | pages | SQLite ingest --jobs 1 (files/s) | PostgreSQL, 1 worker (files/s) | PostgreSQL, 2 workers (files/s) | ms per file in a worker (read to commit) | pages per worker-hour |');
    say('|---|---|---|---|---|---|---|---|');
    let k = 0;
    for (const [name, files] of Object.entries(SETS)) {
      const lite = join(tempDir(), 'bench.db');
      const t0 = performance.now();
      const r = node(['ingest', ...files, '--db', lite, '--jobs', '1', '--quiet']);
      if (r.status !== 0) throw new Error(r.stderr);
      const liteMs = performance.now() - t0;
      const ldb = openDatabase(lite);
      const pages = pagesOf(ldb);
      ldb.close();
      const ms: number[] = [];
      let perFile = 0;
      for (const n of [1, 2]) {
        const url = await server.createDatabase(`bench${k++}`);
        const q = node(['enqueue', ...files, '--db', url]);
        if (q.status !== 0) throw new Error(q.stderr);
        const w = await workers(url, n);
        ms.push(w.wallMs);
        if (n === 1) perFile = w.fileMs / files.length;
        const db = openDatabase(url);
        if ((db.prepare('SELECT count(*) FROM documents').pluck().get() as number) !== files.length) throw new Error(`${name}: not every file stored`);
        db.close();
      }
      const rate = (t: number) => (files.length / (t / 1000)).toFixed(2);
      say(`| ${name} | ${files.length} | ${pages} | ${rate(liteMs)} | ${rate(ms[0])} | ${rate(ms[1])} | ${Math.round(perFile)} | ${Math.round((pages / files.length) / (perFile / 3_600_000))} |`);
    }

    // the queue alone: empty jobs sent, fetched and completed one by one
    const url = await server.createDatabase('overhead');
    const boss = new PgBoss({ connectionString: url, schema: 'pgboss' });
    boss.on('error', () => {});
    await boss.start();
    await boss.createQueue('bench');
    const N = 300;
    let t = performance.now();
    for (let i = 0; i < N; i++) await boss.send('bench', { i });
    const sendMs = (performance.now() - t) / N;
    t = performance.now();
    for (let i = 0; i < N; i++) {
      const [job] = await boss.fetch('bench', { batchSize: 1 });
      await boss.complete('bench', job.id);
    }
    const takeMs = (performance.now() - t) / N;
    await boss.stop({ graceful: false, wait: true, close: true });

    // the store alone: the same documents written to each engine, in-process
    const text = [...SETS.docx, ...SETS['pdf (text layer)'], ...SETS['text (txt, tsv)']];
    const write = async (db: DB) => {
      const t1 = performance.now();
      await ingestPaths(db, text, { jobs: 0 });
      const m = performance.now() - t1;
      db.close();
      return m;
    };
    await write(openDatabase(join(tempDir(), 'warm.db')));
    const liteMs = await write(openDatabase(join(tempDir(), 'w.db')));
    const pgMs = await write(openDatabase(await server.createDatabase('write')));
    say('');
    say(`Queue per job: send ${sendMs.toFixed(1)} ms, fetch + complete ${takeMs.toFixed(1)} ms (${N} empty jobs, one at a time).`);
    say(`Store per document (${text.length} text-layer files in-process, parse included): SQLite ${(liteMs / text.length).toFixed(0)} ms, PostgreSQL ${(pgMs / text.length).toFixed(0)} ms.`);
  } finally {
    server.stop();
  }
  if (out) writeFileSync(out, lines.join('\n') + '\n');
}

/** The same text-layer documents written in-process to each engine: wall and CPU ms per document. */
async function storeAlone(server: Awaited<ReturnType<typeof startPostgres>>, say: (s: string) => void) {
  const text = [...SETS.docx, ...SETS['pdf (text layer)'], ...SETS['text (txt, tsv)']];
  const write = async (db: DB) => {
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    await ingestPaths(db, text, { jobs: 0 });
    const cpu = process.cpuUsage(c1);
    const pg = db as { calls?: number; lockedMs?: number };
    const m = { wall: (performance.now() - t1) / text.length, cpu: (cpu.user + cpu.system) / 1000 / text.length, calls: (pg.calls ?? 0) / text.length, locked: (pg.lockedMs ?? 0) / text.length };
    db.close();
    return m;
  };
  await write(openDatabase(join(tempDir(), 'warm.db')));
  const lite = await write(openDatabase(join(tempDir(), 'w.db')));
  const pg = await write(openDatabase(await server.createDatabase('write')));
  say(`Store per document (${text.length} text-layer files in-process, parse included; load ${loadavg()[0].toFixed(1)}): SQLite ${lite.wall.toFixed(0)} ms (CPU ${lite.cpu.toFixed(0)} ms), PostgreSQL ${pg.wall.toFixed(0)} ms (CPU ${pg.cpu.toFixed(0)} ms, ${pg.calls.toFixed(0)} round trips, the writers' lock held ${pg.locked.toFixed(1)} ms).`);
}

await main();
