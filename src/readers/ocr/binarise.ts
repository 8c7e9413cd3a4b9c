// Thresholds for telling ink from paper.
import type { GrayImage } from './gray.ts';

/** Grey-level histogram (a sample of every 4th pixel on images over 4 million). */
export function histogram(img: GrayImage): Uint32Array {
  const hist = new Uint32Array(256);
  const d = img.data;
  if (d.length > 4_000_000) {
    for (let i = 0; i < d.length; i += 4) hist[d[i]]++;
    return hist;
  }
  // four tallies, so neighbouring pixels of one grey (most of a page is
  // paper) do not wait on each other's count: the same counts, half the time;
  // the pixels read four at a time as one 32-bit word (a third less again)
  const part = new Uint32Array(1024);
  let i = 0;
  while (i < d.length && (d.byteOffset + i) % 4 !== 0) part[d[i++]!]++;
  const words = new Uint32Array(d.buffer, d.byteOffset + i, (d.length - i) >> 2);
  for (let k = 0; k < words.length; k++) {
    const v = words[k]!;
    part[v & 255]++;
    part[256 + ((v >>> 8) & 255)]++;
    part[512 + ((v >>> 16) & 255)]++;
    part[768 + (v >>> 24)]++;
  }
  for (i += words.length * 4; i < d.length; i++) part[d[i]!]++;
  for (let g = 0; g < 256; g++) hist[g] = part[g]! + part[256 + g]! + part[512 + g]! + part[768 + g]!;
  return hist;
}

/** Otsu's global threshold: the grey level that best splits the histogram
 * into two classes. Pixels <= threshold are ink. */
export function otsuThreshold(img: GrayImage, hist = histogram(img)): number {
  let n = 0;
  let sum = 0;
  for (let t = 0; t < 256; t++) {
    n += hist[t];
    sum += t * hist[t];
  }
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let bestT = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (wB === 0) continue;
    const wF = n - wB;
    if (wF === 0) break;
    sumB += t * hist[t];
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) { best = between; bestT = t; }
  }
  return bestT;
}

/** A stricter ink threshold for finding lines: halfway between the paper
 * (the commonest light grey) and the typical ink (median of what Otsu calls
 * ink). Otsu alone counts grey paper texture and shaded cells as ink on
 * speckled scans; halfway to the paper keeps thin anti-aliased rules. */
export function inkThreshold(img: GrayImage, hist = histogram(img)): number {
  const otsu = otsuThreshold(img, hist);
  let paper = otsu + 1;
  for (let t = otsu + 1; t < 256; t++) if (hist[t] > hist[paper]) paper = t;
  let dark = 0;
  for (let t = 0; t <= otsu; t++) dark += hist[t];
  let seen = 0;
  let ink = 0;
  for (let t = 0; t <= otsu; t++) {
    seen += hist[t];
    if (seen >= dark / 2) { ink = t; break; }
  }
  return Math.round((paper + ink) / 2);
}

/** Ink mask: 1 where the pixel is at or below the threshold. */
export function inkMask(img: GrayImage, threshold = otsuThreshold(img)): Uint8Array {
  const m = new Uint8Array(img.data.length);
  const d = img.data;
  for (let i = 0; i < d.length; i++) m[i] = d[i] <= threshold ? 1 : 0;
  return m;
}

/** Black and white copy of the image (ink 0, paper 255). */
export function binarise(img: GrayImage, threshold = otsuThreshold(img)): GrayImage {
  const out = new Uint8Array(img.data.length);
  const d = img.data;
  for (let i = 0; i < d.length; i++) out[i] = d[i] <= threshold ? 0 : 255;
  return { ...img, data: out };
}
