// The stored images of scanned pages read straight from their JPEG streams:
// poppler's `pdfimages -j` copies each stream out as it is stored, and pdf.js's
// own JPEG decoder (its image_decoders build, the same code pdf.js runs for a
// page) decodes it to one byte a pixel. Through pdf.js's page the same decoder
// expands every grey pixel to RGB, which we then turned back to grey: the bytes
// are the same (all corpus scan pages), at 40% of the cost. Only for a PDF
// whose wanted pages each hold one 8-bit grey JPEG and that has no /Decode
// array (pdf.js applies it, the raw stream does not carry it); anything else
// is left to pdf.js (null). Where each image sits is checked against the
// page's operators by pdf-pages.ts (placeStoredScan).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadJpegDecoder } from '../../preload.js';
import type { GrayImage } from './gray.ts';

/** A page's one stored image: its pixels, and its resolution as placed on the
 * page (poppler's whole-number ppi: enough to find the placement, not to use). */
export interface StoredScan {
  image: GrayImage;
  xppi: number;
  yppi: number;
}

let missing = false;

function pdfimages(args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('pdfimages', args, { maxBuffer: 16 << 20, encoding: 'utf8' }, (err, stdout) => {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') missing = true;
      resolve(err ? null : stdout);
    });
  });
}

interface ListRow { page: number; type: string; width: number; height: number; color: string; comps: number; bpc: number; enc: string; xppi: number; yppi: number }

/** `pdfimages -list` rows: page num type width height color comp bpc enc
 * interp object ID x-ppi y-ppi size ratio. */
export function parseImageList(text: string): ListRow[] {
  const rows: ListRow[] = [];
  for (const line of text.split('\n')) {
    const c = line.trim().split(/\s+/);
    if (c.length < 14 || !/^\d+$/.test(c[0]!)) continue;
    rows.push({ page: +c[0]!, type: c[2]!, width: +c[3]!, height: +c[4]!, color: c[5]!, comps: +c[6]!, bpc: +c[7]!, enc: c[8]!, xppi: +c[12]!, yppi: +c[13]! });
  }
  return rows;
}

/** Whether the file has a /Decode array (not /DecodeParms) anywhere: image
 * dictionaries are never inside compressed object streams, so one on an
 * image can be seen in the bytes. */
function hasDecodeArray(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = b.indexOf('/Decode'); i >= 0; i = b.indexOf('/Decode', i + 7)) {
    let j = i + 7;
    while (j < b.length && (b[j] === 0x20 || b[j] === 0x0a || b[j] === 0x0d || b[j] === 0x09 || b[j] === 0x0c)) j++;
    if (b[j] === 0x5b) return true; // '['
  }
  return false;
}

/** Decoded stored images of the given pages, or null when pdfimages is not
 * installed or the pages are not all plain grey JPEG scans. */
export async function storedScans(bytes: Uint8Array, pages: number[], maxPixels?: number): Promise<Map<number, StoredScan> | null> {
  if (missing || pages.length === 0) return null;
  if (hasDecodeArray(bytes)) return null;
  const first = Math.min(...pages);
  const last = Math.max(...pages);
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-ingest-scan-'));
  try {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, bytes);
    const range = ['-f', String(first), '-l', String(last)];
    const list = await pdfimages(['-list', ...range, file]);
    if (list === null) return null;
    const rows = parseImageList(list);
    // every image in the range is written, in list order: all must be 8-bit
    // grey JPEGs, one on each wanted page
    if (rows.some((r) => r.type !== 'image' || r.enc !== 'jpeg' || r.color !== 'gray' || r.comps !== 1 || r.bpc !== 8 || !(r.xppi > 0 && r.yppi > 0))) return null;
    if (pages.some((p) => rows.filter((r) => r.page === p).length !== 1)) return null;
    if (maxPixels && rows.some((r) => r.width * r.height > maxPixels)) return null;
    if ((await pdfimages(['-j', ...range, file, path.join(dir, 'p')])) === null) return null;
    const files = readdirSync(dir).filter((f) => f.startsWith('p-')).sort();
    if (files.length !== rows.length || files.some((f) => !f.endsWith('.jpg'))) return null;
    const wanted = new Set(pages);
    const out = new Map<number, StoredScan>();
    for (const [i, r] of rows.entries()) {
      if (!wanted.has(r.page)) continue;
      const data = await decodeGrayJpeg(new Uint8Array(readFileSync(path.join(dir, files[i]!))), r.width, r.height);
      if (!data) return null;
      out.set(r.page, { image: { width: r.width, height: r.height, data, dpi: 0 }, xppi: r.xppi, yppi: r.yppi });
    }
    return out.size === pages.length ? out : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A one-component JPEG stream decoded by pdf.js's own decoder as pdf.js's
 * JpegStream asks (less the expansion to RGB): one byte a pixel, or null
 * when it does not decode to that size (pdf.js reports it as it would have). */
export async function decodeGrayJpeg(stream: Uint8Array, width: number, height: number): Promise<Uint8Array | null> {
  const { JpegImage } = await loadJpegDecoder();
  const jpeg = new JpegImage();
  try {
    jpeg.parse(stream);
  } catch {
    return null;
  }
  if (jpeg.width !== width || jpeg.height !== height || jpeg.numComponents !== 1) return null;
  const data = linearised(jpeg as unknown as DecodedJpeg, width, height)
    ?? (jpeg.getData({ width, height, forceRGB: false, isSourcePDF: true }) as Uint8Array);
  return data.length === width * height ? data : null;
}

/** What pdf.js's JpegImage holds after parse (pdfjs-dist 5.x). */
interface DecodedJpeg {
  components?: { output?: unknown; scaleX: number; scaleY: number; blocksPerLine: number }[];
  _decodeTransform?: unknown;
}

/** getData's pixels for one component at the image's own size, copied out of
 * the decoder's 8x8 blocks 8 at a time (getData looks each pixel's place up
 * in a table: a quarter of the decoding's time); null when the decoder's
 * parts are not as expected, and getData does it. The blocks hold 0-255
 * (the inverse DCT clamps), so the bytes are getData's. */
function linearised(jpeg: DecodedJpeg, width: number, height: number): Uint8Array | null {
  const c = jpeg.components?.[0];
  if (!c || jpeg.components!.length !== 1 || c.scaleX !== 1 || c.scaleY !== 1 || jpeg._decodeTransform) return null;
  const src = c.output;
  if (!(src instanceof Int16Array) || !Number.isInteger(c.blocksPerLine)) return null;
  // pdf.js's place of pixel (x, y): stride * (y & ~7) + (y & 7) * 8 + (x >> 3) * 64 + (x & 7)
  const stride = (c.blocksPerLine + 1) << 3;
  const at = (x: number, y: number) => stride * (y & ~7) + ((y & 7) << 3) + ((x >> 3) << 6) + (x & 7);
  if (at(width - 1, height - 1) >= src.length || ((width - 1) >> 3) >= c.blocksPerLine + 1) return null;
  const out = new Uint8Array(width * height);
  const whole = width & ~7;
  for (let y = 0, o = 0; y < height; y++) {
    const row = stride * (y & ~7) + ((y & 7) << 3);
    let b = row;
    for (let x = 0; x < whole; x += 8, b += 64, o += 8) {
      out[o] = src[b]!;
      out[o + 1] = src[b + 1]!;
      out[o + 2] = src[b + 2]!;
      out[o + 3] = src[b + 3]!;
      out[o + 4] = src[b + 4]!;
      out[o + 5] = src[b + 5]!;
      out[o + 6] = src[b + 6]!;
      out[o + 7] = src[b + 7]!;
    }
    for (let x = whole; x < width; x++, o++) out[o] = src[b + (x & 7)]!;
  }
  return out;
}
