// One entry to every reader: the detected format picks the reader. Adding a
// format is adding a reader here, nothing else.
import { InputError, type Format, type Intermediate } from '../model.ts';
import { readDocx } from './docx.ts';

export interface ReadOptions {
  /** OCR pages without a text layer (on by default) */
  ocr?: boolean;
  tessdata?: string;
  maxPages?: number;
  maxPixels?: number;
}

export async function readInput(bytes: Uint8Array, format: Format, opts: ReadOptions = {}): Promise<Intermediate> {
  switch (format) {
    case 'docx':
      return readDocx(bytes);
    default:
      throw new InputError(`${format} input is not supported yet`, 'read');
  }
}
