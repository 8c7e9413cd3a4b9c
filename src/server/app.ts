// The review web app: the documents page, a document page (records beside the
// source page), and a JSON API. Every asset comes from the package; document
// text only ever travels as JSON and is put on the page as text, never markup
// (and the Content-Security-Policy allows no inline script besides).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import type { DB } from '../store/db.ts';
import { CorrectionError, listCorrections } from '../store/corrections.ts';
import { documentDetail, documentSource, listDocuments } from './data.ts';
import { correctField, revertField, undoRepair } from './edit.ts';
import { checkRequest, TOKEN_HEADER } from './guard.ts';
import { pageImage, SourceError, sourceText } from './pages.ts';

export interface AppOptions {
  db: DB;
  host: string;
  port: number;
  readOnly: boolean;
  user: string;
  /** fixed for tests; random per session otherwise */
  token?: string;
}

const ASSETS = new URL('./assets/', import.meta.url);
const asset = (name: string) => readFileSync(new URL(name, ASSETS));
/** The only files served: a fixed list, no path from a request. */
const STATIC: Record<string, { type: string; body: Buffer }> = {
  'app.js': { type: 'text/javascript; charset=utf-8', body: asset('app.js') },
  'app.css': { type: 'text/css; charset=utf-8', body: asset('app.css') },
};
const INDEX = asset('index.html').toString('utf8');

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const IdParams = z.object({ id: Id });
const PageParams = z.object({ id: Id, page: Id });
const CorrectionBody = z.object({ field: z.string(), value: z.string().nullable() }).strict();

function fail(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).type('application/json').send({ error: message });
}

export function buildApp(o: AppOptions): { app: FastifyInstance; token: string; setPort: (port: number) => void } {
  const token = o.token ?? randomBytes(24).toString('base64url');
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024, trustProxy: false });
  const guard = { host: o.host, port: o.port, token, readOnly: o.readOnly };

  app.addHook('onRequest', async (req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    const verdict = checkRequest(req.method, req.headers, guard);
    if (!verdict.ok) return fail(reply, verdict.status, verdict.reason);
  });
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof CorrectionError) return fail(reply, 400, err.message);
    if (err instanceof SourceError) return fail(reply, err.status, err.message);
    if (err instanceof z.ZodError) return fail(reply, 400, `bad request: ${err.issues[0]?.path.join('.')} ${err.issues[0]?.message}`);
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status < 500) return fail(reply, status, (err as Error).message);
    return fail(reply, 500, `internal error: ${(err as Error).message}`);
  });
  app.setNotFoundHandler((_req, reply) => fail(reply, 404, 'not found'));

  const page = (_req: unknown, reply: FastifyReply) => {
    const html = INDEX
      .replace('__TOKEN__', o.readOnly ? '' : token)
      .replace('__READONLY__', o.readOnly ? 'true' : 'false')
      .replace('__USER__', escapeAttr(o.user));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  };
  app.get('/', page);
  app.get('/documents/:id', page);
  app.get('/assets/:name', (req, reply) => {
    const file = Object.hasOwn(STATIC, (req.params as { name: string }).name) ? STATIC[(req.params as { name: string }).name] : undefined;
    if (!file) return fail(reply, 404, 'not found');
    return reply.type(file.type).header('cache-control', 'no-cache').send(file.body);
  });

  app.get('/favicon.ico', (_req, reply) => reply.code(204).send());
  app.get('/api/documents', (_req, reply) => reply.header('cache-control', 'no-store').send(listDocuments(o.db)));
  app.get('/api/documents/:id', (req, reply) => {
    const { id } = IdParams.parse(req.params);
    const d = documentDetail(o.db, id);
    return d ? reply.header('cache-control', 'no-store').send(d) : fail(reply, 404, `no document ${id}`);
  });
  app.get('/api/documents/:id/pages/:page', async (req, reply) => {
    const { id, page: n } = PageParams.parse(req.params);
    const src = documentSource(o.db, id);
    if (!src) return fail(reply, 404, `no document ${id}`);
    const img = await pageImage(src, n);
    return reply.header('cache-control', 'no-store').send({ page: n, width: img.width, height: img.height, image: `/api/documents/${id}/pages/${n}/image` });
  });
  app.get('/api/documents/:id/pages/:page/image', async (req, reply) => {
    const { id, page: n } = PageParams.parse(req.params);
    const src = documentSource(o.db, id);
    if (!src) return fail(reply, 404, `no document ${id}`);
    const img = await pageImage(src, n);
    return reply.type('image/png').header('cache-control', 'private, max-age=300').send(img.png);
  });
  app.get('/api/documents/:id/text', async (req, reply) => {
    const { id } = IdParams.parse(req.params);
    const src = documentSource(o.db, id);
    if (!src) return fail(reply, 404, `no document ${id}`);
    return reply.header('cache-control', 'no-store').send({ text: await sourceText(src) });
  });
  app.get('/api/corrections', (_req, reply) => reply.header('cache-control', 'no-store').send({ corrections: listCorrections(o.db) }));

  app.post('/api/actions/:id/corrections', (req, reply) => {
    const { id } = IdParams.parse(req.params);
    const body = CorrectionBody.parse(req.body);
    const c = correctField(o.db, { actionId: id, field: body.field as never, value: body.value, author: o.user });
    return reply.send({ correction: c });
  });
  app.post('/api/repairs/:id/undo', (req, reply) => {
    const { id } = IdParams.parse(req.params);
    return reply.send({ correction: undoRepair(o.db, id, o.user) });
  });
  app.post('/api/corrections/:id/revert', (req, reply) => {
    const { id } = IdParams.parse(req.params);
    return reply.send({ correction: revertField(o.db, id, o.user) });
  });
  return { app, token, setPort: (port) => { guard.port = port; } };
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export { TOKEN_HEADER };
