// PostgreSQL behind the store's DB interface. Calls are synchronous, as
// better-sqlite3's: each query is posted to a connection thread
// (postgres-thread.js) and this thread waits for the answer on a shared flag.
// Transactions nest as savepoints; an IMMEDIATE transaction also takes a
// database-wide advisory lock, as SQLite's single writer, but only at its
// first statement on the plan identity tables (POSTGRES.lockedTables) or its
// first UPDATE or DELETE: a document's own new rows are written in parallel,
// its linking one at a time. The lock order is what keeps two writers from
// deadlocking: before the lock a transaction holds no lock on a row another
// writer may change (a delete's cascades reach plans and their links).
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { DB, RunResult, Statement, Transaction } from './engine.ts';
import { markEngine } from './engine.ts';
import { bindValues, translate } from './postgres-sql.ts';
import { POSTGRES } from './thresholds.ts';

interface Reply {
  ok: boolean;
  rows?: Record<string, unknown>[];
  rowCount?: number;
  gen?: number;
  message?: string;
  code?: string;
  detail?: string;
}

export class PostgresError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

export class PostgresDb implements DB {
  readonly url: string;
  private worker: Worker;
  private port: MessagePort;
  private signal: Int32Array;
  private depth = 0;
  private gen: number | undefined;
  private idTables: Set<string> | null = null;
  /** an IMMEDIATE transaction that has not yet taken the writers' lock */
  private lockPending = false;
  open = true;
  /** round trips to the connection thread, and ms the writers' lock was held (the write bench reads them) */
  calls = 0;
  lockedMs = 0;
  private lockedAt: number | null = null;

  constructor(url: string) {
    this.url = url;
    const { port1, port2 } = new MessageChannel();
    const flag = new SharedArrayBuffer(4);
    this.signal = new Int32Array(flag);
    this.port = port1;
    this.worker = new Worker(new URL('./postgres-thread.js', import.meta.url), {
      workerData: { url, port: port2, flag, reconnectMs: POSTGRES.reconnectMs },
      transferList: [port2],
    });
    this.worker.unref();
    markEngine(this, 'postgres');
  }

  private call(msg: Record<string, unknown>): Reply {
    if (!this.open) throw new PostgresError('the database connection is not open');
    this.calls++;
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage(msg);
    const deadline = Date.now() + POSTGRES.queryTimeoutMs;
    for (;;) {
      Atomics.wait(this.signal, 0, 0, 1000);
      const got = receiveMessageOnPort(this.port);
      if (got) return got.message as Reply;
      if (Date.now() > deadline) throw new PostgresError(`no answer from PostgreSQL in ${POSTGRES.queryTimeoutMs / 1000} s`);
    }
  }

  /** Runs one statement; values bound as $1, $2, ... */
  query(sql: string, values?: unknown[]): { rows: Record<string, unknown>[]; rowCount: number } {
    const r = this.call({ op: 'query', sql, values, gen: this.depth > 0 ? this.gen : undefined });
    if (!r.ok) throw new PostgresError(`${r.message}${r.detail ? ` (${r.detail})` : ''}`, r.code);
    return { rows: r.rows ?? [], rowCount: r.rowCount ?? 0 };
  }

  private tablesWithId(): Set<string> {
    this.idTables ??= new Set(this.query(`SELECT table_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name = 'id'`).rows.map((r) => String(r.table_name)));
    return this.idTables;
  }

  prepare(sql: string): Statement {
    return new PostgresStatement(this, sql);
  }

  /** Runs a statement translated from SQLite's SQL: rows, and what run() reports. */
  execute(sql: string, params: unknown[]): { rows: Record<string, unknown>[]; result: RunResult } {
    const t = translate(sql);
    if (this.lockPending && (POSTGRES.lockedTables.test(t.text) || POSTGRES.changesRows.test(t.text))) {
      this.lockPending = false;
      this.query('SELECT pg_advisory_xact_lock($1)', [POSTGRES.writerLock]);
      this.lockedAt = performance.now();
    }
    let text = t.text;
    const returning = t.insertInto !== null && this.tablesWithId().has(t.insertInto);
    if (returning) text += ' RETURNING id';
    const r = this.query(text, bindValues(t, params));
    const id = returning && r.rows.length ? Number(r.rows[0].id) : 0;
    return { rows: returning ? [] : r.rows, result: { changes: r.rowCount, lastInsertRowid: id } };
  }

  exec(sql: string): this {
    this.query(sql);
    this.idTables = null;
    return this;
  }

  pragma(): unknown[] {
    return [];
  }

  /** the writers' lock goes with its transaction */
  private lockReleased(): void {
    if (this.lockedAt !== null) this.lockedMs += performance.now() - this.lockedAt;
    this.lockedAt = null;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  transaction<F extends (...args: any[]) => any>(fn: F): Transaction<F> {
    const run = (lock: boolean, args: any[]): ReturnType<F> => {
      const outer = this.depth === 0;
      const name = `sp${this.depth}`;
      if (outer) {
        const r = this.call({ op: 'query', sql: 'BEGIN' });
        if (!r.ok) throw new PostgresError(r.message ?? 'BEGIN failed', r.code);
        this.gen = r.gen;
      } else this.query(`SAVEPOINT ${name}`);
      this.depth++;
      let out: ReturnType<F>;
      try {
        if (outer) this.lockPending = lock;
        out = fn(...args);
        if (out && typeof (out as Promise<unknown>).then === 'function') throw new TypeError('Transaction function cannot return a promise');
        if (!outer) this.query(`RELEASE SAVEPOINT ${name}`);
      } catch (err) {
        try {
          this.query(outer ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${name}`);
          if (!outer) this.query(`RELEASE SAVEPOINT ${name}`);
        } catch {
          // the connection is gone, and the transaction with it
        }
        if (outer) this.gen = undefined;
        if (outer) this.lockReleased();
        throw err;
      } finally {
        this.depth--;
        if (outer) this.lockPending = false;
      }
      if (outer) {
        try {
          this.query('COMMIT');
        } finally {
          this.gen = undefined;
          this.lockReleased();
        }
      }
      return out;
    };
    const t = ((...args: any[]) => run(false, args)) as Transaction<F>;
    t.deferred = (...args: any[]) => run(false, args);
    t.immediate = (...args: any[]) => run(true, args);
    t.exclusive = (...args: any[]) => run(true, args);
    return t;
  }

  close(): this {
    if (!this.open) return this;
    try {
      this.call({ op: 'close' });
    } finally {
      this.open = false;
      void this.worker.terminate();
      this.port.close();
    }
    return this;
  }
}

class PostgresStatement implements Statement {
  private plucked = false;
  constructor(private db: PostgresDb, private sql: string) {}

  pluck(toggle = true): this {
    this.plucked = toggle;
    return this;
  }

  private shape(row: Record<string, unknown>): unknown {
    return this.plucked ? Object.values(row)[0] : row;
  }

  all(...params: unknown[]): unknown[] {
    return this.db.execute(this.sql, params).rows.map((r) => this.shape(r));
  }

  get(...params: unknown[]): unknown {
    const rows = this.db.execute(this.sql, params).rows;
    return rows.length ? this.shape(rows[0]) : undefined;
  }

  run(...params: unknown[]): RunResult {
    return this.db.execute(this.sql, params).result;
  }

  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.all(...params)[Symbol.iterator]();
  }
}
