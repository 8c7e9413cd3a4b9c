// The OCR reader (tesseract.js, canvas, page images) is loaded only when a scan
// or an image needs it: most files never pay for it.
type OcrModule = typeof import('./ocr/index.ts');
let ocrModule: Promise<OcrModule> | null = null;

// pdf.js is loaded by ocrPdf when a PDF needs it (an image does not), and the
// tesseract.js engine only when it runs
export const loadOcr = (): Promise<OcrModule> => (ocrModule ??= import('./ocr/index.ts'));

/** Stops the OCR workers, if any were started (they keep a process alive). */
export async function closeOcrIfLoaded(): Promise<void> {
  if (ocrModule) await (await ocrModule).closeOcr();
}
