// Types for preload.js (plain JavaScript so it can run before tsx).
export function restoreNatives(): void;
export function loadPdfJs(): Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')>;
export function preloadPdfJs(): Promise<void>;
/** pdf.js's worker for the process, handing messages over without cloning them. */
export function pdfWorker(): InstanceType<typeof import('pdfjs-dist/legacy/build/pdf.mjs').PDFWorker>;
/** getDocument options for reading text only: fonts go to a stand-in font set, no glyph outlines are built. */
// (the stand-in font set is all pdf.js uses of the document it is given)
export const TEXT_ONLY_FONTS: { disableFontFace: false; ownerDocument: HTMLDocument };
/** pdf.js's JPEG decoder (its image_decoders build), loaded once. */
export function loadJpegDecoder(): Promise<{ JpegImage: new () => {
  width: number; height: number; numComponents: number;
  parse(data: Uint8Array): void;
  getData(o: { width: number; height: number; forceRGB?: boolean; isSourcePDF?: boolean }): Uint8Array | Uint8ClampedArray;
} }>;
