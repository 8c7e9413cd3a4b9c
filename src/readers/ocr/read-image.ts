// The image reader: a PNG, JPEG or TIFF to an Intermediate holding OCR'd
// pages. Blocks are left to the layout stage, as for any paginated reader.
import type { Intermediate } from '../../model.ts';
import { readImageInfo } from './image-info.ts';
import { DEFAULT_IMAGE_DPI } from './decode-image.ts';
import { ocrImage, type OcrOptions } from './ocr.ts';

export async function readImage(bytes: Uint8Array, opts: OcrOptions = {}): Promise<Intermediate> {
  const info = readImageInfo(bytes);
  const pages = await ocrImage(bytes, opts);
  const notes: string[] = [];
  const undated = info.frames.filter((f) => !f.dpi).length;
  if (undated > 0) {
    notes.push(`the image records no resolution; ${opts.assumeDpi ?? DEFAULT_IMAGE_DPI} dpi assumed for sizes in points`);
  }
  const first = pages[0];
  return {
    format: 'image',
    extractor: 'image-ocr',
    pageCount: pages.length,
    orientation: first && first.width > first.height ? 'landscape' : 'portrait',
    pages,
    blocks: [],
    notes,
  };
}
