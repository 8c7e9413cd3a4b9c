// ocrPdf and ocrImage: page images through preparation and the worker pool.
import type { PositionedPage } from '../../model.ts';
import { decodeImage, type DecodeOptions } from './decode-image.ts';
import { defaultWorkerCount, type EngineOptions } from './engine.ts';
import { ocrPageImage, pageOfWords, preparePage, type PagePlacement, type PageOcrResult, type PreparedFacts, type PreprocessOptions } from './page.ts';
import type { PageImageOptions } from './pdf-pages.ts';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { decodeGrayJpeg, storedScans, type StoredScan } from './stored-scans.ts';
import { liteScans } from './lite-scans.ts';
import { ocrEngine, recogniseImages } from './recognise.ts';
import type { GrayImage } from './gray.ts';
import { loadPdfJs } from '../../preload.js';
import { InputError } from '../../model.ts';


export type OcrOptions = EngineOptions & PreprocessOptions & DecodeOptions & PageImageOptions & {
  /** told how many pages were just read (progress) */
  onPages?: (pages: number) => void;
};

export interface OcrPdfOptions extends OcrOptions {
  /** 1-based pages to read; default all */
  pages?: number[];
}

/** OCR the given pages of a PDF (pages are done in parallel across the pool). */
export async function ocrPdf(bytes: Uint8Array, opts: OcrPdfOptions = {}): Promise<PageOcrResult[]> {
  const render = (opts.method ?? 'auto') === 'render';
  // scans the fast PDF reader can place (lite-scans.ts): no pdf.js for them
  const lite = render ? null : liteScans(bytes, opts.pages, opts.maxPixels);
  let wanted = opts.pages ?? (lite ? Array.from({ length: lite.pageCount }, (_, i) => i + 1) : null);
  // the rest as before: a scan's grey JPEGs read from their streams when they
  // can be (stored-scans.ts), pdf.js then reading the pages without their
  // images only to place them; else pdf.js's page image
  let light = null as PDFDocumentProxy | null;
  let full = null as PDFDocumentProxy | null;
  let stored = null as Map<number, StoredScan> | null;
  let pdfPages = null as typeof import('./pdf-pages.ts') | null;
  const openPdfJs = async () => {
    // pdf.js through its loader (../../preload.js)
    await loadPdfJs();
    pdfPages = await import('./pdf-pages.ts');
    light = await pdfPages.openPdf(bytes, { withoutImages: true });
    return light;
  };
  const jobs: Promise<PageOcrResult>[] = [];
  try {
    if (wanted === null || wanted.some((n) => !lite?.scans.has(n))) {
      const doc = await openPdfJs();
      wanted ??= Array.from({ length: doc.numPages }, (_, i) => i + 1);
      for (const n of wanted) {
        if (!Number.isInteger(n) || n < 1 || n > doc.numPages) {
          throw new InputError(`page ${n} is not in this PDF (it has ${doc.numPages})`);
        }
      }
      const rest = wanted.filter((n) => !lite?.scans.has(n));
      stored = render ? null : await storedScans(bytes, rest, opts.maxPixels);
    }
    const pageImage = async (n: number): Promise<PagePlacement & { image: GrayImage }> => {
      // a page's pixels are let go once it is prepared, not with the file
      const ls = lite?.scans.get(n);
      lite?.scans.delete(n);
      const data = ls ? await decodeGrayJpeg(ls.jpeg, ls.width, ls.height) : null;
      if (ls && data) return { ...ls.place, image: { width: ls.width, height: ls.height, data, dpi: ls.dpi } };
      const doc = light ?? (await openPdfJs());
      const scan = stored?.get(n);
      stored?.delete(n);
      const placed = scan ? await pdfPages!.placeStoredScan(doc, n, scan) : null;
      return placed ?? pdfPages!.pageImage((full ??= await pdfPages!.openPdf(bytes)), n, opts);
    };
    // Page images are made one after another (pdf.js is single threaded here)
    // and handed to the pool as they are ready, keeping at most two pages per
    // worker in memory (a 300 dpi page and its working copies are ~40 MB).
    const workers = Math.max(1, Math.floor(opts.workers ?? defaultWorkerCount()));
    if (ocrEngine(opts) === 'native') return await ocrInRuns(wanted, pageImage, workers, opts);
    const limit = 2 * workers;
    const inFlight = new Set<Promise<unknown>>();
    for (const n of wanted) {
      while (inFlight.size >= limit) await Promise.race(inFlight);
      const r = await pageImage(n);
      const job = ocrPageImage(r.image, r, opts).then(onePage(opts));
      jobs.push(job);
      const done = job.then(() => undefined, () => undefined).finally(() => inFlight.delete(done));
      inFlight.add(done);
    }
    return await Promise.all(jobs);
  } finally {
    await Promise.allSettled(jobs);
    await (light as PDFDocumentProxy | null)?.destroy();
    await (full as PDFDocumentProxy | null)?.destroy();
  }
}

// Pages one native tesseract process reads in a row: the model loads once per
// run (~0.1 s a page saved), and the run's prepared images wait in memory
// (~9 MB a page at 300 dpi) until it starts.
const PAGES_PER_RUN = 8;

/** Native engine: pages prepared one after another and read in runs of
 * consecutive pages, one process a run, as many runs at once as workers
 * (a file's pages split evenly across them). */
async function ocrInRuns(
  wanted: number[],
  imageOf: (n: number) => Promise<PagePlacement & { image: GrayImage }>,
  workers: number,
  opts: OcrOptions,
): Promise<PageOcrResult[]> {
  const size = Math.min(PAGES_PER_RUN, Math.ceil(wanted.length / workers));
  const runs: Promise<PageOcrResult[]>[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let batch: { facts: PreparedFacts; forOcr: GrayImage; place: PagePlacement }[] = [];
  const flush = () => {
    const b = batch;
    batch = [];
    const run = recogniseImages(b.map((p) => p.forOcr), opts, opts.onPages && (() => opts.onPages!(1))).then((words) => b.map((p, i) => pageOfWords(p.facts, p.place, words[i]!)));
    runs.push(run);
    const done = run.then(() => undefined, () => undefined).finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  try {
    for (const n of wanted) {
      while (inFlight.size >= workers) await Promise.race(inFlight);
      const { image, ...place } = await imageOf(n);
      const prep = preparePage(image, opts);
      batch.push({ facts: { image: { dpi: prep.image.dpi }, forOcr: { dpi: prep.forOcr.dpi }, rulings: prep.rulings, skew: prep.skew }, forOcr: prep.forOcr, place });
      if (batch.length >= size) flush();
    }
    if (batch.length > 0) flush();
    return (await Promise.all(runs)).flat();
  } finally {
    await Promise.allSettled(runs);
  }
}

/** OCR a PNG, JPEG or TIFF (every TIFF page). */
export async function ocrImage(bytes: Uint8Array, opts: OcrOptions = {}): Promise<PositionedPage[]> {
  const frames = await decodeImage(bytes, opts);
  const placeOf = (img: GrayImage, i: number): PagePlacement => ({
    page: i + 1,
    width: round2((img.width * 72) / img.dpi),
    height: round2((img.height * 72) / img.dpi),
    offsetX: 0,
    offsetY: 0,
  });
  if (frames.length > 1 && ocrEngine(opts) === 'native') {
    const workers = Math.max(1, Math.floor(opts.workers ?? defaultWorkerCount()));
    return ocrInRuns(frames.map((_, i) => i + 1), async (n) => ({ image: frames[n - 1]!, ...placeOf(frames[n - 1]!, n - 1) }), workers, opts);
  }
  return Promise.all(frames.map((img, i) => ocrPageImage(img, placeOf(img, i), opts).then(onePage(opts))));
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** A page read: told to onPages, handed on. */
const onePage = (opts: OcrOptions) => <T>(page: T): T => {
  opts.onPages?.(1);
  return page;
};
