// The zip central directory, read without inflating anything, so that a Word
// file can be checked (is it a zip? does it hold word/document.xml? would it
// inflate to gigabytes?) before anything is unpacked; then single parts are
// inflated on their own, each under a size cap.
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import { InputError } from '../model.ts';

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** 0 stored, 8 deflated */
  method: number;
  /** offset of the entry's local header */
  localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;

/** Offset of the end-of-central-directory record (within the last 64 KiB + 22
 * bytes, where a zip comment may push it), or -1. */
export function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const min = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= min; i--) {
    if (view.getUint32(i, true) === EOCD_SIG) return i;
  }
  return -1;
}

export function listZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) throw new InputError('not a zip archive (no end of central directory): the file is truncated or not a Word file', 'read');
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CDH_SIG) {
      throw new InputError('broken zip central directory: the file is truncated or corrupt', 'read');
    }
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const uncompressedSize = view.getUint32(offset + 24, true);
    const nameLen = view.getUint16(offset + 28, true);
    const extraLen = view.getUint16(offset + 30, true);
    const commentLen = view.getUint16(offset + 32, true);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLen));
    const localOffset = view.getUint32(offset + 42, true);
    entries.push({ name, compressedSize, uncompressedSize, method, localOffset });
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

const LFH_SIG = 0x04034b50;

/** Largest single part inflated (document.xml of a 500-page plan is ~20 MB). */
export const DEFAULT_MAX_PART_BYTES = 64 * 1024 * 1024;

/** The first bytes of an entry (about n), without inflating the rest: enough
 * to see what an XML part declares before its root element. */
export function peekZipEntry(bytes: Uint8Array, entry: ZipEntry, n: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LFH_SIG) {
    throw new InputError(`broken zip entry ${entry.name}: the file is truncated or corrupt`, 'read');
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const data = bytes.subarray(start, Math.min(bytes.length, start + entry.compressedSize, start + n));
  if (entry.method === 0) return data;
  try {
    return inflateRawSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: 64 * n }).subarray(0, n);
  } catch {
    return new Uint8Array(0);
  }
}

/** Inflate one entry, refusing it past maxBytes whatever its header claims. */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes = DEFAULT_MAX_PART_BYTES): Uint8Array {
  const refuse = () => new InputError(`zip entry ${entry.name} would inflate past ${Math.round(maxBytes / 1048576)} MB: refused`, 'read');
  if (entry.uncompressedSize > maxBytes) throw refuse();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LFH_SIG) {
    throw new InputError(`broken zip entry ${entry.name}: the file is truncated or corrupt`, 'read');
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new InputError(`broken zip entry ${entry.name}: the file is truncated or corrupt`, 'read');
  const data = bytes.subarray(start, end);
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw new InputError(`zip entry ${entry.name} uses compression method ${entry.method}, which is not supported`, 'read');
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw refuse();
    throw new InputError(`broken zip entry ${entry.name}: ${(err as Error).message}`, 'read');
  }
}
