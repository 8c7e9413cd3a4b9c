// One image through the pool: PGM in, words with pixel boxes out.
import type { Page } from 'tesseract.js';
import { toPgm, type GrayImage } from './gray.ts';
import { defaultWorkerCount, getPool, type EngineOptions, type OcrEngineChoice } from './engine.ts';
import { nativeCanRead, nativeTesseract, recogniseNative, recogniseNativeBatch, type NativeOptions } from './native.ts';
import { gathering, recogniseGathered } from './gather.ts';
import { InputError } from '../../model.ts';

export interface PixelWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  conf: number;
  /** line box height in pixels */
  lineHeight: number;
}

/** Recognition results kept between runs, keyed by the image and the engine
 * settings. The product keeps none; evaluation scripts install one (dev/ocr-cache.ts). */
export interface RecognitionCache {
  get(image: Uint8Array, settings: string): PixelWord[] | null;
  put(image: Uint8Array, settings: string, words: PixelWord[]): void;
}
let cache: RecognitionCache | null = null;
export function setRecognitionCache(c: RecognitionCache | null): void {
  cache = c;
}

/** Which engine reads with these options: the native binary when asked, or
 * (auto) when it is installed and can read the language; else tesseract.js. */
export function ocrEngine(opts: EngineOptions = {}): 'native' | 'wasm' {
  const choice = opts.engine ?? engineFromEnv();
  if (choice === 'wasm') return 'wasm';
  const lang = opts.lang ?? 'eng';
  if (nativeCanRead(lang, opts.tessdata)) return 'native';
  if (choice === 'native') throw new InputError(nativeTesseract() ? `the installed tesseract cannot read ${lang}: give --tessdata a folder with plain ${lang}.traineddata` : 'tesseract is not installed (PLAN_INGEST_OCR_ENGINE=native)');
  return 'wasm';
}

function engineFromEnv(): OcrEngineChoice {
  const v = process.env.PLAN_INGEST_OCR_ENGINE;
  if (v === undefined || v === '' || v === 'auto') return 'auto';
  if (v === 'native' || v === 'wasm') return v;
  throw new InputError(`PLAN_INGEST_OCR_ENGINE must be auto, native or wasm, not '${v}'`);
}

/** The engine as a document's notes name it. */
export function ocrEngineLabel(opts: EngineOptions = {}): string {
  return ocrEngine(opts) === 'native' ? `${nativeTesseract()!.version} (installed binary)` : 'tesseract.js (wasm)';
}

const settingsKey = (opts: EngineOptions, engine: string) =>
  `${opts.lang ?? 'eng'}|${opts.tessdata ?? ''}|${opts.psm ?? 6}|${opts.dpi ?? 0}${engine === 'native' ? '|native' : ''}`;

const nativeOptions = (opts: EngineOptions): NativeOptions => ({
  lang: opts.lang ?? 'eng', tessdata: opts.tessdata, psm: opts.psm ?? 6, dpi: opts.dpi ?? 0,
  workers: Math.max(1, Math.floor(opts.workers ?? defaultWorkerCount())),
});

/** Several images read with the same options: with the native engine in one
 * process (the model loads once), shared with other files' pages while files
 * are gathered (gather.ts); otherwise each through the pool. `onImage` is
 * called as each image is read (progress). */
export async function recogniseImages(imgs: GrayImage[], opts: EngineOptions = {}, onImage?: () => void): Promise<PixelWord[][]> {
  if (ocrEngine(opts) !== 'native') return Promise.all(imgs.map((img) => recogniseImage(img, opts).then((w) => (onImage?.(), w))));
  const settings = settingsKey(opts, 'native');
  const pgms = imgs.map(toPgm);
  const out = pgms.map((pgm) => cache?.get(pgm, settings) ?? null);
  const missing = out.flatMap((w, i) => (w ? [] : [i]));
  for (let i = missing.length; i < imgs.length; i++) onImage?.();
  if (missing.length > 0) {
    const got = gathering()
      ? await recogniseGathered(missing.map((i) => pgms[i]!), nativeOptions(opts), onImage, opts.onWait)
      : await recogniseNativeBatch(missing.map((i) => pgms[i]!), nativeOptions(opts), onImage);
    missing.forEach((i, k) => {
      out[i] = got[k]!;
      cache?.put(pgms[i]!, settings, got[k]!);
    });
  }
  return out as PixelWord[][];
}

export async function recogniseImage(img: GrayImage, opts: EngineOptions = {}): Promise<PixelWord[]> {
  const pgm = toPgm(img);
  const engine = ocrEngine(opts);
  const settings = settingsKey(opts, engine);
  const cached = cache?.get(pgm, settings);
  if (cached) return cached;
  let words: PixelWord[];
  if (engine === 'native') {
    words = gathering() ? (await recogniseGathered([pgm], nativeOptions(opts), undefined, opts.onWait))[0]! : await recogniseNative(pgm, nativeOptions(opts));
  } else {
    const { scheduler } = await getPool(opts);
    const res = await scheduler.addJob('recognize', Buffer.from(pgm), {}, { blocks: true, text: false });
    words = wordsOf(res.data);
  }
  cache?.put(pgm, settings, words);
  return words;
}

function wordsOf(page: Page): PixelWord[] {
  const out: PixelWord[] = [];
  for (const block of page.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        const lineHeight = line.bbox.y1 - line.bbox.y0;
        for (const w of line.words) {
          const text = w.text.trim();
          if (!text) continue;
          out.push({ text, x0: w.bbox.x0, y0: w.bbox.y0, x1: w.bbox.x1, y1: w.bbox.y1, conf: w.confidence, lineHeight });
        }
      }
    }
  }
  return out;
}
