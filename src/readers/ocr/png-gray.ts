// 8-bit greyscale PNGs (what scanners and the corpus page images write)
// decoded straight to one byte a pixel: node's zlib and the five PNG row
// filters, instead of the canvas's RGBA image (four times the bytes) turned
// back into grey. Same pixels; anything else returns null and goes through
// the canvas (colour, other bit depths, interlacing, transparency, and the
// colour-space chunks a colour-managed decoder might apply).
import { inflateSync } from 'node:zlib';

// chunks after which the canvas could give other values than the stored ones
const MANAGED = new Set(['tRNS', 'gAMA', 'cHRM', 'iCCP', 'sRGB', 'sBIT']);

/** The grey pixels of an 8-bit greyscale, non-interlaced PNG, or null. */
export function grayPngPixels(b: Uint8Array): { width: number; height: number; data: Uint8Array } | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  for (let p = 8; p + 8 <= b.length;) {
    const len = view.getUint32(p);
    const type = String.fromCharCode(b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!);
    const body = p + 8;
    if (body + len > b.length) return null;
    if (type === 'IHDR') {
      if (len < 13) return null;
      width = view.getUint32(body);
      height = view.getUint32(body + 4);
      // bit depth 8, colour type 0 (grey), compression 0, filter 0, no interlace
      if (b[body + 8] !== 8 || b[body + 9] !== 0 || b[body + 10] !== 0 || b[body + 11] !== 0 || b[body + 12] !== 0) return null;
    } else if (type === 'IDAT') {
      idat.push(b.subarray(body, body + len));
    } else if (type === 'IEND') {
      break;
    } else if (MANAGED.has(type)) {
      return null;
    }
    p = body + len + 4; // + CRC
  }
  if (!(width > 0 && height > 0) || idat.length === 0) return null;
  const stride = width + 1;
  let raw: Uint8Array;
  try {
    // never more than the header's rows (the pixel limit was checked on them)
    raw = inflateSync(idat.length === 1 ? idat[0]! : Buffer.concat(idat), { maxOutputLength: stride * height });
  } catch {
    return null;
  }
  if (raw.length < stride * height) return null;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * stride]!;
    const s = y * stride + 1;
    const o = y * width;
    const up = o - width; // the row above in out (decoded), when y > 0
    if (f === 0 || (f === 2 && y === 0)) {
      out.set(raw.subarray(s, s + width), o);
    } else if (f === 1) {
      let left = 0;
      for (let x = 0; x < width; x++) left = out[o + x] = (raw[s + x]! + left) & 255;
    } else if (f === 2) {
      for (let x = 0; x < width; x++) out[o + x] = (raw[s + x]! + out[up + x]!) & 255;
    } else if (f === 3) {
      let left = 0;
      for (let x = 0; x < width; x++) left = out[o + x] = (raw[s + x]! + ((left + (y > 0 ? out[up + x]! : 0)) >> 1)) & 255;
    } else if (f === 4) {
      let left = 0;
      let upLeft = 0;
      for (let x = 0; x < width; x++) {
        const above = y > 0 ? out[up + x]! : 0;
        const pa = Math.abs(above - upLeft);
        const pb = Math.abs(left - upLeft);
        const pc = Math.abs(left + above - 2 * upLeft);
        const pred = pa <= pb && pa <= pc ? left : pb <= pc ? above : upLeft;
        left = out[o + x] = (raw[s + x]! + pred) & 255;
        upLeft = above;
      }
    } else {
      return null;
    }
  }
  return { width, height, data: out };
}
