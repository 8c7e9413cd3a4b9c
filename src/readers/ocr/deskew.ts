// Small-angle deskew. Scans come in tilted by up to a degree or two; a tilt
// of 1 degree moves a line's end 25 px at 300 dpi across A4, enough to merge
// table rows and to break ruling lines into stubs. The angle is the one that
// makes the horizontal projection of the ink sharpest (rows of text and
// horizontal rules line up with pixel rows).
import { inkThreshold } from './binarise.ts';
import type { GrayImage } from './gray.ts';

export interface DeskewOptions {
  /** largest tilt looked for, in degrees */
  maxAngle?: number;
}

/** The page's tilt in degrees (positive: content rotated clockwise). */
export function estimateSkew(img: GrayImage, opts: DeskewOptions = {}): number {
  const maxAngle = opts.maxAngle ?? 3;
  // Work on ink points from a ~75 dpi sample grid: enough for 0.05 degree.
  const step = Math.max(1, Math.round(img.dpi / 75));
  const threshold = inkThreshold(img);
  const { data, width } = img;
  let xs: Int32Array = new Int32Array(4096);
  let ys: Int32Array = new Int32Array(4096);
  let n = 0;
  for (let y = 0; y < img.height; y += step) {
    const row = y * width;
    for (let x = 0; x < width; x += step) {
      if (data[row + x] > threshold) continue;
      if (n === xs.length) {
        xs = grow(xs);
        ys = grow(ys);
      }
      xs[n] = x / step;
      ys[n] = y / step;
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
  const bins = new Int32Array(h + 2 * pad);
  const off = pad + 0.5;
  // round(y - x t) + pad; the bin is never negative, so floor(... + 0.5)
  for (let i = 0; i < xs.length; i++) bins[(ys[i] - xs[i] * t + off) | 0]++;
  let s = 0;
  for (let i = 0; i < bins.length; i++) s += bins[i] * bins[i];
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
  const out = new Uint8Array(w * h);
  const a = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    // source = R(angle) * destination: the content tilted by +angle is found there
    let sx = cx - dy * sin - cx * cos;
    let sy = cy + dy * cos - cx * sin;
    const o = y * w;
    for (let x = 0; x < w; x++, sx += cos, sy += sin) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) { out[o + x] = 255; continue; }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const top = src[i] + (src[i + 1] - src[i]) * fx;
      const bot = src[i + w] + (src[i + w + 1] - src[i + w]) * fx;
      out[o + x] = top + (bot - top) * fy + 0.5;
    }
  }
  return { ...img, data: out };
}
