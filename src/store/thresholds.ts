// The store's limits, in one place.
export const POSTGRES = {
  /** how long a lost connection is tried again before a query fails (a server restart) */
  reconnectMs: 60_000,
  /** longest wait for one query's answer */
  queryTimeoutMs: 10 * 60_000,
  /** advisory lock key taken by writing transactions (one writer at a time, as SQLite) */
  writerLock: 7_170_017,
} as const;
