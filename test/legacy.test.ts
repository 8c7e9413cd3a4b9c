// Formats read by way of LibreOffice (.doc, .xls, .ppt, .rtf): real
// conversions, a clear refusal with the install hint when LibreOffice is
// absent, a time limit, and nothing stored for a file that fails.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { threadId } from 'node:worker_threads';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { ingestPaths, type FileResult } from '../src/pipeline.ts';
import { processBytes } from '../src/pipeline/process.ts';
import { detectFormat } from '../src/readers/detect.ts';
import { findSoffice } from '../src/readers/libreoffice.ts';
import { openDatabase } from '../src/store/db.ts';
import { cli, tempDir } from './helpers/cli.ts';
import { fixture, gold, norm } from './helpers/fixtures.ts';

const converted = (slug: string, ext: string) => fixture('converted', slug, `plan.${ext}`);

describe('formats read by way of LibreOffice', () => {
  it('LibreOffice is installed here (CI installs it), so the conversions below run for real', () => {
    expect(findSoffice()).not.toBeNull();
  });

  it('recognises .doc, .xls and .rtf from the bytes', () => {
    const slug = 'thurrock-ni7-action-plan';
    expect(detectFormat(readFileSync(converted(slug, 'doc')), 'x.bin')).toBe('doc');
    expect(detectFormat(readFileSync(converted(slug, 'xls')), 'x.bin')).toBe('xls');
    expect(detectFormat(readFileSync(converted(slug, 'rtf')), 'x.txt')).toBe('rtf');
  });

  it('a .doc imports with the records of the Word file it was made from', async () => {
    const slug = 'tower-hamlets-third-sector-2009';
    const a = await processBytes(new Uint8Array(readFileSync(fixture('corpus', slug, 'plan.docx'))));
    const b = await processBytes(new Uint8Array(readFileSync(converted(slug, 'doc'))));
    expect(b).toMatchObject({ format: 'doc', extractor: 'libreoffice-odt' });
    expect(b.notes[0]).toMatch(/converted by LibreOffice/);
    expect(b.records.map((r) => [r.section, r.ref, r.action, r.lead, r.due])).toEqual(a.records.map((r) => [r.section, r.ref, r.action, r.lead, r.due]));
  }, 120_000);

  it('a .ppt (made by LibreOffice from a corpus PDF) is read through its PDF: the plan records', async () => {
    const slug = 'tower-hamlets-third-sector-2009';
    const dir = tempDir();
    copyFileSync(fixture('corpus', slug, 'plan.pdf'), join(dir, 'plan.pdf'));
    const made = spawnSync(findSoffice()!, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--infilter=impress_pdf_import',
      '--convert-to', 'ppt', '--outdir', dir, join(dir, 'plan.pdf')], { encoding: 'utf8', timeout: 120_000 });
    expect(made.status, made.stderr).toBe(0);
    const ppt = new Uint8Array(readFileSync(join(dir, 'plan.ppt')));
    expect(detectFormat(ppt, 'x.bin')).toBe('ppt');
    const doc = await processBytes(ppt, { ocr: false }, 'plan.ppt');
    expect(doc).toMatchObject({ format: 'ppt', extractor: 'libreoffice-pdf' });
    const g = gold(slug);
    expect(doc.records).toHaveLength(g.records.length);
    const want = new Set(g.records.map((r) => norm(r.action)));
    expect(doc.records.filter((r) => want.has(norm(r.action))).length).toBeGreaterThanOrEqual(g.records.length - 1);
  }, 180_000);

  it('without LibreOffice, a .doc fails with one line naming the file and the install hint, and the run goes on', () => {
    const dir = tempDir();
    copyFileSync(converted('thurrock-ni7-action-plan', 'doc'), join(dir, 'old-plan.doc'));
    copyFileSync(fixture('corpus', 'thurrock-ni7-action-plan', 'plan.docx'), join(dir, 'plan.docx'));
    const db = join(dir, 'plans.db');
    // a PATH holding node and nothing else
    const bin = join(tempDir(), 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const r = cli(['ingest', dir, '--db', db, '--jobs', '0'], { env: { PATH: bin } });
    expect(r.status).toBe(1);
    const line = r.stderr.split('\n').find((l) => l.includes('old-plan.doc'));
    expect(line).toMatch(/old-plan\.doc.*needs LibreOffice.*not installed.*apt-get install libreoffice-writer-nogui libreoffice-calc-nogui/);
    expect(r.stderr).toMatch(/imported .*plan\.docx/);
    const exported = cli(['export', '--format', 'json', '--db', db]);
    expect(JSON.parse(exported.stdout).documents.map((d: { source: string }) => d.source)).toEqual(['plan.docx']);
  }, 120_000);

  it('a conversion over the time limit is stopped, with a reason, and nothing is stored', async () => {
    const dir = tempDir();
    const file = join(dir, 'slow.doc');
    copyFileSync(converted('thurrock-community-engagement-2011', 'doc'), file);
    const db = openDatabase(':memory:');
    const t = performance.now();
    const run = await ingestPaths(db, [file], { convertTimeoutMs: 200 });
    expect(performance.now() - t).toBeLessThan(30_000);
    expect(run.files[0]).toMatchObject({ status: 'failed', stage: 'read' });
    expect(run.files[0].reason).toMatch(/LibreOffice took longer than 0 s to convert the Word 97-2003 document \(\.doc\): stopped/);
    expect(db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(0);
    db.close();
  }, 60_000);

  it('a corrupt .doc is refused with a reason and nothing is stored', async () => {
    const dir = tempDir();
    const good = readFileSync(converted('thurrock-ni7-action-plan', 'doc'));
    // the compound file's directory kept, its sectors scrambled
    const bad = Uint8Array.from(good);
    for (let i = 512 * 8; i < bad.length; i += 7) if (i % 4096 > 512) bad[i] ^= 0x5a;
    const file = join(dir, 'corrupt.doc');
    writeFileSync(file, bad);
    const db = openDatabase(':memory:');
    const run = await ingestPaths(db, [file]);
    expect(run.files[0].status).toBe('failed');
    expect(run.files[0].reason).toMatch(/LibreOffice could not convert the Word 97-2003 document|not a Word, Excel or PowerPoint/);
    expect(db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(0);
    db.close();
  }, 120_000);

  it('workers converting files leave no LibreOffice profile behind when the run ends', async () => {
    const dir = tempDir();
    for (const slug of ['thurrock-ni7-action-plan', 'norfolk-ni7-laa-action-plan']) copyFileSync(converted(slug, 'doc'), join(dir, `${slug}.doc`));
    const profiles = () => readdirSync(tmpdir()).filter((n) => n.startsWith(`plan-ingest-soffice-${process.pid}-`) && !n.startsWith(`plan-ingest-soffice-${process.pid}-${threadId}-`));
    const db = openDatabase(':memory:');
    try {
      // two workers, each converting in its own thread with its own profile
      const run = await ingestPaths(db, [dir], { jobs: 2 });
      expect(run.counts.imported).toBe(2);
    } finally {
      db.close();
    }
    // the workers were asked to exit, so their exit handlers removed their profiles
    expect(profiles()).toEqual([]);
  }, 120_000);

  it('a profile left by a process that was killed is removed by the next conversion; a live process\'s is kept', async () => {
    // a process that has ended: its pid is free (or taken by another process, which keeps the folder)
    const gone = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim();
    const stale = join(tmpdir(), `plan-ingest-soffice-${gone}-0-0`);
    const live = join(tmpdir(), `plan-ingest-soffice-${process.ppid}-0-0`);
    mkdirSync(stale, { recursive: true });
    mkdirSync(live, { recursive: true });
    try {
      // a fresh module state: this process's first profile, so the sweep runs
      vi.resetModules();
      const { processBytes: fresh } = await import('../src/pipeline/process.ts');
      await fresh(new Uint8Array(readFileSync(converted('thurrock-cvs-ni7-report', 'doc'))));
      const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
      expect(existsSync(stale)).toBe(alive(Number(gone)));
      expect(existsSync(live)).toBe(true);
    } finally {
      rmSync(stale, { recursive: true, force: true });
      rmSync(live, { recursive: true, force: true });
    }
  }, 120_000);

  describe('files for LibreOffice in flight together', () => {
    const slugs = ['thurrock-ni7-action-plan', 'tower-hamlets-third-sector-2009', 'thurrock-cvs-ni7-report', 'norfolk-ni7-laa-action-plan'];
    const folder = () => {
      const dir = tempDir();
      for (const slug of slugs) copyFileSync(converted(slug, 'doc'), join(dir, `${slug}.doc`));
      copyFileSync(converted('thurrock-community-engagement-2011', 'xls'), join(dir, 'workbook.xls'));
      return dir;
    };
    let lastFiles: FileResult[] = [];
    // soffice behind a shim that logs how many files each run was given; with
    // FAIL_RUNS_OVER=n a run of more than n files fails having converted nothing
    const ingestWithShim = async (dir: string, failOver?: number, jobs: number | 'auto' = 'auto') => {
      const bin = join(tempDir(), 'bin');
      mkdirSync(bin);
      const log = join(dir, 'runs.log');
      writeFileSync(join(bin, 'soffice'), `#!/bin/sh
n=0; for a in "$@"; do case "$a" in *.doc|*.xls) n=$((n+1));; esac; done
echo $n >> ${JSON.stringify(log)}
if [ -n "$FAIL_RUNS_OVER" ] && [ "$n" -gt "$FAIL_RUNS_OVER" ]; then exit 1; fi
exec ${JSON.stringify(findSoffice()!)} "$@"
`, { mode: 0o755 });
      const saved = { PATH: process.env.PATH, FAIL_RUNS_OVER: process.env.FAIL_RUNS_OVER };
      process.env.PATH = `${bin}:${saved.PATH}`;
      if (failOver !== undefined) process.env.FAIL_RUNS_OVER = String(failOver);
      const db = openDatabase(':memory:');
      try {
        const run = await ingestPaths(db, [dir], { jobs });
        expect(run.jobs).toBe(jobs === 'auto' ? 0 : jobs); // converted in this thread, together, workers or none
        lastFiles = run.files;
        const by = new Map(run.files.map((f) => [f.path.split('/').pop(), f]));
        for (const slug of slugs) expect(by.get(`${slug}.doc`)).toMatchObject({ status: 'imported', records: gold(slug).records.length });
        expect(by.get('workbook.xls')).toMatchObject({ status: 'imported', records: gold('thurrock-community-engagement-2011').records.length });
        return readFileSync(log, 'utf8').trim().split('\n').map(Number);
      } finally {
        process.env.PATH = saved.PATH;
        if (saved.FAIL_RUNS_OVER === undefined) delete process.env.FAIL_RUNS_OVER;
        else process.env.FAIL_RUNS_OVER = saved.FAIL_RUNS_OVER;
        db.close();
      }
    };

    it('share LibreOffice\'s runs: fewer starts than files, each file stored with its own records', async () => {
      const runs = await ingestWithShim(folder());
      expect(Math.max(...runs)).toBeGreaterThan(1);
      expect(runs.length).toBeLessThan(5);
      expect(runs.reduce((a, b) => a + b, 0)).toBe(5);
      // a file's own time is its share of its run, not the whole run and the wait before it
      for (const f of lastFiles) expect(f.readMs! + f.storeMs!, f.path).toBeLessThan(f.ms);
      const sum = (k: 'readMs' | 'ms') => lastFiles.reduce((n, f) => n + f[k]!, 0);
      expect(sum('readMs')).toBeLessThan(sum('ms') * 0.8);
    }, 180_000);

    it('with workers reading the other files, still converted together in this thread', async () => {
      const dir = folder();
      for (const slug of slugs.slice(0, 2)) {
        copyFileSync(fixture('corpus', slug, 'plan.pdf'), join(dir, `${slug}.pdf`));
        copyFileSync(fixture('corpus', slug, 'plan.docx'), join(dir, `${slug}.docx`));
      }
      const runs = await ingestWithShim(dir, undefined, 2);
      expect(Math.max(...runs)).toBeGreaterThan(1);
      expect(runs.reduce((a, b) => a + b, 0)).toBe(5);
    }, 180_000);

    it('when a shared run fails, each of its files is converted again alone', async () => {
      const runs = await ingestWithShim(folder(), 1);
      // the shared runs failed; then one run a file
      expect(runs.filter((n) => n > 1).length).toBeGreaterThan(0);
      expect(runs.filter((n) => n === 1).length).toBe(5);
    }, 180_000);
  });
});
