// Accuracy of one exported document against one gold file: a line-for-line port
// of the reference scorer score.py (records alignment, field accuracy, word F1,
// split-repair recall, document fields). Keep the two in step: test/score.test.ts
// runs both on the same inputs and asserts equal numbers.
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  PY_WS_CLASS,
  WORD_CLASS,
  compareCodePoints,
  fmtNum,
  pyFixed,
  pyParseFloat,
  pyRepr,
  pyRound,
  pySplit,
  pyStr,
  pyStrip,
  pySum,
  pyTruthy,
} from './py.ts';
import { readZipEntries } from './zip.ts';

export const FIELDS = [
  'section', 'ref', 'action', 'output', 'outcome', 'milestone', 'due', 'lead',
  'resources', 'funding', 'status', 'progress', 'due_date', 'cost_gbp',
] as const;
export type Field = (typeof FIELDS)[number];
/** Fields whose words count for word F1 and split-repair recall. */
export const TEXT_FIELDS: readonly Field[] = FIELDS.slice(0, 12);
const NUMERIC_FIELDS = new Set<string>(['cost_gbp']);
const ALIGN_FIELDS: readonly Field[] = ['ref', 'action', 'output', 'outcome', 'milestone'];
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

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** dict.get(key): the own property, null when absent. */
function get(o: JsonObject, key: string): unknown {
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

type Counter = Map<string, number>;

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

// ---------------------------------------------------------------------------
// assignment

/** Minimum-cost assignment for an n x m cost matrix with n <= m: each row's column. */
export function hungarian(cost: number[][]): number[] {
  const n = cost.length;
  if (n === 0) return [];
  const m = cost[0]!.length;
  if (n > m) throw new Error('hungarian: needs rows <= columns');
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(m + 1).fill(0);
  const p = new Array<number>(m + 1).fill(0);
  const way = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(m + 1).fill(Infinity);
    const used = new Array<boolean>(m + 1).fill(false);
    for (;;) {
      used[j0] = true;
      const i0 = p[j0]!;
      const row = cost[i0 - 1]!;
      const ui0 = u[i0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (!used[j]) {
          const cur = row[j - 1]! - ui0 - v[j]!;
          if (cur < minv[j]!) {
            minv[j] = cur;
            way[j] = j0;
          }
          if (minv[j]! < delta) {
            delta = minv[j]!;
            j1 = j;
          }
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
      if (p[j0] === 0) break;
    }
    for (;;) {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
      if (j0 === 0) break;
    }
  }
  const res = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]) res[p[j]! - 1] = j - 1;
  return res;
}

/** Maximum-weight one-to-one assignment of a dense matrix of weights >= 0:
 * the [row, col] pairs with weight > 0. */
export function maxWeightAssignment(weights: number[][]): [number, number][] {
  const n = weights.length;
  const m = n ? weights[0]!.length : 0;
  if (n === 0 || m === 0) return [];
  const transpose = n > m;
  const w = transpose ? weights[0]!.map((_, j) => weights.map((r) => r[j]!)) : weights;
  let top = -Infinity;
  for (const r of w) {
    let rowMax = -Infinity;
    for (const x of r) if (x > rowMax) rowMax = x;
    if (rowMax > top) top = rowMax;
  }
  const cols = hungarian(w.map((r) => r.map((x) => top - x)));
  const pairs: [number, number][] = [];
  cols.forEach((j, i) => {
    if (j >= 0 && w[i]![j]! > 0) pairs.push(transpose ? [j, i] : [i, j]);
  });
  return pairs;
}

export type AlignedPair = [goldIndex: number, predIndex: number, similarity: number];

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union ? inter / union : 0;
}

/** Optimal one-to-one alignment of gold and pred records: Jaccard of the
 * lower-cased word sets of ref+action+output+outcome+milestone, + REF_BONUS when
 * the refs are equal; pairs at or above the threshold are eligible; on each
 * connected component of eligible pairs the Hungarian algorithm maximises total
 * similarity, ties broken by all-field similarity, then by relative position. */
export function align(goldRecs: JsonObject[], predRecs: JsonObject[], threshold = MATCH_THRESHOLD): AlignedPair[] {
  const toks = (r: JsonObject, fields: readonly string[]): Set<string> => {
    const parts = fields.map((f) => norm(get(r, f))).filter((x): x is string => !!x);
    return new Set(wordTokens(parts.join(' ').toLowerCase()));
  };
  const refkey = (r: JsonObject): string | null => {
    const s = norm(get(r, 'ref'));
    if (s === null) return null;
    return pyStrip(s.replace(/\.+$/u, '')) || null;
  };
  const allFields = [...TEXT_FIELDS, 'due_date', 'cost_gbp'];
  const alignToks = (r: JsonObject) => {
    const t = toks(r, ALIGN_FIELDS);
    return t.size ? t : toks(r, allFields);
  };
  const gTok = goldRecs.map(alignToks);
  const pTok = predRecs.map(alignToks);
  const gAll = goldRecs.map((r) => toks(r, allFields));
  const pAll = predRecs.map((r) => toks(r, allFields));
  const gRef = goldRecs.map(refkey);
  const pRef = predRecs.map(refkey);
  const n = goldRecs.length;
  const m = predRecs.length;

  const edges = new Map<number, number>(); // i * m + j -> similarity
  const adjG: number[][] = Array.from({ length: n }, () => []);
  const adjP: number[][] = Array.from({ length: m }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = jaccard(gTok[i]!, pTok[j]!);
      if (gRef[i] !== null && gRef[i] === pRef[j]) s += REF_BONUS;
      if (s >= threshold) {
        edges.set(i * m + j, s);
        adjG[i]!.push(j);
        adjP[j]!.push(i);
      }
    }
  }

  const pairs: AlignedPair[] = [];
  const seenG = new Array<boolean>(n).fill(false);
  for (let start = 0; start < n; start++) {
    if (seenG[start] || !adjG[start]!.length) continue;
    const compG: number[] = [];
    const compP: number[] = [];
    const seenP = new Set<number>();
    const stack = [start];
    seenG[start] = true;
    while (stack.length) {
      const i = stack.pop()!;
      compG.push(i);
      for (const j of adjG[i]!) {
        if (!seenP.has(j)) {
          seenP.add(j);
          compP.push(j);
          for (const i2 of adjP[j]!) {
            if (!seenG[i2]) {
              seenG[i2] = true;
              stack.push(i2);
            }
          }
        }
      }
    }
    compG.sort((a, b) => a - b);
    compP.sort((a, b) => a - b);
    if (compG.length === 1 && compP.length === 1) {
      const i = compG[0]!;
      const j = compP[0]!;
      pairs.push([i, j, edges.get(i * m + j)!]);
      continue;
    }
    const w = compG.map((i) =>
      compP.map((j) => {
        const s = edges.get(i * m + j);
        if (s === undefined) return 0;
        const tie = 1e-3 * jaccard(gAll[i]!, pAll[j]!);
        const pos = 1e-6 * (1 - Math.abs(i / Math.max(n, 1) - j / Math.max(m, 1)));
        return s + tie + pos;
      }),
    );
    for (const [a, b] of maxWeightAssignment(w)) {
      const i = compG[a]!;
      const j = compP[b]!;
      const s = edges.get(i * m + j);
      if (s !== undefined) pairs.push([i, j, s]);
    }
  }
  pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  return pairs;
}

// ---------------------------------------------------------------------------
// loading

export class ScoreError extends Error {}

export function loadJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

const basename = (s: string): string => s.slice(s.lastIndexOf('/') + 1);

/** The predicted document of an export: a `plan-records/1` export, a single
 * document object or a gold-shaped file. */
export function pickDocument(exported: unknown, docSource?: string | null): { doc: JsonObject; warnings: string[] } {
  const warnings: string[] = [];
  let docs: JsonObject[];
  if (isObject(exported) && Array.isArray(exported.documents)) docs = exported.documents.filter(isObject);
  else if (isObject(exported) && Object.prototype.hasOwnProperty.call(exported, 'records')) return { doc: exported, warnings };
  else if (Array.isArray(exported)) docs = exported.filter(isObject);
  else throw new ScoreError("pred: not an export (no 'documents' list, no 'records')");
  const sources = () => pyRepr(docs.map((d) => get(d, 'source')));
  if (!docs.length) {
    warnings.push('pred export holds no documents: scored as an empty document');
    return { doc: { records: [] }, warnings };
  }
  if (docSource) {
    const want = basename(docSource);
    let hits = docs.filter((d) => get(d, 'source') === docSource);
    if (!hits.length) hits = docs.filter((d) => basename(pyStr(pyTruthy(get(d, 'source')) ? get(d, 'source') : '')) === want);
    if (hits.length > 1) warnings.push(`${hits.length} documents have source ${pyRepr(docSource)}: the first is scored`);
    if (hits.length) return { doc: hits[0]!, warnings };
    if (docs.length === 1) {
      warnings.push(
        `no document has source ${pyRepr(docSource)}: the only document (source ${pyRepr(get(docs[0]!, 'source'))}) is scored`,
      );
      return { doc: docs[0]!, warnings };
    }
    throw new ScoreError(`pred: no document with source ${pyRepr(docSource)} among ${sources()}`);
  }
  if (docs.length === 1) return { doc: docs[0]!, warnings };
  throw new ScoreError(`pred holds ${docs.length} documents ${sources()}: choose one with --doc-source`);
}

function checkRecords(recs: unknown, who: string): { records: JsonObject[]; warnings: string[] } {
  if (recs === null || recs === undefined) return { records: [], warnings: [`${who}: no 'records'`] };
  if (!Array.isArray(recs)) return { records: [], warnings: [`${who}: 'records' is not a list`] };
  const warnings: string[] = [];
  const out: JsonObject[] = [];
  const missing = new Map<string, number>();
  let bad = 0;
  for (const r of recs) {
    if (!isObject(r)) {
      bad++;
      continue;
    }
    for (const f of FIELDS) if (!Object.prototype.hasOwnProperty.call(r, f)) missing.set(f, (missing.get(f) ?? 0) + 1);
    out.push(r);
  }
  if (bad) warnings.push(`${who}: ${bad} records are not objects (ignored)`);
  if (missing.size) {
    const items = [...missing].sort((a, b) => compareCodePoints(a[0], b[0]));
    warnings.push(`${who}: records lacking fields (read as null): ${items.map(([f, c]) => `${f} x${c}`).join(', ')}`);
  }
  return { records: out, warnings };
}

// ---------------------------------------------------------------------------
// scoring

export interface RecordsScore {
  gold: number;
  pred: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
  threshold: number;
  mean_similarity: number | null;
}

export interface FieldScore {
  correct: number;
  total: number;
  matched_correct: number;
  matched_total: number;
  accuracy: number | null;
  matched_accuracy: number | null;
}

export interface FieldsScore {
  accuracy: number;
  correct: number;
  total: number;
  matched_only: { accuracy: number; correct: number; total: number };
  per_field: Record<Field, FieldScore>;
}

export interface WordsScore {
  gold: number;
  pred: number;
  common: number;
  precision: number;
  recall: number;
  f1: number;
  /** gold tokens the export lacks, most frequent first */
  missing: [string, number][];
  /** export tokens the gold lacks, most frequent first */
  extra: [string, number][];
}

export interface RepairsScore {
  source: string | null;
  /** gold words absent from the source: null without a source text */
  total: number | null;
  found: number | null;
  recall: number | null;
  words: string[];
  missing: string[];
}

export interface DocFieldScore {
  gold: unknown;
  pred: unknown;
  ok: boolean;
}

export interface RecordRef {
  index: number;
  ref: unknown;
  action: unknown;
}

export interface FieldMismatch {
  gold_index: number;
  pred_index: number;
  ref: unknown;
  field: Field;
  gold: unknown;
  pred: unknown;
}

/** Same shape and key names as score.py's result (its --json output). */
export interface ScoreResult {
  records: RecordsScore;
  fields: FieldsScore;
  words: WordsScore;
  repairs: RepairsScore;
  document: Record<DocField, DocFieldScore>;
  unmatched_gold: RecordRef[];
  spurious_pred: RecordRef[];
  pairs: { gold_index: number; pred_index: number; similarity: number }[];
  mismatches: FieldMismatch[];
  warnings: string[];
  summary: string;
  meta?: Record<string, unknown>;
  /** set when the pair had no usable prediction (scored 0) */
  missing_pred?: string;
}

const ratio = (a: number, b: number, empty: number | null = 1): number | null => (b ? a / b : empty);
const f1 = (p: number, r: number): number => (p + r ? (2 * p * r) / (p + r) : 0);

function mostCommon(c: Counter): [string, number][] {
  return [...c].sort((a, b) => b[1] - a[1]);
}

/** Counter subtraction: positive counts only, in the first counter's order. */
function subtract(a: Counter, b: Counter): Counter {
  const out: Counter = new Map();
  for (const [k, v] of a) {
    const d = v - (b.get(k) ?? 0);
    if (d > 0) out.set(k, d);
  }
  return out;
}

/** Score one predicted document against a gold object. `sourceText` (the raw
 * input text) enables split-repair recall; `sourceName` is only reported. */
export function scoreDocument(
  gold: JsonObject,
  predDoc: JsonObject,
  sourceText?: string | null,
  sourceName?: string | null,
): ScoreResult {
  const warnings: string[] = [];
  const g = checkRecords(get(gold, 'records'), 'gold');
  const p = checkRecords(get(predDoc, 'records'), 'pred');
  warnings.push(...g.warnings, ...p.warnings);
  const gRecs = g.records;
  const pRecs = p.records;

  // --- records
  const pairs = align(gRecs, pRecs);
  const nm = pairs.length;
  const rp = ratio(nm, pRecs.length)!;
  const rr = ratio(nm, gRecs.length)!;
  const records: RecordsScore = {
    gold: gRecs.length,
    pred: pRecs.length,
    matched: nm,
    precision: rp,
    recall: rr,
    f1: gRecs.length || pRecs.length ? f1(rp, rr) : 1,
    threshold: MATCH_THRESHOLD,
    mean_similarity: nm ? pySum(pairs.map((x) => x[2])) / nm : null,
  };

  // --- fields
  const per = Object.fromEntries(
    FIELDS.map((f) => [f, { correct: 0, total: 0, matched_correct: 0, matched_total: 0, accuracy: null, matched_accuracy: null }]),
  ) as Record<Field, FieldScore>;
  const mismatches: FieldMismatch[] = [];
  for (const [gi, pi] of pairs) {
    const gr = gRecs[gi]!;
    const pr = pRecs[pi]!;
    for (const f of FIELDS) {
      const gv = get(gr, f);
      const pv = get(pr, f);
      if (isNull(f, gv) && isNull(f, pv)) continue;
      const d = per[f];
      d.total++;
      d.matched_total++;
      if (fieldEqual(f, gv, pv)) {
        d.correct++;
        d.matched_correct++;
      } else mismatches.push({ gold_index: gi, pred_index: pi, ref: get(gr, 'ref'), field: f, gold: gv, pred: pv });
    }
  }
  const matchedG = new Set(pairs.map((x) => x[0]));
  const matchedP = new Set(pairs.map((x) => x[1]));
  const unmatchedGold = gRecs.map((_, i) => i).filter((i) => !matchedG.has(i));
  const spuriousPred = pRecs.map((_, j) => j).filter((j) => !matchedP.has(j));
  for (const gi of unmatchedGold) {
    for (const f of FIELDS) if (!isNull(f, get(gRecs[gi]!, f))) per[f].total++;
  }
  let tc = 0, tt = 0, mc = 0, mt = 0;
  for (const f of FIELDS) {
    const d = per[f];
    d.accuracy = ratio(d.correct, d.total, null);
    d.matched_accuracy = ratio(d.matched_correct, d.matched_total, null);
    tc += d.correct;
    tt += d.total;
    mc += d.matched_correct;
    mt += d.matched_total;
  }
  const fields: FieldsScore = {
    accuracy: ratio(tc, tt)!,
    correct: tc,
    total: tt,
    matched_only: { accuracy: ratio(mc, mt)!, correct: mc, total: mt },
    per_field: per,
  };

  // --- words
  const gw = textTokens(gRecs);
  const pw = textTokens(pRecs);
  let common = 0;
  for (const [k, v] of gw) common += Math.min(v, pw.get(k) ?? 0);
  let ng = 0, npred = 0;
  for (const v of gw.values()) ng += v;
  for (const v of pw.values()) npred += v;
  const wp = ratio(common, npred)!;
  const wr = ratio(common, ng)!;
  const words: WordsScore = {
    gold: ng,
    pred: npred,
    common,
    precision: wp,
    recall: wr,
    f1: ng || npred ? f1(wp, wr) : 1,
    missing: mostCommon(subtract(gw, pw)),
    extra: mostCommon(subtract(pw, gw)),
  };

  // --- split repairs
  let repairs: RepairsScore;
  if (sourceText !== null && sourceText !== undefined) {
    const src = sourceWords(sourceText);
    const goldWords = recordWords(gRecs);
    const predWords = recordWords(pRecs);
    const need = [...goldWords].filter((w) => !src.has(w)).sort(compareCodePoints);
    const found = need.filter((w) => predWords.has(w));
    repairs = {
      source: sourceName ?? null,
      total: need.length,
      found: found.length,
      recall: ratio(found.length, need.length, null),
      words: need,
      missing: need.filter((w) => !predWords.has(w)),
    };
  } else repairs = { source: null, total: null, found: null, recall: null, words: [], missing: [] };

  // --- document fields
  const document = {} as Record<DocField, DocFieldScore>;
  for (const f of DOC_FIELDS) {
    const gv = get(gold, f);
    const pv = get(predDoc, f);
    document[f] = { gold: gv, pred: pv, ok: norm(gv) === norm(pv) };
  }

  const res: ScoreResult = {
    records,
    fields,
    words,
    repairs,
    document,
    unmatched_gold: unmatchedGold.map((i) => ({ index: i, ref: get(gRecs[i]!, 'ref'), action: get(gRecs[i]!, 'action') })),
    spurious_pred: spuriousPred.map((j) => ({ index: j, ref: get(pRecs[j]!, 'ref'), action: get(pRecs[j]!, 'action') })),
    pairs: pairs.map(([gi, pi, s]) => ({ gold_index: gi, pred_index: pi, similarity: pyRound(s, 4) })),
    mismatches,
    warnings,
    summary: '',
  };
  res.summary = summaryLine(res);
  return res;
}

/** '%.3f', or 'n/a' for null. */
export function fmt3(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : pyFixed(x, 3);
}

export function repairsText(found: number | null, total: number | null): string {
  if (total === null) return 'n/a';
  if (total === 0) return 'n/a (0/0)';
  return `${pyFixed(found! / total, 2)} (${found}/${total})`;
}

/** records F1 0.962 | fields 0.913 | words F1 0.981 | repairs 0.88 (22/25) | doc 5/5 */
export function summaryLine(res: ScoreResult): string {
  const docs = Object.values(res.document);
  const docOk = docs.filter((d) => d.ok).length;
  return (
    `records F1 ${fmt3(res.records.f1)} | fields ${fmt3(res.fields.accuracy)} | words F1 ${fmt3(res.words.f1)}` +
    ` | repairs ${repairsText(res.repairs.found, res.repairs.total)} | doc ${docOk}/${docs.length}`
  );
}

/** source.txt beside the gold file, if there is one. */
export function findDefaultSource(goldPath: string): string | null {
  const cand = path.join(path.dirname(path.resolve(goldPath)), 'source.txt');
  return existsSync(cand) && statSync(cand).isFile() ? cand : null;
}

/** score.py --gold G --pred P [--doc-source D] [--source S]. */
export function scoreFiles(goldPath: string, predPath: string, docSource?: string | null, sourcePath?: string | null): ScoreResult {
  const gold = loadJson(goldPath);
  if (!isObject(gold)) throw new ScoreError('gold: not a JSON object');
  const { doc, warnings } = pickDocument(loadJson(predPath), docSource);
  const sourceText = sourcePath ? readSourceText(sourcePath) : null;
  const res = scoreDocument(gold, doc, sourceText, sourcePath);
  res.warnings = [...warnings, ...res.warnings];
  res.meta = {
    gold: goldPath,
    pred: predPath,
    doc_source: docSource ?? null,
    pred_source: get(doc, 'source'),
    pred_extractor: get(doc, 'extractor'),
    source: sourcePath ?? null,
  };
  return res;
}
