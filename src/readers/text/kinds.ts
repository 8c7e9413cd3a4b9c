// What a piece of a table's text is, by its form alone: a ref, a date or
// period, money, a RAG word, a bullet, a numbered heading, a name, a short
// phrase, a long body. The one set of these patterns for the text readers;
// the readers that rebuild rows from content learn which kinds each column
// holds (profile.ts) and place pieces by them.
import type { ColumnField } from '../../model.ts';
import { MONTH_NAME } from '../../normalise/dates.ts';
import { KIND_SETTINGS } from './settings.ts';

export const KINDS = ['ref', 'date', 'rag', 'money', 'bullet', 'heading', 'name', 'short', 'long'] as const;
export type PieceKind = (typeof KINDS)[number];

/** a month as copies print it ("Sept.", "March") */
export const MONTH = `${MONTH_NAME}\\.?`;
/** a month written with its capital, as in a date inside running text ("by March 2011") */
export const MONTH_TITLED = String.raw`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?`;
/** a list item's mark */
const MARK = '(?:[-–•·▪◦●*]|\\uF0B7)';
/** a list item: its mark, then a space */
export const BULLET = new RegExp(`^\\s*${MARK}\\s+`);
/** a ref: "1.2", "A3", "4.1b", "12.", "(iv)", "b)" */
export const REF_FORM = '(?:[A-Za-z]{0,3}\\d{1,3}(?:[.-]\\d{1,3})*[a-z]?[.)]?|[a-z][.)]|\\(?[ivx]{1,4}\\))';
const REF = new RegExp(`^${REF_FORM}$`);
/** a RAG rating as a word: "G", "R/A", "Amber", "Complete", "On track" */
export const RAG_WORD = '(?:[rag](?:\\s*[/-]\\s*[rag])?|red|amber|green|blue|amber\\/green|red\\/amber|complete[d]?|on (?:target|track)|not started|in progress)';
const RAG = new RegExp(`^${RAG_WORD}$`, 'i');
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
/** a phrase that names a date or a period anywhere ("Report to the board by March") */
const DATE_WORD = new RegExp(`\\b${MONTH_NAME}\\b|\\b\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}\\b|\\b(?:19|20)\\d{2}\\b|\\bq[1-4]\\b|\\b(?:quarter|annual|monthly|ongoing|weekly|yearly)`, 'i');
const MONEY = /£\s?\d|\d\s?(?:k|m)\b|\b\d{1,3}(?:,\d{3})+\b|\b(?:existing|within|core|mainstream)\s+(?:resources?|budgets?|staffing|funding)|\bstaff time\b|\bofficer time\b|\bnil\b|\bno (?:additional )?cost\b/i;
/** "2. COMMUNITY COHESION", "Theme 1 – Mapping", "Objective 3: ...", "1. Influencing the LSP" */
const HEADING = /^(?:(?:\p{Lu}\p{Ll}+\s+){1,2}\d{1,2}(?:\.\d{1,2})?\s*[:.–—-]?\s+\p{Lu}|\d{1,2}(?:\.0)?[.)]?\s+\p{Lu}\S*(?:\s+\S+){0,12}$)/u;

export function wordsOf(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

export function isBullet(text: string): boolean {
  return BULLET.test(text);
}

/** an amount in thousands or millions ("5k", "2m"), not a ref with a letter */
const THOUSANDS = /^\d{1,3}[km]$/;

export function isRef(text: string): boolean {
  const t = text.trim();
  return REF.test(t) && !THOUSANDS.test(t);
}

export function isRag(text: string): boolean {
  return RAG.test(text.trim());
}

/** The text names a date or a period somewhere in it. */
export function mentionsDate(text: string): boolean {
  return DATE_WORD.test(text);
}

const SMALL_WORDS = new Set(['of', 'and', 'the', 'for', 'with', 'in', 'to', 'on', '&', '/', '-', '–', 'at', 'a']);
/** A name's words are capitalised ("Head of Community Development"), a sentence's are not. */
function titled(words: string[]): boolean {
  const content = words.filter((w) => !SMALL_WORDS.has(w.toLowerCase()));
  return content.filter((w) => /^[\p{Lu}\d(]/u.test(w)).length >= content.length * KIND_SETTINGS.nameCapitals;
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

/** a date with its month ("31 March 2011", "March 2011") or in figures ("31/03/2012") */
const MONTH_DATE = `(?:\\d{1,2}(?:st|nd|rd|th)?\\s+)?${MONTH}\\s+\\d{2,4}`;
const FIGURES_DATE = '\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}';
/** a whole date and nothing else, without a year alone ("2011/12"), which may also head a column */
export const WHOLE_DATE = new RegExp(`^(?:${MONTH_DATE}|${FIGURES_DATE})$`, 'i');
/** a line that is a date and nothing else: "By March 2011", "31/03/2012", "2011/12" */
const DATE_ONLY = new RegExp(`^(?:(?:end of|by)\\s+)?${MONTH_DATE}$|^${FIGURES_DATE}$|^\\d{4}(?:[/-]\\d{2,4})?$`, 'i');

/** A cell line's kind, coarse, to tell a cell's next line from the next
 * cell (joined.ts, paragraphs.ts): a date alone, a short capitalised name, or
 * text. (Coarser than a piece's: the finer kinds read these copies worse.) */
export function lineKind(text: string): 'date' | 'name' | 'text' {
  const t = text.trim().replace(BULLET, '');
  if (DATE_ONLY.test(t)) return 'date';
  if (wordsOf(t).length <= 5 && !/[.;:]$/.test(t) && /^[A-Z(]/.test(t)) return 'name';
  return 'text';
}

/** The kinds the paragraph splitter weighs (segment.ts): the same forms, with
 * an empty paragraph, a date alone or named in a phrase, a list item with a
 * date or without, and a paragraph of text or a long one. A paragraph is a
 * whole cell's line, so a name may run longer than a piece's. */
export type ParagraphKind = 'empty' | 'ref' | 'rag' | 'money' | 'date' | 'dated' | 'bullet' | 'bullet-dated' | 'name' | 'text' | 'long';

/** a list item's mark alone opens one in a paragraph ("•Develop ...") */
const MARKED = new RegExp(`^${MARK}`);
/** a paragraph that is nothing but an amount: "£2,000", "5k", "500 pa", "Nil" */
const AMOUNT = /^£|^\d[\d,.]*\s*(?:k|m|pa|p\.a\.)?$|^nil$/i;

/** A paragraph's kind. */
export function paragraphKind(text: string): ParagraphKind {
  const t = text.trim();
  if (!t) return 'empty';
  if (MARKED.test(t) && t.length > 2) return mentionsDate(t) ? 'bullet-dated' : 'bullet';
  if (isRef(t)) return 'ref';
  if (isRag(t)) return 'rag';
  if (AMOUNT.test(t)) return 'money';
  const words = wordsOf(t).length;
  // (a due date is little more than the date; a milestone names its date in a phrase)
  const dated = mentionsDate(t);
  if (words <= 4 && dated) return 'date';
  if (words <= 12 && dated) return 'dated';
  if (words <= KIND_SETTINGS.paragraphNameWords && /^[\p{Lu}(]/u.test(t) && !/[.;:]$/.test(t) && titleCase(t)) return 'name';
  return words > 15 ? 'long' : 'text';
}

/** Most of the longer words capitalised, as in a name or a post ("Head of
 * Policy & Performance"), not a phrase ("Run a funding fair"). */
function titleCase(t: string): boolean {
  const long = t.split(/\s+/).filter((w) => /^\(?\p{L}{4,}/u.test(w));
  if (long.length === 0) return true;
  return long.filter((w) => /^\(?\p{Lu}/u.test(w)).length >= long.length * KIND_SETTINGS.paragraphNameCapitals;
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

/** What a column of a field is expected to hold, in paragraphs, before the
 * file says: weights per kind. */
export function paragraphPrior(field: ColumnField | null): Partial<Record<ParagraphKind, number>> {
  switch (field) {
    case 'ref':
      return { ref: 6, empty: 2, name: 1 };
    case 'due':
      return { date: 6, dated: 1, name: 1, empty: 1, text: 1 };
    case 'milestone':
      return { dated: 3, 'bullet-dated': 3, text: 2, bullet: 1, empty: 1 };
    case 'status':
      return { rag: 5, empty: 2, name: 1, text: 1 };
    case 'lead':
      return { name: 6, text: 1, empty: 1 };
    case 'resources':
    case 'funding':
      return { money: 3, name: 2, text: 2, empty: 2 };
    case 'action':
      return { long: 3, text: 4, name: 1, bullet: 0.5 };
    default:
      return { text: 3, long: 2, name: 2, empty: 1, dated: 1, bullet: 1 };
  }
}
