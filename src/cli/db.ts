import { existsSync } from 'node:fs';
import { isPostgresUrl, openDatabase, pendingMigrations, redact, type DB } from '../store/db.ts';

/** Opens a database that must already exist: read-only for commands that only
 * read, writable (and upgraded) for those that change it. */
export function openExisting(path: string, opts: { write?: boolean } = {}): DB {
  const url = isPostgresUrl(path);
  if (!url && !existsSync(path)) throw new Error(`no database at ${path}`);
  if (opts.write) return openDatabase(path);
  const db = openDatabase(path, { readonly: true });
  const pending = pendingMigrations(db);
  if (url && pending.some((m) => m.version === 1)) {
    db.close();
    throw new Error(`no plan-ingest database at ${redact(path)} (run ingest or enqueue into it first)`);
  }
  if (pending.length) {
    db.close();
    throw new Error(`${redact(path)} was made by an earlier plan-ingest (schema changes ${pending.map((m) => m.version).join(', ')} not applied); this command only reads: any ingest into it upgrades it`);
  }
  return db;
}

/** Opens a database for the research commands, read-only, saying on standard
 * error what only the next ingest brings up to date (themes, plan links). */
export async function openForResearch(path: string): Promise<DB> {
  const db = openExisting(path);
  const [{ themesNote }, { plansNote }] = await Promise.all([import('../research/themes.ts'), import('../identity/link.ts')]);
  for (const note of [themesNote(db), plansNote(db)]) if (note) process.stderr.write(`plan-ingest: note: ${note}\n`);
  return db;
}
