// plan-ingest serve: the review app on this machine (127.0.0.1 by default).
import { openDatabase } from '../store/db.ts';
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

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  // WAL and a short busy wait: a nightly import writing meanwhile delays a
  // correction by at most one document's transaction, and reads never wait
  const db = openDatabase(o.db, { busyTimeoutMs: 5_000 });
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
