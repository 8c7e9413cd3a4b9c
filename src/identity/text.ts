// Text as plan identity compares it: case, accents, punctuation and spacing
// carry no identity, so they are dropped before words or trigrams are taken.

const ASCII = /^[\x00-\x7f]*$/;

export function normaliseText(s: string | null | undefined): string {
  if (!s) return '';
  // (ASCII has no accents to take off: most texts skip the Unicode pass)
  const plain = ASCII.test(s) ? s : s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return plain.toLowerCase().replace(/[^a-z0-9£]+/g, ' ').trim();
}

export function words(s: string | null | undefined): string[] {
  const t = normaliseText(s);
  return t ? t.split(' ') : [];
}

/** Character trigrams of the text (words padded by a space), each as one
 * integer, sorted and unique: compared by merging, without strings. */
export function trigrams(s: string | null | undefined): Int32Array {
  const t = normaliseText(s);
  if (!t) return new Int32Array(0);
  const padded = ` ${t} `;
  const out = new Int32Array(Math.max(0, padded.length - 2));
  // normaliseText leaves only characters below 256: three fit one integer
  for (let i = 0; i + 3 <= padded.length; i++) out[i] = (padded.charCodeAt(i) << 16) | (padded.charCodeAt(i + 1) << 8) | padded.charCodeAt(i + 2);
  out.sort();
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[n++] = out[i];
  return out.slice(0, n);
}

/** Dice coefficient of two trigram sets, 0..1. */
export function dice(a: Int32Array, b: Int32Array): number {
  if (!a.length && !b.length) return 1;
  if (!a.length || !b.length) return 0;
  let i = 0, j = 0, shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return (2 * shared) / (a.length + b.length);
}

// Common English function words: they say nothing about which plan a text is.
const STOP = new Set(('a an and are as at be by for from has have in into is it its of on or that the their this to was were will with '
  + 'all any can each more most not other our such than these they through under up we which who within').split(' '));

/** The words that identify a text: no function words, no one- and two-letter
 * tokens, no bare numbers (refs and dates are compared elsewhere). */
export function contentWords(s: string | null | undefined): string[] {
  return words(s).filter((w) => w.length >= 3 && !STOP.has(w) && !/^\d+$/.test(w));
}
