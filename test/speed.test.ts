// What keeps the command quick: commands that load only their own modules,
// pdf.js without its process-wide polyfills, a small batch run without
// workers, and progress that plans the whole run before starting.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.ts';
import { chooseJobs, ingestPaths, type IngestEvent } from '../src/pipeline.ts';
import { kindOfHead, planPdf, scanNeedsPdfJs, sniffFile, sniffKind } from '../src/pipeline/kind.ts';
import { isMostlyOcr, isShortRun } from '../src/pipeline/jit.ts';
import { estimateSeconds, PRIOR_MS, Reporter } from '../src/cli/progress.ts';
import { defaultJobs } from '../src/pipeline/limits.ts';
import { loadPdfJs } from '../src/preload.js';
import { readPdfPages } from '../src/readers/pdf.ts';
import { cli, tempDir } from './helpers/cli.ts';
import { fixture, plans, ROOT } from './helpers/fixtures.ts';

const isNative = (f: unknown) => /\{\s*\[native code\]\s*\}/.test(Function.prototype.toString.call(f));

describe('start-up', () => {
  it('each command loads its modules when it runs: the command files import only what --help needs', () => {
    const dir = join(ROOT, 'src/cli');
    // value imports allowed at the top of a command file
    const light = /^(commander|node:[a-z/]+|\.\/progress\.ts|\.\.\/pipeline\/limits\.ts|\.\.\/research\/search\.ts|\.\.\/queue\/thresholds\.ts|\.\/(ingest|export|runs|tables|search|compare|report|correct|serve|plans|changes|queue|options)\.ts)$/;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && n !== 'db.ts' && n !== 'tables-json.ts')) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)) {
        expect(m[1], `${f} imports ${m[1]} at start-up`).toMatch(light);
      }
    }
  });

  it('--help and a command\'s --help still list every command and option', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['ingest', 'export', 'tables', 'runs', 'failures', 'search', 'compare', 'report']) expect(r.stdout).toContain(c);
    const i = cli(['ingest', '--help']);
    expect(i.stdout).toMatch(/--jobs <n>.*auto/s);
    expect(i.stdout).toContain('--max-pages');
  });

  it('pdf.js leaves the engine\'s own Array push and JSON in place, and still reads a PDF', async () => {
    await loadPdfJs();
    expect(isNative(Array.prototype.push)).toBe(true);
    expect(isNative(JSON.parse)).toBe(true);
    expect(isNative(JSON.stringify)).toBe(true);
    const { pages } = await readPdfPages(readFileSync(fixture('corpus', plans()[0], 'plan.pdf')));
    expect(pages[0].words.length).toBeGreaterThan(50);
    expect(pages[0].rulings.length).toBeGreaterThan(4);
  });
});

describe('planning a run', () => {
  it('tells file kinds from their first bytes', async () => {
    const p = plans()[0];
    expect(await sniffKind(fixture('corpus', p, 'plan.docx'))).toBe('docx');
    expect(await sniffKind(fixture('corpus', p, 'plan.pdf'))).toBe('pdf');
    expect(await sniffKind(fixture('corpus', p, 'scan.pdf'))).toBe('pdf');
    expect(await sniffKind(fixture('corpus', p, 'page1.png'))).toBe('image');
    expect(await sniffKind(fixture('corpus', p, 'export.tsv'))).toBe('text');
    // what goes through LibreOffice first (about a second a file, not a text file's 30 ms)
    for (const f of ['plan.doc', 'plan.xls', 'plan.rtf']) expect(await sniffKind(fixture('converted', p, f)), f).toBe('legacy');
    expect(await sniffKind(fixture('converted', p, 'plan.html'))).toBe('text');
    expect(await sniffKind(join(ROOT, 'no-such-file'))).toBe('other');
    expect(kindOfHead(new Uint8Array())).toBe('other');
  });

  it('tells a scanned PDF from a text-layer one and counts their pages, from markers any PDF carries', async () => {
    for (const p of plans()) {
      const pages = (f: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [fixture('corpus', p, f)], { encoding: 'utf8' }))![1]);
      expect(await sniffFile(fixture('corpus', p, 'plan.pdf'))).toEqual({ kind: 'pdf', pages: pages('plan.pdf') });
      // the fast reader places every page of these scans: no pdf.js
      expect(await sniffFile(fixture('corpus', p, 'scan.pdf'))).toEqual({ kind: 'scan', pages: pages('scan.pdf'), pdfjs: false });
      expect(await sniffFile(fixture('corpus', p, 'plan.docx'))).toEqual({ kind: 'docx', pages: 1 });
    }
    // a scan image with a /Decode array (same length, offsets kept) is left to pdf.js
    const scan = readFileSync(fixture('corpus', plans()[0], 'scan.pdf')).toString('latin1');
    expect(scan).toContain('/Type /XObject');
    const decoded = new Uint8Array(Buffer.from(scan.replace('/Type /XObject', '/Decode [1 0] '), 'latin1'));
    expect(planPdf(decoded).kind).toBe('scan');
    expect(await scanNeedsPdfJs(decoded)).toBe(true);
  });

  it('runs a small batch in-process, a large one or OCR work on workers, and honours a number', () => {
    const k = (docx: number, pdf = 0, image = 0) => ({ docx, pdf, scan: 0, image, text: 0, legacy: 0, other: 0 });
    const two = availableParallelism() >= 2;
    expect(chooseJobs('auto', k(1))).toBe(0);
    expect(chooseJobs('auto', k(10, 5))).toBe(0);
    expect(chooseJobs('auto', k(1), true)).toBe(1); // a time limit needs a worker
    expect(chooseJobs('auto', k(0, 60))).toBe(0); // 60 one-page PDFs: under a second of work
    expect(chooseJobs('auto', k(0, 200))).toBe(two ? availableParallelism() : 0);
    expect(chooseJobs('auto', k(0, 1, 1))).toBe(two ? 2 : 0); // OCR: files in parallel pay off
    expect(chooseJobs('auto', k(0, 0, 1))).toBe(0); // one file: nothing to share
    expect(chooseJobs(3, k(1))).toBe(3);
    expect(chooseJobs(undefined, k(500))).toBe(0);
    // by pages: one scanned PDF of three pages is work to share, ten short text PDFs are not
    const files = { docx: 0, pdf: 0, scan: 1, image: 0, text: 0, legacy: 0, other: 1 };
    expect(chooseJobs('auto', files, false, { ...files, scan: 3 })).toBe(two ? 2 : 0);
    expect(chooseJobs('auto', k(0, 10), false, k(0, 20))).toBe(0);
    // files for LibreOffice stay in this thread, where they are converted together
    expect(chooseJobs('auto', { ...k(0), legacy: 10 })).toBe(0);
    expect(chooseJobs('auto', { ...k(0, 200), legacy: 10 })).toBe(two ? availableParallelism() : 0);
  });

  it('a short run of Word and text files goes without the optimising compiler, any PDF or image with it', () => {
    const k = (docx: number, text = 0, pdf = 0, image = 0) => ({ docx, pdf, scan: 0, image, text, legacy: 0, other: 0 });
    expect(isShortRun(k(1))).toBe(true);
    expect(isShortRun(k(5, 3))).toBe(true);
    expect(isShortRun(k(40))).toBe(false);
    expect(isShortRun(k(0, 0, 1))).toBe(false); // pdf.js's loops gain from it even on one PDF
    expect(isShortRun(k(1, 0, 0, 1))).toBe(false);
    // a .doc waits on LibreOffice: this process's work is a Word file's
    expect(isShortRun({ ...k(0), legacy: 2 })).toBe(true);
    expect(isShortRun({ ...k(0), legacy: 40 })).toBe(false);
  });

  it('a run that is mostly OCR goes without incremental marking (no memory reducer while tesseract reads)', () => {
    const k = (scan: number, pdf = 0, docx = 0, image = 0) => ({ docx, pdf, scan, image, text: 0, legacy: 0, other: 0 });
    expect(isMostlyOcr(k(13))).toBe(true);
    expect(isMostlyOcr(k(0, 0, 0, 1))).toBe(true);
    expect(isMostlyOcr(k(5, 10, 20))).toBe(true);
    expect(isMostlyOcr(k(0, 100, 20))).toBe(false);
    expect(isMostlyOcr(k(1, 1000, 0))).toBe(false);
  });

  it('counts every file before the first one is read, and reports the workers used', async () => {
    const dir = tempDir();
    for (const [i, p] of plans().slice(0, 3).entries()) copyFileSync(fixture('corpus', p, 'plan.docx'), join(dir, `${i}.docx`));
    copyFileSync(fixture('corpus', plans()[0], 'export.tsv'), join(dir, 'x.tsv'));
    const events: IngestEvent[] = [];
    const db = openDatabase(':memory:');
    const summary = await ingestPaths(db, [dir], { jobs: 'auto', onEvent: (e) => events.push(e) });
    db.close();
    expect(events[0]).toEqual({
      type: 'planned', total: 4, jobs: 0,
      kinds: { docx: 3, pdf: 0, scan: 0, image: 0, text: 1, legacy: 0, other: 0 },
      pages: { docx: 3, pdf: 0, scan: 0, image: 0, text: 1, legacy: 0, other: 0 },
    });
    expect(events.filter((e) => e.type === 'file')).toHaveLength(4);
    expect(summary.jobs).toBe(0);
    expect(summary.counts.imported).toBe(4);
  });

  it('the command runs one file in its own thread and says so', () => {
    const dir = tempDir();
    const r = cli(['ingest', fixture('corpus', plans()[1], 'plan.docx'), '--db', join(dir, 'p.db'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ jobs: 0, counts: { imported: 1 } });
  });
});

describe('ETA', () => {
  const none = { docx: 0, pdf: 0, scan: 0, image: 0, text: 0, legacy: 0, other: 0 };
  const fresh = { doneWork: 0, doneMs: 0, sinceMs: 0 };

  it('before any file has finished: the priors, OCR pages one a tesseract process, the rest one a worker', () => {
    // five page images on two cores: 5 x 4 s over two processes
    expect(estimateSeconds({ ...none, image: 5 }, fresh, 1, 2)).toBeCloseTo((5 * PRIOR_MS.image) / 2 / 1000, 5);
    // per page: scanned pages left at a scanned page's cost, text pages at a text page's
    expect(estimateSeconds({ ...none, pdf: 10, scan: 6 }, fresh, 1, 1)).toBeCloseTo((10 * PRIOR_MS.pdf + 6 * PRIOR_MS.scan) / 1000, 5);
    expect(estimateSeconds({ ...none, pdf: 10 }, fresh, 2, 2)).toBeCloseTo((10 * PRIOR_MS.pdf) / 2 / 1000, 5);
    expect(estimateSeconds(none, fresh, 1)).toBe(0);
  });

  it('the rate measured on the wall clock takes over from the prior as the run goes on', () => {
    // scanned pages finishing at one a second on a machine whose prior says one in 4 s
    const left = { ...none, scan: 20 };
    const at = (seconds: number) => estimateSeconds(left, { doneWork: seconds * PRIOR_MS.scan, doneMs: seconds * 1000, sinceMs: 0 }, 1, 1);
    const measured = 20;
    const prior = (20 * PRIOR_MS.scan) / 1000;
    expect(at(1)).toBeLessThan(prior);
    expect(at(1)).toBeGreaterThan(measured);
    expect(at(10)).toBeLessThan(at(1));
    expect(at(100)).toBeCloseTo(measured, 0);
  });

  it('counts down between finishes, and never shows 0:00 while work is left', () => {
    const left = { ...none, scan: 2 };
    const rate = { doneWork: 4 * PRIOR_MS.scan, doneMs: 1000_000, sinceMs: 0 };
    const now = estimateSeconds(left, rate, 1, 1);
    expect(estimateSeconds(left, { ...rate, sinceMs: 2000 }, 1, 1)).toBeCloseTo(now - 2, 5);
    expect(estimateSeconds(left, { ...rate, sinceMs: 10_000_000 }, 1, 1)).toBe(1);
  });

  it('a scan\'s pages are told as tesseract reads them, in the command\'s thread and from a worker', async () => {
    const scan = fixture('corpus', 'norfolk-ni7-laa-action-plan', 'scan.pdf'); // two pages
    for (const jobs of [0, 1]) {
      const events: IngestEvent[] = [];
      const db = openDatabase(':memory:');
      try {
        await ingestPaths(db, [scan], { jobs, onEvent: (e) => void events.push(e) });
      } finally {
        db.close();
      }
      const told = events.flatMap((e) => (e.type === 'pages' ? [e] : []));
      const file = events.findIndex((e) => e.type === 'file');
      expect(told.map((e) => e.pages).reduce((a, b) => a + b, 0), `jobs ${jobs}`).toBe(2);
      expect(told.every((e) => e.path === scan && events.indexOf(e) < file), `jobs ${jobs}`).toBe(true);
    }
  }, 120_000);

  it('the bar knows the run\'s files and pages from the start, and its ETA counts the scanned pages left', async () => {
    const dir = tempDir();
    const [p0, p1] = plans();
    copyFileSync(fixture('corpus', p0, 'plan.pdf'), join(dir, 'a.pdf'));
    copyFileSync(fixture('corpus', p1, 'scan.pdf'), join(dir, 'b.pdf'));
    const pagesOf = async (f: string) => (await sniffFile(f)).pages;
    const textPages = await pagesOf(join(dir, 'a.pdf'));
    const scanPages = await pagesOf(join(dir, 'b.pdf'));
    const written: string[] = [];
    const out = Object.assign(new PassThrough(), { columns: 200 }) as unknown as NodeJS.WriteStream;
    out.write = ((s: string) => (written.push(s), true)) as typeof out.write;
    const r = new Reporter({ tty: true, quiet: false, format: 'text', summaryJson: false }, out);
    const events: IngestEvent[] = [];
    const db = openDatabase(':memory:');
    await ingestPaths(db, [dir], { jobs: 0, ocr: false, onEvent: (e) => {
      events.push(e);
      r.onEvent(e);
    } });
    db.close();
    expect(events[0]).toMatchObject({ type: 'planned', total: 2, pages: { pdf: textPages, scan: scanPages } });
    // the first bar, drawn before any file is read: both files, every page, the scans at their prior cost
    const first = written.find((s) => s.includes('files'))!;
    expect(first).toContain(`0/2 files  0/${textPages + scanPages} pages`);
    const eta = (textPages * PRIOR_MS.pdf + (scanPages * PRIOR_MS.scan) / defaultJobs()) / 1000;
    expect(first).toContain(`ETA ${Math.floor(eta / 60)}:${String(Math.round(eta % 60)).padStart(2, '0')}`);
  });
});
