// Image headers only: format, size and recorded resolution, read before any
// pixel is decoded so a hostile or absurd file is refused cheaply.
import { createRequire } from 'node:module';
import type * as UTIFTypes from 'utif2';
import { InputError } from '../../model.ts';

// utif2 is CommonJS assigning its functions at run time; Node's ESM import
// cannot see them as named exports. Loaded on the first TIFF (about 10 ms
// that PNG and JPEG files do not need).
let UTIF: typeof UTIFTypes | undefined;
export const utif = (): typeof UTIFTypes => (UTIF ??= createRequire(import.meta.url)('utif2') as typeof UTIFTypes);

export type ImageFormat = 'png' | 'jpeg' | 'tiff';

export interface ImageFrameInfo {
  width: number;
  height: number;
  /** recorded horizontal resolution in pixels per inch, when the file has one */
  dpi?: number;
}

export interface ImageInfo {
  format: ImageFormat;
  /** one per page (TIFF may hold several) */
  frames: ImageFrameInfo[];
}

/** 100 megapixels: an A0 sheet at 300 dpi is ~140 MP, an A3 at 600 dpi ~70 MP. */
export const DEFAULT_MAX_PIXELS = 100_000_000;

export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 4 && ((bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[2] === 42 && bytes[3] === 0)
    || (bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && bytes[3] === 42))) return 'tiff';
  return null;
}

export function readImageInfo(bytes: Uint8Array): ImageInfo {
  const format = sniffImageFormat(bytes);
  if (format === 'png') return { format, frames: [pngInfo(bytes)] };
  if (format === 'jpeg') return { format, frames: [jpegInfo(bytes)] };
  if (format === 'tiff') return { format, frames: tiffInfo(bytes) };
  throw new InputError('not a PNG, JPEG or TIFF image');
}

/** Refuses frames whose pixel count is over the limit (decompression bombs:
 * a few KB of PNG can claim 50 000 x 50 000 pixels). */
export function assertPixelLimit(info: ImageInfo, maxPixels = DEFAULT_MAX_PIXELS): void {
  info.frames.forEach((f, i) => {
    if (!(f.width > 0 && f.height > 0)) {
      throw new InputError(`image${info.frames.length > 1 ? ` page ${i + 1}` : ''} has no size in its header`);
    }
    if (f.width * f.height > maxPixels) {
      throw new InputError(
        `image${info.frames.length > 1 ? ` page ${i + 1}` : ''} is ${f.width} x ${f.height} pixels `
        + `(${((f.width * f.height) / 1e6).toFixed(1)} MP), over the limit of ${(maxPixels / 1e6).toFixed(1)} MP`,
      );
    }
  });
}

const u32 = (b: Uint8Array, o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
const u16 = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];

function pngInfo(b: Uint8Array): ImageFrameInfo {
  if (b.length < 33) throw new InputError('PNG is truncated');
  const width = u32(b, 16);
  const height = u32(b, 20);
  let dpi: number | undefined;
  // pHYs comes before the first IDAT; walk the chunks until then.
  for (let o = 8; o + 8 <= b.length;) {
    const len = u32(b, o);
    const type = String.fromCharCode(b[o + 4], b[o + 5], b[o + 6], b[o + 7]);
    if (type === 'pHYs' && len >= 9 && o + 17 <= b.length) {
      const ppuX = u32(b, o + 8);
      if (b[o + 16] === 1 && ppuX > 0) dpi = ppuX * 0.0254; // unit 1 = metre
    }
    if (type === 'IDAT' || type === 'IEND') break;
    o += 12 + len;
  }
  return { width, height, dpi: dpi && roundDpi(dpi) };
}

function jpegInfo(b: Uint8Array): ImageFrameInfo {
  let dpi: number | undefined;
  for (let o = 2; o + 4 <= b.length;) {
    if (b[o] !== 0xff) { o++; continue; }
    const marker = b[o + 1];
    if (marker === 0xff) { o++; continue; }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { o += 2; continue; }
    const len = u16(b, o + 2);
    // APP0 JFIF density: units 1 = dots per inch, 2 = dots per cm
    if (marker === 0xe0 && len >= 14 && b[o + 4] === 0x4a && b[o + 5] === 0x46 && b[o + 6] === 0x49 && b[o + 7] === 0x46) {
      const units = b[o + 11];
      const xd = u16(b, o + 12);
      if (xd > 1 && units === 1) dpi = xd;
      if (xd > 1 && units === 2) dpi = roundDpi(xd * 2.54);
    }
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: u16(b, o + 7), height: u16(b, o + 5), dpi };
    }
    o += 2 + len;
  }
  throw new InputError('JPEG has no frame header');
}

function tiffInfo(b: Uint8Array): ImageFrameInfo[] {
  let ifds: UTIFTypes.IFD[];
  try {
    ifds = utif().decode(toArrayBuffer(b));
  } catch (e) {
    throw new InputError(`TIFF could not be read: ${(e as Error).message}`);
  }
  // Reduced-resolution copies (thumbnails, NewSubfileType bit 0) are not pages.
  const pages = ifds.filter((ifd) => !(num(ifd.t254) & 1) && ifd.t256 !== undefined);
  if (pages.length === 0) throw new InputError('TIFF has no image');
  return pages.map((ifd) => {
    const unit = ifd.t296 === undefined ? 2 : num(ifd.t296); // 2 = inch, 3 = cm
    const res = num(ifd.t282);
    const dpi = res > 1 && unit !== 1 ? roundDpi(unit === 3 ? res * 2.54 : res) : undefined;
    return { width: num(ifd.t256), height: num(ifd.t257), dpi };
  });
}

/** A tag's first value; RATIONALs come as [numerator, denominator]. */
function num(v: unknown): number {
  const x = Array.isArray(v) ? v[0] : v;
  if (Array.isArray(x)) return x.length === 2 && x[1] ? x[0] / x[1] : Number(x[0]) || 0;
  return typeof x === 'number' ? x : Number(x) || 0;
}

/** 149.9994 dpi from a metric PNG is 150 dpi. */
function roundDpi(d: number): number {
  return Math.abs(d - Math.round(d)) < 0.05 ? Math.round(d) : d;
}

export function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer
    ? b.buffer
    : (b.slice().buffer as ArrayBuffer);
}
