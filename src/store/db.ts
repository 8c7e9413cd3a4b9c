// Opening a database: pragmas, then every migrations/NNN_name.sql not yet
// applied, each in its own transaction and recorded in schema_migrations.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type DB = Database.Database;

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface OpenOptions {
  readonly?: boolean;
  /** ms to wait for another writer before giving up */
  busyTimeoutMs?: number;
}

export function openDatabase(path: string, opts: OpenOptions = {}): DB {
  const db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 10_000}`);
  if (!opts.readonly) {
    if (path !== ':memory:' && path !== '') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  if (!opts.readonly) migrate(db);
  return db;
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .map((f) => ({ version: Number(f.split('_')[0]), name: f, sql: readFileSync(`${dir}/${f}`, 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/** Migrations not yet applied to a database (all of them when it has none). */
export function pendingMigrations(db: DB, migrations = listMigrations()): Migration[] {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  const done = new Set(has ? (db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]) : []);
  return migrations.filter((m) => !done.has(m.version));
}

export function migrate(db: DB, migrations = listMigrations()): number[] {
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
