// Types for preload.js (plain JavaScript so it can run before tsx).
export function restoreNatives(): void;
export function loadPdfJs(): Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')>;
export function preloadPdfJs(): Promise<void>;
