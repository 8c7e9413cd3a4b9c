// Cell and paragraph text as records carry it: lines kept, white space inside a
// line collapsed, empty lines dropped. Bullets at line starts are dropped from
// record fields (FORMAT.md: "one per line"), but kept in grids for debugging.
import { mapped } from '../arrays.ts';

const BULLET_START = /^[\s]*(?:[\u2022\u00b7\u2219\u25aa\u25ab\u25a0\u25cf\u25e6\u2023\u2043\u25ba\u27a2\u27a4\uf0b7\uf0a7\uf0d8\uf076\uf0fc]|[-*o](?=\s))\s*/u;

export function cleanText(text: string | null | undefined): string {
  if (!text) return '';
  if (isClean(text)) return text;
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .split('\n');
  return mapped(lines, (l) => l.replace(/ {2,}/g, ' ').trim())
    .filter((l) => l.length > 0)
    .join('\n');
}

/** Is there nothing cleanText would change (a character it replaces, two
 * spaces, white space at an end or beside a line break)? Most cells are clean
 * already, and their texts are asked again at every stage: a loop over the
 * characters, not a pattern tried at each. */
function isClean(text: string): boolean {
  const n = text.length;
  if (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(n - 1))) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (text.charCodeAt(i + 1) === 32) return false;
    } else if (c === 10) {
      if (isSpace(text.charCodeAt(i - 1)) || isSpace(text.charCodeAt(i + 1))) return false;
    } else if (c === 13 || c === 9 || c === 0xa0 || c === 0x2007 || c === 0x202f) return false;
  }
  return true;
}

/** `\s` of a pattern: ASCII and Unicode white space, line breaks, BOM. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
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
  return clean.includes('\n') ? clean.replaceAll('\n', ' ') : clean;
}

export function isBlank(text: string | null | undefined): boolean {
  return !text || text.trim().length === 0;
}
