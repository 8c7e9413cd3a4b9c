// The PostgreSQL connection, on its own thread: the store's calls are
// synchronous (as better-sqlite3's), so the calling thread posts a query and
// waits on a shared flag while this thread runs it with node-postgres.
// Plain JavaScript: it runs the same from src/ and from dist/.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

const { url, port, flag, reconnectMs } = workerData;
const signal = new Int32Array(flag);

// 64-bit integers (ids, counts) and numerics come back as numbers, as from SQLite.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

let client = null;
let generation = 0;
// statements with values are prepared once per connection, by name (node-postgres
// keeps the names it has prepared on each connection): parsed and planned once
const names = new Map();
const MAX_NAMED = 1000;
const named = (text) => {
  let n = names.get(text);
  if (!n && names.size < MAX_NAMED) names.set(text, (n = `s${names.size}`));
  return n;
};

const LOST = /terminat|connection|ECONNRESET|ECONNREFUSED|ENOENT|EPIPE|not queryable|shutdown|starting up|Client was closed/i;

async function connect() {
  const deadline = Date.now() + reconnectMs;
  for (;;) {
    const c = new pg.Client({ connectionString: url, application_name: 'plan-ingest' });
    c.on('error', () => {
      if (client === c) client = null;
    });
    try {
      await c.connect();
      client = c;
      generation++;
      return;
    } catch (err) {
      c.end().catch(() => {});
      if (Date.now() >= deadline || !LOST.test(err.message ?? '')) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function handle(msg) {
  if (msg.op === 'close') {
    const c = client;
    client = null;
    if (c) await c.end().catch(() => {});
    return { ok: true };
  }
  // a transaction is on one connection: if it was lost, the transaction is gone
  if (msg.gen !== undefined && msg.gen !== generation) {
    if (/^\s*ROLLBACK\b/i.test(msg.sql)) return { ok: true, rows: [], rowCount: 0, gen: generation };
    return { ok: false, message: 'the connection to PostgreSQL was lost during the transaction', code: '08006' };
  }
  if (!client) await connect();
  try {
    const r = await client.query(msg.values ? { name: named(msg.sql), text: msg.sql, values: msg.values } : msg.sql);
    const last = Array.isArray(r) ? r[r.length - 1] : r;
    return { ok: true, rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0, gen: generation };
  } catch (err) {
    // no SQLSTATE (a socket error) or a connection/shutdown class: connect afresh next time
    if (!err.code || /^(08|57P)/.test(err.code) || !/^[0-9A-Z]{5}$/.test(err.code)) {
      const c = client;
      client = null;
      c?.end().catch(() => {});
    }
    return { ok: false, message: err.message, code: err.code, detail: err.detail };
  }
}

port.on('message', async (msg) => {
  let reply;
  try {
    reply = await handle(msg);
  } catch (err) {
    reply = { ok: false, message: err.message, code: err.code };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
