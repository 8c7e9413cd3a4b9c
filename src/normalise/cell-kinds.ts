// What a table cell holds, read from its form alone: a date or period, money,
// a RAG word, a short reference, a percentage, "N/A", the name of a body or a
// role, or a sentence. A column's cells together say which field it is.
import { MONTH_NAME as MONTH, parseDueDate } from './dates.ts';
import { documentMemo } from '../memo.ts';
import { singleSpaced } from './text.ts';

export type CellKind = 'empty' | 'na' | 'rag' | 'ref' | 'date' | 'money' | 'percent' | 'body' | 'sentence' | 'phrase';

const NA = /^(?:n\/?a|none|nil|-+|\u2013|\u2014|tbc|tba|not applicable|\?)\.?$/i;
const RAG = /^[([]?\s*(?:r|a|g|red|amber|green|r\/a|a\/g|complete[d]?|achieved|on track|on target|not started|delayed)\s*[)\].]?$/i;
// "1", "1.2", "3.4a", "A2", "(iii)", "12." : a code, not text
const REF = /^\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?|[A-Z]{1,3}\s?\d{1,3}(?:\.\d{1,3})*[a-z]?|[ivx]{1,5}|[A-Z])[.):]?$/;
const WHEN = new RegExp(
  `\\b(?:${MONTH}|spring|summer|autumn|winter|q[1-4]|quarter(?:ly)?|annual(?:ly)?|monthly|weekly|yearly|on-?\\s?going|ongoing|by end|end of|(?:19|20)\\d{2})\\b|\\b\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}\\b`,
  'i',
);
const MONEY = /£\s?\d|\d\s?(?:k|m)\b(?![a-z])|\b\d[\d,]*\s?(?:pounds|p\.a\.?)|\b(?:staff|officer|volunteer)\s+time\b|\b(?:within|from|existing|mainstream|core)\s+(?:existing\s+)?(?:resources|budgets?)\b|\bno (?:additional )?cost\b|\bbudget\b|\bgrant\b/i;
const PERCENT = /\d\s?%/;
// nouns that name an organisation, a team or a post: the form of a lead
export const BODY_WORD = /\b(?:clerk|councillors?|officer|manager|head|director|team|council|cvs|partnership|group|board|service|services|unit|co-?ordinator|worker|trust|forum|network|lead|champion|department|dept|directorate|committee|executive|panel|agency|association|centre|chief|chair|members?|partners?|police|nhs|pct|lsp|staff|portfolio|holder|adviser|advisor|consultant|secretariat|commissioners?)\b/i;

const WORDISH = /[\p{L}\p{N}£]/u;

/** The words of a text with single spaces (letters, digits or £ in them),
 * up to `most` + 1: a kind asks only whether a cell has a few. */
function words(text: string, most: number): string[] {
  const out: string[] = [];
  for (let at = 0; at <= text.length && out.length <= most; ) {
    let end = text.indexOf(' ', at);
    if (end === -1) end = text.length;
    const w = text.slice(at, end);
    if (WORDISH.test(w)) out.push(w);
    at = end + 1;
  }
  return out;
}

/** Share of a phrase's words that start with a capital letter (or are codes). */
function capitalShare(ws: string[]): number {
  const content = ws.filter((w) => !/^(?:of|and|the|for|&|in|to|with|on|at|or|a|an)$/i.test(w));
  if (!content.length) return 0;
  return content.filter((w) => /^[\p{Lu}\p{N}(]/u.test(w)).length / content.length;
}

// Kinds of a document's cell texts: a plan's cells repeat (statuses, dates,
// leads), and its tables are profiled once per table read.
const documentKinds = documentMemo<CellKind>();
const CELLS_KEPT = 4096;

export function cellKind(raw: string): CellKind {
  let kind = documentKinds.get(raw);
  if (kind === undefined) {
    if (documentKinds.size >= CELLS_KEPT) documentKinds.clear();
    documentKinds.set(raw, (kind = readKind(raw)));
  }
  return kind;
}

function readKind(raw: string): CellKind {
  const text = singleSpaced(raw);
  if (!text) return 'empty';
  if (NA.test(text)) return 'na';
  if (RAG.test(text)) return 'rag';
  if (text.length <= 10 && REF.test(text)) return 'ref';
  // (the counts below are read up to 10: more words are all alike)
  const ws = words(text, 10);
  if (ws.length <= 6 && PERCENT.test(text) && !/[a-z]{4,}.*[a-z]{4,}.*[a-z]{4,}/i.test(text)) return 'percent';
  if (ws.length <= 6 && (parseDueDate(text) !== null || WHEN.test(text)) && !MONEY.test(text)) return 'date';
  if (ws.length <= 8 && MONEY.test(text)) return 'money';
  // a body or a post is named in capitals ("Head of Community Services"); a
  // sentence that mentions one is not a name
  if (ws.length <= 10) {
    const caps = capitalShare(ws);
    if (((BODY_WORD.test(text) && (caps >= 0.5 || ws.length <= 3)) || (caps >= 0.75 && ws.length <= 6)) && !/[.;:]\s*\S/.test(text)) return 'body';
  }
  if (ws.length >= 6) return 'sentence';
  return 'phrase';
}
