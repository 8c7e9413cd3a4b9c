// Many rows in one INSERT: on PostgreSQL each statement is a round trip, so a
// document's repairs and index keys go in a few multi-row statements, not one
// each. Rows keep their order (and so their ids).
import type { DB, Statement } from './engine.ts';
import { STORE } from './thresholds.ts';

// Prepared statements kept per database: the store runs them many times a document.
const cache = new WeakMap<DB, Map<string, Statement>>();

export function prepared(db: DB, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

/** INSERT INTO table (columns) VALUES (...), (...): rows of values in column order. */
export function insertRows(db: DB, table: string, columns: string[], rows: unknown[][]): void {
  const one = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += STORE.rowsPerStatement) {
    const chunk = rows.slice(i, i + STORE.rowsPerStatement);
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(chunk.length).fill(one).join(', ')}`;
    prepared(db, sql).run(chunk.flat());
  }
}
