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

// the statement's text by table, columns and number of rows: built once, not per document
const texts = new Map<string, string>();
function insertSql(table: string, columns: string[], n: number): string {
  const key = `${table}\u0000${columns.join(',')}\u0000${n}`;
  let sql = texts.get(key);
  if (sql === undefined) {
    const one = `(${columns.map(() => '?').join(', ')})`;
    texts.set(key, (sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(one).join(', ')}`));
  }
  return sql;
}

function chunks(table: string, columns: string[], rows: unknown[][]): { sql: string; values: unknown[] }[] {
  const out: { sql: string; values: unknown[] }[] = [];
  for (let i = 0; i < rows.length; i += STORE.rowsPerStatement) {
    const chunk = rows.slice(i, i + STORE.rowsPerStatement);
    out.push({ sql: insertSql(table, columns, chunk.length), values: chunk.flat() });
  }
  return out;
}

/** INSERT INTO table (columns) VALUES (...), (...): rows of values in column order. */
export function insertRows(db: DB, table: string, columns: string[], rows: unknown[][]): void {
  for (const c of chunks(table, columns, rows)) prepared(db, c.sql).run(c.values);
}

/** As insertRows, returning the new ids with the named columns. Neither
 * engine promises RETURNING's order, so callers match rows by those columns. */
export function insertRowsReturning<T>(db: DB, table: string, columns: string[], rows: unknown[][], returning: string[]): T[] {
  const out: T[] = [];
  for (const c of chunks(table, columns, rows)) out.push(...(prepared(db, `${c.sql} RETURNING id, ${returning.join(', ')}`).all(c.values) as T[]));
  return out;
}
