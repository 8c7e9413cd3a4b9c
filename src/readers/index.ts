// One entry to every reader: the detected format picks the reader. Adding a
// format is adding a reader here, nothing else.
import { InputError, type Format, type Intermediate, type PositionedPage } from '../model.ts';
import { readDocx } from './docx.ts';
import { readPdfPages } from './pdf.ts';
import { readText } from './text/index.ts';
import { loadPdfJs } from '../preload.js';

// The OCR reader (tesseract.js, canvas, page images) is loaded only when a scan
// or an image needs it: most files never pay for it.
type OcrModule = typeof import('./ocr/index.ts');
let ocrModule: Promise<OcrModule> | null = null;
// pdf.js first, through its loader (../preload.js), before the OCR modules import it
const loadOcr = (): Promise<OcrModule> => (ocrModule ??= loadPdfJs().then(() => import('./ocr/index.ts')));

/** Stops the OCR workers, if any were started (they keep a process alive). */
export async function closeReaders(): Promise<void> {
  if (ocrModule) await (await ocrModule).closeOcr();
}

export interface ReadOptions {
  /** OCR pages without a text layer, and images (on by default) */
  ocr?: boolean;
  /** folder with eng.traineddata; default: the bundled @tesseract.js-data/eng */
  tessdata?: string;
  /** OCR workers in this thread; default: the cores */
  ocrWorkers?: number;
  maxPages?: number;
  maxPixels?: number;
}

function orientation(pages: PositionedPage[]): 'portrait' | 'landscape' {
  const landscape = pages.filter((p) => p.width > p.height).length;
  return landscape * 2 > pages.length ? 'landscape' : 'portrait';
}

/** A PDF page by page: the text layer where there is one, OCR where there is
 * not (scans, and scanned pages inside otherwise digital documents). */
async function readPdf(bytes: Uint8Array, opts: ReadOptions): Promise<Intermediate> {
  const { pages, pageCount, textless } = await readPdfPages(bytes, { maxPages: opts.maxPages });
  const notes: string[] = [];
  let all = pages.filter((p) => !textless.includes(p.page));
  if (textless.length && opts.ocr === false) {
    notes.push(`${textless.length} of ${pageCount} pages have no text layer and were not read (OCR turned off)`);
  } else if (textless.length) {
    const { ocrPdf } = await loadOcr();
    const scanned = await ocrPdf(bytes, { pages: textless, tessdata: opts.tessdata, workers: opts.ocrWorkers, maxPixels: opts.maxPixels });
    all = [...all, ...scanned].sort((a, b) => a.page - b.page);
    if (textless.length < pageCount) notes.push(`pages ${textless.join(', ')} have no text layer: read by OCR`);
  }
  const ocrShare = textless.length / Math.max(1, pageCount);
  return {
    format: 'pdf',
    extractor: opts.ocr !== false && ocrShare > 0.5 ? 'pdf-ocr' : 'pdf-text',
    pageCount,
    orientation: orientation(all.length ? all : pages),
    pages: all,
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
    case 'image':
      if (opts.ocr === false) throw new InputError('an image can only be read by OCR, which is turned off (--no-ocr)', 'read');
      return (await loadOcr()).readImage(bytes, { tessdata: opts.tessdata, workers: opts.ocrWorkers, maxPixels: opts.maxPixels });
  }
}
