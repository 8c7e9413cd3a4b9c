// A PDF page by page: the text layer where there is one, OCR where there is
// not (scans, and scanned pages inside otherwise digital documents). Each page
// keeps its own mark ('text' or 'ocr'), which later stages read.
import type { PositionedPage } from '../model.ts';
import type { ReaderOutput, ReadOptions } from './contract.ts';
import { loadOcr } from './ocr-loader.ts';
import { readPdfPages } from './pdf.ts';
import { blankPages } from './pdf-lite/page-images.ts';

export function orientationOf(pages: PositionedPage[]): 'portrait' | 'landscape' {
  const landscape = pages.filter((p) => p.width > p.height).length;
  return landscape * 2 > pages.length ? 'landscape' : 'portrait';
}

export async function readPdfDocument(bytes: Uint8Array, opts: ReadOptions): Promise<ReaderOutput<'pdf-text' | 'pdf-ocr'>> {
  const read = await readPdfPages(bytes, { maxPages: opts.maxPages });
  const { pages, pageCount } = read;
  const notes: string[] = [];
  // a page without text that paints nothing (a blank last page) has nothing for OCR either
  const blank = read.textless.length ? blankPages(bytes, read.textless) : [];
  if (blank.length) notes.push(`${blank.length === 1 ? 'page' : 'pages'} ${blank.join(', ')} ${blank.length === 1 ? 'is' : 'are'} blank`);
  const textless = read.textless.filter((n) => !blank.includes(n));
  let all = pages.filter((p) => !textless.includes(p.page));
  if (textless.length && opts.ocr === false) {
    notes.push(`${textless.length} of ${pageCount} pages have no text layer and were not read (OCR turned off)`);
  } else if (textless.length) {
    const { ocrPdf } = await loadOcr();
    const scanned = await ocrPdf(bytes, { pages: textless, tessdata: opts.tessdata, workers: opts.ocrWorkers, maxPixels: opts.maxPixels, onPages: opts.onPages, onWait: opts.onWait });
    all = [...all, ...scanned].sort((a, b) => a.page - b.page);
    if (textless.length < pageCount) notes.push(`pages ${textless.join(', ')} have no text layer: read by OCR`);
  }
  // the document's extractor names what read most of it; each page keeps its own mark
  const ocrPages = all.filter((p) => p.source === 'ocr').length;
  return {
    kind: 'pages',
    extractor: ocrPages * 2 > pageCount ? 'pdf-ocr' : 'pdf-text',
    pageCount,
    orientation: orientationOf(all.length ? all : pages),
    pages: all,
    notes,
  };
}
