// Two things tesseract reports that are not the document's words:
// - list bullets: a bullet dot comes back as '«', '*', '+', '«+' or '•'; it is
//   told apart from a real '+' by size (a dot is under half the height of the
//   page's typical word; a '+' sign is larger) and by standing first on its
//   cell line. It becomes '•', as the gold text writes bullets.
//   '«' is no character of an English plan: first on its cell line it is a
//   bullet whatever its size, also when glued to the word after it ('«working').
// - ghosts of removed table borders: tall, thin, letterless marks at low
//   confidence; any word made only of '~', '_', '=', '|' at low confidence
//   (what a painted-out ruling or a crossing of two leaves behind: '~~'); a
//   low-confidence dash taller than the line's letters. They are dropped.
// - an opening quote no closing quote follows ('‘community' at the start
//   of a cell line, where the recogniser took a speck or the round side of
//   the letter for one): dropped. A quoted phrase closes within a few words.
// - a dash read as '~': a flat tilde, a third of its line's height at most,
//   is a dash ('Staff time – within'). It becomes '–'. Real dashes at low
//   confidence are kept.
import type { PixelWord } from './recognise.ts';

const BULLET_READINGS = /^(?:[«»*+•·°©®]|«\+|\+«|\*\+|»\+)$/;
const LETTER = /[\p{L}\p{N}]/u;
/** punctuation a ruling's remains are read as (never the text of a plan cell
 * when tesseract is unsure of it) */
const RULE_MARKS = /^[~_=|¦]+$/;
const DASHES = /^[—–-]+$/;
/** a bullet read as '«' glued to the word after it */
const GLUED_BULLET = /^«(?=[\p{L}\p{N}£(])/u;
/** confidence under which a mark counts as unsure */
const UNSURE = 60;
const OPENING_QUOTE = /^[‘'](?=\p{L})/u;
const CLOSING_QUOTE = /\p{L}[’'][.,;:!?)]*$/u;
/** words within which a quotation opened is expected to close */
const QUOTE_REACH = 15;

export function tidyWords(words: PixelWord[]): PixelWord[] {
  const heights = words.filter((w) => LETTER.test(w.text)).map((w) => w.y1 - w.y0).sort((a, b) => a - b);
  if (heights.length === 0) return words;
  const typical = heights[Math.floor(heights.length / 2)];
  const out: PixelWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const h = w.y1 - w.y0;
    if (GLUED_BULLET.test(w.text) && !w.text.includes('»') && startsCellLine(words, i, typical, false)) {
      // split off the bullet: a dot-sized box at the left, the word after it
      const dot = Math.min(w.x1 - w.x0 - 1, Math.max(1, Math.round(0.4 * typical)));
      out.push({ ...w, text: '•', x1: w.x0 + dot });
      out.push({ ...w, text: w.text.slice(1), x0: w.x0 + dot + 1 });
      continue;
    }
    if (OPENING_QUOTE.test(w.text) && !words.slice(i, i + QUOTE_REACH).some((o) => CLOSING_QUOTE.test(o.text))) {
      out.push({ ...w, text: w.text.slice(1) });
      continue;
    }
    if (LETTER.test(w.text)) { out.push(w); continue; }
    const wd = w.x1 - w.x0;
    if (w.conf < 50 && h > 1.5 * typical && wd < 0.5 * h) continue; // border ghost
    if (w.conf < UNSURE && RULE_MARKS.test(w.text)) {
      // a flat tilde is a dash; any other unsure tilde, underscore, equals
      // sign or bar standing alone is what a ruling left behind
      if (w.text === '~' && h <= 0.35 * w.lineHeight) out.push({ ...w, text: '–' });
      continue;
    }
    // a dash is flat: an unsure one taller than the line's letters is a ruling's trace
    if (w.conf < UNSURE && DASHES.test(w.text) && h > 1.2 * typical) continue;
    if (BULLET_READINGS.test(w.text) && (h <= 0.55 * typical || w.text === '«') && startsCellLine(words, i, typical)) {
      out.push({ ...w, text: '•' });
      continue;
    }
    out.push(w);
  }
  return out;
}

/** No word just before it on the same line (a gap wider than the
 * typical word height means another column), and a word right after it. */
function startsCellLine(words: PixelWord[], i: number, typical: number, needNext = true): boolean {
  const w = words[i];
  const cy = (w.y0 + w.y1) / 2;
  const sameLine = (o: PixelWord | undefined) => !!o && cy > o.y0 - 0.2 * typical && cy < o.y1 + 0.2 * typical;
  const prev = words[i - 1];
  const next = words[i + 1];
  if (sameLine(prev) && w.x0 - prev.x1 < typical && prev.x1 <= w.x0) return false;
  if (!needNext) return true;
  return sameLine(next) && next.x0 - w.x1 < 1.5 * typical && next.x0 >= w.x1;
}
