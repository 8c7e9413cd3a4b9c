// The store's database interface: the part of better-sqlite3's API the store
// and its callers use. SQLite is better-sqlite3 itself; PostgreSQL is
// PostgresDb (postgres.ts), which runs the same SQL through a translation of
// the few places where the engines differ. Queries are written once.
export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement {
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): RunResult;
  iterate(...params: unknown[]): IterableIterator<unknown>;
  pluck(toggle?: boolean): this;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface Transaction<F extends (...args: any[]) => any> {
  (...args: any[]): ReturnType<F>;
  deferred(...args: any[]): ReturnType<F>;
  immediate(...args: any[]): ReturnType<F>;
  exclusive(...args: any[]): ReturnType<F>;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface DB {
  prepare(sql: string): Statement;
  exec(sql: string): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  transaction<F extends (...args: any[]) => any>(fn: F): Transaction<F>;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): unknown;
}

export type Engine = 'sqlite' | 'postgres';

/** A --db value names PostgreSQL when it is a postgres:// or postgresql:// URL. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

const ENGINE = Symbol.for('plan-ingest.engine');

export function markEngine<T extends object>(db: T, engine: Engine): T {
  Object.defineProperty(db, ENGINE, { value: engine });
  return db;
}

export function engineOf(db: DB): Engine {
  return ((db as unknown as Record<symbol, Engine>)[ENGINE]) ?? 'sqlite';
}
