// plan-ingest serve over HTTP: what it serves, what it refuses (foreign Host,
// cross-site Origin, writes without the session token, any write when
// read-only), only stored documents' pages, and an import running meanwhile.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../src/store/db.ts';
import { cli, tempDir } from './helpers/cli.ts';
import { fixture, plans, ROOT } from './helpers/fixtures.ts';
import { pageToken, request, serve, type Served } from './helpers/serve.ts';

const TOKEN_HEADER = 'x-plan-ingest-token';

describe('plan-ingest serve', () => {
  const dir = tempDir();
  const db = join(dir, 'plans.db');
  const pdf = join(dir, 'plan.pdf');
  const tsv = join(dir, 'export.tsv');
  let rw: Served;
  let ro: Served;
  let token: string;
  let docs: { id: number; source: string; format: string; pages: number; records: number; repairs: number }[];

  beforeAll(async () => {
    copyFileSync(fixture('corpus', 'norfolk-ni7-laa-action-plan', 'plan.pdf'), pdf);
    copyFileSync(fixture('corpus', 'tower-hamlets-third-sector-2009', 'export.tsv'), tsv);
    expect(cli(['ingest', pdf, tsv, '--db', db, '--jobs', '0']).status).toBe(0);
    [rw, ro] = await Promise.all([serve(['--db', db, '--user', 'reviewer']), serve(['--db', db, '--read-only'])]);
    token = await pageToken(rw.url);
    docs = JSON.parse((await request(`${rw.url}api/documents`)).body).documents;
  });
  afterAll(async () => {
    await Promise.all([rw?.stop(), ro?.stop()]);
  });

  const doc = (source: string) => docs.find((d) => d.source === source)!;
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('listens on 127.0.0.1 and serves the app from the package, with a strict CSP', async () => {
    expect(rw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await request(rw.url);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(token).toMatch(/^[\w-]{24,}$/);
    for (const a of ['app.js', 'app.css']) {
      const r = await request(`${rw.url}assets/${a}`);
      expect(r.status).toBe(200);
      expect(r.body).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    }
    expect(page.body).not.toMatch(/https?:\/\//);
    expect((await request(`${rw.url}assets/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await request(`${rw.url}assets/index.html`)).status).toBe(404);
  });

  it('lists every document with its counts', () => {
    expect(docs.map((d) => [d.source, d.format, d.pages, d.records])).toEqual([['export.tsv', 'text', 1, 15], ['plan.pdf', 'pdf', 2, 3]]);
    expect(doc('export.tsv').repairs).toBeGreaterThan(0);
  });

  it('refuses a foreign Host header (DNS rebinding) and cross-site requests', async () => {
    const port = new URL(rw.url).port;
    const host = async (h: string) => (await request(`${rw.url}api/documents`, { headers: { host: h } })).status;
    expect(await host('evil.example')).toBe(421);
    expect(await host(`evil.example:${port}`)).toBe(421);
    expect(await host('127.0.0.1:1')).toBe(421);
    expect(await host(`localhost:${port}`)).toBe(200);
    expect(await host(`127.0.0.1:${port}`)).toBe(200);
    const cross = await request(`${rw.url}api/documents`, { headers: { origin: 'http://evil.example' } });
    expect(cross.status).toBe(403);
    expect(cross.body).toMatch(/cross-site/);
    expect((await request(`${rw.url}api/documents`, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
  });

  it('needs the session token to write, and a write with it lands in the export', async () => {
    const detail = JSON.parse((await request(`${rw.url}api/documents/${doc('plan.pdf').id}`)).body);
    const rec = detail.records[0];
    const url = `${rw.url}api/actions/${rec.id}/corrections`;
    expect((await post(url, { field: 'lead', value: 'Norfolk CVS' })).status).toBe(403);
    expect((await post(url, { field: 'lead', value: 'Norfolk CVS' }, { [TOKEN_HEADER]: 'x'.repeat(token.length) })).status).toBe(403);
    expect((await post(url, { field: 'lead', value: 'Norfolk CVS' }, { [TOKEN_HEADER]: token, origin: 'http://evil.example' })).status).toBe(403);
    // a form post (no JSON) is not a way round
    const form = await request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', [TOKEN_HEADER]: token }, body: 'field=lead&value=x' });
    expect(form.status).toBe(415);
    const ok = await post(url, { field: 'lead', value: 'Norfolk CVS' }, { [TOKEN_HEADER]: token });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).correction).toMatchObject({ field: 'lead', old_value: rec.lead, new_value: 'Norfolk CVS', author: 'reviewer' });
    const bad = await post(url, { field: 'status', value: 'purple' }, { [TOKEN_HEADER]: token });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/status must be R, A, G/);

    const out = JSON.parse(cli(['export', '--db', db]).stdout);
    const exported = out.documents.find((d: { source: string }) => d.source === 'plan.pdf').records[0];
    expect(exported.lead).toBe('Norfolk CVS');
    expect(exported.provenance.corrections[0]).toMatchObject({ from: rec.lead, to: 'Norfolk CVS', by: 'reviewer' });
    // cell boxes of the PDF's table, in points on a 595 x 842 page
    const [x0, y0, x1, y1] = exported.provenance.cells.lead.bbox;
    expect(exported.provenance.cells.lead.page).toBe(1);
    expect(0 < x0 && x0 < x1 && x1 <= 596 && 0 < y0 && y0 < y1 && y1 <= 842).toBe(true);
  });

  it('undoes a repair as a correction', async () => {
    const detail = JSON.parse((await request(`${rw.url}api/documents/${doc('export.tsv').id}`)).body);
    const rec = detail.records.find((r: { repairs: { to: string }[] }) => r.repairs.some((p) => p.to));
    const rep = rec.repairs.find((p: { to: string }) => p.to);
    const r = await post(`${rw.url}api/repairs/${rep.id}/undo`, {}, { [TOKEN_HEADER]: token });
    expect(r.status).toBe(200);
    const after = JSON.parse((await request(`${rw.url}api/documents/${doc('export.tsv').id}`)).body).records.find((x: { id: number }) => x.id === rec.id);
    expect(after[rep.field]).toContain(rep.from);
    expect(after.corrections).toEqual([expect.objectContaining({ field: rep.field, kind: 'undo-repair' })]);
  });

  it('refuses every write when read-only', async () => {
    expect(await pageToken(ro.url)).toBe('');
    const detail = JSON.parse((await request(`${ro.url}api/documents/${doc('plan.pdf').id}`)).body);
    const r = await post(`${ro.url}api/actions/${detail.records[1].id}/corrections`, { field: 'lead', value: 'x' }, { [TOKEN_HEADER]: token });
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/read-only/);
  });

  it('serves only stored documents\' pages, drawn from the stored file', async () => {
    const id = doc('plan.pdf').id;
    const info = JSON.parse((await request(`${rw.url}api/documents/${id}/pages/1`)).body);
    expect(info.width).toBeCloseTo(595.3, 0);
    expect(info.height).toBeCloseTo(841.9, 0);
    const img = await request(`${rw.url}api/documents/${id}/pages/1/image`);
    expect(img.status).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect((await request(`${rw.url}api/documents/${id}/pages/3/image`)).status).toBe(404);
    expect((await request(`${rw.url}api/documents/999/pages/1/image`)).status).toBe(404);
    expect((await request(`${rw.url}api/documents/..%2f..%2fetc%2fpasswd/pages/1/image`)).status).toBe(400);
    expect((await request(`${rw.url}api/documents/${doc('export.tsv').id}/pages/1/image`)).status).toBe(404);
    const text = JSON.parse((await request(`${rw.url}api/documents/${doc('export.tsv').id}/text`)).body).text;
    expect(text).toBe(readFileSync(tsv, 'utf8'));
    // the file replaced on disk: its pages are not drawn from the new bytes
    writeFileSync(pdf, readFileSync(fixture('corpus', 'thurrock-ni7-action-plan', 'plan.pdf')));
    const changed = await request(`${rw.url}api/documents/${id}/pages/2/image`);
    expect(changed.status).toBe(409);
    expect(changed.body).toMatch(/has changed since it was imported/);
  });

  it('keeps answering while an import writes to the same database, and the import is not held up', async () => {
    const files = plans().map((p) => fixture('corpus', p, 'plan.docx'));
    const started = Date.now();
    const child = spawn(process.execPath, [join(ROOT, 'bin/plan-ingest.js'), 'ingest', ...files, '--db', db, '--jobs', '0'], { cwd: ROOT, stdio: 'ignore' });
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let done = false;
    void exit.then(() => (done = true));
    const latencies: number[] = [];
    const detail = JSON.parse((await request(`${rw.url}api/documents/${doc('plan.pdf').id}`)).body);
    let n = 0;
    while (!done) {
      const t = Date.now();
      const r = await request(`${rw.url}api/documents`);
      expect(r.status).toBe(200);
      // a correction now and then, each its own short transaction
      if (n++ % 5 === 0) {
        const w = await post(`${rw.url}api/actions/${detail.records[2].id}/corrections`, { field: 'due', value: `Autumn ${2000 + n}` }, { [TOKEN_HEADER]: token });
        expect(w.status).toBe(200);
      }
      latencies.push(Date.now() - t);
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(await exit).toBe(0);
    expect(latencies.length).toBeGreaterThan(2);
    expect(Math.max(...latencies)).toBeLessThan(5_000);
    expect(Date.now() - started).toBeLessThan(120_000);
    const after = JSON.parse((await request(`${rw.url}api/documents`)).body).documents;
    expect(after).toHaveLength(2 + files.length);
  });
});

describe('plan-ingest serve --read-only', () => {
  const dir = tempDir();
  const tsv = join(dir, 'export.tsv');
  copyFileSync(fixture('corpus', 'tower-hamlets-third-sector-2009', 'export.tsv'), tsv);

  it('never upgrades a database of an earlier release: refused with the reason, the file left as it was', () => {
    const old = join(dir, 'old.db');
    // a database as an earlier release left it: the last schema change not applied
    const raw = new Database(old);
    const all = listMigrations();
    migrate(raw, all.slice(0, -1));
    raw.close();
    const before = readFileSync(old);
    // a server that started after all would run on: the time limit ends it
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/plan-ingest.js'), 'serve', '--db', old, '--read-only', '--port', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(old);
    expect(r.stderr).toMatch(/earlier plan-ingest .*--read-only never changes it/);
    expect(readFileSync(old).equals(before)).toBe(true);
    const check = new Database(old, { readonly: true });
    expect(check.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(all.at(-2)!.version);
    check.close();
  });

  it('serves while another process holds the write lock, and writes nothing', async () => {
    const db = join(dir, 'locked.db');
    expect(cli(['ingest', tsv, '--db', db, '--jobs', '0']).status).toBe(0);
    const writer = new Database(db);
    writer.exec('BEGIN IMMEDIATE');
    writer.prepare("UPDATE documents SET title = 'changed meanwhile'").run();
    const ro = await serve(['--db', db, '--read-only']);
    try {
      const t = Date.now();
      const r = await request(`${ro.url}api/documents`);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).documents).toHaveLength(1);
      // no wait on the writer's lock (the busy timeout is 5 s)
      expect(Date.now() - t).toBeLessThan(4_000);
    } finally {
      await ro.stop();
      writer.exec('ROLLBACK');
      writer.close();
    }
  });
});
