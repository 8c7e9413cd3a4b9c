// Document title, organisation, area and period, from the document's own text.
import { readFileSync } from 'node:fs';
import type { Block, DocumentMeta } from '../model.ts';
import { cleanText, oneLine } from './text.ts';

const AREAS = readFileSync(new URL('./uk-areas.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .sort((a, b) => b.length - a.length);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PLACE = `(${AREAS.map(escape).join('|')})`;
const PLACE_RE = new RegExp(`\\b${PLACE}\\b`, 'g');
const ORG_PATTERNS: RegExp[] = [
  new RegExp(`\\b${PLACE}(?:'s)?\\s+((?:London\\s+)?(?:Metropolitan\\s+)?(?:Borough|County|City|District|Town)\\s+)?Council\\b(?!\\s+for)`, 'g'),
  new RegExp(`\\b${PLACE}\\s+(CVS|Council for Voluntary Services?|Voluntary Action|Voluntary Services?|Association of Voluntary (?:Service|Organisation)s|Community and Voluntary Services?)\\b`, 'g'),
  new RegExp(`\\b(Voluntary(?: Action)?)\\s+${PLACE}\\b`, 'g'),
  new RegExp(`\\b(?:London Borough|Royal Borough|City|County|Borough) of\\s+${PLACE}\\b`, 'g'),
];
// A local strategic partnership named in a title ("... to the Wakefield District
// Partnership") is the body the document is for; elsewhere a partnership named
// in passing is one partner among many.
const PARTNERSHIP = new RegExp(`\\b${PLACE}\\s+(?:(?:District|Borough|County|City|Local Strategic|Strategic)\\s+)?Partnership\\b`, 'g');
const LABELLED_ORG = /\b(?:lead partner|lead organisation|lead agency|organisation|prepared by|produced by|author)\s*:\s*([^\n]{3,80})/i;
const PERIOD = /\b((?:19|20)\d{2}\s?(?:\/|-|\u2013|to)\s?(?:(?:19|20)\d{2}|\d{2}))\b/;
const YEAR_AT_END = /\b((?:19|20)\d{2})\s*$/;

/** Every text of a document's blocks: cells, list items, paragraphs, headings. */
export function blockTexts(blocks: Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.type === 'table') for (const c of b.grid.cells) out.push(c.text);
    else if (b.type === 'list') out.push(...b.items);
    else out.push(b.text);
  }
  return out;
}

/** Organisations named in a text, in order of appearance, with their places. */
function findOrganisations(text: string, patterns: RegExp[] = ORG_PATTERNS): Array<{ name: string; place: string; index: number }> {
  const found: Array<{ name: string; place: string; index: number }> = [];
  for (const re of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const place = AREAS.find((a) => m![0].includes(a)) ?? '';
      found.push({ name: m[0].replace(/'s\b/, '').replace(/\s+/g, ' ').trim(), place, index: m.index });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

export function findTitle(blocks: Block[]): string | null {
  for (const b of blocks) {
    if (b.type === 'heading') return oneLine(b.text) || null;
    if (b.type === 'table' || b.type === 'list') return null;
    if (b.type === 'paragraph') {
      const t = oneLine(b.text);
      if (t && t.length <= 150 && !/[:;,]$/.test(t)) return t;
      // a title run together with the paragraph under it (OCR and some exports
      // lose the heading's size): its first line, when that reads as a title
      const first = cleanText(b.text).split('\n')[0] ?? '';
      return first.length >= 8 && first.length <= 150 && !/[.:;,]$/.test(first) ? first : null;
    }
  }
  return null;
}

export function findPeriod(title: string | null): string | null {
  if (!title) return null;
  const m = PERIOD.exec(title) ?? YEAR_AT_END.exec(title);
  return m ? m[1] : null;
}

export function documentMeta(blocks: Block[], kind: DocumentMeta['kind']): DocumentMeta {
  const title = findTitle(blocks);
  const texts = blockTexts(blocks).map(oneLine).filter(Boolean);
  const all = texts.join('\n');

  let org: { name: string; place: string } | null = null;
  // 1. a labelled organisation ("Lead partner: Voluntary Norfolk")
  const label = LABELLED_ORG.exec(all);
  if (label) org = findOrganisations(label[1])[0] ?? null;
  // 2. a signature: a short closing paragraph naming an organisation
  if (!org) {
    const closing = blocks.filter((b) => b.type === 'paragraph').slice(-3).reverse();
    for (const b of closing) {
      const t = oneLine((b as { text: string }).text);
      if (t.split(' ').length <= 6) org = findOrganisations(t)[0] ?? null;
      if (org) break;
    }
  }
  // 3. the title, 4. the most frequent organisation in the text
  if (!org && title) org = findOrganisations(title, [...ORG_PATTERNS, PARTNERSHIP])[0] ?? null;
  // the organisations the prose names most; a table's cells name the partners
  // who lead actions, not the plan's owner
  const prose = blocks.filter((b) => b.type !== 'table').map((b) => (b.type === 'list' ? b.items.join('\n') : b.text)).join('\n');
  if (!org) {
    const counts = new Map<string, { name: string; place: string; n: number }>();
    for (const o of findOrganisations(prose)) {
      const c = counts.get(o.name) ?? { ...o, n: 0 };
      c.n++;
      counts.set(o.name, c);
    }
    org = [...counts.values()].sort((a, b) => b.n - a.n)[0] ?? null;
  }

  let area = org?.place || null;
  if (!area) {
    const counts = new Map<string, number>();
    PLACE_RE.lastIndex = 0;
    for (let m = PLACE_RE.exec(all); m; m = PLACE_RE.exec(all)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    area = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  }
  // A council's own plan often says only "the Council": name it after the area.
  if (!org && area && /\bcouncil\b/i.test(all)) org = { name: `${area} Council`, place: area };

  return { kind, title, organisation: org?.name ?? null, area, period: findPeriod(title) };
}
