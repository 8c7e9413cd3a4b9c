// Cell and paragraph text as records carry it: lines kept, white space inside a
// line collapsed, empty lines dropped. Bullets at line starts are dropped from
// record fields (FORMAT.md: "one per line"), but kept in grids for debugging.
import { mapped } from '../arrays.ts';
import { documentMemo } from '../memo.ts';

const BULLET_START = /^[\s]*(?:[\u2022\u00b7\u2219\u25aa\u25ab\u25a0\u25cf\u25e6\u2023\u2043\u25ba\u27a2\u27a4\uf0b7\uf0a7\uf0d8\uf076\uf0fc]|[-*o](?=\s))\s*/u;

/** anything cleanText would change: most cells are clean already */
const UNCLEAN = /[\r\u00a0\u2007\u202f\t]| {2}|^\s|\s$|\s\n|\n\s/;

// A cell's text is cleaned for its row's labels, its record, its field and the
// document's metadata: once a document (a cleaned text is clean: kept too).
const cleaned = documentMemo<string>();
const TEXTS_KEPT = 8192;

export function cleanText(text: string | null | undefined): string {
  if (!text) return '';
  let out = cleaned.get(text);
  if (out === undefined) {
    if (cleaned.size >= TEXTS_KEPT) cleaned.clear();
    out = UNCLEAN.test(text) ? clean(text) : text;
    cleaned.set(text, out);
    if (out !== text) cleaned.set(out, out);
  }
  return out;
}

function clean(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .split('\n');
  return mapped(lines, (l) => l.replace(/ {2,}/g, ' ').trim())
    .filter((l) => l.length > 0)
    .join('\n');
}

/** white space other than single spaces between words */
const SPACING = /[^\S ]| {2}|^ | $/;

/** `text.replace(/\s+/g, ' ').trim()`, without building a copy of a text
 * that is single-spaced already (nearly every cell by now). */
export function singleSpaced(text: string): string {
  return SPACING.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

/** Field text: cleaned, bullets at line starts dropped, null when empty. */
export function fieldText(text: string | null | undefined): string | null {
  const clean = cleanText(text);
  if (!clean.includes('\n')) {
    // one line (most fields): as below without splitting and joining
    const line = clean.replace(BULLET_START, '').trim();
    return line.length > 0 ? line : null;
  }
  const cleaned = mapped(clean.split('\n'), (l) => l.replace(BULLET_START, '').trim())
    .filter((l) => l.length > 0)
    .join('\n');
  return cleaned.length > 0 ? cleaned : null;
}

/** One line, for labels and comparisons. */
export function oneLine(text: string | null | undefined): string {
  const clean = cleanText(text);
  if (!clean.includes('\n')) return clean;
  // (a cell of several lines is made one line for its row's labels and for
  // the document's metadata: once a document)
  let line = oneLines.get(clean);
  if (line === undefined) {
    if (oneLines.size >= TEXTS_KEPT) oneLines.clear();
    oneLines.set(clean, (line = clean.replaceAll('\n', ' ')));
  }
  return line;
}
const oneLines = documentMemo<string>();

export function isBlank(text: string | null | undefined): boolean {
  return !text || text.trim().length === 0;
}
