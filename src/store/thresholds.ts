// The store's limits, in one place.
export const POSTGRES = {
  /** how long a lost connection is tried again before a query fails (a server restart) */
  reconnectMs: 60_000,
  /** longest wait for one query's answer */
  queryTimeoutMs: 10 * 60_000,
  /** advisory lock key taken by writing transactions (one writer at a time, as SQLite) */
  writerLock: 7_170_017,
  /** a writing transaction takes that lock at its first statement on these tables
   * (plan identity reads every earlier document); a document's own rows go before it */
  lockedTables: /\b(plans|plan_documents|plan_index|plan_changes|corrections|theme_model)\b/i,
  /** ...and at its first statement that changes rows already stored (replacing a
   * document deletes it, and the cascade locks its plan's rows) */
  changesRows: /^\s*(UPDATE|DELETE)\b/i,
} as const;

export const STORE = {
  /** rows in one multi-row INSERT, keys in one look-up (a document's repairs, its index keys): few round trips, under SQLite's limits (bound values, 500 compound SELECTs) */
  rowsPerStatement: 200,
  /** SQLite's log pages between checkpoints during an ingest (default 1,000).
   * A document's commit logs about 55 pages (its index keys land on pages all
   * over the key index), so the default copied the log into the database
   * file, with its syncs, every 18 documents; measured on 210 files, half the
   * main thread's waiting and a tenth of its store CPU. At most about 80 MB of log. */
  batchCheckpointPages: 20_000,
} as const;
