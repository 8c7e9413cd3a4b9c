// Source views of stored documents: PDF pages and scans as PNG images (drawn
// on demand, one at a time, and kept in a small cache), Word and text files as
// their text. The file is found from the document's stored path and must
// still have the stored bytes (sha256): a page is never drawn from another file.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';

/** Page images: resolution drawn at, longest side allowed, pages kept. */
export const PAGE_IMAGE = { dpi: 110, maxSide: 2200, cacheEntries: 48 } as const;

export class SourceError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

export interface PageImage {
  png: Buffer;
  /** page size in the units of the stored cell boxes (points) */
  width: number;
  height: number;
}

export interface StoredSource {
  path: string;
  sha256: string;
  format: string;
  pages: number;
}

async function readStored(src: StoredSource): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(src.path));
  } catch (e) {
    throw new SourceError(`the source file ${src.path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 404);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== src.sha256) {
    throw new SourceError(`the file at ${src.path} has changed since it was imported: re-import it to see its pages`, 409);
  }
  return bytes;
}

const cache = new Map<string, Promise<PageImage>>();
let queue: Promise<unknown> = Promise.resolve();

/** A page as PNG, drawn once (drawing is serialised: one page at a time). */
export function pageImage(src: StoredSource, page: number): Promise<PageImage> {
  if (src.format !== 'pdf' && src.format !== 'image') throw new SourceError('this document has no page images (Word or text source)', 404);
  if (!Number.isInteger(page) || page < 1 || page > src.pages) throw new SourceError(`page ${page} is not in this document (${src.pages} pages)`, 404);
  const key = `${src.sha256}:${page}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // most recently used last
    cache.set(key, hit);
    return hit;
  }
  const job = queue.then(() => draw(src, page));
  queue = job.catch(() => undefined);
  cache.set(key, job);
  job.catch(() => cache.delete(key));
  while (cache.size > PAGE_IMAGE.cacheEntries) cache.delete(cache.keys().next().value!);
  return job;
}

async function draw(src: StoredSource, page: number): Promise<PageImage> {
  const bytes = await readStored(src);
  return src.format === 'pdf' ? drawPdfPage(bytes, page) : drawImagePage(bytes, page);
}

async function drawPdfPage(bytes: Uint8Array, n: number): Promise<PageImage> {
  const { openPdf } = await import('../readers/ocr/pdf-pages.ts');
  const doc = await openPdf(bytes);
  try {
    if (n > doc.numPages) throw new SourceError(`page ${n} is not in this PDF`, 404);
    const page = await doc.getPage(n);
    const unit = page.getViewport({ scale: 1 });
    const scale = Math.min(PAGE_IMAGE.dpi / 72, PAGE_IMAGE.maxSide / Math.max(unit.width, unit.height));
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({
      canvas: canvas as unknown as HTMLCanvasElement,
      canvasContext: ctx as unknown as CanvasRenderingContext2D,
      viewport,
    }).promise;
    page.cleanup();
    return { png: await canvas.encode('png'), width: unit.width, height: unit.height };
  } finally {
    await doc.destroy();
  }
}

async function drawImagePage(bytes: Uint8Array, n: number): Promise<PageImage> {
  const { decodeImage } = await import('../readers/ocr/decode-image.ts');
  const frames = await decodeImage(bytes);
  const img = frames[n - 1];
  if (!img) throw new SourceError(`page ${n} is not in this image`, 404);
  const k = Math.min(1, PAGE_IMAGE.maxSide / Math.max(img.width, img.height));
  const full = createCanvas(img.width, img.height);
  const ctx = full.getContext('2d');
  const data = ctx.createImageData(img.width, img.height);
  for (let i = 0, j = 0; i < img.data.length; i++, j += 4) {
    data.data[j] = data.data[j + 1] = data.data[j + 2] = img.data[i];
    data.data[j + 3] = 255;
  }
  ctx.putImageData(data, 0, 0);
  let out = full;
  if (k < 1) {
    out = createCanvas(Math.round(img.width * k), Math.round(img.height * k));
    out.getContext('2d').drawImage(full, 0, 0, out.width, out.height);
  }
  // the OCR reader's units: points at the image's resolution
  return { png: await out.encode('png'), width: (img.width * 72) / img.dpi, height: (img.height * 72) / img.dpi };
}

/** A Word or text source as text, for showing beside its records. */
export async function sourceText(src: StoredSource): Promise<string> {
  const bytes = await readStored(src);
  if (src.format === 'text') {
    const { decodeText } = await import('../readers/text/index.ts');
    return decodeText(bytes).text;
  }
  if (src.format === 'docx') {
    const { readDocx } = await import('../readers/docx.ts');
    const inter = await readDocx(bytes);
    const out: string[] = [];
    for (const b of inter.blocks) {
      if (b.type === 'heading' || b.type === 'paragraph') out.push(b.text);
      else if (b.type === 'list') b.items.forEach((it, i) => out.push(`${b.numbers?.[i] ?? (b.numbered ? `${i + 1}.` : '•')} ${it}`));
      else {
        const g = b.grid;
        for (let r = 0; r < g.nrows; r++) {
          out.push(g.cells.filter((c) => c.row === r).sort((a, c) => a.col - c.col).map((c) => c.text.replace(/\n/g, ' ')).join('  |  '));
        }
      }
      out.push('');
    }
    return out.join('\n');
  }
  throw new SourceError('this document has page images, not text', 404);
}
