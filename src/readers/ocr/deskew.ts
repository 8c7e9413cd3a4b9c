// Small-angle deskew. Scans come in tilted by up to a degree or two; a tilt
// of 1 degree moves a line's end 25 px at 300 dpi across A4, enough to merge
// table rows and to break ruling lines into stubs. The angle is the one that
// makes the horizontal projection of the ink sharpest (rows of text and
// horizontal rules line up with pixel rows).
import { histogram, inkThreshold } from './binarise.ts';
import { pgmImage, type GrayImage } from './gray.ts';

export interface DeskewOptions {
  /** largest tilt looked for, in degrees */
  maxAngle?: number;
}

/** The page's tilt in degrees (positive: content rotated clockwise).
 * `hist`: the image's histogram, when already counted. */
export function estimateSkew(img: GrayImage, opts: DeskewOptions = {}, hist?: Uint32Array): number {
  const maxAngle = opts.maxAngle ?? 3;
  // Work on ink points from a ~75 dpi sample grid: enough for 0.05 degree.
  const step = Math.max(1, Math.round(img.dpi / 75));
  const threshold = inkThreshold(img, hist ?? histogram(img));
  const { data, width } = img;
  let xs: Int32Array = new Int32Array(4096);
  let ys: Int32Array = new Int32Array(4096);
  let n = 0;
  // (xi, yi): the point's place on the sample grid, x / step and y / step
  for (let y = 0, yi = 0; y < img.height; y += step, yi++) {
    const row = y * width;
    for (let x = 0, xi = 0; x < width; x += step, xi++) {
      if (data[row + x]! > threshold) continue;
      if (n === xs.length) {
        xs = grow(xs);
        ys = grow(ys);
      }
      xs[n] = xi;
      ys[n] = yi;
      n++;
    }
  }
  if (n < 50) return 0;
  const h = Math.ceil(img.height / step);
  const w = Math.ceil(width / step);
  const px = xs.subarray(0, n);
  const py = ys.subarray(0, n);
  // the coarse search looks for the peak on every 4th point, the fine one
  // around it on all of them
  const sx = new Int32Array(Math.ceil(n / 4));
  const sy = new Int32Array(sx.length);
  for (let i = 0, j = 0; i < n; i += 4, j++) { sx[j] = px[i]; sy[j] = py[i]; }
  const search = (from: number, to: number, by: number, xs: Int32Array, ys: Int32Array, start: number) => {
    let best = start;
    let bestScore = sharpness(xs, ys, h, w, start);
    for (let a = from; a <= to + 1e-9; a += by) {
      const s = sharpness(xs, ys, h, w, a);
      if (s > bestScore) { bestScore = s; best = a; }
    }
    return best;
  };
  const c = search(-maxAngle, maxAngle, 0.2, sx, sy, 0);
  const best = search(c - 0.2, c + 0.2, 0.02, px, py, c);
  // the shear above measures the angle of the rows: y' = y - x*tan(a)
  return Math.round(best * 100) / 100;
}

/** Sum of squared counts of the points' rows after shearing by `deg`. */
function sharpness(xs: Int32Array, ys: Int32Array, h: number, w: number, deg: number): number {
  const t = Math.tan((deg * Math.PI) / 180);
  const pad = Math.ceil(Math.abs(t) * w) + 2;
  const len = h + 2 * pad;
  // four tallies, added up below: neighbouring points of a row fall in one
  // bin, and one tally would make each count wait on the one before (the
  // same counts at half the time)
  const bins = new Int32Array(4 * len);
  const b1 = len;
  const b2 = 2 * len;
  const b3 = 3 * len;
  const off = pad + 0.5;
  const n = xs.length;
  // round(y - x t) + pad; the bin is never negative, so floor(... + 0.5)
  let i = 0;
  for (; i + 3 < n; i += 4) {
    bins[(ys[i]! - xs[i]! * t + off) | 0]++;
    bins[b1 + ((ys[i + 1]! - xs[i + 1]! * t + off) | 0)]++;
    bins[b2 + ((ys[i + 2]! - xs[i + 2]! * t + off) | 0)]++;
    bins[b3 + ((ys[i + 3]! - xs[i + 3]! * t + off) | 0)]++;
  }
  for (; i < n; i++) bins[(ys[i]! - xs[i]! * t + off) | 0]++;
  let s = 0;
  for (let j = 0; j < len; j++) {
    const c = bins[j]! + bins[b1 + j]! + bins[b2 + j]! + bins[b3 + j]!;
    s += c * c;
  }
  return s;
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Rotates about the centre by -angle degrees (undoing a tilt measured by
 * estimateSkew), same canvas size, uncovered corners white. */
export function rotateGray(img: GrayImage, angleDeg: number): GrayImage {
  if (angleDeg === 0) return img;
  const { width: w, height: h, data: src } = img;
  const rotated = pgmImage(w, h, img.dpi);
  const out = rotated.data;
  const a = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const xMax = w - 1;
  const yMax = h - 1;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    // source = R(angle) * destination: the content tilted by +angle is found there
    let sx = cx - dy * sin - cx * cos;
    let sy = cy + dy * cos - cx * sin;
    const o = y * w;
    for (let x = 0; x < w; x++, sx += cos, sy += sin) {
      // floor(s) in [0, max) exactly when s is; there floor is truncation (| 0),
      // which V8 does without a call: the same pixels at half the time
      if (!(sx >= 0 && sy >= 0 && sx < xMax && sy < yMax)) { out[o + x] = 255; continue; }
      const x0 = sx | 0;
      const y0 = sy | 0;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const s00 = src[i]!;
      const s10 = src[i + w]!;
      const top = s00 + (src[i + 1]! - s00) * fx;
      const bot = s10 + (src[i + w + 1]! - s10) * fx;
      out[o + x] = top + (bot - top) * fy + 0.5;
    }
  }
  return { ...img, data: out };
}
