// Due dates as printed -> ISO-ish YYYY, YYYY-MM or YYYY-MM-DD. Open-ended
// ("On-going") and ranges (fiscal years "2011/12", "12/2007-12/2009",
// "Autumn 08-Spring 09") have no single date, so they give null. A quarter of
// a financial year ("Q3 2010/11") lies inside one calendar year, so it gives
// that year. A season ("Summer 2010", "Winter '11") names no month and, for
// winter, not even one year: it gives null, as the gold files of every corpus do.
import { mapped } from '../arrays.ts';
import { documentMemo } from '../memo.ts';
import { singleSpaced } from './text.ts';

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5,
  jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
/** a month's name, whole or cut short ("Sept", "March"): one pattern for every stage */
export const MONTH_NAME = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const MONTH_RE = `(${MONTH_NAME})`;
const SEASON_RE = '(?:spring|summer|autumn|fall|winter)';
const YEAR_RE = "(?:'\\s?|\u2019\\s?)?((?:19|20)\\d{2}|\\d{2})";

const SEASON = new RegExp(`\\b${SEASON_RE}\\b`, 'i');
const OPEN_ENDED = /\b(on-?\s?going|ongoing|continuous|continual|rolling|tbc|tba|to be (?:confirmed|agreed|determined)|n\/a|as required|annual(?:ly)?|quarterly|monthly)\b/i;
const FISCAL = /\b(?:19|20)\d{2}\s?[/\u2013-]\s?\d{2}\b(?!\d|\/)/;
// "2008/2009": a span of two whole years
const YEAR_SPAN = /\b(?:19|20)\d{2}\s?\/\s?(?:19|20)\d{2}\b/;
const RANGE = new RegExp(
  `(?:\\d{1,2}\\/(?:19|20)\\d{2}|${MONTH_RE}\\.?\\s*${YEAR_RE}|${SEASON_RE}\\s*${YEAR_RE}|(?:19|20)\\d{2})\\s*(?:-|\u2013|to)\\s*(?:\\d{1,2}\\/(?:19|20)\\d{2}|${MONTH_RE}|${SEASON_RE}|(?:19|20)\\d{2})`,
  'i',
);
// UK financial years run April to March: Q1-Q3 fall in the first calendar
// year, Q4 in the second.
const FISCAL_QUARTER = /\bQ([1-4])\s*(?:of\s+)?((?:19|20)\d{2})\s?[/\u2013-]\s?(?:\d{2}|(?:19|20)\d{2})\b/i;
const ISO = /\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b/;
const DMY = /\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2}|\d{2})\b/;
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_RE}\\.?,?\\s+((?:19|20)\\d{2})\\b`, 'i');
const MONTH_YEAR = new RegExp(`\\b${MONTH_RE}\\.?\\s*${YEAR_RE}\\b`, 'i');
const MONTH_SLASH_YEAR = /\b(\d{1,2})\/((?:19|20)\d{2})\b/;
const YEAR = /\b((?:19|20)\d{2})\b/;
const DIGIT = /[0-9]/;

function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}
const pad = (n: number) => String(n).padStart(2, '0');

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Several different dates in one cell (one per line, or two month names:
 * "July September 2005") name no single due date; one date repeated does. */
function severalDates(due: string): boolean {
  const dated = new Set(
    mapped(due.split('\n'), (l) => l.trim().toLowerCase())
      // a line holding a whole date (a date wrapped over lines is one date)
      .filter((l) => MONTH_YEAR.test(l.replace(/\bmay\b(?!\s*\d)/g, '')) || DMY.test(l) || ISO.test(l)),
  );
  if (dated.size >= 2) return true;
  // lower-case "may" is the verb
  const months = new Set((due.match(MONTH_ALL) ?? []).filter((m) => m !== 'may').map((m) => MONTHS[m.toLowerCase().replace(/\.$/, '')] ?? m));
  return months.size >= 2;
}
const MONTH_ALL = new RegExp(`\\b${MONTH_RE}\\b`, 'gi');

// Due dates of a document's texts: a cell's text is read as a date when its
// kind is judged, again for its record and again after repair.
const documentDates = documentMemo<string | null>();
const DATES_KEPT = 4096;

export function parseDueDate(due: string | null | undefined): string | null {
  if (!due) return null;
  let v = documentDates.get(due);
  if (v === undefined) {
    if (documentDates.size >= DATES_KEPT) documentDates.clear();
    documentDates.set(due, (v = readDueDate(due)));
  }
  return v;
}

function readDueDate(due: string): string | null {
  // every date read below has digits: most cells have none
  if (!DIGIT.test(due)) return null;
  if (severalDates(due)) return null;
  const s = singleSpaced(due);
  if (!s) return null;
  const iso = ISO.exec(s);
  if (iso && validDay(Number(iso[1]), Number(iso[2]), Number(iso[3]))) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const quarter = FISCAL_QUARTER.exec(s);
  if (quarter) return String(Number(quarter[2]) + (quarter[1] === '4' ? 1 : 0));
  if (RANGE.test(s) || FISCAL.test(s) || YEAR_SPAN.test(s)) return null;
  if (SEASON.test(s) && !MONTH_YEAR.test(s) && !DMY.test(s)) return null;
  const dmy = DMY.exec(s);
  if (dmy) {
    const y = fullYear(dmy[3]);
    const m = Number(dmy[2]);
    const d = Number(dmy[1]);
    if (validDay(y, m, d)) return `${y}-${pad(m)}-${pad(d)}`;
  }
  const dmy2 = DAY_MONTH_YEAR.exec(s);
  if (dmy2) {
    const y = Number(dmy2[3]);
    const m = MONTHS[dmy2[2].toLowerCase()];
    const d = Number(dmy2[1]);
    if (m && validDay(y, m, d)) return `${y}-${pad(m)}-${pad(d)}`;
  }
  const my = MONTH_YEAR.exec(s);
  if (my) {
    const m = MONTHS[my[1].toLowerCase()];
    if (m) return `${fullYear(my[2])}-${pad(m)}`;
  }
  const msy = MONTH_SLASH_YEAR.exec(s);
  if (msy && Number(msy[1]) >= 1 && Number(msy[1]) <= 12) return `${msy[2]}-${pad(Number(msy[1]))}`;
  if (OPEN_ENDED.test(s) && !YEAR.test(s)) return null;
  const y = YEAR.exec(s);
  if (y) return y[1];
  return null;
}
