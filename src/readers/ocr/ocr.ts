// ocrPdf and ocrImage: page images through preparation and the worker pool.
import type { PositionedPage } from '../../model.ts';
import { decodeImage, type DecodeOptions } from './decode-image.ts';
import { defaultWorkerCount, type EngineOptions } from './engine.ts';
import { ocrPageImage, type PageOcrResult, type PreprocessOptions } from './page.ts';
import type { PageImageOptions } from './pdf-pages.ts';
import { loadPdfJs } from '../../preload.js';
import { InputError } from '../../model.ts';


export type OcrOptions = EngineOptions & PreprocessOptions & DecodeOptions & PageImageOptions;

export interface OcrPdfOptions extends OcrOptions {
  /** 1-based pages to read; default all */
  pages?: number[];
}

/** OCR the given pages of a PDF (pages are done in parallel across the pool). */
export async function ocrPdf(bytes: Uint8Array, opts: OcrPdfOptions = {}): Promise<PageOcrResult[]> {
  // pdf.js only for PDFs (an image needs none), through its loader (../../preload.js)
  await loadPdfJs();
  const { openPdf, pageImage } = await import('./pdf-pages.ts');
  const doc = await openPdf(bytes);
  const jobs: Promise<PageOcrResult>[] = [];
  try {
    const wanted = opts.pages ?? Array.from({ length: doc.numPages }, (_, i) => i + 1);
    for (const n of wanted) {
      if (!Number.isInteger(n) || n < 1 || n > doc.numPages) {
        throw new InputError(`page ${n} is not in this PDF (it has ${doc.numPages})`);
      }
    }
    // Page images are made one after another (pdf.js is single threaded here)
    // and handed to the pool as they are ready, keeping at most two pages per
    // worker in memory (a 300 dpi page and its working copies are ~40 MB).
    const limit = 2 * Math.max(1, Math.floor(opts.workers ?? defaultWorkerCount()));
    const inFlight = new Set<Promise<unknown>>();
    for (const n of wanted) {
      while (inFlight.size >= limit) await Promise.race(inFlight);
      const r = await pageImage(doc, n, opts);
      const job = ocrPageImage(r.image, r, opts);
      jobs.push(job);
      const done = job.then(() => undefined, () => undefined).finally(() => inFlight.delete(done));
      inFlight.add(done);
    }
    return await Promise.all(jobs);
  } finally {
    await Promise.allSettled(jobs);
    await doc.destroy();
  }
}

/** OCR a PNG, JPEG or TIFF (every TIFF page). */
export async function ocrImage(bytes: Uint8Array, opts: OcrOptions = {}): Promise<PositionedPage[]> {
  const frames = await decodeImage(bytes, opts);
  return Promise.all(frames.map((img, i) => ocrPageImage(img, {
    page: i + 1,
    width: round2((img.width * 72) / img.dpi),
    height: round2((img.height * 72) / img.dpi),
    offsetX: 0,
    offsetY: 0,
  }, opts)));
}

const round2 = (v: number) => Math.round(v * 100) / 100;
