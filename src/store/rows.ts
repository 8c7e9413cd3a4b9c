// Many rows in one INSERT: on PostgreSQL each statement is a round trip, and
// on SQLite each statement's run has its own cost (a single-row statement run
// per row was measured slower), so a document's rows go in a few multi-row
// statements. Rows keep their order (and so their ids).
import type { DB, Statement } from './engine.ts';
import { STORE } from './thresholds.ts';
import { engineOf } from './engine.ts';

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
    const end = Math.min(rows.length, i + STORE.rowsPerStatement);
    const values: unknown[] = [];
    // (indexed: a document's first rows are gathered before this is optimised)
    for (let r = i; r < end; r++) {
      const row = rows[r];
      for (let c = 0; c < row.length; c++) values.push(row[c]);
    }
    out.push({ sql: insertSql(table, columns, end - i), values });
  }
  return out;
}

/** INSERT INTO table (columns) VALUES (...), (...): rows of values in column order. */
export function insertRows(db: DB, table: string, columns: string[], rows: unknown[][]): void {
  for (const c of chunks(table, columns, rows)) prepared(db, c.sql).run(c.values);
}

/** As insertRows, giving each row's new id, in the rows' order. SQLite
 * inserts a statement's rows in order, each with the largest id + 1 (an
 * INTEGER PRIMARY KEY, one writer in the transaction), so they are counted
 * back from the last one's. On PostgreSQL, whose RETURNING promises no order,
 * rows are matched back by the column `match`, whose values must differ from
 * row to row. */
export function insertRowsIds(db: DB, table: string, columns: string[], rows: unknown[][], match: string): number[] {
  const ids: number[] = [];
  if (!rows.length) return ids;
  if (engineOf(db) === 'sqlite') {
    for (const c of chunks(table, columns, rows)) {
      const n = c.values.length / columns.length, last = Number(prepared(db, c.sql).run(c.values).lastInsertRowid);
      for (let id = last - n + 1; id <= last; id++) ids.push(id);
    }
    return ids;
  }
  const at = columns.indexOf(match);
  const index = new Map<unknown, number>();
  rows.forEach((row, i) => index.set(row[at], i));
  for (const c of chunks(table, columns, rows)) {
    for (const r of prepared(db, `${c.sql} RETURNING id, ${match}`).all(c.values) as Record<string, unknown>[]) ids[index.get(r[match])!] = Number(r.id);
  }
  return ids;
}
