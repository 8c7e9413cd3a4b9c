// Looking at bytes: signatures, and the containers (zip, OLE2) formats share.
import { InputError } from '../model.ts';
import type { Probe } from './contract.ts';
import { listZip, readZipEntry, type ZipEntry } from './zip.ts';

export function startsWith(b: Uint8Array, sig: number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

/** the mimetype entries of OpenDocument files */
export const ODT_MIME = 'application/vnd.oasis.opendocument.text';
export const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

export const isZip = (b: Uint8Array): boolean => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]);
const CFB_SIG = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
export const isCfb = (b: Uint8Array): boolean => startsWith(b, CFB_SIG);

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

/** The names in an OLE2 compound file's directory. Directory entries are 128
 * bytes, sector-aligned, so every 128-byte slot after the header is tried: a
 * slot whose UTF-16 name fits its length field and whose type is a storage or
 * a stream is an entry (no FAT walk needed to learn what the file holds). */
export function cfbNames(b: Uint8Array): Set<string> {
  const names = new Set<string>();
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let at = 512; at + 128 <= b.length; at += 128) {
    const len = view.getUint16(at + 64, true);
    const type = b[at + 66];
    if (len < 4 || len > 64 || len % 2 || (type !== 1 && type !== 2)) continue;
    if (view.getUint16(at + len - 2, true) !== 0) continue;
    let name = '';
    let ok = true;
    for (let i = 0; i < len - 2; i += 2) {
      const c = view.getUint16(at + i, true);
      if (c === 0 || c > 0x7e) {
        ok = false;
        break;
      }
      name += String.fromCharCode(c);
    }
    if (ok) names.add(name);
  }
  return names;
}

/** Detection's view of one file, each container looked into at most once. */
export function makeProbe(bytes: Uint8Array, name?: string): Probe {
  let zip: ZipEntry[] | null | undefined;
  let cfb: Set<string> | null | undefined;
  let text: string | null | undefined;
  const probe: Probe = {
    bytes,
    ext: name?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? null,
    zip() {
      if (zip === undefined) {
        try {
          zip = isZip(bytes) ? listZip(bytes) : null;
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          zip = null;
        }
      }
      return zip;
    },
    zipText(entryName) {
      const e = probe.zip()?.find((x) => x.name === entryName);
      if (!e || e.uncompressedSize > 4096) return null;
      try {
        return new TextDecoder().decode(readZipEntry(bytes, e, 4096)).trim();
      } catch {
        return null;
      }
    },
    cfb() {
      if (cfb === undefined) cfb = isCfb(bytes) ? cfbNames(bytes) : null;
      return cfb;
    },
    text() {
      if (text === undefined) {
        const head = bytes.subarray(0, 4096);
        text = looksLikeText(head) ? new TextDecoder('utf-8').decode(head).replace(/^\uFEFF/, '') : null;
      }
      return text;
    },
  };
  return probe;
}

/** A zip holding the given entry. */
export const zipHas = (p: Probe, entry: string): boolean => !!p.zip()?.some((e) => e.name === entry);

/** Recognised from the start of the text: a doctype or an html, head or body tag. */
export function looksLikeHtml(p: Probe): boolean {
  const t = p.text();
  if (t === null) return false;
  const start = t.replace(/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*/, '');
  return /^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(start);
}
