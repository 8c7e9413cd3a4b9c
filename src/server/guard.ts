// Request checks for a server meant for one analyst's machine:
// - Host must name this server by IP address, "localhost" or the --host name
//   given, with its port: a DNS-rebinding page (evil.example resolving to
//   127.0.0.1) sends its own name and is refused.
// - Origin, when sent, must be this server: cross-site requests are refused.
// - Writes need the session's token, handed only to pages this server serves.
import { isIP } from 'node:net';
import { timingSafeEqual } from 'node:crypto';

export const TOKEN_HEADER = 'x-plan-ingest-token';

export interface GuardOptions {
  host: string;
  port: number;
  token: string;
  readOnly: boolean;
}

export type Verdict = { ok: true } | { ok: false; status: number; reason: string };

function hostName(host: string): string | null {
  const m = /^(\[[0-9a-f:.]+\]|[^:\[\]]+)(?::(\d+))?$/i.exec(host);
  return m ? m[1].replace(/^\[|\]$/g, '').toLowerCase() : null;
}

function hostPort(host: string): number | null {
  const m = /:(\d+)$/.exec(host.replace(/^\[[^\]]*\]/, ''));
  return m ? Number(m[1]) : null;
}

export function allowedHost(header: string | undefined, o: Pick<GuardOptions, 'host' | 'port'>): boolean {
  if (!header) return false;
  const name = hostName(header);
  if (name === null || hostPort(header) !== o.port) return false;
  return isIP(name) !== 0 || name === 'localhost' || name === o.host.toLowerCase();
}

export function checkRequest(method: string, headers: Record<string, string | string[] | undefined>, o: GuardOptions): Verdict {
  const host = typeof headers.host === 'string' ? headers.host : undefined;
  if (!allowedHost(host, o)) return { ok: false, status: 421, reason: 'this server answers only to its own address (Host header refused)' };
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return { ok: false, status: 403, reason: 'cross-site request refused (Origin is not this server)' };
  if (headers['sec-fetch-site'] === 'cross-site') return { ok: false, status: 403, reason: 'cross-site request refused' };
  const write = method !== 'GET' && method !== 'HEAD';
  if (!write) return { ok: true };
  if (o.readOnly) return { ok: false, status: 403, reason: 'the server is read-only (--read-only)' };
  const given = headers[TOKEN_HEADER];
  if (typeof given !== 'string' || !sameToken(given, o.token)) return { ok: false, status: 403, reason: 'a write needs this session\'s token' };
  return { ok: true };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
