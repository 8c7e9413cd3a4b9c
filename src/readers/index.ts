// One entry to every reader: the detected format picks the reader. Adding a
// format is adding a reader here, nothing else.
import { InputError, type Format, type Intermediate } from '../model.ts';
import { readDocx } from './docx.ts';
import { readPdfPages } from './pdf.ts';
import { readText } from './text/index.ts';

export interface ReadOptions {
  /** OCR pages without a text layer (on by default) */
  ocr?: boolean;
  tessdata?: string;
  maxPages?: number;
  maxPixels?: number;
}

async function readPdf(bytes: Uint8Array, opts: ReadOptions): Promise<Intermediate> {
  const { pages, pageCount, textless } = await readPdfPages(bytes, { maxPages: opts.maxPages });
  const notes: string[] = [];
  if (textless.length) notes.push(`${textless.length} of ${pageCount} pages have no text layer and were not read (OCR is not available)`);
  const landscape = pages.filter((p) => p.width > p.height).length;
  return {
    format: 'pdf',
    extractor: 'pdf-text',
    pageCount,
    orientation: landscape * 2 > pages.length ? 'landscape' : 'portrait',
    pages: pages.filter((p) => !textless.includes(p.page)),
    blocks: [],
    notes,
  };
}

export async function readInput(bytes: Uint8Array, format: Format, opts: ReadOptions = {}): Promise<Intermediate> {
  switch (format) {
    case 'docx':
      return readDocx(bytes);
    case 'pdf':
      return readPdf(bytes, opts);
    case 'text':
      return readText(bytes);
    default:
      throw new InputError(`${format} input is not supported yet`, 'read');
  }
}
