// One image through the pool: PGM in, words with pixel boxes out.
import type { Page } from 'tesseract.js';
import { toPgm, type GrayImage } from './gray.ts';
import { getPool, type EngineOptions } from './engine.ts';

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

export async function recogniseImage(img: GrayImage, opts: EngineOptions = {}): Promise<PixelWord[]> {
  const pgm = toPgm(img);
  const settings = `${opts.lang ?? 'eng'}|${opts.tessdata ?? ''}|${opts.psm ?? 6}|${opts.dpi ?? 0}`;
  const cached = cache?.get(pgm, settings);
  if (cached) return cached;
  const { scheduler } = await getPool(opts);
  const res = await scheduler.addJob('recognize', Buffer.from(pgm), {}, { blocks: true, text: false });
  const words = wordsOf(res.data);
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
