import { existsSync } from 'node:fs';
import { openDatabase, type DB } from '../store/db.ts';

/** Opens a database that must already exist (commands that only read). */
export function openExisting(path: string): DB {
  if (!existsSync(path)) throw new Error(`no database at ${path}`);
  return openDatabase(path);
}
