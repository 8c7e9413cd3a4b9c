// The one contract every reader meets. A format is an entry in the registry
// (./registry.ts): its id, how its bytes are recognised, the extractor names it
// may record, and a reader returning either positioned pages (each marked as a
// text layer or OCR) or finished blocks.
import type { Block, PositionedPage } from '../model.ts';
import type { ZipEntry } from './zip.ts';

export interface ReadOptions {
  /** OCR pages without a text layer, and images (on by default) */
  ocr?: boolean;
  /** folder with eng.traineddata; default: the bundled @tesseract.js-data/eng */
  tessdata?: string;
  /** OCR workers in this thread; default: the cores */
  ocrWorkers?: number;
  maxPages?: number;
  maxPixels?: number;
  /** time limit for an outside converter (LibreOffice), ms */
  convertTimeoutMs?: number;
  /** told how many OCR pages were just read, as tesseract finishes them
   * (progress); stays in the thread that reads */
  onPages?: (pages: number) => void;
  /** told how long (ms) this file's reading waited on other files' work: at a
   * barrier, or for their pages or files in a shared tesseract or LibreOffice run */
  onWait?: (ms: number) => void;
}

/** What a reader hands back: one tagged type. */
export type ReaderOutput<X extends string = string> =
  | {
      kind: 'pages';
      extractor: X;
      /** words and rulings per page; each page says whether its words are a text layer or OCR */
      pages: PositionedPage[];
      pageCount: number;
      orientation?: 'portrait' | 'landscape';
      notes: string[];
    }
  | {
      kind: 'blocks';
      extractor: X;
      blocks: Block[];
      pageCount: number;
      notes: string[];
    };

/** What detection may look at: the bytes, with the container views computed once. */
export interface Probe {
  bytes: Uint8Array;
  /** lower-case extension of the file name, if any */
  ext: string | null;
  /** the zip's entries, or null when the bytes are not a readable zip */
  zip(): ZipEntry[] | null;
  /** a small stored zip entry's text (e.g. an ODF `mimetype`), or null */
  zipText(name: string): string | null;
  /** stream and storage names of an OLE2 compound file, or null when it is not one */
  cfb(): Set<string> | null;
  /** the start of the file as text, or null when it does not look like text */
  text(): string | null;
}

export interface ReadContext {
  /** read other bytes with another registered reader (a converter's output) */
  readAs(format: string, bytes: Uint8Array, opts: ReadOptions): Promise<ReaderOutput>;
}

export interface FormatEntry<Id extends string = string, X extends string = string> {
  id: Id;
  /** what the README's format table says */
  label: string;
  /** file name extensions, lower case, without the dot */
  extensions: readonly string[];
  /** the container the format lives in, when it shares one with other formats */
  container?: 'zip' | 'cfb';
  /** every extractor name the reader may record */
  extractors: readonly X[];
  /** true when the bytes are this format */
  sniff(p: Probe): boolean;
  read(bytes: Uint8Array, opts: ReadOptions, ctx: ReadContext): Promise<ReaderOutput<X>>;
}

/** Keeps the literal id and extractor names, so the format and extractor types derive from the registry. */
export function defineFormat<const Id extends string, const X extends string>(e: FormatEntry<Id, X>): FormatEntry<Id, X> {
  return e;
}
