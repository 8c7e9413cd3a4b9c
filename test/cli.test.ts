import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RecordsExportSchema } from '../src/export/schema.ts';
import { RECORD_FIELDS } from '../src/model.ts';
import { cli, tempDir } from './helpers/cli.ts';
import { fixture, gold, plans, ROOT, sharedDir } from './helpers/fixtures.ts';

describe('plan-ingest ingest + export on Word plans', () => {
  const dir = tempDir();
  const db = join(dir, 'plans.db');
  const docs = plans().map((p) => fixture('corpus', p, 'plan.docx'));

  it('ingests, exports the contract JSON, and re-runs idempotently', () => {
    const first = cli(['ingest', ...docs, '--db', db]);
    expect(first.stderr).not.toMatch(/FAILED/);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/5 imported, 0 skipped, 0 failed/);

    const before = readFileSync(db);
    const out = cli(['export', '--db', db, '--format', 'json']);
    expect(out.status).toBe(0);
    // a command that reads leaves the file as it was, and no -wal or -shm beside it
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['plans.db']);
    const exported = RecordsExportSchema.parse(JSON.parse(out.stdout));
    expect(exported.documents.map((d) => d.source)).toEqual(docs.map(() => 'plan.docx'));
    for (const [i, d] of exported.documents.entries()) {
      const g = gold(plans()[i]);
      expect(d.records).toHaveLength(g.records.length);
      expect(d.path).toBe(docs[i]);
      for (const r of d.records) expect(Object.keys(r).sort()).toEqual([...RECORD_FIELDS, 'provenance'].sort());
    }

    const again = cli(['ingest', ...docs, '--db', db]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/0 imported, 5 skipped, 0 failed/);
    const forced = cli(['ingest', docs[0], '--db', db, '--force']);
    expect(forced.stdout).toMatch(/1 imported/);
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(5);
    expect(sqlite.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()[0]).toBe(1);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    sqlite.close();
  });

  it('writes CSV with the document columns first', () => {
    const out = cli(['export', '--db', db, '--format', 'csv']);
    const lines = out.stdout.split('\r\n');
    expect(lines[0]).toBe(['source', 'title', 'organisation', 'area', ...RECORD_FIELDS, 'page', 'row', 'repairs'].join(','));
    expect(lines[1].startsWith('plan.docx,LAA Action Plan template,Voluntary Norfolk,Norfolk,')).toBe(true); // ordered by path
    expect(lines.filter((l) => l.startsWith('plan.docx,LAA Action Plan template,Voluntary Norfolk,Norfolk,'))).toHaveLength(3);
    expect(lines.filter((l) => l.trim()).length).toBe(1 + 3 + 27 + 9 + 27 + 15);
  });

  it('a reader that stops early (`| head`) ends the export quietly, exit 0', () => {
    // the export (about 170 KB) is larger than the pipe's buffer: it is still writing when head exits
    const r = spawnSync('bash', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'bin/plan-ingest.js'))} export --db ${JSON.stringify(db)} --format json | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('0');
  });
});

describe('bad input', () => {
  it('reports each bad file, stores nothing for it, keeps the rest, exits 1', () => {
    const dir = tempDir();
    const db = join(dir, 'plans.db');
    const good = fixture('corpus', 'thurrock-ni7-action-plan', 'plan.docx');
    expect(cli(['ingest', good, '--db', db]).status).toBe(0);
    const r = cli(['ingest', fixture('bad', 'truncated.docx'), fixture('bad', 'zip-bomb.docx'), join(dir, 'missing.docx'), '--db', db]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/truncated\.docx.*truncated/);
    expect(r.stderr).toMatch(/zip-bomb\.docx.*zip bomb/);
    expect(r.stderr).toMatch(/missing\.docx.*not found/);
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(1);
    expect(sqlite.prepare('SELECT count(*) FROM actions').pluck().get()).toBe(27);
    sqlite.close();
    const failures = cli(['failures', '--db', db, '--json']);
    const rows = JSON.parse(failures.stdout) as Array<{ path: string; reason: string }>;
    expect(rows.map((f) => f.path.split('/').pop()).sort()).toEqual(['missing.docx', 'truncated.docx', 'zip-bomb.docx']);
  });

  it('a renamed file is read by its content, not its name', () => {
    const dir = tempDir();
    const renamed = join(dir, 'plan.pdf');
    copyFileSync(fixture('corpus', 'tower-hamlets-third-sector-2009', 'plan.docx'), renamed);
    const db = join(dir, 'plans.db');
    const r = cli(['ingest', renamed, '--db', db]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/docx\/docx, 1 pages, 15 actions/);
  });

  it('usage errors exit 2', () => {
    expect(cli(['ingest']).status).toBe(2);
    expect(cli(['export', '--db', '/nonexistent/x.db']).status).toBe(2);
    expect(cli(['--help']).status).toBe(0);
    expect(cli(['ingest', '--help']).stdout).toMatch(/--db <file>/);
  });
});

describe('what a run prints', () => {
  it("a PDF with pictures imports without pdf.js's own warnings on standard error", () => {
    // eu-001.pdf has images, which the text reader skips; pdf.js would warn of each
    const pdf = join(sharedDir('icdar2013-dev'), 'eu-001.pdf');
    const r = cli(['ingest', pdf, '--db', join(tempDir(), 'w.db')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('imported');
    expect(r.stderr).not.toMatch(/Warning:/);
  });
});
