// Running text outside tables: wrapped lines are joined back into paragraphs,
// short title-like lines become headings, and runs of numbered items ("1.",
// "2.", ...) become a numbered list.
import type { Block } from '../../model.ts';
import { cleanText, continuationScore, endsDangling } from './clean.ts';

export interface ProseLine {
  text: string;
  /** 1-based source line */
  no: number;
  page: number;
}

interface Para {
  text: string;
  no: number;
  page: number;
}

const NUMBERED = /^(\d{1,3})[.)]\s+(\S[\s\S]*)$/;

/** Join wrapped lines into paragraphs. A blank line ends a paragraph unless the
 * next line plainly continues the sentence (a page break mid-paragraph). */
export function joinParagraphs(lines: ProseLine[]): Para[] {
  const paras: Para[] = [];
  let cur: Para | null = null;
  let blankBefore = false;
  let prevLength = 0;
  const longest = lines.reduce((m, l) => Math.max(m, l.text.trim().length), 0);
  for (const line of lines) {
    const text = cleanText(line.text).replace(/\n/g, ' ');
    if (!text) {
      blankBefore = true;
      continue;
    }
    let joins = false;
    // a bare label ("Q.", "A.", "Note:") introduces the text that follows it
    if (cur && /^(?:[A-Z][a-z]?\.|[A-Z][a-z]{0,10}:)$/.test(cur.text)) joins = true;
    else if (cur && !NUMBERED.test(text) && !/^•/.test(text)) {
      if (blankBefore) joins = /^[a-z]/.test(text) || endsDangling(cur.text);
      else {
        // a weak sign (two capitalised words) only counts after a full line
        const score = continuationScore(cur.text, text);
        joins = score >= 1 || (score > 0 && prevLength >= longest * 0.7);
      }
    }
    if (cur && joins) cur.text += ' ' + text;
    else {
      cur = { text, no: line.no, page: line.page };
      paras.push(cur);
    }
    blankBefore = false;
    prevLength = text.length;
  }
  return paras;
}

/** items needed after a lead-in to read the paragraphs as a list */
const LOST_LIST_MIN = 3;

/** One sentence (or two) of a list item: capitalised, ending in a stop, neither a heading nor a lead-in. */
function isListItem(text: string): boolean {
  const words = text.split(/\s+/).length;
  return /^[\p{Lu}\d]/u.test(text) && /[.;]$/.test(text) && words >= 4 && words <= 80 && (text.match(/[.!?]\s+\p{Lu}/gu) ?? []).length <= 1 && !NUMBERED.test(text);
}

function isShortTitle(text: string): boolean {
  const words = text.split(/\s+/).length;
  return (
    words <= 10 &&
    /^[A-Z]/.test(text) &&
    !/[.:;,]$/.test(text) &&
    !/:\s/.test(text) &&
    !NUMBERED.test(text)
  );
}

/** Paragraphs to heading / paragraph / list blocks. */
export function proseBlocks(lines: ProseLine[], opts: { titleFirst?: boolean } = {}): Block[] {
  const paras = joinParagraphs(lines);
  const blocks: Block[] = [];
  // Short lines at the very end are a sign-off (name, organisation), not headings.
  let tail = paras.length;
  while (tail > 0 && isShortTitle(paras[tail - 1].text) && paras[tail - 1].text.split(/\s+/).length <= 4) tail--;
  for (let i = 0; i < paras.length; i++) {
    const p = paras[i];
    const m = NUMBERED.exec(p.text);
    if (m) {
      // a run of sequentially numbered paragraphs is a list
      const items: string[] = [];
      const numbers: string[] = [];
      let j = i;
      let expect = Number(m[1]);
      while (j < paras.length) {
        const mj = NUMBERED.exec(paras[j].text);
        if (!mj || Number(mj[1]) !== expect) break;
        items.push(mj[2].trim());
        numbers.push(mj[1]);
        expect++;
        j++;
      }
      if (items.length >= 2) {
        blocks.push({ type: 'list', items, numbers, numbered: true, page: p.page });
        i = j - 1;
        continue;
      }
    }
    // a lead-in ("... the following has been achieved:") over a run of one-sentence
    // paragraphs: a list whose markers the copy lost, numbered in order
    if (/:$/.test(p.text) && i + 1 < paras.length) {
      let j = i + 1;
      while (j < paras.length && isListItem(paras[j].text)) j++;
      if (j - (i + 1) >= LOST_LIST_MIN) {
        blocks.push({ type: 'paragraph', text: p.text, page: p.page });
        blocks.push({ type: 'list', items: paras.slice(i + 1, j).map((q) => q.text), numbered: true, page: paras[i + 1].page });
        i = j - 1;
        continue;
      }
    }
    const isTitle =
      (i === 0 && opts.titleFirst !== false && p.text.split(/\s+/).length <= 16 && !/[.;,]$/.test(p.text)) ||
      (i < tail && isShortTitle(p.text)) ||
      /^(part|section|appendix|chapter)\s+[A-Z0-9]{1,3}\b\s*[-–:]/i.test(p.text);
    if (isTitle) blocks.push({ type: 'heading', text: p.text, page: p.page, level: i === 0 ? 1 : 2 });
    else blocks.push({ type: 'paragraph', text: p.text, page: p.page });
  }
  return blocks;
}
