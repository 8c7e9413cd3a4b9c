// Opening a database: SQLite (a file path) or PostgreSQL (a postgres:// URL),
// then every migration not yet applied, each in its own transaction and
// recorded in schema_migrations. One migration list serves both engines:
// migrations/NNN_name.sql is SQLite's, and PostgreSQL runs the same file
// translated (postgres-sql.ts) unless migrations/postgres/NNN_name.sql says
// otherwise (full-text search, a table rebuild). A new SQLite file starts as
// the build's prepared copy when it is current (new-database.ts).
import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { engineOf, isPostgresUrl, markEngine, type DB } from './engine.ts';
import { PostgresDb } from './postgres.ts';
import { translateDdl } from './postgres-sql.ts';
import { fingerprint, madeFrom, NEW_DATABASE, startFromPrepared } from './new-database.ts';

export type { DB } from './engine.ts';
export { engineOf, isPostgresUrl } from './engine.ts';

// loaded at the first database opened: a command that opens none (--help) does not pay for it
let sqlite: typeof BetterSqlite3 | undefined;
const Database = function (...args: ConstructorParameters<typeof BetterSqlite3>) {
  sqlite ??= createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  return new sqlite(...args);
} as unknown as typeof BetterSqlite3;

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface OpenOptions {
  readonly?: boolean;
  /** ms to wait for another writer before giving up */
  busyTimeoutMs?: number;
}

export function openDatabase(target: string, opts: OpenOptions = {}): DB {
  if (isPostgresUrl(target)) return openPostgres(target, opts);
  const migrations = opts.readonly ? [] : listMigrations();
  const prepared = !opts.readonly && target !== ':memory:' && target !== '' && startFromPrepared(target, migrations);
  // read-only by query_only, not by a read-only connection: the last connection
  // to close removes the -wal and -shm files, which a read-only one cannot, so
  // an export left them beside the database
  const db = new Database(target, { fileMustExist: opts.readonly ?? false });
  if (opts.readonly) db.pragma('query_only = ON');
  db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 10_000}`);
  if (!opts.readonly) {
    if (target !== ':memory:' && target !== '') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  markEngine(db, 'sqlite');
  // the prepared copy's migrations are applied now, as running them would record
  if (prepared) db.prepare('UPDATE schema_migrations SET applied_at = ?').run(new Date().toISOString());
  if (!opts.readonly) migrate(db, migrations);
  return db;
}

/** Writes the database a new file starts from (npm run build; new-database.ts):
 * every migration applied to an empty database. */
export function writeNewDatabase(file = NEW_DATABASE, migrations = listMigrations()): void {
  rmSync(file, { force: true });
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  db.exec(`VACUUM INTO '${file.replace(/'/g, "''")}'`);
  db.close();
  // in WAL mode already, as openDatabase sets it: switching a new file from a
  // rollback journal is a commit with its syncs (10-30 ms of waiting on a busy disk)
  const wal = new Database(file);
  wal.pragma('journal_mode = WAL');
  wal.close();
  writeFileSync(madeFrom(file), fingerprint(migrations));
}

function openPostgres(url: string, opts: OpenOptions): DB {
  const db = new PostgresDb(url);
  try {
    if (opts.readonly) db.query('SELECT 1');
    else migrate(db);
  } catch (err) {
    db.close();
    throw new Error(`cannot open ${redact(url)}: ${(err as Error).message}`);
  }
  return db;
}

/** A database URL without its password, for messages. */
export function redact(target: string): string {
  return target.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/i, '$1:***@');
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** the same change for PostgreSQL */
  postgres: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .map((f) => {
      const sql = readFileSync(`${dir}/${f}`, 'utf8');
      const own = `${dir}/postgres/${f}`;
      let postgres: string | undefined;
      // translated when asked: a SQLite database never needs it
      return {
        version: Number(f.split('_')[0]), name: f, sql,
        get postgres() {
          return (postgres ??= existsSync(own) ? readFileSync(own, 'utf8') : translateDdl(sql));
        },
      };
    })
    .sort((a, b) => a.version - b.version);
}

function appliedVersions(db: DB): Set<number> | null {
  const has = engineOf(db) === 'postgres'
    ? db.prepare("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'").get()
    : db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  return has ? new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]) : null;
}

/** Migrations not yet applied to a database (all of them when it has none). */
export function pendingMigrations(db: DB, migrations = listMigrations()): Migration[] {
  const done = appliedVersions(db) ?? new Set();
  return migrations.filter((m) => !done.has(m.version));
}

export function migrate(db: DB, migrations = listMigrations()): number[] {
  return engineOf(db) === 'postgres' ? migratePostgres(db, migrations) : migrateSqlite(db, migrations);
}

function migrateSqlite(db: DB, migrations: Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    // A migration that rebuilds a table runs with foreign keys off (SQLite's
    // table-rebuild procedure; the pragma cannot change inside a transaction),
    // and every foreign key is checked before it commits.
    const fkOff = /^-- foreign_keys: off$/m.test(m.sql);
    const fkWasOn = db.pragma('foreign_keys', { simple: true }) === 1;
    if (fkOff) db.pragma('foreign_keys = OFF');
    try {
      // IMMEDIATE: two processes opening a new database at once must not both migrate.
      db.transaction(() => {
        const again = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version);
        if (again) return;
        db.exec(m.sql);
        if (fkOff) {
          const broken = db.pragma('foreign_key_check') as { table: string }[];
          if (broken.length) throw new Error(`migration ${m.name} would break ${broken.length} links (first in ${broken[0].table}): not applied`);
        }
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
        applied.push(m.version);
      }).immediate();
    } finally {
      if (fkOff && fkWasOn) db.pragma('foreign_keys = ON');
    }
  }
  return applied;
}

function migratePostgres(db: DB, migrations: Migration[]): number[] {
  const applied: number[] = [];
  // one transaction under the writers' lock: processes opening a new database at once wait, then see it done
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      db.exec(m.postgres);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      applied.push(m.version);
    }
  }).immediate();
  return applied;
}
