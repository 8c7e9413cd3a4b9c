// The PostgreSQL store: the same SQL as SQLite's through one interface. The
// same files stored in both export byte for byte alike (ingested_at aside),
// search finds the same actions, corrections and runs work, and a document
// that fails mid-write leaves nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { openDatabase, type DB } from '../src/store/db.ts';
import { translate, translateDdl } from '../src/store/postgres-sql.ts';
import { ingestPaths } from '../src/pipeline.ts';
import { exportRecordsJsonChunks } from '../src/export/records.ts';
import { exportCsvChunks } from '../src/export/csv.ts';
import { searchActions } from '../src/research/search.ts';
import { addCorrection, listCorrections, revertCorrection } from '../src/store/corrections.ts';
import { listFailures, listRuns } from '../src/store/runs.ts';
import { ROOT } from './helpers/fixtures.ts';
import { cli, tempDir } from './helpers/cli.ts';
import { startPostgres, type PgServer } from './helpers/postgres.ts';

// The text-layer files of fixtures/corpus (every plan as docx, pdf, txt, tsv):
// the OCR files are stored by the queue test (postgres-queue.test.ts).
const CORPUS = join(ROOT, 'fixtures/corpus');
const FILES = readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory())
  .flatMap((d) => ['plan.docx', 'plan.pdf', 'source.txt', 'export.tsv'].map((f) => join('fixtures/corpus', d.name, f)));

const text = (chunks: Iterable<string>) => [...chunks].join('');
const sameTime = (s: string) => s.replace(/"ingested_at": "[^"]*"/g, '"ingested_at": ""');

let server: PgServer;
let pg: DB;
let lite: DB;
let litePath: string;

beforeAll(async () => {
  server = await startPostgres();
  pg = openDatabase(await server.createDatabase('store'));
  litePath = join(tempDir(), 'plans.db');
  lite = openDatabase(litePath);
  for (const db of [lite, pg]) {
    const run = await ingestPaths(db, FILES, { jobs: 0 });
    expect(run.counts.imported).toBe(FILES.length);
  }
}, 240_000);

afterAll(() => {
  pg?.close();
  lite?.close();
  server?.stop();
});

describe('PostgreSQL store', () => {
  it('exports the same records and CSV as SQLite for the same files', () => {
    const a = sameTime(text(exportRecordsJsonChunks(lite)));
    const b = sameTime(text(exportRecordsJsonChunks(pg)));
    expect(JSON.parse(b).documents).toHaveLength(FILES.length);
    expect(b).toBe(a);
    expect(text(exportCsvChunks(pg))).toBe(text(exportCsvChunks(lite)));
  });

  it('skips bytes already stored', async () => {
    const again = await ingestPaths(pg, FILES.slice(0, 3), { jobs: 0 });
    expect(again.counts).toMatchObject({ imported: 0, skipped: 3 });
    expect(listRuns(pg).length).toBe(2);
  });

  it('searches with its own full-text index and gives what SQLite gives: the same hits, order, ranks and marks', () => {
    for (const q of ['volunteer', 'volunt*', '"asset transfer"', 'NI7: asset-transfer', 'transfer OR compact', 'Thurrock volunteering']) {
      for (const limit of [500, 7]) {
        const hits = searchActions(pg, q, { limit, allFiles: true }).hits;
        if (!q.startsWith('NI7')) expect(hits.length, q).toBeGreaterThan(0);
        expect(hits, q).toEqual(searchActions(lite, q, { limit, allFiles: true }).hits);
      }
    }
    // ranked: best first, ties by document and position
    const ranked = searchActions(pg, 'volunteer', { limit: 500, allFiles: true }).hits;
    const ranks = ranked.map((h) => h.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBeGreaterThan(1);
    for (let i = 1; i < ranked.length; i++) {
      if (ranked[i].rank === ranked[i - 1].rank) expect(ranked[i].document.id).toBeGreaterThanOrEqual(ranked[i - 1].document.id);
    }
    const hit = searchActions(pg, 'volunteers', { limit: 1 }).hits[0];
    expect(Object.values(hit.highlights).join(' ')).toMatch(/\[\[Volunteer/i);
    expect(hit.rank).toBeLessThan(0);
  });

  it('stores, lists and reverts a correction', () => {
    const actionId = (pg.prepare('SELECT min(id) FROM actions').pluck().get() as number);
    const c = addCorrection(pg, { actionId, field: 'lead', value: 'Someone Else', author: 'tester' });
    expect(c.status).toBe('applied');
    expect(pg.prepare('SELECT lead FROM actions WHERE id = ?').pluck().get(actionId)).toBe('Someone Else');
    expect(listCorrections(pg, { status: 'applied' }).map((r) => r.id)).toEqual([c.id]);
    revertCorrection(pg, c.id, 'tester');
    expect(listCorrections(pg, { status: 'reverted' })).toHaveLength(1);
  });

  it('writes nothing of a transaction that fails', () => {
    const before = pg.prepare('SELECT count(*) FROM documents').pluck().get();
    expect(() => pg.transaction(() => {
      pg.prepare(`INSERT INTO documents (sha256, path, source, format, extractor, kind, ingested_at)
        VALUES ('x', 'x', 'x', 'text', 'text', 'narrative', 'now')`).run();
      pg.prepare('INSERT INTO documents (sha256) VALUES (NULL)').run();
    }).immediate()).toThrow(/null value/);
    expect(pg.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(before);
  });

  it('runs the read commands against a postgres:// URL, and names a bad one', () => {
    const url = server.url('store');
    const runs = cli(['runs', '--db', url, '--json']);
    expect(runs.status).toBe(0);
    // the same list as from SQLite; the queue's counts apart
    expect(JSON.parse(runs.stdout)).toHaveLength(2);
    expect(JSON.parse(cli(['runs', '--db', url, '--queue', '--json']).stdout)).toEqual({ queued: 0, active: 0, done: 0, failed: 0 });
    expect(cli(['runs', '--db', litePath, '--queue']).stderr).toMatch(/--queue needs a postgres/);
    expect(listFailures(pg)).toEqual([]);
    const plans = cli(['plans', '--db', url, '--json']);
    expect(JSON.parse(plans.stdout).plans).toHaveLength(5);
    const missing = cli(['export', '--db', server.url('nosuch'), '--format', 'json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/postgres:\/\/postgres@127\.0\.0\.1:\d+\/nosuch.*"nosuch" does not exist/);
  });
});

describe('the research commands on both engines', () => {
  it('print the same JSON (and report) from PostgreSQL as from SQLite for the same files', async () => {
    // the same history on both: the second run and a reverted correction
    await ingestPaths(lite, FILES.slice(0, 3), { jobs: 0 });
    const actionId = lite.prepare('SELECT min(id) FROM actions').pluck().get() as number;
    revertCorrection(lite, addCorrection(lite, { actionId, field: 'lead', value: 'Someone Else', author: 'tester' }).id, 'tester');
    const times = (s: string) => s.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'T');
    const out = (db: string, args: string[]) => {
      const r = cli([...args, '--db', db]);
      expect(r.stderr, args.join(' ')).toBe('');
      return times(r.stdout);
    };
    const url = server.url('store');
    const commands = [
      ['search', 'volunteer', '--json', '--limit', '200'],
      ['search', 'asset', 'transfer', '--json'],
      ['search', 'volunt*', '--limit', '30'],
      ['compare', '--json'],
      ['compare', '--by', 'organisation', '--json'],
      ['plans', '--json'],
      ['changes', FILES[0], FILES[1], '--json'],
      ['corrections', '--json'],
      ['runs', '--json'],
      ['failures', '--json'],
    ];
    for (const args of commands) expect(out(url, args), args.join(' ')).toBe(out(litePath, args));
    const dir = tempDir();
    out(url, ['report', '--out', join(dir, 'pg.html')]);
    out(litePath, ['report', '--out', join(dir, 'lite.html')]);
    expect(times(readFileSync(join(dir, 'pg.html'), 'utf8'))).toBe(times(readFileSync(join(dir, 'lite.html'), 'utf8')));
  }, 120_000);
});

describe('SQLite SQL for PostgreSQL', () => {
  it('orders NULLs as SQLite does: first ascending, last descending', () => {
    expect(translate('SELECT a FROM t ORDER BY a, b DESC, c NULLS LAST LIMIT ?').text)
      .toBe('SELECT a FROM t ORDER BY a NULLS FIRST, b DESC NULLS LAST, c NULLS LAST LIMIT $1');
    expect(translate("SELECT row_number() OVER (PARTITION BY x ORDER BY coalesce(a, ')') DESC) FROM t ORDER BY 1").text)
      .toBe("SELECT row_number() OVER (PARTITION BY x ORDER BY coalesce(a, ')') DESC NULLS LAST) FROM t ORDER BY 1 NULLS FIRST");
  });

  it('numbers placeholders, keeps strings, turns INSERT OR IGNORE into ON CONFLICT', () => {
    expect(translate("SELECT '?' AS q, a FROM t WHERE b = ? AND c = ?").text).toBe("SELECT '?' AS q, a FROM t WHERE b = $1 AND c = $2");
    const named = translate('UPDATE t SET a = @a, b = @b WHERE id = @a');
    expect([named.text, named.names]).toEqual(['UPDATE t SET a = $1, b = $2 WHERE id = $1', ['a', 'b']]);
    expect(translate('INSERT OR IGNORE INTO x (a) VALUES (?)').text).toBe('INSERT INTO x (a) VALUES ($1) ON CONFLICT DO NOTHING');
    expect(translate("SELECT sum(status = 'R') FROM a WHERE x::text LIKE ?").text).toBe("SELECT sum((status = 'R')::int) FROM a WHERE x::text ILIKE $1");
  });

  it('gives DDL 64-bit ids, binary text order and forward keys after both tables', () => {
    const ddl = translateDdl(`CREATE TABLE a (
  id    INTEGER PRIMARY KEY,
  b_id  INTEGER REFERENCES b(id) ON DELETE SET NULL,
  t     TEXT
);
CREATE TABLE b (id INTEGER PRIMARY KEY, r REAL);`);
    expect(ddl).toContain('id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY');
    expect(ddl).toMatch(/t +TEXT COLLATE "C"/);
    expect(ddl).toContain('r DOUBLE PRECISION');
    expect(ddl).toContain('ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id) ON DELETE SET NULL;');
  });
});
