import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CORPUS = join(ROOT, 'fixtures/corpus');

export interface GoldRecord {
  [field: string]: string | number | null;
}
export interface Gold {
  title: string | null;
  organisation: string | null;
  area: string | null;
  period: string | null;
  kind: string;
  records: GoldRecord[];
  blocks: Array<Record<string, unknown>>;
}

export function plans(): string[] {
  return readdirSync(CORPUS).filter((d) => existsSync(join(CORPUS, d, 'gold.json'))).sort();
}

export function gold(plan: string): Gold {
  return JSON.parse(readFileSync(join(CORPUS, plan, 'gold.json'), 'utf8'));
}

export function fixture(...parts: string[]): string {
  return join(ROOT, 'fixtures', ...parts);
}

/** The scorer's text normalisation, enough for test comparisons: NFKC, quotes
 * and dashes straightened, bullets dropped, white space collapsed. */
export function norm(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  let s = String(v).normalize('NFKC')
    .replace(/[\u2018\u2019\u201a\u201b]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2022\u00b7\u2219\u25aa\u25ab\u25a0\u25cf\u25e6\u2023\u2043\u25ba\u27a2\u27a4\uf0b7\uf0a7\uf0d8\uf076\uf0fc]/g, ' ');
  s = s.split(/\r\n|[\r\n]/).map((l) => l.trim().replace(/^(?:-\s+)+/, '')).filter(Boolean).join(' ');
  s = s.replace(/\s+/g, ' ').replace(/ (?=[,.;:)])/g, '').replace(/(?<=\() /g, '').trim();
  return s || null;
}

/** A folder of the shared data (never copied into the repository): beside the
 * repository, as CI clones it, or where PLAN_INGEST_SHARED points. */
export function sharedDir(sub: string): string {
  const candidates = [join(ROOT, '../shared'), process.env.PLAN_INGEST_SHARED].filter((d): d is string => !!d);
  const found = candidates.find((d) => existsSync(join(d, sub)));
  if (!found) throw new Error(`shared data not found: no ${sub} in ${candidates.join(' or ')} (clone it beside the repository or set PLAN_INGEST_SHARED)`);
  return join(found, sub);
}
