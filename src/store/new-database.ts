// A new SQLite database file starts as a copy of a prepared one (written by
// npm run build: every migration applied), not by running the migrations one
// by one: several rebuild tables, and a one-file run paid for them on every
// new database. The copy is used only when the migrations it was made from are
// exactly today's; the migrations then run as on any database (none pending).
import { copyFileSync, existsSync, linkSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Migration } from './db.ts';

/** the prepared database and the migrations it was made from, beside the store's code in dist/ */
export const NEW_DATABASE = fileURLToPath(new URL('./new-database.sqlite', import.meta.url));
/** the migrations a prepared database was made from, in the file beside it */
export const madeFrom = (file: string) => `${file}.json`;
export const fingerprint = (migrations: Migration[]) => JSON.stringify(migrations.map((m) => ({ name: m.name, sql: m.sql })));

function isCurrent(file: string, migrations: Migration[]): boolean {
  if (!existsSync(file) || !existsSync(madeFrom(file))) return false;
  return readFileSync(madeFrom(file), 'utf8') === fingerprint(migrations);
}

/** Puts the prepared database at target when no file is there and the copy is
 * current; true when it did. The copy is made beside the target and linked
 * into place, so another process opening the same new path never sees half a
 * file, and of two at once one links and the other opens its file. */
export function startFromPrepared(target: string, migrations: Migration[], file = NEW_DATABASE): boolean {
  if (existsSync(target) || !isCurrent(file, migrations)) return false;
  const tmp = `${target}.${process.pid}.new`;
  try {
    copyFileSync(file, tmp);
    linkSync(tmp, target);
    return true;
  } catch {
    return false; // another process made it first, or the place cannot take it: migrate as before
  } finally {
    rmSync(tmp, { force: true });
  }
}
