// One entry to every reader: the detected format picks its registry entry,
// whose reader returns pages or blocks (contract.ts). Adding a format is a
// reader file and an entry in registry.ts, nothing here.
import { InputError, type Extractor, type Format, type Intermediate } from '../model.ts';
import type { ReadContext, ReaderOutput, ReadOptions } from './contract.ts';
import { closeOcrIfLoaded } from './ocr-loader.ts';
import { formatEntry } from './registry.ts';
import { loadPdfJs } from '../preload.js';

export type { ReadOptions, ReaderOutput } from './contract.ts';

/** Stops the OCR workers, if any were started (they keep a process alive). */
export async function closeReaders(): Promise<void> {
  await closeOcrIfLoaded();
}

/** What a run will read, known before its first file. */
export interface ReaderNeeds {
  /** scans (OCR renders their pages with pdf.js): pdf.js is certainly read */
  pdf: boolean;
}

/** Loads now what the run's files will certainly need. pdf.js's polyfills
 * (core-js) replace built-in prototypes when it loads; every function V8
 * optimised before that is thrown away and compiled again, so a run with
 * scans loads it before its first file. Text-layer PDFs are read by the fast
 * reader (pdf-lite/), which leaves only some files to pdf.js: it is loaded at
 * the first of those, and a run without any never loads it. */
export async function prepareReaders(needs: ReaderNeeds): Promise<void> {
  if (!needs.pdf) return;
  await loadPdfJs();
}

async function readOutput(bytes: Uint8Array, format: string, opts: ReadOptions): Promise<ReaderOutput> {
  const entry = formatEntry(format);
  if (!entry) throw new InputError(`no reader for format ${format}`, 'read');
  const ctx: ReadContext = { readAs: (f, b, o) => readOutput(b, f, o) };
  const out = await entry.read(bytes, opts, ctx);
  if (!entry.extractors.includes(out.extractor)) throw new Error(`internal: reader ${format} named extractor ${out.extractor}, which its registry entry does not list`);
  return out;
}

export async function readInput(bytes: Uint8Array, format: Format, opts: ReadOptions = {}): Promise<Intermediate> {
  const out = await readOutput(bytes, format, opts);
  const common = { format, extractor: out.extractor as Extractor, pageCount: out.pageCount, notes: out.notes };
  return out.kind === 'pages'
    ? { ...common, orientation: out.orientation, pages: out.pages, blocks: [] }
    : { ...common, blocks: out.blocks };
}
