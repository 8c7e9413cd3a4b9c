// The worker module has no typings of its own; it is imported only for its side effect.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';
