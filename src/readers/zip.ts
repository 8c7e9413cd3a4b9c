// The zip central directory, read without inflating anything, so that a Word
// file can be checked (is it a zip? does it hold word/document.xml? would it
// inflate to gigabytes?) before a library unpacks it.
import { InputError } from '../model.ts';

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;

export function listZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const min = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= min; i--) {
    if (view.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new InputError('not a zip archive (no end of central directory): the file is truncated or not a Word file', 'read');
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CDH_SIG) {
      throw new InputError('broken zip central directory: the file is truncated or corrupt', 'read');
    }
    const compressedSize = view.getUint32(offset + 20, true);
    const uncompressedSize = view.getUint32(offset + 24, true);
    const nameLen = view.getUint16(offset + 28, true);
    const extraLen = view.getUint16(offset + 30, true);
    const commentLen = view.getUint16(offset + 32, true);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLen));
    entries.push({ name, compressedSize, uncompressedSize });
    offset += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

export interface ZipLimits {
  maxUncompressedBytes: number;
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxUncompressedBytes: 256 * 1024 * 1024, maxRatio: 200 };

/** Refuse archives that would inflate past the limits (zip bombs). */
export function checkZip(entries: ZipEntry[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > 1024 * 1024 && e.uncompressedSize > e.compressedSize * limits.maxRatio) {
      throw new InputError(`zip entry ${e.name} would inflate ${Math.round(e.uncompressedSize / e.compressedSize)}x (a zip bomb?): refused`, 'read');
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw new InputError(`archive would inflate to ${Math.round(total / 1048576)} MB, over the ${Math.round(limits.maxUncompressedBytes / 1048576)} MB limit: refused`, 'read');
  }
}
