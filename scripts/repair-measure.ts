// Measures the repair engine on the corpus fixtures the way the scorer's
// "repairs" metric counts: the gold words absent from a raw input as whole
// words are the words that had to be repaired; recall is the share of them
// the repaired text contains. False changes are repairs whose result is not
// gold text or that changed text the gold keeps as it is.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRepairer } from '../src/repair/index.ts';
import type { Repair } from '../src/model.ts';

const TEXT_FIELDS = [
  'section', 'ref', 'action', 'output', 'outcome', 'milestone', 'due', 'lead',
  'resources', 'funding', 'status', 'progress',
] as const;

const CHAR_MAP: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
};
for (const b of '\u2022\u00b7\u2219\u25aa\u25ab\u25a0\u25cf\u25e6\u2023\u2043\u25ba\u27a2\u27a4\uf0b7\uf0a7\uf0d8\uf076\uf0fc') {
  CHAR_MAP[b] = ' ';
}

/** The scorer's text normalisation (score.py norm). */
export function norm(v: string | null | undefined): string | null {
  if (v == null) return null;
  let s = v.normalize('NFKC').replace(/./gsu, (c) => CHAR_MAP[c] ?? c);
  const lines: string[] = [];
  for (const line of s.split(/\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]/)) {
    const l = line.trim().replace(/^(?:-\s+)+/, '');
    if (l) lines.push(l);
  }
  s = lines.join(' ').replace(/\s+/g, ' ').replace(/ (?=[,.;:)])/g, '').replace(/(?<=\() /g, '').trim();
  return s || null;
}

const EDGE_PUNCT = /^[\W_]+|[\W_]+$/gu;

/** Whole words: white-space tokens without edge punctuation (score.py whole_words). */
export function wholeWords(s: string): Set<string> {
  const out = new Set<string>();
  for (const t of s.split(/\s+/)) {
    // Python's \W is Unicode-aware and treats "_" as a word character
    const w = t.replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, '');
    if (w) out.add(w);
  }
  return out;
}
void EDGE_PUNCT;

/** Word set of a raw source text, generous as score.py's source_words. */
export function sourceWords(text: string): Set<string> {
  const s = norm(text) ?? '';
  const words = wholeWords(s);
  for (const w of wholeWords(s.replace(/<[^<>]{0,300}>/g, ' ').replace(/\|/g, ' '))) words.add(w);
  for (const m of s.matchAll(/[\p{L}\p{N}_]+/gu)) words.add(m[0]);
  return words;
}

export interface GoldFile {
  records: Record<string, unknown>[];
  blocks: unknown[];
}

export function readGold(dir: string): GoldFile {
  return JSON.parse(readFileSync(join(dir, 'gold.json'), 'utf8')) as GoldFile;
}

/** Words of the records' text fields, normalised. */
export function recordWords(gold: GoldFile): Set<string> {
  const ws = new Set<string>();
  for (const r of gold.records) {
    for (const f of TEXT_FIELDS) {
      const v = r[f];
      const s = typeof v === 'string' ? norm(v) : null;
      if (s) for (const w of wholeWords(s)) ws.add(w);
    }
  }
  return ws;
}

/** Every text string in a gold file (records and blocks), as printed. */
export function goldStrings(gold: GoldFile): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(gold.records);
  walk(gold.blocks);
  return out;
}

export interface InputReport {
  plan: string;
  input: string;
  targets: string[];
  found: string[];
  missed: string[];
  repairs: number;
  falseRepairs: Repair[];
  all: Repair[];
}

/** Repairs one raw input line by line (tabs read as spaces), the whole file
 * being the document, and measures it against the gold. */
export function measureInput(dir: string, input: string): InputReport {
  const gold = readGold(dir);
  const raw = readFileSync(join(dir, input), 'utf8');
  const seen = sourceWords(raw);
  const targets = [...recordWords(gold)].filter((w) => !seen.has(w)).sort();
  const lines = raw.split(/\r?\n/).map((l) => l.replace(/\t+/g, ' '));
  const repairer = createRepairer(lines);
  const repaired: string[] = [];
  const all: Repair[] = [];
  for (const line of lines) {
    const r = repairer.repair(line, 'text');
    repaired.push(r.text);
    all.push(...r.repairs);
  }
  const produced = wholeWords(norm(repaired.join('\n')) ?? '');
  const found = targets.filter((w) => produced.has(w));
  const missed = targets.filter((w) => !produced.has(w));

  const gs = goldStrings(gold);
  const goldAll = new Set<string>();
  for (const s of gs) for (const w of wholeWords(norm(s) ?? '')) goldAll.add(w);
  const goldText = ' ' + gs.map((s) => norm(s) ?? '').join(' \n ') + ' ';
  const falseRepairs = all.filter((r) => isFalseRepair(r, goldAll, goldText));
  return { plan: dir.split('/').pop() ?? dir, input, targets, found, missed, repairs: all.length, falseRepairs, all };
}

/** A repair is false when it makes a word the gold does not have, or changes
 * a phrase the gold keeps exactly as it was. Markup removal is always right. */
export function isFalseRepair(r: Repair, goldAll: Set<string>, goldText: string): boolean {
  if (r.rule === 'markup') return false;
  const to = norm(r.to) ?? '';
  for (const w of wholeWords(to)) if (!goldAll.has(w)) return true;
  const from = norm(r.from);
  if (from && from !== to && wholeWords(from).size > 0) {
    const core = from.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (core && goldText.includes(' ' + core + ' ')) return true;
  }
  return false;
}

/** The words found when each tab column is read down the page as one text
 * (a cell wrapped over lines, as a table reader rebuilds it), lines of the
 * same column joined by a line break, an empty cell ending the run. Together
 * with the line-by-line reading this estimates what the whole pipeline can
 * reach: a word cut at a line end of a column ("Well-" / "Being") is only
 * whole in the column reading. */
export function measureColumns(dir: string, input: string): { found: string[]; falseRepairs: Repair[] } {
  const gold = readGold(dir);
  const raw = readFileSync(join(dir, input), 'utf8');
  const seen = sourceWords(raw);
  const targets = [...recordWords(gold)].filter((w) => !seen.has(w));
  const rows = raw.split(/\r?\n/).map((l) => l.split('\t'));
  const ncols = Math.max(...rows.map((r) => r.length));
  const columns: string[] = [];
  for (let c = 0; c < ncols; c++) {
    const runs: string[] = [];
    let run: string[] = [];
    for (const r of rows) {
      const cell = (r[c] ?? '').trim();
      if (cell) run.push(cell);
      else if (run.length) (runs.push(run.join('\n')), (run = []));
    }
    if (run.length) runs.push(run.join('\n'));
    columns.push(...runs);
  }
  const repairer = createRepairer(columns);
  const out: string[] = [];
  const all: Repair[] = [];
  for (const col of columns) {
    const r = repairer.repair(col, 'text');
    out.push(r.text);
    all.push(...r.repairs);
  }
  const produced = wholeWords(norm(out.join('\n')) ?? '');
  const gs = goldStrings(gold);
  const goldAll = new Set<string>();
  for (const g of gs) for (const w of wholeWords(norm(g) ?? '')) goldAll.add(w);
  const goldText = ' ' + gs.map((g) => norm(g) ?? '').join(' \n ') + ' ';
  return {
    found: targets.filter((w) => produced.has(w)),
    falseRepairs: all.filter((r) => isFalseRepair(r, goldAll, goldText)),
  };
}

export function corpusDirs(root: string): string[] {
  return readdirSync(root)
    .map((d) => join(root, d))
    .filter((d) => existsSync(join(d, 'gold.json')))
    .sort();
}
