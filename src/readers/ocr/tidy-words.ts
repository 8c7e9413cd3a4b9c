// Two things tesseract reports that are not the document's words:
// - list bullets: a bullet dot comes back as '«', '*', '+', '«+' or '•'; it is
//   told apart from a real '+' by size (a dot is under half the height of the
//   page's typical word; a '+' sign is larger) and by standing first on its
//   cell line. It becomes '•', as the gold text writes bullets.
// - ghosts of removed table borders: tall, thin, letterless marks ('~~', '~',
//   '|') at low confidence. They are dropped.
import type { PixelWord } from './recognise.ts';

const BULLET_READINGS = /^(?:[«»*+•·°©®]|«\+|\+«|\*\+|»\+)$/;
const LETTER = /[\p{L}\p{N}]/u;

export function tidyWords(words: PixelWord[]): PixelWord[] {
  const heights = words.filter((w) => LETTER.test(w.text)).map((w) => w.y1 - w.y0).sort((a, b) => a - b);
  if (heights.length === 0) return words;
  const typical = heights[Math.floor(heights.length / 2)];
  const out: PixelWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (LETTER.test(w.text)) { out.push(w); continue; }
    const h = w.y1 - w.y0;
    const wd = w.x1 - w.x0;
    if (w.conf < 50 && h > 1.5 * typical && wd < 0.5 * h) continue; // border ghost
    if (BULLET_READINGS.test(w.text) && h <= 0.55 * typical && startsCellLine(words, i, typical)) {
      out.push({ ...w, text: '•' });
      continue;
    }
    out.push(w);
  }
  return out;
}

/** No word just before it on the same line (a gap wider than the
 * typical word height means another column), and a word right after it. */
function startsCellLine(words: PixelWord[], i: number, typical: number): boolean {
  const w = words[i];
  const cy = (w.y0 + w.y1) / 2;
  const sameLine = (o: PixelWord | undefined) => !!o && cy > o.y0 - 0.2 * typical && cy < o.y1 + 0.2 * typical;
  const prev = words[i - 1];
  const next = words[i + 1];
  if (sameLine(prev) && w.x0 - prev.x1 < typical && prev.x1 <= w.x0) return false;
  return sameLine(next) && next.x0 - w.x1 < 1.5 * typical && next.x0 >= w.x1;
}
