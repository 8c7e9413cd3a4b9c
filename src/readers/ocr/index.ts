// Scanned PDFs and images to positioned words, for the layout stage.
//   ocrPdf(bytes, { pages: [1, 2] })  -> PositionedPage[] (source 'ocr')
//   ocrImage(bytes)                   -> one page per image frame (TIFF: each page)
//   readImage(bytes)                  -> Intermediate (format 'image', pages only)
//   closeOcr()                        -> stops the worker pool
//   expectOcr()                       -> a file will read pages: gather requests (gather.ts)
// Coordinates are PDF points (1/72 in) from the top-left corner: for a PDF,
// the page's own points; for an image, its pixels at its recorded dpi
// (300 dpi when it records none).
export { ocrPdf, ocrImage, type OcrOptions, type OcrPdfOptions } from './ocr.ts';
export { readImage } from './read-image.ts';
export { closeOcr, defaultWorkerCount } from './engine.ts';
export { ocrEngine, ocrEngineLabel } from './recognise.ts';
export { expectOcr } from './gather.ts';
export type { EngineOptions } from './engine.ts';
export type { PreprocessOptions, PageOcrResult } from './page.ts';
export { DEFAULT_MAX_PIXELS } from './image-info.ts';
