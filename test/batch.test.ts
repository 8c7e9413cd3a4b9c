// Batch and nightly behaviour through the real CLI and pipeline: bad inputs,
// crashes, concurrent runs, files that vanish or cannot be read.
import { spawn } from 'node:child_process';
import { existsSync, chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.ts';
import { ingestPaths } from '../src/pipeline.ts';
import { cli, tempDir } from './helpers/cli.ts';
import { fixture, plans, ROOT } from './helpers/fixtures.ts';

const docxPlans = () => plans().map((p) => fixture('corpus', p, 'plan.docx'));

function docCounts(db: string): Array<{ path: string; actions: number }> {
  const d = new Database(db, { readonly: true });
  // killed before its first migration committed: an empty database, nothing half-written
  const migrated = d.prepare("SELECT 1 FROM sqlite_master WHERE name = 'documents'").get();
  const rows = !migrated ? [] : d.prepare('SELECT d.path, (SELECT count(*) FROM actions a WHERE a.document_id = d.id) AS actions FROM documents d ORDER BY d.path').all() as Array<{ path: string; actions: number }>;
  expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(d.pragma('foreign_key_check')).toEqual([]);
  d.close();
  return rows;
}

function exportWithoutTimes(db: string): unknown {
  const out = JSON.parse(cli(['export', '--db', db]).stdout);
  // when and under which row ids a document was stored depend on the run
  for (const d of out.documents) {
    delete d.ingested_at;
    for (const r of d.records) delete r.provenance.action_id;
  }
  return out;
}

describe('bad inputs never stop the batch', () => {
  it('gives each bad file a one-line reason, stores the good ones, exits 1', () => {
    const dir = tempDir();
    const input = join(dir, 'in');
    mkdirSync(input);
    copyFileSync(docxPlans()[4], join(input, 'good.docx'));
    writeFileSync(join(input, 'empty.pdf'), '');
    writeFileSync(join(input, 'random.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
    copyFileSync(fixture('bad', 'zip-bomb.docx'), join(input, 'bomb.docx'));
    copyFileSync(fixture('bad', 'malformed-xml.docx'), join(input, 'malformed.docx'));
    copyFileSync(fixture('bad', 'not-a-zip.docx'), join(input, 'not-a-zip.docx'));
    mkdirSync(join(input, 'loop'));
    symlinkSync('..', join(input, 'loop', 'back'));
    const db = join(dir, 'plans.db');
    const r = cli(['ingest', input, '--db', db, '--json']);
    expect(r.status).toBe(1);
    const summary = JSON.parse(r.stdout);
    const reason = (name: string) => summary.files.find((f: { path: string }) => f.path.endsWith(name))?.reason as string;
    expect(reason('empty.pdf')).toMatch(/empty file/);
    expect(reason('random.bin')).toMatch(/unrecognised binary content/);
    expect(reason('bomb.docx')).toMatch(/zip bomb/);
    expect(reason('malformed.docx')).toMatch(/malformed XML/);
    expect(reason('not-a-zip.docx')).toMatch(/not a zip archive/);
    expect(reason('back')).toMatch(/symbolic link loop/);
    for (const f of summary.files) if (f.status === 'failed') expect(f.reason).not.toMatch(/\n/);
    expect(summary.counts.imported).toBe(1);
    expect(docCounts(db)).toEqual([{ path: join(input, 'good.docx'), actions: 15 }]);
    const failures = JSON.parse(cli(['failures', '--db', db, '--run', String(summary.runId), '--json']).stdout);
    expect(failures.map((f: { path: string }) => f.path.split('/').pop()).sort()).toEqual(
      ['back', 'bomb.docx', 'empty.pdf', 'malformed.docx', 'not-a-zip.docx', 'random.bin'],
    );
  });

  it('a file deleted between listing and reading fails with a clear reason', async () => {
    const dir = tempDir();
    for (const [i, f] of docxPlans().slice(0, 3).entries()) copyFileSync(f, join(dir, `${i}.docx`));
    const db = openDatabase(':memory:');
    const summary = await ingestPaths(db, [dir], {
      onEvent: (e) => {
        if (e.type === 'start' && e.path.endsWith('1.docx')) unlinkSync(e.path);
      },
    });
    expect(summary.counts).toMatchObject({ imported: 2, failed: 1 });
    expect(summary.files.find((f) => f.status === 'failed')).toMatchObject({ stage: 'read', reason: 'file not found (deleted or moved before it could be read)' });
    db.close();
  });

  it('an unreadable file fails with "permission denied"', () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const locked = join(dir, 'locked.docx');
    copyFileSync(docxPlans()[0], locked);
    chmodSync(locked, 0o000);
    const db = join(dir, 'plans.db');
    // root reads anything: run the CLI as an unprivileged user then
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = cli(['ingest', locked, '--db', db, '--json', '--jobs', '0'], { spawn: asUser });
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ status: 'failed', reason: 'permission denied: the file cannot be read' });
  });

  it('a per-file time limit fails a file that overruns and the run goes on', () => {
    const dir = tempDir();
    const db = join(dir, 'plans.db');
    // a limit far below what reading a Word file takes: every file overruns
    const r = cli(['ingest', ...docxPlans().slice(0, 2), '--db', db, '--json', '--jobs', '1', '--timeout', '0.001']);
    expect(r.status).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect(summary.counts).toMatchObject({ files_seen: 2, failed: 2 });
    for (const f of summary.files) expect(f.reason).toMatch(/timed out after .* \(per-file limit\)/);
    expect(docCounts(db)).toEqual([]);
  });
});

describe('damaged and protected PDFs', () => {
  it('refuses truncated and password PDFs with a reason; reads owner-only and broken-xref PDFs', () => {
    const dir = tempDir();
    const db = join(dir, 'plans.db');
    const names = ['truncated.pdf', 'password.pdf', 'owner-only.pdf', 'broken-xref.pdf'];
    const r = cli(['ingest', ...names.map((n) => fixture('bad', n)), '--db', db, '--json']);
    expect(r.status).toBe(1);
    const byName = new Map(JSON.parse(r.stdout).files.map((f: { path: string }) => [f.path.split('/').pop(), f]));
    expect(byName.get('truncated.pdf')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/truncated or damaged/) });
    expect(byName.get('password.pdf')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/encrypted with a password/) });
    // permissions without a user password do not stop reading; pdf.js rebuilds a broken xref
    expect(byName.get('owner-only.pdf')).toMatchObject({ status: 'imported', records: 27 });
    expect(byName.get('broken-xref.pdf')).toMatchObject({ status: 'imported', records: 27 });
  });
});

describe('crash safety', () => {
  it('SIGKILL at several points leaves a consistent database, and a re-run completes it', async () => {
    const dir = tempDir();
    const input = join(dir, 'in');
    mkdirSync(input);
    // twenty documents with distinct bytes: enough for a kill to land mid-run
    for (let i = 0; i < 20; i++) {
      const src = docxPlans()[i % 5];
      const bytes = Buffer.concat([readFileSync(src)]);
      // a zip comment changes the bytes (and the sha256) but not the document
      const withComment = Buffer.from(bytes);
      withComment.writeUInt16LE(String(i).length, withComment.length - 2);
      writeFileSync(join(input, `plan-${String(i).padStart(2, '0')}.docx`), Buffer.concat([withComment, Buffer.from(String(i))]));
    }
    const clean = join(dir, 'clean.db');
    const t0 = Date.now();
    expect(cli(['ingest', input, '--db', clean, '--quiet', '--jobs', '2']).status).toBe(0);
    const runMs = Date.now() - t0;
    const expected = exportWithoutTimes(clean);
    const full = new Map(docCounts(clean).map((d) => [d.path, d.actions]));

    // kill points spread over a run's own length (start-up included)
    for (const share of [0.15, 0.4, 0.6, 0.85]) {
      const db = join(dir, `killed-${share}.db`);
      const child = spawn(process.execPath, [join(ROOT, 'bin/plan-ingest.js'), 'ingest', input, '--db', db, '--quiet', '--jobs', '2'], { stdio: 'ignore' });
      const exited = new Promise((r) => child.on('exit', r));
      await new Promise((r) => setTimeout(r, Math.round(runMs * share)));
      child.kill('SIGKILL');
      await exited;
      // every stored document is whole (a kill before the database was created leaves nothing to check)
      if (existsSync(db)) for (const d of docCounts(db)) expect(d.actions).toBe(full.get(d.path));
      const again = cli(['ingest', input, '--db', db, '--quiet']);
      expect(again.status).toBe(0);
      expect(exportWithoutTimes(db)).toEqual(expected);
    }
  }, 240_000);

  it('two runs at once on one database do not corrupt it', async () => {
    const dir = tempDir();
    const db = join(dir, 'plans.db');
    const run = () => new Promise<number>((resolve) => {
      const c = spawn(process.execPath, [join(ROOT, 'bin/plan-ingest.js'), 'ingest', ...docxPlans(), '--db', db, '--quiet', '--jobs', '1'], { stdio: 'ignore' });
      c.on('exit', (code) => resolve(code ?? -1));
    });
    const codes = await Promise.all([run(), run()]);
    expect(codes).toEqual([0, 0]);
    expect(docCounts(db).map((d) => d.actions)).toEqual([3, 27, 9, 27, 15]);
  }, 120_000);
});

describe('idempotent nightly runs', () => {
  it('an unchanged folder changes nothing and says so; a changed file replaces its document and keeps the old one in history', () => {
    const dir = tempDir();
    const input = join(dir, 'in');
    mkdirSync(input);
    const target = join(input, 'plan.docx');
    copyFileSync(docxPlans()[0], target);
    const db = join(dir, 'plans.db');
    expect(cli(['ingest', input, '--db', db]).status).toBe(0);
    const again = cli(['ingest', input, '--db', db]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/0 imported, 1 skipped, 0 failed.*\(nothing changed\)/);
    copyFileSync(docxPlans()[4], target); // new bytes at the same path
    expect(cli(['ingest', input, '--db', db]).stdout).toMatch(/1 imported/);
    const d = new Database(db, { readonly: true });
    expect(d.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(1);
    expect(d.prepare('SELECT count(*) FROM actions').pluck().get()).toBe(15);
    const history = d.prepare('SELECT reason, document FROM document_history').all() as Array<{ reason: string; document: string }>;
    expect(history).toHaveLength(1);
    expect(history[0].reason).toBe('changed');
    expect(JSON.parse(history[0].document).records).toHaveLength(3);
    d.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('legacy encodings', () => {
  it('a Windows-1252 copy of a source.txt imports with the same records as the UTF-8 one', () => {
    const dir = tempDir();
    const utf8 = readFileSync(fixture('corpus', 'thurrock-community-engagement-2011', 'source.txt'), 'utf8');
    // every character of this export exists in Windows-1252 ("£" becomes the byte 0xA3)
    // (a Greek capital alpha, a homoglyph in the UTF-8 export, has no byte there: it is an A)
    const table = new Map<string, number>([['\u0391', 0x41], ['\u20ac', 0x80], ['\u2018', 0x91], ['\u2019', 0x92], ['\u201c', 0x93], ['\u201d', 0x94], ['\u2022', 0x95], ['\u2013', 0x96], ['\u2014', 0x97]]);
    const bytes = Buffer.from([...utf8].map((ch) => {
      const code = ch.codePointAt(0)!;
      if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
      const b = table.get(ch);
      if (b === undefined) throw new Error(`no Windows-1252 byte for U+${code.toString(16)}`);
      return b;
    }));
    expect(bytes.includes(0xa3)).toBe(true);
    writeFileSync(join(dir, 'cp1252.txt'), bytes);
    writeFileSync(join(dir, 'utf8.txt'), utf8);
    const db = join(dir, 'plans.db');
    expect(cli(['ingest', join(dir, 'cp1252.txt'), join(dir, 'utf8.txt'), '--db', db, '--quiet']).status).toBe(0);
    const docs = JSON.parse(cli(['export', '--db', db]).stdout).documents;
    expect(docs).toHaveLength(2);
    expect(docs[0].records.length).toBeGreaterThan(20);
    const fields = (r: Record<string, unknown>) => ({ ...r, provenance: undefined });
    expect(docs[0].records.map(fields)).toEqual(docs[1].records.map(fields));
    expect(JSON.stringify(docs[0].records)).toContain('£12,500');
  });
});
