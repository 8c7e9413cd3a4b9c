// Web-page chrome and repeats around a copied plan: the lines a site prints on
// every page (skip links, breadcrumbs, "Page 1:" previews, committee-site
// headings) and a line copied twice in a row. They are no part of the
// document; each removal is counted in the document's notes.
import type { ProseLine } from './prose.ts';

/** Site furniture by its grammar: navigation phrases, a breadcrumb trail
 * ("You are at A/B"), a page preview marker ("Page 1:"), a meeting date line. */
const CHROME = [
  /^skip to (?:main )?content$/i,
  /^(?:you are (?:here|at)|breadcrumb)\b.*$/i,
  /^back to (?:top|home)$/i,
  /^(?:print|share) (?:this )?page$/i,
  /^page \d+(?: of \d+)?:?$/i,
  /^meeting documents$/i,
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday), \d{1,2}(?:st|nd|rd|th)? \w+,? \d{4}$/i,
];

export function isChromeLine(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.length <= 120 && CHROME.some((re) => re.test(t));
}

/** Prose lines without site chrome and without a line repeated right after
 * itself; the number removed. */
export function dropChrome(lines: ProseLine[]): { lines: ProseLine[]; removed: number } {
  const out: ProseLine[] = [];
  let removed = 0;
  let last = '';
  for (const l of lines) {
    const t = l.text.trim();
    if (isChromeLine(t) || (t && t === last)) {
      removed++;
      continue;
    }
    if (t) last = t;
    out.push(l);
  }
  return { lines: out, removed };
}
