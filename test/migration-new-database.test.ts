// A new database file starts as a copy of the prepared one (src/store/new-database.ts):
// it must be the database the migrations make, and a stale copy is never used.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate, openDatabase, writeNewDatabase } from '../src/store/db.ts';
import { fingerprint, madeFrom, startFromPrepared } from '../src/store/new-database.ts';
import { builtIsFresh } from '../bin/fresh.js';
import { saveDocument } from '../src/store/documents.ts';
import { processBytes } from '../src/pipeline/process.ts';
import { themeDocument } from '../src/pipeline/themes.ts';
import { fixture, ROOT } from './helpers/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'new-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Db = Database.Database;
const schema = (db: Db) => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
const applied = (db: Db) => db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
const pragmas = (db: Db) => ['user_version', 'foreign_keys', 'journal_mode', 'page_size', 'auto_vacuum'].map((p) => db.pragma(p, { simple: true }));
const rows = (db: Db) => Object.fromEntries((schema(db) as { type: string; name: string }[])
  .filter((e) => e.type === 'table' && e.name !== 'schema_migrations') // applied_at differs
  .map((e) => [e.name, db.prepare(`SELECT * FROM "${e.name}"`).raw().all()]));

/** a database made by running every migration, as on a file the copy cannot serve */
function migrated(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

describe('a new database from the prepared copy', () => {
  const template = join(dir, 'prepared.sqlite');
  writeNewDatabase(template);

  it('is in WAL mode already, as openDatabase would set it', () => {
    const db = new Database(template, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('is the database the migrations make: schema, migrations applied, settings and rows', () => {
    const target = join(dir, 'copy.db');
    expect(startFromPrepared(target, listMigrations(), template)).toBe(true);
    const copy = new Database(target);
    copy.pragma('journal_mode = WAL');
    copy.pragma('foreign_keys = ON');
    expect(migrate(copy)).toEqual([]); // nothing left to apply
    const ref = migrated(join(dir, 'ref.db'));
    expect(schema(copy).length).toBeGreaterThan(20);
    expect(schema(copy)).toEqual(schema(ref));
    expect(applied(copy)).toEqual(applied(ref));
    expect(applied(copy)).toHaveLength(listMigrations().length);
    expect(pragmas(copy)).toEqual(pragmas(ref));
    expect(rows(copy)).toEqual(rows(ref));
    copy.close();
    ref.close();
  });

  it('stores a document as the migrated database does', async () => {
    const bytes = new Uint8Array(readFileSync(fixture('corpus', 'thurrock-ni7-action-plan', 'plan.docx')));
    const doc = await processBytes(bytes, {}, 'plan.docx');
    themeDocument(doc);
    const target = join(dir, 'stored.db');
    expect(startFromPrepared(target, listMigrations(), template)).toBe(true);
    const dbs = [new Database(target), migrated(join(dir, 'stored-ref.db'))];
    const [copy, ref] = dbs.map((db) => {
      db.pragma('foreign_keys = ON');
      saveDocument(db, { path: 'p', source: 'plan.docx', sha256: '1'.repeat(64), size: bytes.length }, doc, null);
      const got = { actions: db.prepare('SELECT * FROM actions ORDER BY id').all(), fts: db.prepare("SELECT rowid FROM actions_fts WHERE actions_fts MATCH 'volunteer*' ORDER BY rowid").all() };
      db.close();
      return got;
    });
    expect(copy.actions.length).toBeGreaterThan(5);
    expect(copy).toEqual(ref);
  });

  it('is not used when a migration differs from those it was made from, nor over an existing file', () => {
    const changed = listMigrations().map((m, i, all) => (i === all.length - 1 ? { ...m, sql: `${m.sql}\n-- changed` } : m));
    expect(startFromPrepared(join(dir, 'stale.db'), changed, template)).toBe(false);
    expect(startFromPrepared(join(dir, 'stale.db'), listMigrations().slice(0, -1), template)).toBe(false);
    const existing = join(dir, 'existing.db');
    writeFileSync(existing, '');
    expect(startFromPrepared(existing, listMigrations(), template)).toBe(false);
    expect(readFileSync(existing).length).toBe(0);
    expect(JSON.parse(readFileSync(madeFrom(template), 'utf8'))).toHaveLength(listMigrations().length);
  });

  it('is written by the build, from today\'s migrations, where the built store finds it', async () => {
    if (!builtIsFresh()) execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'ignore' });
    const built = join(ROOT, 'dist/store/new-database.js');
    const { NEW_DATABASE } = (await import(built)) as { NEW_DATABASE: string };
    expect(NEW_DATABASE).toBe(join(ROOT, 'dist/store/new-database.sqlite'));
    expect(readFileSync(madeFrom(NEW_DATABASE), 'utf8')).toBe(fingerprint(listMigrations()));
    expect(startFromPrepared(join(dir, 'built.db'), listMigrations(), NEW_DATABASE)).toBe(true);
  }, 300_000);

  it('openDatabase records the migrations as applied when it opens a new file', () => {
    const before = new Date().toISOString();
    const db = openDatabase(join(dir, 'opened.db'));
    const at = db.prepare('SELECT applied_at FROM schema_migrations').pluck().all() as string[];
    expect(at).toHaveLength(listMigrations().length);
    for (const t of at) expect(t >= before).toBe(true);
    db.close();
  });
});
