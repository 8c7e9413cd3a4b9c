// One tesseract.js worker pool for the process: created on first use, sized
// to the cores, reused across pages and files, closed by closeOcr().
// Everything it loads comes from node_modules or a given folder: the
// traineddata from @tesseract.js-data/eng (or `tessdata`), the wasm core from
// tesseract.js-core. Nothing is fetched and nothing is cached to disk.
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PSM, Scheduler, Worker } from 'tesseract.js';
import { InputError } from '../../model.ts';

const require = createRequire(import.meta.url);

export interface EngineOptions {
  /** workers in the pool; default: the number of cores */
  workers?: number;
  /** language code(s), e.g. 'eng' or 'eng+fra'; default 'eng' */
  lang?: string;
  /** a folder holding <lang>.traineddata or <lang>.traineddata.gz; default:
   * the LSTM model shipped in @tesseract.js-data/eng */
  tessdata?: string;
  /** tesseract page segmentation mode; default 6 (one block of text: on
   * ruled tables the automatic mode 3 drops whole regions, see docs/ocr.md) */
  psm?: number;
  /** resolution every image handed over has (tells tesseract, instead of
   * letting it guess from the text size); 0 = let it guess */
  dpi?: number;
  /** 'native': the installed tesseract binary; 'wasm': tesseract.js; 'auto'
   * (default, or PLAN_INGEST_OCR_ENGINE): native when it can read the language */
  engine?: OcrEngineChoice;
  /** told how long (ms) the pages waited on other files' pages (gather.ts) */
  onWait?: (ms: number) => void;
}

export type OcrEngineChoice = 'auto' | 'native' | 'wasm';

interface Pool {
  key: string;
  scheduler: Scheduler;
  workers: Worker[];
}

let pool: Promise<Pool> | null = null;

/** The traineddata folder and whether its files are gzipped. */
export function resolveLangData(lang: string, tessdata?: string): { langPath: string; gzip: boolean } {
  const codes = lang.split('+');
  if (tessdata) {
    const dir = path.resolve(tessdata);
    const gz = codes.every((c) => existsSync(path.join(dir, `${c}.traineddata.gz`)));
    const plain = codes.every((c) => existsSync(path.join(dir, `${c}.traineddata`)));
    if (!plain && !gz) throw new InputError(`no ${codes.join(', ')}.traineddata in ${dir}`);
    return { langPath: dir, gzip: !plain };
  }
  if (lang !== 'eng') throw new InputError(`language '${lang}' needs a tessdata folder (only English ships with the package)`);
  // @tesseract.js-data/eng ships 4.0.0 (legacy + LSTM) and 4.0.0_best_int
  // (LSTM only, 3 MB). The worker runs the LSTM engine, so take the latter.
  const pkg = path.dirname(require.resolve('@tesseract.js-data/eng/package.json'));
  return { langPath: path.join(pkg, '4.0.0_best_int'), gzip: true };
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

async function startWorker(lang: string, langPath: string, gzip: boolean, psm: number, dpi: number): Promise<Worker> {
  // loaded only when this engine runs
  const { createWorker, OEM } = await import('tesseract.js');
  const worker = await createWorker(lang, OEM.LSTM_ONLY, {
    langPath,
    gzip,
    cacheMethod: 'none',
    // the worker script and wasm core resolve inside node_modules by default;
    // say so explicitly so a bundler or a changed default cannot point at a CDN
    workerPath: require.resolve('tesseract.js/src/worker-script/node/index.js'),
    corePath: path.dirname(require.resolve('tesseract.js-core/package.json')),
    errorHandler: () => {},
  });
  await worker.setParameters({
    tessedit_pageseg_mode: String(psm) as PSM,
    ...(dpi > 0 ? { user_defined_dpi: String(dpi) } : {}),
    // tesseract's diagnostics ("Estimating resolution as ...") otherwise go
    // to the process's stdout
    debug_file: '/dev/null',
    // keep spaces as they are in table rows; layout decides columns itself
    preserve_interword_spaces: '1',
  });
  return worker;
}

/** The shared pool, started on first call. Asking for a different size or
 * language restarts it. */
export async function getPool(opts: EngineOptions = {}): Promise<Pool> {
  const n = Math.max(1, Math.floor(opts.workers ?? defaultWorkerCount()));
  const lang = opts.lang ?? 'eng';
  const psm = opts.psm ?? 6;
  const dpi = opts.dpi ?? 0;
  const key = `${n}|${lang}|${opts.tessdata ?? ''}|${psm}|${dpi}`;
  if (pool) {
    const p = await pool.catch(() => null);
    if (p && p.key === key) return p;
    await closeOcr();
  }
  const { langPath, gzip } = resolveLangData(lang, opts.tessdata);
  pool = (async () => {
    const { createScheduler } = await import('tesseract.js');
    const scheduler = createScheduler();
    const workers = await Promise.all(Array.from({ length: n }, () => startWorker(lang, langPath, gzip, psm, dpi)));
    for (const w of workers) scheduler.addWorker(w);
    return { key, scheduler, workers };
  })();
  try {
    return await pool;
  } catch (e) {
    pool = null;
    throw e;
  }
}

/** Terminates the pool's workers; the next OCR call starts a new pool. */
export async function closeOcr(): Promise<void> {
  const p = pool;
  pool = null;
  if (!p) return;
  const got = await p.catch(() => null);
  if (!got) return;
  // scheduler.terminate() does not wait for its workers; terminate them here
  await Promise.all(got.workers.map((w) => w.terminate().catch(() => undefined)));
}
