// Glyph widths where only a run's total advance is known (pdf.js text items,
// OCR word boxes): each glyph's share is estimated from typical widths.

/** Rough advance widths (em fractions) of a proportional sans font. */
function widthOf(c: number): number {
  if (c === 32 || c === 0xa0) return 0.28;
  if (c >= 48 && c <= 57) return 0.556;
  if (c >= 65 && c <= 90) return c === 73 ? 0.28 : c === 77 || c === 87 ? 0.833 : 0.667;
  if (c >= 97 && c <= 122) {
    if (c === 105 || c === 106 || c === 108) return 0.222;
    if (c === 102 || c === 116 || c === 114) return 0.3;
    if (c === 109 || c === 119) return 0.833;
    return 0.52;
  }
  if (c === 46 || c === 44 || c === 58 || c === 59 || c === 39 || c === 33 || c === 124) return 0.278;
  if (c === 40 || c === 41 || c === 47 || c === 45) return 0.333;
  return 0.556;
}

/** widthOf for the first 256 codes, looked up (every glyph of every word
 * of a PDF page is measured) */
const WIDTHS = new Float64Array(256);
for (let c = 0; c < 256; c++) WIDTHS[c] = widthOf(c);
const OTHER_WIDTH = widthOf(0x100);

export function charWidth(c: number): number {
  return c < 256 ? WIDTHS[c] : OTHER_WIDTH;
}

export function textWidth(s: string, from: number, to: number): number {
  let w = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    w += c < 256 ? WIDTHS[c] : OTHER_WIDTH;
  }
  return w;
}

/** Cuts a word's text at x: the glyphs whose centres lie before x, and the
 * rest. Null when every glyph falls on one side. */
export function cutAt(text: string, x0: number, x1: number, x: number): [string, string, number] | null {
  const total = textWidth(text, 0, text.length);
  if (total <= 0) return null;
  const k = (x1 - x0) / total;
  let left = x0;
  for (let i = 0; i < text.length; i++) {
    const w = charWidth(text.charCodeAt(i)) * k;
    if (left + w / 2 >= x) return i > 0 ? [text.slice(0, i), text.slice(i), left] : null;
    left += w;
  }
  return null;
}
