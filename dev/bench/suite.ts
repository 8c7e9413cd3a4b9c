// The benchmark proper: every input format on varied copies of the fixtures at
// several sizes, one core and two workers, the native reference tools on the
// same inputs, the 1,000-file batch and its skip-everything re-run, and CPU
// profiles of the hot paths. Every pipeline measurement is a child process
// with a fresh file database (dev/bench/runner.ts).
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { runChild, type ChildRun } from './child.ts';
import { makeCopies } from './vary.ts';
import {
  extractScanImages, pdfPages, referenceTools, runPdftotext, runTesseract, sameModelTessdata,
  type ReferenceRun, type ToolStatus,
} from './reference.ts';
import { summariseProfile, type ProfileSummary } from './profile.ts';
import { coresFree, currentLoad, machineInfo, round2, type MachineInfo } from './system.ts';

export const BENCH_FORMATS = ['docx', 'pdf', 'scan', 'image', 'text'] as const;
export type BenchFormat = (typeof BENCH_FORMATS)[number];

/** The fixture files of each format, in every plan folder. */
export const FORMAT_FILES: Record<BenchFormat, string[]> = {
  docx: ['plan.docx'],
  pdf: ['plan.pdf'],
  scan: ['scan.pdf'],
  image: ['page1.png'],
  text: ['export.tsv', 'source.txt'],
};
export const OCR_FORMATS: BenchFormat[] = ['scan', 'image'];

/** Variants measured beside the profiled runs, each testing one explanation
 * of what the profiles show (see bench/findings.md). */
const EXPERIMENTS: { name: string; formats: BenchFormat[]; nodeFlags?: string[]; preload?: string[]; v8Flags?: string[] }[] = [
  // a large share of the time is in the garbage collector (young generation)
  { name: '--max-semi-space-size=32', formats: ['docx', 'pdf', 'text'], nodeFlags: ['--max-semi-space-size=32'] },
  // the same set from code at start-up, as bin/plan-ingest.js could do
  { name: 'v8.setFlagsFromString(--max-semi-space-size=32)', formats: ['docx'], v8Flags: ['--max-semi-space-size=32'] },
  // pdf.js loaded as a plain module instead of through tsx's loader
  { name: 'pdf.js preloaded before tsx', formats: ['pdf'], preload: ['pdfjs-dist/legacy/build/pdf.worker.mjs', 'pdfjs-dist/legacy/build/pdf.mjs'] },
];

export interface BenchOptions {
  corpus: string;
  formats: BenchFormat[];
  sizes: number[];
  /** sizes for the OCR formats (OCR is slow: a page takes seconds) */
  ocrSizes: number[];
  ocr: boolean;
  /** workers for the parallel runs */
  jobs: number;
  /** files in the large batch; 0 skips it */
  batch: number;
  /** workers for the large batch (the CLI's default is one per core) */
  batchJobs: number;
  profile: boolean;
  /** runs per single-core measurement; the fastest is kept */
  repeat: number;
  profileDir: string;
  log: (line: string) => void;
}

export interface Measurement {
  label: string;
  format: BenchFormat | 'mixed';
  size: number;
  jobs: number;
  /** cores the process could use */
  cores: number;
  files: number;
  imported: number;
  skipped: number;
  failed: number;
  pages: number;
  records: number;
  ingestMs: number;
  pagesPerSec: number;
  docsPerSec: number;
  msPerPage: number;
  msPerDoc: number;
  /** CPU time of the ingest (all threads) and the rates it gives: what an
   * unshared core would do; wall-clock figures suffer when the machine is busy */
  cpuMs: number;
  cpuPagesPerSec: number;
  cpuDocsPerSec: number;
  cpuMsPerPage: number;
  /** everything outside the measured ingest: node, modules, warm-up file, database open, exit */
  startupMs: number;
  bootMs: number;
  importMs: number;
  warmupMs: number;
  maxRssMb: number;
  rssBeforeMb: number;
  load: number;
  failures: string[];
  /** an experiment beside the product as shipped (node flags, preloads); not used for targets */
  variant?: string;
  /** parallel runs: cores two busy threads got just before (the ceiling on the speed-up) */
  coresFree?: number;
}

export interface Comparison {
  format: BenchFormat;
  reference: ReferenceRun;
  oursMsPerPage: number | null;
  /** ours / reference, wall clock per page (lower is better) */
  ratio: number | null;
  oursCpuMsPerPage: number | null;
  /** ours / reference, CPU time per page: steadier on a busy machine */
  cpuRatio: number | null;
}

export interface Target {
  name: string;
  goal: string;
  measured: string;
  ok: boolean | null;
}

export interface BenchResults {
  machine: MachineInfo;
  options: Omit<BenchOptions, 'log' | 'profileDir'>;
  tools: ToolStatus[];
  unsupported: { format: BenchFormat; reason: string }[];
  runs: Measurement[];
  comparisons: Comparison[];
  batch: { files: number; first: Measurement; second: Measurement; allSkipped: boolean } | null;
  profiles: { label: string; run: Measurement; summary: ProfileSummary }[];
  targets: Target[];
}

function plansIn(corpus: string): string[] {
  return readdirSync(corpus, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(corpus, d.name, 'gold.json')))
    .map((d) => d.name)
    .sort();
}

function sourcesOf(corpus: string, format: BenchFormat): { path: string; label: string }[] {
  const out: { path: string; label: string }[] = [];
  for (const plan of plansIn(corpus)) {
    for (const f of FORMAT_FILES[format]) {
      const p = join(corpus, plan, f);
      if (existsSync(p)) out.push({ path: p, label: `${plan}.${f.replace(/\W/g, '')}` });
    }
  }
  return out;
}

function measurement(label: string, format: Measurement['format'], size: number, jobs: number, cores: number, r: ChildRun, variant?: string): Measurement {
  const docs = r.counts.imported;
  const s = r.ingestMs / 1000;
  return {
    label, format, size, jobs, cores,
    files: r.counts.files_seen, imported: docs, skipped: r.counts.skipped, failed: r.counts.failed,
    pages: r.pages, records: r.records,
    ingestMs: round2(r.ingestMs),
    pagesPerSec: round2(r.pages / s), docsPerSec: round2(docs / s),
    msPerPage: r.pages ? round2(r.ingestMs / r.pages) : 0,
    msPerDoc: docs ? round2(r.ingestMs / docs) : 0,
    cpuMs: round2(r.ingestCpuMs),
    cpuPagesPerSec: round2(r.pages / (r.ingestCpuMs / 1000)),
    cpuDocsPerSec: round2(docs / (r.ingestCpuMs / 1000)),
    cpuMsPerPage: r.pages ? round2(r.ingestCpuMs / r.pages) : 0,
    startupMs: round2(r.wallMs - r.ingestMs),
    bootMs: round2(r.bootMs), importMs: round2(r.importMs), warmupMs: round2(r.warmupMs),
    maxRssMb: round2(r.maxRssKb / 1024), rssBeforeMb: round2(r.rssBeforeKb / 1024),
    load: currentLoad(),
    failures: r.failures,
    ...(variant ? { variant } : {}),
  };
}

export async function runBench(o: BenchOptions): Promise<BenchResults> {
  const machine = machineInfo();
  const tools = referenceTools();
  const work = mkdtempSync(join(tmpdir(), 'plan-ingest-bench-'));
  const runs: Measurement[] = [];
  const unsupported: BenchResults['unsupported'] = [];
  const comparisons: Comparison[] = [];
  const profiles: BenchResults['profiles'] = [];
  const log = o.log;
  let dbn = 0;
  const freshDb = () => join(work, `db-${++dbn}.sqlite`);
  const copyDirs = new Map<string, string>();

  /** Varied copies of a format at a size, made once. */
  const copies = async (format: BenchFormat, size: number): Promise<string> => {
    const key = `${format}-${size}`;
    let dir = copyDirs.get(key);
    if (!dir) {
      dir = join(work, 'copies', key);
      await makeCopies(sourcesOf(o.corpus, format), dir, size);
      copyDirs.set(key, dir);
    }
    return dir;
  };
  /** One more copy of each fixture of the format, not among the measured
   * copies: ingested first so loading and compiling stay out of the figures. */
  const warmup = async (format: BenchFormat): Promise<string[]> => {
    const dir = join(work, 'warmup', format);
    // OCR takes seconds a page: one file starts the engine; the others get two
    // copies of every fixture, enough for the compiler to settle
    const ocr = OCR_FORMATS.includes(format);
    if (!existsSync(dir)) await makeCopies(sourcesOf(o.corpus, format).slice(0, ocr ? 1 : undefined), dir, ocr ? 1 : 2, 9000);
    return [dir];
  };
  interface Variant {
    name: string;
    nodeFlags?: string[];
    preload?: string[];
    v8Flags?: string[];
    /** CPU profile of the measured ingest to this file */
    profile?: string;
  }
  const measure = async (label: string, format: Measurement['format'], size: number, paths: string[], jobs: number, cores: number, warm: string[], variant?: Variant): Promise<Measurement> => {
    const free = jobs > 1 ? await waitForCores(log) : undefined;
    let best = null as ChildRun | null;
    const times = jobs === 0 ? o.repeat : 1;
    for (let i = 0; i < times; i++) {
      const r = await runChild(
        // with workers the warm-up would only load the readers into the main
        // thread, which the CLI never does: no warm-up there
        {
          paths, db: freshDb(), jobs, ocr: o.ocr, warmup: jobs === 0 ? warm : [],
          ocrWarm: jobs === 0 && OCR_FORMATS.includes(format as BenchFormat),
          ...(variant?.profile ? { profile: variant.profile } : {}),
        },
        { cores: cores < availableParallelism() ? cores : undefined, nodeFlags: variant?.nodeFlags, preload: variant?.preload, v8Flags: variant?.v8Flags },
      );
      if (!best || r.ingestMs < best.ingestMs) best = { ...r, maxRssKb: Math.max(r.maxRssKb, best?.maxRssKb ?? 0) };
    }
    const m = measurement(label, format, size, jobs, cores, best!, variant?.name);
    if (free !== undefined) m.coresFree = free;
    log(`  ${label}: ${m.imported}/${m.files} docs, ${m.pages} pages in ${(m.ingestMs / 1000).toFixed(2)} s = ${m.pagesPerSec} pages/s, ${m.docsPerSec} docs/s (CPU ${(m.cpuMs / 1000).toFixed(2)} s: ${m.cpuPagesPerSec} pages/s, ${m.cpuDocsPerSec} docs/s); start-up ${Math.round(m.startupMs)} ms; peak ${Math.round(m.maxRssMb)} MB (load ${m.load})`);
    if (free !== undefined) log(`    cores free just before: ${free}`);
    if (m.failed) log(`    failed ${m.failed}: ${m.failures.join(' | ')}`);
    runs.push(m);
    return m;
  };

  try {
    // reference tools on the same 1x copies, right after our own 1x run of the
    // format so both see the same load on the machine
    const tool = (n: string) => tools.find((t) => t.name === n)?.found ?? false;
    const model = o.ocr && tool('tesseract') ? sameModelTessdata(join(work, 'tessdata')) : null;
    const compare = (format: BenchFormat, reference: ReferenceRun) => {
      const mine = runs.find((r) => r.format === format && r.jobs === 0 && r.size === 1 && !r.variant);
      const c: Comparison = {
        format, reference,
        oursMsPerPage: mine?.msPerPage || null,
        ratio: mine?.msPerPage ? round2(mine.msPerPage / reference.msPerPage) : null,
        oursCpuMsPerPage: mine?.cpuMsPerPage || null,
        cpuRatio: mine?.cpuMsPerPage && reference.cpuMsPerPage ? round2(mine.cpuMsPerPage / reference.cpuMsPerPage) : null,
      };
      comparisons.push(c);
      log(`  ${reference.tool}: ${reference.msPerPage.toFixed(1)} ms/page (CPU ${reference.cpuMsPerPage?.toFixed(1) ?? '-'}); ours ${c.oursMsPerPage ?? '-'} (CPU ${c.oursCpuMsPerPage ?? '-'}); ratio ${c.ratio ?? '-'} (CPU ${c.cpuRatio ?? '-'})`);
    };
    const references = async (format: BenchFormat) => {
      if (format === 'pdf' && tool('pdftotext')) compare('pdf', await runPdftotext(listFiles(await copies('pdf', 1)), pdfPages));
      if (OCR_FORMATS.includes(format) && o.ocr && tool('tesseract')) {
        let images: string[] = [];
        if (format === 'image') images = listFiles(await copies('image', 1));
        else if (tool('pdfimages')) images = extractScanImages(listFiles(await copies('scan', 1)), join(work, 'scan-images'));
        if (!images.length) return;
        if (model) compare(format, await runTesseract(images, model));
        compare(format, await runTesseract(images, null));
      }
    };
    const formats = o.formats.filter((f) => o.ocr || !OCR_FORMATS.includes(f));
    const supported: BenchFormat[] = [];
    for (const format of formats) {
      if (!sourcesOf(o.corpus, format).length) continue;
      const ocr = OCR_FORMATS.includes(format);
      const sizes = ocr ? o.ocrSizes : o.sizes;
      log(`${format}:`);
      const warm = await warmup(format);
      let perSize: Measurement[] = [];
      for (const size of sizes) {
        const dir = await copies(format, size);
        const m = await measure(`${format} ${size}x, one core`, format, size, [dir], 0, 1, warm);
        if (m.imported === 0 || m.records === 0) {
          unsupported.push({ format, reason: m.failures[0] ?? 'no records from any file (is the reader for this format in this build?)' });
          log(`  ${format}: not supported by this build (${unsupported[unsupported.length - 1]!.reason}); skipped`);
          perSize = [];
          break;
        }
        perSize.push(m);
      }
      if (!perSize.length) {
        await references(format);
        continue;
      }
      supported.push(format);
      await references(format);
      // two workers where it matters: the largest non-OCR size; OCR at 4x when
      // measured (at 1x, five documents of 1 to 5 pages cannot be shared out
      // evenly between two workers), else its smallest size
      const size = ocr ? (sizes.includes(4) ? 4 : sizes[0]!) : sizes[sizes.length - 1]!;
      if (o.jobs > 1) await measure(`${format} ${size}x, ${o.jobs} workers`, format, size, [await copies(format, size)], o.jobs, availableParallelism(), warm);
    }

    // every non-OCR format together at the largest size: the memory target
    const plain = supported.filter((f) => !OCR_FORMATS.includes(f));
    const top = o.sizes[o.sizes.length - 1]!;
    if (plain.length > 1) {
      log(`mixed (${plain.join(', ')}) ${top}x:`);
      const dirs = await Promise.all(plain.map((f) => copies(f, top)));
      const warm = (await Promise.all(plain.map(warmup))).flat();
      await measure(`mixed ${top}x, one core`, 'mixed', top, dirs, 0, 1, warm);
      if (o.jobs > 1) await measure(`mixed ${top}x, ${o.jobs} workers`, 'mixed', top, dirs, o.jobs, availableParallelism(), warm);
    }

    // the large batch, then the same again: everything must be skipped
    let batch: BenchResults['batch'] = null;
    if (o.batch > 0 && plain.length) {
      log(`batch of ${o.batch} files (${plain.join(', ')}):`);
      const sources = plain.flatMap((f) => sourcesOf(o.corpus, f));
      const dir = join(work, 'batch');
      for (let i = 0; i < sources.length; i++) {
        const n = Math.floor(o.batch / sources.length) + (i < o.batch % sources.length ? 1 : 0);
        if (n) await makeCopies([sources[i]!], dir, n, 100);
      }
      const db = freshDb();
      const jobs = o.batchJobs;
      const run = async (label: string) => {
        const r = await runChild({ paths: [dir], db, jobs, ocr: o.ocr });
        const m = measurement(label, 'mixed', 0, jobs, jobs === 0 ? 1 : availableParallelism(), r);
        log(`  ${label}: ${m.imported} imported, ${m.skipped} skipped, ${m.failed} failed in ${(m.ingestMs / 1000).toFixed(2)} s; peak ${Math.round(m.maxRssMb)} MB`);
        return m;
      };
      const first = await run(`batch ${o.batch}, first run`);
      const second = await run(`batch ${o.batch}, re-run (all unchanged)`);
      batch = { files: o.batch, first, second, allSkipped: second.skipped === second.files && second.files === o.batch };
    }

    // CPU profiles of the hot paths at the largest size
    if (o.profile) {
      rmSync(o.profileDir, { recursive: true, force: true });
      for (const format of supported.filter((f) => f === 'docx' || f === 'pdf' || f === 'text')) {
        log(`profile ${format} ${top}x:`);
        mkdirSync(o.profileDir, { recursive: true });
        const file = join(o.profileDir, `${format}-${top}x.cpuprofile`);
        const set = [await copies(format, top)];
        const warm = await warmup(format);
        const run = await measure(`${format} ${top}x, one core, profiled`, format, top, set, 0, 1, warm, { name: 'cpu profile', profile: file });
        if (existsSync(file)) profiles.push({ label: format, run, summary: summariseProfile(file, 12) });
        for (const v of EXPERIMENTS) {
          if (v.formats.includes(format)) await measure(`${format} ${top}x, one core, ${v.name}`, format, top, set, 0, 1, warm, v);
        }
      }
    }

    machine.loadEnd = currentLoad();
    const results: BenchResults = {
      machine,
      options: { corpus: o.corpus, formats: o.formats, sizes: o.sizes, ocrSizes: o.ocrSizes, ocr: o.ocr, jobs: o.jobs, batch: o.batch, batchJobs: o.batchJobs, profile: o.profile, repeat: o.repeat },
      tools, unsupported, runs, comparisons, batch, profiles, targets: [],
    };
    results.targets = targets(results);
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Free cores for a parallel run: waits up to a minute for two, so a busy
 * moment on a shared machine does not decide the speed-up. */
async function waitForCores(log: (line: string) => void): Promise<number> {
  let free = await coresFree();
  for (let i = 0; i < 10 && free < 1.8; i++) {
    if (i === 0) log(`    waiting for two free cores (${free} now)`);
    await new Promise((r) => setTimeout(r, 5000));
    free = await coresFree();
  }
  return free;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

/** A one-core run's time: the lower of wall clock and CPU time, since that run
 * may have met a busier moment on a shared machine than the parallel one. */
export const oneCoreMs = (m: Measurement): number => Math.min(m.ingestMs, m.cpuMs || m.ingestMs);
/** Throughput of the parallel run over the one-core run, same copies. */
export const speedUp = (one: Measurement, par: Measurement): number => round2(oneCoreMs(one) / par.ingestMs);

/** The acceptance targets, checked against what was measured (null: not measured). */
export function targets(r: BenchResults): Target[] {
  const skip = new Set<string>(r.unsupported.map((u) => u.format));
  const single = (f: string) => r.runs.filter((m) => m.format === f && m.jobs === 0 && !m.variant && m.imported > 0 && !skip.has(f));
  const largest = (f: string) => single(f).sort((a, b) => b.size - a.size)[0];
  const parallel = (f: string) => r.runs.find((m) => m.format === f && m.jobs > 1 && !m.variant && m.imported > 0 && !skip.has(f));
  const out: Target[] = [];
  const pdf = largest('pdf');
  out.push({ name: 'text-layer PDF, one core', goal: '>= 50 pages/s', measured: pdf ? `${pdf.cpuPagesPerSec} pages/s by CPU time (${pdf.pagesPerSec} by wall clock at load ${pdf.load}; ${pdf.size}x)` : 'not measured', ok: pdf ? pdf.cpuPagesPerSec >= 50 : null });
  const docx = largest('docx');
  out.push({ name: 'Word, one core', goal: '>= 20 documents/s', measured: docx ? `${docx.cpuDocsPerSec} docs/s by CPU time (${docx.docsPerSec} by wall clock at load ${docx.load}; ${docx.size}x)` : 'not measured', ok: docx ? docx.cpuDocsPerSec >= 20 : null });
  for (const f of OCR_FORMATS) {
    const c = r.comparisons.find((x) => x.format === f && x.reference.tool.includes('same model'));
    const ratio = c?.cpuRatio ?? c?.ratio ?? null;
    out.push({
      name: `OCR (${f}) vs native tesseract, one worker`, goal: '<= 2.0x per page',
      measured: c && ratio ? `${c.cpuRatio ?? '-'}x by CPU time (${c.oursCpuMsPerPage} vs ${Math.round(c.reference.cpuMsPerPage ?? 0)} ms/page), ${c.ratio}x by wall clock (${c.oursMsPerPage} vs ${Math.round(c.reference.msPerPage)})` : 'not measured',
      ok: ratio ? ratio <= 2 : null,
    });
    const one = single(f).find((m) => m.size === parallel(f)?.size);
    const two = parallel(f);
    const speed = one && two ? speedUp(one, two) : null;
    out.push({ name: `OCR (${f}) two workers vs one`, goal: '>= 1.7x throughput', measured: speed ? `${speed}x at ${two!.size}x (${two!.coresFree ?? '?'} cores free just before, ${round2(two!.cpuMs / two!.ingestMs)} used on average)` : 'not measured', ok: speed ? speed >= 1.7 : null });
  }
  for (const f of [...BENCH_FORMATS, 'mixed']) {
    const runs = single(f);
    const one = runs.find((m) => m.size === 1);
    const big = runs.find((m) => m.size === 16);
    if (!one || !big || !one.msPerPage) continue;
    const drift = round2(((big.cpuMsPerPage - one.cpuMsPerPage) / one.cpuMsPerPage) * 100);
    const wall = round2(((big.msPerPage - one.msPerPage) / one.msPerPage) * 100);
    // a cheaper page at 16x is not a scaling problem (the 1x batch is five
    // files and still carries some compiler warm-up): the goal is no growth
    out.push({ name: `${f}: per-page cost at 16x vs 1x`, goal: 'no more than 10% above 1x', measured: `${drift > 0 ? '+' : ''}${drift}% by CPU time (${one.cpuMsPerPage} -> ${big.cpuMsPerPage} ms/page); wall clock ${wall > 0 ? '+' : ''}${wall}%`, ok: drift <= 10 });
  }
  const mixed = r.runs.filter((m) => m.format === 'mixed' && m.size === 16 && !m.variant);
  for (const m of mixed) out.push({ name: `peak memory, 16x batch without OCR (${m.jobs ? `${m.jobs} workers` : 'one core'})`, goal: '< 400 MB', measured: `${Math.round(m.maxRssMb)} MB`, ok: m.maxRssMb < 400 });
  if (r.batch) {
    out.push({ name: `${r.batch.files}-file batch peak memory`, goal: '< 400 MB', measured: `${Math.round(r.batch.first.maxRssMb)} MB`, ok: r.batch.first.maxRssMb < 400 });
    out.push({ name: `${r.batch.files}-file re-run skips everything`, goal: `${r.batch.files} skipped`, measured: `${r.batch.second.skipped} skipped in ${(r.batch.second.ingestMs / 1000).toFixed(2)} s`, ok: r.batch.allSkipped });
  }
  return out;
}
