// An 8-bit greyscale raster: the one image shape every OCR step works on.
// Scans are greyscale or close to it, and one byte a pixel keeps a
// 300 dpi A4 page near 9 MB instead of 35 MB of RGBA.

export interface GrayImage {
  width: number;
  height: number;
  /** row-major, 0 = black, 255 = white */
  data: Uint8Array;
  /** pixels per inch the image stands for on the page */
  dpi: number;
}

/** Luma from interleaved RGBA (as canvas getImageData and UTIF give it).
 * Transparent pixels count as white paper. */
export function grayFromRgba(rgba: ArrayLike<number>, width: number, height: number, dpi: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < data.length; i++, j += 4) {
    const a = rgba[j + 3];
    const y = (rgba[j] * 77 + rgba[j + 1] * 150 + rgba[j + 2] * 29) >> 8;
    data[i] = a === 255 ? y : 255 - (((255 - y) * a) >> 8);
  }
  return { width, height, data, dpi };
}

const pgmHead = (width: number, height: number) => new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);

/** A blank image whose pixels sit right after a PGM header in one buffer, so
 * toPgm hands it over without a copy (a page-sized buffer less a page). */
export function pgmImage(width: number, height: number, dpi: number): GrayImage {
  const head = pgmHead(width, height);
  const buf = new Uint8Array(head.length + width * height);
  buf.set(head, 0);
  return { width, height, data: buf.subarray(head.length), dpi };
}

/** Binary PGM (P5): tesseract's image reader takes it as is, so handing a
 * page over costs one copy instead of a PNG encode, or none for an image made
 * by pgmImage. */
export function toPgm(img: GrayImage): Uint8Array {
  const head = pgmHead(img.width, img.height);
  const { data } = img;
  if (data.byteOffset === head.length && data.buffer.byteLength === head.length + data.length) {
    const whole = new Uint8Array(data.buffer);
    if (head.every((b, i) => whole[i] === b)) return whole;
  }
  const out = new Uint8Array(head.length + data.length);
  out.set(head, 0);
  out.set(data, head.length);
  return out;
}

/** Resample to a new size with bilinear interpolation (upscaling low
 * resolution scans helps tesseract, which is tuned for ~300 dpi text). */
export function scaleGray(img: GrayImage, factor: number): GrayImage {
  if (factor === 1) return img;
  const width = Math.max(1, Math.round(img.width * factor));
  const height = Math.max(1, Math.round(img.height * factor));
  const out = new Uint8Array(width * height);
  const src = img.data;
  const sw = img.width;
  const sh = img.height;
  if (sw < 2 || sh < 2) { // nothing to interpolate between: nearest pixel
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        out[y * width + x] = src[Math.min(sh - 1, Math.floor(y / factor)) * sw + Math.min(sw - 1, Math.floor(x / factor))];
      }
    }
    return { width, height, data: out, dpi: img.dpi * factor };
  }
  const xs = new Int32Array(width);
  const xf = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) / factor - 0.5));
    xs[x] = Math.min(sw - 2, Math.floor(fx));
    xf[x] = fx - xs[x];
  }
  for (let y = 0; y < height; y++) {
    const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) / factor - 0.5));
    const y0 = Math.min(sh - 2, Math.floor(fy));
    const wy = fy - y0;
    const r0 = y0 * sw;
    const r1 = r0 + sw;
    const o = y * width;
    for (let x = 0; x < width; x++) {
      const x0 = xs[x];
      const wx = xf[x];
      const top = src[r0 + x0] + (src[r0 + x0 + 1] - src[r0 + x0]) * wx;
      const bot = src[r1 + x0] + (src[r1 + x0 + 1] - src[r1 + x0]) * wx;
      out[o + x] = top + (bot - top) * wy + 0.5;
    }
  }
  return { width, height, data: out, dpi: img.dpi * factor };
}
