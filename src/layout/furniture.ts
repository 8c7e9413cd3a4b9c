// Page furniture: running headers, footers and page numbers. They sit in the
// top or bottom margin and repeat from page to page (numbers aside), so they
// must not be read as table rows or paragraphs.
import type { PositionedPage, PositionedWord } from '../model.ts';
import { type Line, lineText, makeLine, roughLines, segmentCount } from './lines.ts';

/** Share of the page height at the top and bottom where furniture lives. */
const MARGIN = 0.08;
const PAGE_NUMBER = /^(?:page\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;
const DIGITS = /\d+/g;

export function removeFurniture(pages: PositionedPage[]): PositionedPage[] {
  const marginLines = pages.map((p) => {
    // a page with no word in either margin has no margin line: its lines are
    // not grouped at all (most pages' furniture, if any, is elsewhere)
    if (!marginWords(p)) return [];
    // (each line made whole only in the margins: the rest are passed over)
    const lines = roughLines(p.words);
    const out: Line[] = [];
    lines.forEach((rough, i) => {
      const top = rough.y1 <= p.height * MARGIN;
      if (!top && rough.y0 < p.height * (1 - MARGIN)) return;
      const l = makeLine(rough.words);
      if (segmentCount(l) > 2) return; // a table row, not a running line
      // furniture stands apart from the body; a table header at the top does not
      const near = top ? lines[i + 1] : lines[i - 1];
      const gap = !near ? 0 : top ? near.y0 - l.y1 : l.y0 - near.y1;
      if (!near || gap >= 0.8 * l.size) out.push(l);
    });
    return out;
  });
  // how many pages carry each margin text (digits masked)
  const seen = new Map<string, number>();
  marginLines.forEach((lines) => {
    const keys = new Set(lines.map((l) => furnitureKey(lineText(l))));
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  });
  const repeatAt = Math.max(2, Math.ceil(pages.length / 2));
  return pages.map((p, i) => {
    const drop = new Set<PositionedWord>();
    for (const l of marginLines[i]) {
      const text = lineText(l).trim();
      if (PAGE_NUMBER.test(text) || (pages.length > 1 && (seen.get(furnitureKey(text)) ?? 0) >= repeatAt)) {
        for (const w of l.words) drop.add(w);
      }
    }
    return drop.size ? { ...p, words: p.words.filter((w) => !drop.has(w)) } : p;
  });
}

/** Could a line of this page lie in a margin? Some word is in one (a line's
 * bottom is its lowest word's, its top its highest word's), or has a
 * coordinate that is not a number (which the line tests below let through). */
function marginWords(p: PositionedPage): boolean {
  const top = p.height * MARGIN;
  const bottom = p.height * (1 - MARGIN);
  for (const w of p.words) if (!(w.y1 > top && w.y0 < bottom)) return true;
  return false;
}

function furnitureKey(text: string): string {
  return text.replace(DIGITS, '#').replace(/\s+/g, ' ').trim().toLowerCase();
}
