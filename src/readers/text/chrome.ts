// Web-page chrome and repeats around a copied plan: the lines a site prints on
// every page (skip links, breadcrumbs, "Page 1:" previews, committee-site
// headings) and a line copied twice in a row. They are no part of the
// document; each removal is counted in the document's notes.
import type { ProseLine } from './prose.ts';

/** Site furniture by its grammar: navigation phrases, a breadcrumb trail
 * ("You are at A/B"), a page preview ("Page 1: ..."), a meeting date line,
 * a document-sharing site's uploader, counters and buttons. */
const CHROME = [
  /^skip to (?:main )?content$/i,
  /^(?:you are (?:here|at)|breadcrumb)\b.*$/i,
  /^back to (?:top|home)$/i,
  /^(?:print|share) (?:this )?page$/i,
  /^page \d+(?: of \d+)?:?$/i,
  /^meeting documents$/i,
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday), \d{1,2}(?:st|nd|rd|th)? \w+,? \d{4}$/i,
  // document-sharing sites: uploader, post date, counters, a page's preview, buttons
  /^(?:upload(?:ed)?(?: by| on)?|category)\s*:(?:\s*\S.{0,60})?$/i,
  /^post(?:ed)? (?:on \d{1,2}[-/ ]\w{3,9}[-/ ]\d{2,4}|by \S+)$/i,
  /^[\d,.]+k?\s+(?:views?|downloads?|likes?|pages?)$/i,
  /^click here to\b/i,
  /^(?:transcript|download(?: now)?|embed|report|share)$/i,
  // a list of truncated titles ("plan action … • plan appendix -...")
  /…\s*[•·]\s/,
];

/** a page's preview ("Page 1: ..."), however long */
const PREVIEW = /^page \d+\s*:\s+\S/i;

export function isChromeLine(text: string): boolean {
  const t = text.trim();
  return (t.length > 0 && t.length <= 120 && CHROME.some((re) => re.test(t))) || PREVIEW.test(t);
}

/** Prose lines without site chrome and without a line repeated right after
 * itself; the number removed. A chrome label's value on the next line
 * ("Category:" / "Documents") and a lone number right before chrome (a page
 * count) go with it. */
export function dropChrome(lines: ProseLine[]): { lines: ProseLine[]; removed: number } {
  const out: ProseLine[] = [];
  let removed = 0;
  let last = '';
  let valueNext = false;
  const nextText = (i: number): string => {
    for (let k = i + 1; k < lines.length; k++) if (lines[k].text.trim()) return lines[k].text.trim();
    return '';
  };
  lines.forEach((l, i) => {
    const t = l.text.trim();
    const chrome = isChromeLine(t);
    const value = valueNext && t && t.split(/\s+/).length <= 3;
    const count = /^\d{1,4}$/.test(t) && isChromeLine(nextText(i));
    if (chrome || value || count || (t && t === last)) {
      removed++;
      if (t) valueNext = chrome && t.endsWith(':');
      return;
    }
    if (t) {
      last = t;
      valueNext = false;
    }
    out.push(l);
  });
  return { lines: out, removed };
}

/** a page number line as printed pages carry it: "Page 3", "Page 3 of 9", "3 of 9", "- 3 -" */
const PAGE_NUMBER = /^(?:page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|\d{1,4}\s+of\s+\d{1,4}|[-\u2013]\s*\d{1,4}\s*[-\u2013])$/i;
/** a running header repeats at least this often, each time near a page number */
const RUNNING_MIN = 2;
const RUNNING_REACH = 3;

interface PlainLine {
  raw: string;
}

/** Lines without printed-page furniture: page number lines, and a line
 * repeated on every page right beside one (a running header or footer),
 * each with the blank line after it (which would otherwise read as an empty
 * cell or a row break). Told by the file's own repeats, no vocabulary. */
export function dropPageFurniture<L extends PlainLine>(lines: L[]): { lines: L[]; removed: number } {
  const key = (l: L) => l.raw.trim().replace(/\s+/g, ' ');
  const pageNo = lines.map((l) => PAGE_NUMBER.test(key(l)));
  const nearPageNo = (i: number) => {
    for (let k = Math.max(0, i - RUNNING_REACH); k <= Math.min(lines.length - 1, i + RUNNING_REACH); k++) if (pageNo[k]) return true;
    return false;
  };
  const near = new Map<string, number>();
  lines.forEach((l, i) => {
    const t = key(l);
    if (t && !pageNo[i] && nearPageNo(i)) near.set(t, (near.get(t) ?? 0) + 1);
  });
  // a running header repeats the document's title: once beside a page number is enough
  const first = lines.findIndex((l) => key(l));
  const title = first >= 0 ? key(lines[first]) : '';
  const drop = lines.map((l, i) => pageNo[i] || (nearPageNo(i) && ((near.get(key(l)) ?? 0) >= RUNNING_MIN || (i !== first && !!title && key(l) === title))));
  const out: L[] = [];
  let removed = 0;
  let afterDrop = false;
  lines.forEach((l, i) => {
    if (drop[i]) {
      removed++;
      afterDrop = true;
      return;
    }
    if (afterDrop && !l.raw.trim()) {
      afterDrop = false;
      return;
    }
    afterDrop = false;
    out.push(l);
  });
  return { lines: out, removed };
}
