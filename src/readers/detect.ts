// Format from the bytes, not the file name: a renamed file still goes to the
// right reader, and an unknown binary gets a clear refusal.
import { InputError, type Format } from '../model.ts';

function startsWith(b: Uint8Array, sig: number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

export type ImageKind = 'png' | 'jpeg' | 'tiff' | 'gif' | 'bmp' | 'webp';

export function imageKind(b: Uint8Array): ImageKind | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(b, [0x42, 0x4d])) return 'bmp';
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

/** Text if it decodes: UTF-16 (BOM or NUL pattern), else few control bytes. */
export function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 8192);
  if (n === 0) return false;
  if (startsWith(b, [0xff, 0xfe]) || startsWith(b, [0xfe, 0xff])) return true;
  let nulEven = 0;
  let nulOdd = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) (i % 2 === 0 ? nulEven++ : nulOdd++);
    else if (c < 0x09 || (c > 0x0d && c < 0x20 && c !== 0x1b) || c === 0x7f) control++;
  }
  const half = n / 2;
  if ((nulOdd > half * 0.6 && nulEven < half * 0.05) || (nulEven > half * 0.6 && nulOdd < half * 0.05)) return true; // UTF-16
  return nulEven + nulOdd === 0 && control <= n * 0.01;
}

/** The format the file name claims, for clearer refusals. */
function claimed(name?: string): string | null {
  const ext = name?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (!ext) return null;
  if (ext === 'docx' || ext === 'docm') return 'a Word file (not a zip archive)';
  if (ext === 'pdf') return 'a PDF (no %PDF header)';
  if (['png', 'jpg', 'jpeg', 'tif', 'tiff'].includes(ext)) return 'an image (no image signature)';
  return null;
}

export function detectFormat(bytes: Uint8Array, name?: string): Format {
  if (bytes.length === 0) throw new InputError('empty file (0 bytes)', 'detect');
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + 5 <= head.length; i++) {
    if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return 'pdf';
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'docx';
  if (imageKind(bytes)) return 'image';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    throw new InputError('legacy binary Word/Office file (.doc): not supported, save it as .docx', 'detect');
  }
  if (startsWith(bytes, [0x1f, 0x8b])) throw new InputError('gzip-compressed file: decompress it first', 'detect');
  if (looksLikeText(bytes)) return 'text';
  const claim = claimed(name);
  throw new InputError(claim ? `named as ${claim.split(' (')[0]} but is not ${claim}: unrecognised binary content` : 'unrecognised binary content: not a PDF, Word (.docx), image or text file', 'detect');
}
