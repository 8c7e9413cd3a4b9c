// Cell-level clean-up that only restores structure: markup left by HTML
// exports is dropped, bullets get their own line, runs of white space become
// one space. Word damage ("Comr nunity", "Pro- gress") is left for repair.
import { mapped } from '../../arrays.ts';

const BULLET_CHARS = /[•·▪◦●■\uF0B7]/;

const TAG = /<\/?(?:ul|ol|li|p|br|span|div|b|i|u|strong|em)\b[^>]*>/gi;

/** Remove stray HTML tags such as `<ul style="list-style-type: none">`, `<p>`. */
export function stripMarkup(text: string): string {
  return text.replace(TAG, ' ');
}

/** How many stray tags a text holds (each removal is noted on the document). */
export function countMarkup(text: string): number {
  return (text.match(TAG) ?? []).length;
}

/** Normalise one cell or line fragment: no markup, bullets as "• " at the start
 * of their own line, single spaces. */
export function cleanText(text: string): string {
  let t = stripMarkup(text).replace(/[\u00a0\u2007\u202f]/g, ' ');
  t = t.replace(new RegExp(`\\s*${BULLET_CHARS.source}\\s*`, 'g'), '\n• ');
  return mapped(t.split('\n'), (l) => l.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .filter((l) => l.length > 0)
    .join('\n');
}

/** A cell holding nothing but a bullet carries no content. */
export function isBlankCell(text: string): boolean {
  return text.replace(/•/g, '').trim().length === 0;
}

export function startsWithBullet(text: string): boolean {
  return /^•/.test(text);
}

/** Join wrapped fragments of one cell: a bullet starts a new line, anything
 * else continues the current line. */
export function joinFragments(fragments: string[]): string {
  let out = '';
  for (const f of fragments) {
    if (!f) continue;
    if (!out) out = f;
    else if (startsWithBullet(f)) out += '\n' + f;
    else out += ' ' + f;
  }
  return out;
}

/** Words that cannot end a phrase: a line ending on one is cut mid-sentence. */
const DANGLING = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'of', 'to', 'for', 'with', 'in', 'on', 'at', 'by',
  'from', 'into', 'onto', 'via', 'than', 'as', 'that', 'which', 'who', 'whose', 'whilst', 'while',
  'including', 'includes', 'include', 'such', 'e.g.', 'i.e.', 're', 'its', 'their', 'our', 'your',
  'is', 'are', 'be', 'will', 'has', 'have', 'through', 'between', 'across', 'within', 'about',
  'around', 'per', 'any', 'all', 'each', 'both', 'this', 'these', 'those', 'up', '&', '+', '/', '-',
]);

export function lastWord(text: string): string {
  const words = text.trim().split(/\s+/);
  return words[words.length - 1] ?? '';
}

export function endsDangling(text: string): boolean {
  const t = text.trim();
  if (/[-/,&+]$/.test(t)) return true;
  // case matters: a capital "A" ending a line is usually a code or a name
  return DANGLING.has(lastWord(t));
}

export function endsSentence(text: string): boolean {
  return /[.;:!?]["')\]]?$/.test(text.trim());
}

/** A line that continues the text above it rather than starting something new:
 * > 0 continues, < 0 starts anew, 0 cannot tell. */
export function continuationScore(prev: string, next: string): number {
  const p = prev.trim();
  const n = next.trim();
  if (!p) return 0;
  if (startsWithBullet(n)) return 0;
  if (/^[a-z]/.test(n)) return 1;
  if (endsDangling(p)) return 1;
  if (/^[(\[]/.test(n)) return endsSentence(p) ? 0 : 1;
  if (endsSentence(p)) return /^[A-Z0-9"'‘“]/.test(n) ? -1 : 0;
  if (startsWithBullet(p) && /^[A-Z]/.test(n)) return -0.5;
  if (/^\d/.test(n)) return 0.5;
  const lw = lastWord(p);
  if (/^[A-Z][a-z]/.test(lw) && /^[A-Z][a-z]/.test(n)) return 0.5;
  if (/^[A-Z]/.test(n)) return -0.5;
  return 0;
}
