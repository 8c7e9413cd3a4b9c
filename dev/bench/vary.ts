// Varied copies of a fixture: the same document with a few harmless extra bytes,
// so every copy has its own sha256 and the pipeline cannot skip it as already
// stored. Each format gets the change it tolerates by design:
//   docx -> a zip archive comment (in the end-of-central-directory record)
//   pdf  -> a comment line after %%EOF (readers look for the last startxref)
//   png  -> an extra ancillary tEXt chunk before IEND
//   text -> a trailing run of blank lines and spaces (encodes the copy number)
import { crc32 } from 'node:zlib';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { findEndOfCentralDirectory } from '../../src/readers/zip.ts';

export type VaryKind = 'docx' | 'pdf' | 'png' | 'text';

/** How a file can be varied, from its bytes (not its name). */
export function varyKindOf(bytes: Uint8Array): VaryKind {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'docx';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  return 'text';
}

/** Copy number `n` (0, 1, 2 ...) of the file: distinct bytes for every n. */
export function variedCopy(bytes: Uint8Array, n: number, kind: VaryKind = varyKindOf(bytes)): Uint8Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`copy number must be a whole number >= 0, got ${n}`);
  switch (kind) {
    case 'docx':
      return withZipComment(bytes, `copy ${n}`);
    case 'pdf':
      return concat(bytes, Buffer.from(`\n%copy ${n}\n`, 'latin1'));
    case 'png':
      return withPngText(bytes, 'Comment', `copy ${n}`);
    case 'text':
      return concat(bytes, encodeText(blankSuffix(n), bytes));
  }
}

/** A newline, then n+1 in binary as newlines (1) and spaces (0): only white
 * space, after the last line, and different for every n. */
export function blankSuffix(n: number): string {
  return '\n' + (n + 1).toString(2).replace(/1/g, '\n').replace(/0/g, ' ');
}

function encodeText(s: string, like: Uint8Array): Uint8Array {
  if (like[0] === 0xff && like[1] === 0xfe) return Buffer.from(s, 'utf16le');
  if (like[0] === 0xfe && like[1] === 0xff) return Buffer.from(s, 'utf16le').swap16();
  return Buffer.from(s, 'latin1');
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The archive with its comment replaced. */
export function withZipComment(bytes: Uint8Array, comment: string): Uint8Array {
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory record');
  const text = Buffer.from(comment, 'latin1');
  if (text.length > 0xffff) throw new Error('zip comment too long');
  const out = new Uint8Array(eocd + 22 + text.length);
  out.set(bytes.subarray(0, eocd + 22), 0);
  new DataView(out.buffer).setUint16(eocd + 20, text.length, true);
  out.set(text, eocd + 22);
  return out;
}

/** The PNG with a tEXt chunk (keyword, text) inserted before IEND. */
export function withPngText(bytes: Uint8Array, keyword: string, text: string): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let iend = -1;
  while (at + 12 <= bytes.length) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'IEND') {
      iend = at;
      break;
    }
    at += 12 + len;
  }
  if (iend < 0) throw new Error('PNG has no IEND chunk');
  const data = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return Buffer.concat([bytes.subarray(0, iend), chunk, bytes.subarray(iend)]);
}

/** `copies` varied copies of each file under `outDir`, as
 * outDir/<label>-<copy>/<basename>, numbered from `first`. Returns the paths. */
export async function makeCopies(
  files: { path: string; label: string }[],
  outDir: string,
  copies: number,
  first = 0,
): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) {
    const bytes = await readFile(f.path);
    const kind = varyKindOf(bytes);
    for (let i = first; i < first + copies; i++) {
      const dir = join(outDir, `${f.label}-${String(i).padStart(4, '0')}`);
      await mkdir(dir, { recursive: true });
      const p = join(dir, basename(f.path));
      await writeFile(p, variedCopy(bytes, i, kind));
      out.push(p);
    }
  }
  return out;
}
