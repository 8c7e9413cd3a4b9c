// Two writers on one plan at once on PostgreSQL. A writer links under the
// writers' advisory lock; before it takes that lock it must hold no lock on a
// row another writer may change, or the two deadlock (PostgreSQL then aborts
// one and its file fails). Replacing a stored file deletes it, and the
// delete's cascades change its plan's rows: so the lock comes first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type DB } from '../src/store/db.ts';
import { ingestPaths } from '../src/pipeline.ts';
import { POSTGRES } from '../src/store/thresholds.ts';
import { makeRevision } from '../scripts/make-revision.ts';
import { ROOT, fixture } from './helpers/fixtures.ts';
import { cli, tempDir } from './helpers/cli.ts';
import { startPostgres, type PgServer } from './helpers/postgres.ts';

const KIRKLEES = fixture('unseen', 'kirklees-compact-action-plan-2010');

let server: PgServer;

beforeAll(async () => {
  server = await startPostgres();
}, 120_000);

afterAll(() => server?.stop());

/** Another writer, in its own process: takes the writers' lock, waits until
 * someone else waits for it, then changes a plan's row as linking does. */
function otherWriter(url: string, planId: number) {
  const script = `
    const pg = require('pg');
    (async () => {
      const c = new pg.Client({ connectionString: ${JSON.stringify(url)} });
      await c.connect();
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [${POSTGRES.writerLock}]);
      console.log('locked');
      for (let i = 0; i < 1200; i++) {
        const r = await c.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        if (r.rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      try {
        await c.query('UPDATE plans SET title = title WHERE id = $1', [${planId}]);
        await c.query('COMMIT');
        console.log(JSON.stringify({ ok: true }));
      } catch (e) {
        console.log(JSON.stringify({ ok: false, code: e.code, message: e.message }));
      }
      await c.end();
    })();`;
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const locked = new Promise<void>((resolve, reject) => {
    const t = setInterval(() => {
      if (out.includes('locked')) {
        clearInterval(t);
        resolve();
      }
    }, 20);
    child.on('exit', () => {
      clearInterval(t);
      reject(new Error(`the other writer ended early: ${out}`));
    });
  });
  const done = new Promise<{ ok: boolean; code?: string }>((resolve) => child.on('exit', () => resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'))));
  return { locked, done };
}

const links = (db: DB) => db.prepare(`SELECT d.path, pd.plan_id, pd.version, pd.link FROM plan_documents pd
  JOIN documents d ON d.id = pd.document_id ORDER BY pd.version, d.path`).all() as { path: string; plan_id: number; version: number; link: string }[];

describe('two writers on one plan (PostgreSQL)', () => {
  it('a writing transaction inserts its own rows without the writers\' lock, and takes it before it changes or deletes a stored row', async () => {
    const db = openDatabase(await server.createDatabase('rule'));
    try {
      const held = () => db.prepare("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()").pluck().get();
      const seen: unknown[] = [];
      db.transaction(() => {
        db.prepare("INSERT INTO import_runs (started_at, status, options) VALUES ('now', 'running', '{}')").run();
        seen.push(held());
        db.prepare('DELETE FROM documents WHERE id = -1').run();
        seen.push(held());
      }).immediate();
      db.transaction(() => {
        db.prepare("UPDATE import_runs SET status = 'ok'").run();
        seen.push(held());
      }).immediate();
      // a deferred transaction (reads, one-row updates) takes no lock
      db.transaction(() => {
        db.prepare('DELETE FROM documents WHERE id = -1').run();
        seen.push(held());
      })();
      expect(seen).toEqual([0, 1, 1, 0]);
    } finally {
      db.close();
    }
  });

  it('a file replaced while another writer links in its plan: no deadlock, the lock is taken before the delete', async () => {
    const url = await server.createDatabase('order');
    const db = openDatabase(url);
    try {
      const v1 = join(KIRKLEES, 'plan.docx');
      expect((await ingestPaths(db, [v1], { jobs: 0 })).counts.imported).toBe(1);
      const planId = db.prepare('SELECT id FROM plans').pluck().get() as number;
      // the same bytes under another name, forced: the stored file (its plan's best) is replaced
      const copy = join(tempDir(), 'kirklees-copy.docx');
      copyFileSync(v1, copy);
      const other = otherWriter(url, planId);
      await other.locked;
      const run = await ingestPaths(db, [copy], { jobs: 0, force: true });
      expect(await other.done).toEqual({ ok: true });
      expect(run.counts).toMatchObject({ imported: 1, failed: 0 });
      expect(links(db)).toEqual([{ path: copy, plan_id: planId, version: 1, link: 'same' }]);
    } finally {
      db.close();
    }
  }, 120_000);

  it('two workers store versions of one plan at once: each linked once, versions 1 and 2, no job tried twice', async () => {
    const url = await server.createDatabase('versions');
    const dir = tempDir();
    const v1 = join(dir, 'compact-plan-v1.docx');
    const v2 = join(dir, 'compact-plan-v2.docx');
    copyFileSync(join(KIRKLEES, 'plan.docx'), v1);
    makeRevision(KIRKLEES, v2);
    const db = openDatabase(url);
    try {
      // v1 stored under the plan's other name; now a worker replaces it (forced, same bytes)
      // while another stores the plan's next version
      expect((await ingestPaths(db, [join(KIRKLEES, 'plan.docx')], { jobs: 0 })).counts.imported).toBe(1);
      expect(cli(['enqueue', v1, '--db', url, '--force']).status).toBe(0);
      expect(cli(['enqueue', v2, '--db', url]).status).toBe(0);
      const worker = () => new Promise<{ code: number | null; err: string }>((resolve) => {
        const c = spawn(process.execPath, [join(ROOT, 'bin/plan-ingest.js'), 'worker', '--db', url, '--until-idle', '--jobs', '1'], { cwd: ROOT });
        let err = '';
        c.stderr!.on('data', (d) => (err += d));
        c.on('exit', (code) => resolve({ code, err }));
      });
      const ends = await Promise.all([worker(), worker()]);
      for (const e of ends) {
        expect(e.code, e.err).toBe(0);
        expect(e.err).not.toMatch(/deadlock|failed/i);
      }
      const tries = db.prepare(`SELECT state, retry_count FROM pgboss.job WHERE name = 'plan-ingest-files'
        UNION ALL SELECT state, retry_count FROM pgboss.archive WHERE name = 'plan-ingest-files'`).all();
      expect(tries).toEqual([{ state: 'completed', retry_count: 0 }, { state: 'completed', retry_count: 0 }]);
      const rows = links(db);
      expect(rows.map((r) => [r.path, r.version, r.link])).toEqual([[v1, 1, 'same'], [v2, 2, 'version']]);
      expect(new Set(rows.map((r) => r.plan_id)).size).toBe(1);
      expect(db.prepare('SELECT count(*) FROM plans').pluck().get()).toBe(1);
      expect(db.prepare('SELECT best_document_id FROM plans').pluck().get()).toBe(db.prepare('SELECT id FROM documents WHERE path = ?').pluck().get(v2));
    } finally {
      db.close();
    }
  }, 180_000);
});
