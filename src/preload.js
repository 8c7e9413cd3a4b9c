// Loaded before tsx is registered: pdf.js is a large plain-JavaScript module,
// and taken through tsx's loader it costs hundreds of MB and a second in every
// process and worker thread. Imported here first, later imports of it are
// served from the module cache untouched.
export async function preloadPdfJs() {
  await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  await import('pdfjs-dist/legacy/build/pdf.mjs');
}
