// The fields score.py compares and how it reads text: norm(), numbers, word
// tokens, the word sets of records and of a raw source (a .docx via its XML).
import { readFileSync } from 'node:fs';
import { PY_WS_CLASS, WORD_CLASS, fmtNum, pyParseFloat, pySplit, pyStr, pyStrip } from './py.ts';
import { readZipEntries } from './zip.ts';

export const FIELDS = [
  'section', 'ref', 'action', 'output', 'outcome', 'milestone', 'due', 'lead',
  'resources', 'funding', 'status', 'progress', 'due_date', 'cost_gbp',
] as const;
export type Field = (typeof FIELDS)[number];
/** Fields whose words count for word F1 and split-repair recall. */
export const TEXT_FIELDS: readonly Field[] = FIELDS.slice(0, 12);
export const NUMERIC_FIELDS = new Set<string>(['cost_gbp']);
export const ALIGN_FIELDS: readonly Field[] = ['ref', 'action', 'output', 'outcome', 'milestone'];
export const DOC_FIELDS = ['title', 'organisation', 'area', 'period', 'kind'] as const;
export type DocField = (typeof DOC_FIELDS)[number];

export const MATCH_THRESHOLD = 0.5;
export const REF_BONUS = 0.15;
export const NUM_TOLERANCE = 0.005;

/** A JSON object (a gold file, an exported document or a record). */
export type JsonObject = Record<string, unknown>;

// ---------------------------------------------------------------------------
// text normalisation

const CHAR_MAP: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-',
  '\u2015': '-', '\u2212': '-',
};
const BULLET_CHARS =
  '\u2022\u00b7\u2219\u25aa\u25ab\u25a0\u25cf\u25e6\u2023\u2043' +
  '\u25ba\u27a2\u27a4\uf0b7\uf0a7\uf0d8\uf076\uf0fc';
for (const b of BULLET_CHARS) CHAR_MAP[b] = ' ';
const CHAR_MAP_RE = new RegExp(`[${Object.keys(CHAR_MAP).join('')}]`, 'gu');

const LINE_SPLIT_RE = /\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]/u;
const LEADING_DASH_BULLET_RE = new RegExp(`^(?:-[${PY_WS_CLASS}]+)+`, 'u');
const WS_RE = new RegExp(`[${PY_WS_CLASS}]+`, 'gu');
const SPACE_BEFORE_PUNCT_RE = / (?=[,.;:)])/gu;
const SPACE_AFTER_PAREN_RE = /(?<=\() /gu;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** dict.get(key): the own property, null when absent. */
export function get(o: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined ? o[key] : null;
}

/** Normalised text of a value for comparison, or null for null/empty.
 * NFKC; curly quotes straight; dashes '-'; bullets and leading '- ' dropped; lines
 * joined with a space; white space collapsed; no space before , . ; : ) nor after (.
 * Case-sensitive; split words stay split ('Comr nunity' != 'Community'). */
export function norm(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  let s: string;
  if (typeof v === 'boolean') s = v ? 'true' : 'false';
  else if (typeof v === 'number') s = fmtNum(v);
  else if (Array.isArray(v)) {
    // Python: fmt_num for int/float (bools included: str(True)), str() for the rest
    s = v
      .map((x) => (x === null || x === undefined ? '' : typeof x === 'number' ? fmtNum(x) : pyStr(x)))
      .join('\n');
  } else if (typeof v === 'string') s = v;
  else s = pyStr(v);
  s = s.normalize('NFKC').replace(CHAR_MAP_RE, (c) => CHAR_MAP[c]!);
  const lines: string[] = [];
  for (const raw of s.split(LINE_SPLIT_RE)) {
    const line = pyStrip(raw).replace(LEADING_DASH_BULLET_RE, '');
    if (line) lines.push(line);
  }
  s = lines.join(' ').replace(WS_RE, ' ');
  s = s.replace(SPACE_BEFORE_PUNCT_RE, '').replace(SPACE_AFTER_PAREN_RE, '');
  s = pyStrip(s);
  return s || null;
}

/** A number from a JSON number or a plain numeric string, else null. */
export function toNum(v: unknown): number | null {
  if (v === null || v === undefined || typeof v === 'boolean') return null;
  let f: number | null;
  if (typeof v === 'number') f = v;
  else if (typeof v === 'string') f = pyParseFloat(pyStrip(v));
  else return null;
  if (f === null || !Number.isFinite(f)) return null;
  return f;
}

export function isNull(field: string, v: unknown): boolean {
  if (NUMERIC_FIELDS.has(field) && toNum(v) !== null) return false;
  return norm(v) === null;
}

/** Gold and pred values equal? Numbers numerically (cost_gbp whenever both parse,
 * other fields when both are JSON numbers); all else as norm() strings. */
export function fieldEqual(field: string, g: unknown, p: unknown): boolean {
  if (NUMERIC_FIELDS.has(field) || (typeof g === 'number' && typeof p === 'number')) {
    const gn = toNum(g);
    const pn = toNum(p);
    if (gn !== null && pn !== null) return Math.abs(gn - pn) <= NUM_TOLERANCE;
  }
  return norm(g) === norm(p);
}

// ---------------------------------------------------------------------------
// words

const WORD_RE = new RegExp(`[${WORD_CLASS}]+`, 'gu');
const EDGE_PUNCT_RE = new RegExp(`^[^${WORD_CLASS}]+|[^${WORD_CLASS}]+$`, 'gu');
const TAG_RE = /<[^<>]{0,300}>/gu;

/** Every run of word characters (Python re.findall(r'\w+')). */
export function wordTokens(s: string): string[] {
  return s.match(WORD_RE) ?? [];
}

export type Counter = Map<string, number>;

function count(c: Counter, items: Iterable<string>): void {
  for (const t of items) c.set(t, (c.get(t) ?? 0) + 1);
}

/** Multiset of white-space tokens (after norm) over the text fields of records. */
export function textTokens(records: JsonObject[]): Counter {
  const c: Counter = new Map();
  for (const r of records) {
    for (const f of TEXT_FIELDS) {
      const s = norm(get(r, f));
      if (s) count(c, s.split(' '));
    }
  }
  return c;
}

/** Whole words: white-space tokens without leading/trailing punctuation. */
export function wholeWords(s: string): Set<string> {
  const out = new Set<string>();
  for (let t of pySplit(s)) {
    t = t.replace(EDGE_PUNCT_RE, '');
    if (t) out.add(t);
  }
  return out;
}

export function recordWords(records: JsonObject[]): Set<string> {
  const ws = new Set<string>();
  for (const r of records) {
    for (const f of TEXT_FIELDS) {
      const s = norm(get(r, f));
      if (s) for (const w of wholeWords(s)) ws.add(w);
    }
  }
  return ws;
}

/** Word set of a raw source text, deliberately generous: whole words of the text,
 * of the text without tags and '|', and every run of word characters. */
export function sourceWords(text: string): Set<string> {
  const s = norm(text) ?? '';
  const words = wholeWords(s);
  for (const w of wholeWords(s.replace(TAG_RE, ' ').replaceAll('|', ' '))) words.add(w);
  for (const w of wordTokens(s)) words.add(w);
  return words;
}

const CP1252_HIGH = [
  0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, -1, 0x017d, -1,
  -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, -1, 0x017e, 0x0178,
];

/** Strict cp1252 as Python has it (five bytes undefined), or null. */
function decodeCp1252(data: Uint8Array): string | null {
  const parts: string[] = [];
  for (const b of data) {
    if (b >= 0x80 && b < 0xa0) {
      const cp = CP1252_HIGH[b - 0x80]!;
      if (cp < 0) return null;
      parts.push(String.fromCharCode(cp));
    } else parts.push(String.fromCharCode(b));
  }
  return parts.join('');
}

const DOCX_PART_RE = /^word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$/u;

/** Text of a source file: .docx via its XML parts, others as text (UTF-8 with or
 * without BOM, else cp1252, else UTF-8 with replacement characters). */
export function readSourceText(file: string): string {
  const data = readFileSync(file);
  if (file.toLowerCase().endsWith('.docx')) {
    const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
    const parts: string[] = [];
    for (const e of readZipEntries(data)) {
      if (DOCX_PART_RE.test(e.name)) parts.push(utf8.decode(e.read()));
    }
    let xml = parts.join('\n');
    xml = xml.replace(/<\/w:p>|<w:br[^>]*\/>|<w:cr[^>]*\/>/gu, '\n');
    xml = xml.replace(/<w:tab[^>]*\/>|<\/w:tc>/gu, '\t');
    let text = xml.replace(/<[^>]+>/gu, '');
    for (const [a, b] of [['&lt;', '<'], ['&gt;', '>'], ['&quot;', '"'], ['&apos;', "'"], ['&amp;', '&']] as const) {
      text = text.replaceAll(a, b);
    }
    return text;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    const cp = decodeCp1252(data);
    if (cp !== null) return cp;
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(data);
  }
}
