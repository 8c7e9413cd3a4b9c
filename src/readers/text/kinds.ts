// What a piece of a copied table is, by its form alone: a ref, a date or
// period, money, a RAG word, a bullet, a numbered heading, a short name, a
// long body. The content reader learns which kinds each column holds from the
// whole file and places pieces by them.
import type { ColumnField } from '../../model.ts';

/** this share of a name's words (past small words) are capitalised */
const NAME_CAPITALS = 0.6;

export const KINDS = ['ref', 'date', 'rag', 'money', 'bullet', 'heading', 'name', 'short', 'long'] as const;
export type PieceKind = (typeof KINDS)[number];

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const REF = /^(?:[A-Z]{1,3}\d{1,3}(?:\.\d{1,3})*[a-z]?|\d{1,3}(?:\.\d{1,3})*[a-z]?)[.)]?$/;
const DATE = new RegExp(
  [
    `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\s+\\d{2,4}\\b`,
    `\\b${MONTH}\\s+\\d{2,4}\\b`,
    '\\b\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}\\b',
    '\\b(?:19|20)\\d{2}(?:\\s*[/-]\\s*\\d{2,4})?\\b',
    '\\bq[1-4]\\b',
    "\\b(?:spring|summer|autumn|winter)\\b",
    "(?:^|\\s)['’]\\d{2}\\b",
  ].join('|'),
  'i',
);
/** a period named without a date: "Ongoing", "Quarterly", "Annually" */
const PERIOD = /^(?:on-?going|quarterly|annually|monthly|weekly|yearly|annual|continuous|tbc|tba|n\/a|as required|throughout|by end of|end of|from|to|and)(?:\s|$)/i;
const RAG = /^(?:r|a|g|red|amber|green|blue|complete[d]?|r\/a|a\/g|amber\/green|red\/amber|on (?:target|track)|not started|in progress)$/i;
const MONEY = /£\s?\d|\d\s?(?:k|m)\b|\b\d{1,3}(?:,\d{3})+\b|\b(?:existing|within|core|mainstream)\s+(?:resources?|budgets?|staffing|funding)|\bstaff time\b|\bofficer time\b|\bnil\b|\bno (?:additional )?cost\b/i;
const BULLET = /^\s*(?:[-–•·▪*●]|\uF0B7)\s+/;
/** "2. COMMUNITY COHESION", "Theme 1 – Mapping", "Objective 3: ...", "1. Influencing the LSP" */
const HEADING = /^(?:(?:\p{Lu}\p{Ll}+\s+){1,2}\d{1,2}(?:\.\d{1,2})?\s*[:.–—-]?\s+\p{Lu}|\d{1,2}(?:\.0)?[.)]?\s+\p{Lu}\S*(?:\s+\S+){0,12}$)/u;

export function wordsOf(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

export function isBullet(text: string): boolean {
  return BULLET.test(text);
}

export function isRef(text: string): boolean {
  return REF.test(text.trim());
}

const SMALL_WORDS = new Set(['of', 'and', 'the', 'for', 'with', 'in', 'to', 'on', '&', '/', '-', '–', 'at', 'a']);
/** A name's words are capitalised ("Head of Community Development"), a sentence's are not. */
function titled(words: string[]): boolean {
  const content = words.filter((w) => !SMALL_WORDS.has(w.toLowerCase()));
  return content.filter((w) => /^[\p{Lu}\d(]/u.test(w)).length >= content.length * NAME_CAPITALS;
}

/** The kind of a one-line piece. */
export function pieceKind(text: string): PieceKind {
  const t = text.trim();
  if (isRef(t)) return 'ref';
  if (isBullet(t)) return 'bullet';
  const words = wordsOf(t);
  if (RAG.test(t)) return 'rag';
  if (words.length <= 8 && (DATE.test(t) || PERIOD.test(t))) return 'date';
  if (words.length <= 10 && MONEY.test(t)) return 'money';
  if (HEADING.test(t) && words.length <= 14 && !/[.;:]$/.test(t)) return 'heading';
  if (words.length <= 6 && !/[.;:]$/.test(t) && /^[\p{Lu}(]/u.test(t) && titled(words)) return 'name';
  if (words.length <= 6) return 'short';
  return 'long';
}

/** Kinds a column of this field is expected to hold, before the file says. */
export function fieldKinds(field: ColumnField | null): PieceKind[] {
  switch (field) {
    case 'ref': return ['ref'];
    case 'due': return ['date'];
    case 'status': return ['rag', 'short', 'name'];
    case 'resources':
    case 'funding': return ['money', 'name', 'short'];
    case 'lead': return ['name', 'short'];
    case 'section': return ['heading', 'name', 'short'];
    case 'milestone': return ['date', 'long', 'bullet'];
    case null: return [];
    default: return ['long', 'bullet', 'short'];
  }
}
