// The OCR reader (tesseract.js, canvas, page images) is loaded only when a scan
// or an image needs it: most files never pay for it.
import { loadPdfJs } from '../preload.js';

type OcrModule = typeof import('./ocr/index.ts');
let ocrModule: Promise<OcrModule> | null = null;

// pdf.js first, through its loader (../preload.js), before the OCR modules import it
export const loadOcr = (): Promise<OcrModule> => (ocrModule ??= loadPdfJs().then(() => import('./ocr/index.ts')));

/** Stops the OCR workers, if any were started (they keep a process alive). */
export async function closeOcrIfLoaded(): Promise<void> {
  if (ocrModule) await (await ocrModule).closeOcr();
}
