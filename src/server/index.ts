// plan-ingest serve: the review app on this machine (127.0.0.1 by default).
import { openDatabase, pendingMigrations, type DB } from '../store/db.ts';
import { buildApp } from './app.ts';

export interface ServeOptions {
  db: string;
  host: string;
  port: number;
  readOnly: boolean;
  user: string;
}

export interface RunningServer {
  url: string;
  token: string;
  close: () => Promise<void>;
}

/** Read-only: the file is opened read-only and never migrated (a database of
 * an earlier release is refused with the reason; an ingest upgrades it). */
function openReadOnly(path: string): DB {
  const db = openDatabase(path, { readonly: true, busyTimeoutMs: 5_000 });
  const pending = pendingMigrations(db);
  if (pending.length) {
    db.close();
    throw new Error(`${path} was made by an earlier plan-ingest (schema changes ${pending.map((m) => m.version).join(', ')} not applied); --read-only never changes it: any ingest into it upgrades it`);
  }
  return db;
}

// WAL and a short busy wait: a nightly import writing meanwhile delays a
// correction by at most one document's transaction, and reads never wait.
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const db = o.readOnly ? openReadOnly(o.db) : openDatabase(o.db, { busyTimeoutMs: 5_000 });
  const { app, token, setPort } = buildApp({ db, host: o.host, port: o.port, readOnly: o.readOnly, user: o.user });
  try {
    await app.listen({ host: o.host, port: o.port });
  } catch (e) {
    db.close();
    throw new Error(`cannot listen on ${o.host}:${o.port}: ${(e as Error).message}`);
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  setPort(port);
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${host}:${port}/`,
    token,
    close: async () => {
      await app.close();
      db.close();
    },
  };
}
