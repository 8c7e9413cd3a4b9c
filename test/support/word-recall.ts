// Word recall of OCR output against a fixture's gold records, for one page.
// The gold records do not say which page they sit on, so the page's share of
// the gold words is the multiset intersection of the records' words with the
// words of the same page of the fixture's text-layer PDF (plan.pdf, which the
// scan was made from, page for page).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { RECORD_FIELDS } from '../../src/model.ts';

export function tokens(text: string): string[] {
  return text.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}£]+/u).filter((t) => t.length > 0);
}

export function countTokens(words: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of words) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

async function pdfPageText(file: string, page: number): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0, isEvalSupported: false }).promise;
  try {
    const p = await doc.getPage(page);
    const tc = await p.getTextContent();
    return tc.items.map((it) => ('str' in it ? it.str : '')).join(' ');
  } finally {
    await doc.destroy();
  }
}

/** Gold words (with multiplicity) of the records text on one page of a fixture. */
export async function goldPageWords(fixtureDir: string, page: number): Promise<Map<string, number>> {
  const gold = JSON.parse(readFileSync(path.join(fixtureDir, 'gold.json'), 'utf8')) as { records: Record<string, unknown>[] };
  const recordText = gold.records
    .map((r) => RECORD_FIELDS.filter((f) => f !== 'due_date' && f !== 'cost_gbp').map((f) => r[f] ?? '').join(' '))
    .join(' ');
  const goldCounts = countTokens(tokens(recordText));
  const pageCounts = countTokens(tokens(await pdfPageText(path.join(fixtureDir, 'plan.pdf'), page)));
  const out = new Map<string, number>();
  for (const [w, n] of goldCounts) {
    const k = Math.min(n, pageCounts.get(w) ?? 0);
    if (k > 0) out.set(w, k);
  }
  return out;
}

/** Share of the gold words found in the OCR words (multiset). */
export function wordRecall(gold: Map<string, number>, ocrWords: string[]): { recall: number; total: number; missed: string[] } {
  const got = countTokens(ocrWords.flatMap(tokens));
  let total = 0;
  let hit = 0;
  const missed: string[] = [];
  for (const [w, n] of gold) {
    total += n;
    const k = Math.min(n, got.get(w) ?? 0);
    hit += k;
    if (k < n) missed.push(w);
  }
  return { recall: total ? hit / total : 1, total, missed };
}
