// OCR benchmark: page-image methods, preparation, and recognition seconds per
// page with one and two tesseract.js workers next to the native `tesseract`
// command on the same prepared page images, all in one run so the ratios
// share the machine's load.
//   npx tsx scripts/bench-ocr.ts [--pages N] [--no-render]
// Native tesseract is optional (apt-get install tesseract-ocr); it runs with
// OMP_THREAD_LIMIT=1 and the same traineddata as tesseract.js.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { closeOcr, getPool, resolveLangData } from '../src/readers/ocr/engine.ts';
import { toPgm } from '../src/readers/ocr/gray.ts';
import { preparePage, type PreparedPage } from '../src/readers/ocr/page.ts';
import { openPdf, pageImage, type PageRaster } from '../src/readers/ocr/pdf-pages.ts';
import { recogniseImage } from '../src/readers/ocr/recognise.ts';
import { goldPageWords, wordRecall } from '../test/support/word-recall.ts';

export interface OcrBench {
  pages: number;
  pageImageSecondsPerPage: Record<string, number>;
  prepareSecondsPerPage: number;
  workerStartSeconds: number;
  js1SecondsPerPage: number;
  js2SecondsPerPage: number;
  /** CPU seconds per page (all threads of this process) with 1 and 2 workers */
  js1CpuPerPage: number;
  js2CpuPerPage: number;
  /** 1-minute load average before the run (the machine may be shared) */
  loadBefore: number;
  /** cores two busy threads of this process actually got just before the
   * two-worker run (2.0 on an idle 2-core machine): the ceiling for the
   * two-worker speedup at that moment */
  parallelCapacity: number;
  twoWorkerSpeedup: number;
  nativeSecondsPerPage: number | null;
  nativeSystemModelSecondsPerPage: number | null;
  jsToNative: number | null;
  recallPage1: number;
}

interface BenchPage { plan: string; page: number; raster: PageRaster; prepared?: PreparedPage }

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const cpuSeconds = (c0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1e6;
};

export async function benchOcr(opts: { maxPages?: number; render?: boolean; corpus?: string } = {}): Promise<OcrBench> {
  const loadBefore = loadavg()[0];
  const corpus = opts.corpus ?? path.resolve('fixtures/corpus');
  const plans = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const pages: BenchPage[] = [];
  const imageTimes: Record<string, number> = {};
  const methods: [string, Parameters<typeof pageImage>[2]][] = [['extract', { method: 'extract' }]];
  if (opts.render !== false) methods.push(['render150', { method: 'render', renderDpi: 150 }], ['render300', { method: 'render', renderDpi: 300 }]);
  for (const [name, m] of methods) {
    let n = 0;
    const t0 = performance.now();
    for (const plan of plans) {
      const doc = await openPdf(new Uint8Array(readFileSync(path.join(corpus, plan, 'scan.pdf'))));
      for (let p = 1; p <= doc.numPages && (!opts.maxPages || n < opts.maxPages); p++, n++) {
        const raster = await pageImage(doc, p, m);
        if (name === 'extract') pages.push({ plan, page: p, raster });
      }
      await doc.destroy();
    }
    imageTimes[name] = seconds(t0) / n;
  }
  const n = pages.length;

  let t0 = performance.now();
  for (const p of pages) p.prepared = preparePage(p.raster.image);
  const prepareSecondsPerPage = seconds(t0) / n;
  const images = pages.map((p) => p.prepared!.forOcr);

  // one worker: started (and warmed on the first page) before the clock runs
  await closeOcr();
  t0 = performance.now();
  await getPool({ workers: 1 });
  const workerStartSeconds = seconds(t0);
  await recogniseImage(images[0], { workers: 1 });
  t0 = performance.now();
  let cpu0 = process.cpuUsage();
  const words1 = [];
  for (const img of images) words1.push(await recogniseImage(img, { workers: 1 }));
  const js1 = seconds(t0) / n;
  const js1Cpu = cpuSeconds(cpu0) / n;

  let hit = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (pages[i].page !== 1) continue;
    const r = wordRecall(await goldPageWords(path.join(corpus, pages[i].plan), 1), words1[i].map((w) => w.text));
    hit += r.recall * r.total;
    total += r.total;
  }

  await closeOcr();
  const parallelCapacity = await busyThreads(2, 1500);
  await getPool({ workers: 2 });
  await Promise.all([recogniseImage(images[0], { workers: 2 }), recogniseImage(images[1 % n], { workers: 2 })]);
  t0 = performance.now();
  cpu0 = process.cpuUsage();
  await Promise.all(images.map((img) => recogniseImage(img, { workers: 2 })));
  const js2 = seconds(t0) / n;
  const js2Cpu = cpuSeconds(cpu0) / n;
  await closeOcr();

  const native = runNative(images);
  return {
    pages: n,
    pageImageSecondsPerPage: imageTimes,
    prepareSecondsPerPage,
    workerStartSeconds,
    js1SecondsPerPage: js1,
    js2SecondsPerPage: js2,
    js1CpuPerPage: js1Cpu,
    js2CpuPerPage: js2Cpu,
    loadBefore,
    parallelCapacity,
    twoWorkerSpeedup: js1 / js2,
    nativeSecondsPerPage: native.same,
    nativeSystemModelSecondsPerPage: native.system,
    jsToNative: native.same ? js1 / native.same : null,
    recallPage1: total ? hit / total : 0,
  };
}

/** Cores that `n` spinning threads get in `ms`: what the machine can give
 * this process right now. */
async function busyThreads(n: number, ms: number): Promise<number> {
  const code = `const t = Date.now(); let x = 0; while (Date.now() - t < ${ms}) x += Math.sqrt(x + 1);
    require('node:worker_threads').parentPort.postMessage(x);`;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once('message', () => { void w.terminate(); resolve(null); });
    w.once('error', reject);
  })));
  return cpuSeconds(c0) / seconds(t0);
}

/** Native tesseract on the same PGM images, one thread, the same model
 * (gunzipped from the package) and, for reference, the system's own. */
function runNative(images: PreparedPage['forOcr'][]): { same: number | null; system: number | null } {
  if (spawnSync('tesseract', ['--version']).status !== 0) return { same: null, system: null };
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-ocr-'));
  try {
    const { langPath } = resolveLangData('eng');
    writeFileSync(path.join(dir, 'eng.traineddata'), gunzipSync(readFileSync(path.join(langPath, 'eng.traineddata.gz'))));
    const files = images.map((img, i) => {
      const f = path.join(dir, `p${i}.pgm`);
      writeFileSync(f, toPgm(img));
      return f;
    });
    const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
    const run = (extra: string[]) => {
      execFileSync('tesseract', [files[0], 'stdout', '--psm', '6', '--oem', '1', ...extra, 'tsv'], { env, stdio: 'ignore' });
      const t0 = performance.now();
      for (const f of files) execFileSync('tesseract', [f, 'stdout', '--psm', '6', '--oem', '1', ...extra, 'tsv'], { env, stdio: 'ignore' });
      return seconds(t0) / files.length;
    };
    return { same: run(['--tessdata-dir', dir]), system: run([]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatOcrBench(b: OcrBench): string {
  const f = (v: number | null, d = 2) => (v === null ? 'n/a' : v.toFixed(d));
  return [
    `OCR benchmark, ${b.pages} scanned pages (fixtures/corpus/*/scan.pdf); ${cpus().length} cores, load average ${b.loadBefore.toFixed(2)} before the run`,
    `  page image, s/page:        ${Object.entries(b.pageImageSecondsPerPage).map(([k, v]) => `${k} ${f(v, 3)}`).join(', ')}`,
    `  prepare (deskew, rulings): ${f(b.prepareSecondsPerPage, 3)} s/page`,
    `  worker start:              ${f(b.workerStartSeconds)} s`,
    `  tesseract.js 1 worker:     ${f(b.js1SecondsPerPage)} s/page (CPU ${f(b.js1CpuPerPage)} s/page)`,
    `  tesseract.js 2 workers:    ${f(b.js2SecondsPerPage)} s/page (CPU ${f(b.js2CpuPerPage)} s/page)  -> ${f(b.twoWorkerSpeedup)}x the throughput of one (target >= 1.7)`,
    `    (two spinning threads got ${f(b.parallelCapacity)} cores just before: the ceiling for that speedup now)`,
    `  native tesseract (1 thread, same model): ${f(b.nativeSecondsPerPage)} s/page  -> js/native ${f(b.jsToNative)}x (target <= 2.0)`,
    `  native tesseract (system model):         ${f(b.nativeSystemModelSecondsPerPage)} s/page`,
    `  word recall, page 1 of each plan vs gold: ${f(b.recallPage1, 4)}`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--pages');
  const result = await benchOcr({ maxPages: i >= 0 ? Number(args[i + 1]) : undefined, render: !args.includes('--no-render') });
  console.log(formatOcrBench(result));
  if (args.includes('--json')) console.log(JSON.stringify(result));
}
