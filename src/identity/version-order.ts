// Which version of a plan is the later one, by what the files say of
// themselves: a date in the title or the file name ("V3 October 2010"), a
// version number there ("v2", "Version 3", "draft 4"), the period the plan
// covers, then the file's modification time. Arrival order decides only when
// none of these tells the two apart.
import { basename } from 'node:path';

export interface VersionEvidence {
  /** "2010", "2010-10" or "2010-10-05", from the title, else the file name */
  date?: string;
  /** a version, draft or revision number, from the title, else the file name */
  number?: number;
  /** the first year of the period the plan covers */
  period?: number;
  /** the file's modification time (ms) when it was imported */
  mtime?: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
const pad = (n: number) => String(n).padStart(2, '0');
const YEAR = '((?:19|20)\\d\\d)';

// (made once: none has the g or y flag, so exec keeps no state between texts)
const YEAR_FIRST = new RegExp(`\\b${YEAR}([-.])(\\d{1,2})\\2(\\d{1,2})\\b`);
const MONTH_YEAR = new RegExp(`(?:(?<![\\w.])(\\d{1,2})(?:st|nd|rd|th)?\\s+)?\\b(${MONTH_NAMES})\\.?,?\\s+${YEAR}\\b`, 'i');
const LONE_YEAR = new RegExp(`(?<![\\d/-])${YEAR}(?![\\d/-])`);

/** The most precise date a text names (day, month or year). */
export function dateIn(text: string): string | undefined {
  const t = text.replace(/[_]+/g, ' ');
  // year first only as a whole date: "2011-12" and "2009/10" are periods
  let m = YEAR_FIRST.exec(t);
  if (m && +m[3] >= 1 && +m[3] <= 12 && +m[4] <= 31) return `${m[1]}-${pad(+m[3])}-${pad(+m[4])}`;
  m = /\b(\d{1,2})[-./](\d{1,2})[-./]((?:19|20)\d\d)\b/.exec(t); // UK day first
  if (m && +m[2] >= 1 && +m[2] <= 12 && +m[1] <= 31) return `${m[3]}-${pad(+m[2])}-${pad(+m[1])}`;
  m = MONTH_YEAR.exec(t);
  if (m) {
    const month = `${m[3]}-${pad(MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()) + 1)}`;
    return m[1] && +m[1] <= 31 ? `${month}-${pad(+m[1])}` : month;
  }
  // a lone year, not one of a period ("2010-2013", "2009/10")
  m = LONE_YEAR.exec(t);
  return m?.[1];
}

/** A version number: "v3", "V 2.1", "version 4", "draft 2", "rev 5", "issue 3". */
export function versionNumberIn(text: string): number | undefined {
  const m = /(?:^|[^a-z])(?:v|ver|version|draft|rev|revision|issue)[\s._-]*(\d{1,3}(?:\.\d{1,3})?)(?![\d])/i.exec(text.replace(/_/g, ' '));
  return m ? Number(m[1]) : undefined;
}

export function versionEvidence(doc: { title: string | null; path: string; period?: string | null }, mtime?: number): VersionEvidence {
  const name = basename(doc.path).replace(/\.[a-z0-9]+$/i, '');
  const ev: VersionEvidence = {};
  const date = (doc.title && dateIn(doc.title)) || dateIn(name);
  if (date) ev.date = date;
  const number = (doc.title ? versionNumberIn(doc.title) : undefined) ?? versionNumberIn(name);
  if (number !== undefined) ev.number = number;
  const period = doc.period && /((?:19|20)\d\d)/.exec(doc.period);
  if (period) ev.period = Number(period[1]);
  if (mtime !== undefined && Number.isFinite(mtime)) ev.mtime = Math.round(mtime);
  return ev;
}

/** Negative when a is the earlier version, positive when later, 0 when the
 * evidence does not tell (then arrival order stands). */
export function compareVersions(a: VersionEvidence, b: VersionEvidence): number {
  if (a.date && b.date) {
    const n = Math.min(a.date.length, b.date.length);
    const c = a.date.slice(0, n).localeCompare(b.date.slice(0, n));
    if (c) return c;
  }
  if (a.number !== undefined && b.number !== undefined && a.number !== b.number) return a.number - b.number;
  if (a.period !== undefined && b.period !== undefined && a.period !== b.period) return a.period - b.period;
  if (a.mtime !== undefined && b.mtime !== undefined && a.mtime !== b.mtime) return a.mtime - b.mtime;
  return 0;
}
