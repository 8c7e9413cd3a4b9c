// Document title, organisation, area and period, from the document's own text.
// The organisation is found by where it is printed (a label such as "Owner:",
// a line under the title, the title, a signature, the body the prose names
// most) and recognised by the form of its name (bodies.ts); its place is the
// area.
import type { Block, DocumentMeta } from '../model.ts';
import { areaIn, findBodies, listedPlaces, normalCase, type Body } from './bodies.ts';
import { MONTH_NAME } from './dates.ts';
import { cleanText, oneLine } from './text.ts';
import { mapped } from '../arrays.ts';

// "Owner: X", "Prepared by X", "Organisation: X": the body the document is of
const OWNER_LABEL = /(?:^|[\s.;])(?:(?:owner|organisation|organization|council|body|author|authority)\s*:|(?:prepared|produced|published|issued) by\s*:|on behalf of\s*:)\s*(.{3,120})$/i;
const OWNER_LINE = /^\s*(?:(?:prepared|produced|published|issued) by|on behalf of)\s+(.{3,120})$/i;
// a word naming a kind of body: a label's value with one is a body's name
const BODY_NAME_WORD = /\b(?:Council|CVS|Partnership|Trust|Association|Forum|Network|Board|Group|Authority|Alliance|Consortium|Federation|Action|Voluntary|Community)\b/;
// "Lead partner: X" names the plan's owner only when nothing else does
const LEAD_LABEL = /\b(?:lead partner|lead organisation|lead agency|lead body)\s*:\s*([^\n]{3,100})/i;
const MONTH = `${MONTH_NAME}\\.?`;
const PERIOD_MONTHS = new RegExp(`\\b(${MONTH}\\s+(?:19|20)\\d{2}\\s*(?:-|\u2013|to)\\s*${MONTH}\\s+(?:19|20)\\d{2})\\b`, 'i');
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

// an owner's label run into the title by an export ("... Plan Owner: X")
const LABEL_IN_TITLE = /\s+(?:Owner|Organisation|Prepared by|Produced by|Published by|Lead partner|Status|Version|Date)\s*:.*$/;

export function findTitle(blocks: Block[]): string | null {
  const title = firstTitle(blocks);
  return title ? title.replace(LABEL_IN_TITLE, '').trim() || null : null;
}

// a finished sentence ("This version of the plan was updated in 2007."):
// a title names something, it does not say something of it
const SENTENCE = /\b(?:is|are|was|were|has|have|had|will|been)\b.*\.$/;

function firstTitle(blocks: Block[]): string | null {
  for (const b of blocks) {
    if (b.type === 'heading') return oneLine(b.text) || null;
    if (b.type === 'table' || b.type === 'list') return null;
    if (b.type === 'paragraph') {
      const t = oneLine(b.text);
      if (t && t.length <= 150 && !/[:;,]$/.test(t) && !SENTENCE.test(t)) return t;
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
  const m = PERIOD_MONTHS.exec(title) ?? PERIOD.exec(title) ?? YEAR_AT_END.exec(title);
  return m ? m[1] : null;
}

interface Org {
  name: string;
  place: string | null;
}

const asOrg = (b: Body | undefined): Org | null => (b ? { name: b.name, place: b.place } : null);

/** A label's value that names no body by form but reads as a name
 * ("Owner: Voluntary Norfolk"): short, capitalised, no digits. */
function nameLike(value: string): Org | null {
  const v = value.replace(/[.;,]\s*$/, '').trim();
  const words = v.split(/\s+/);
  if (words.length > 8 || /\d/.test(v) || !/^\p{Lu}/u.test(v)) return null;
  const place = areaIn(v);
  // a person's name reads the same: a listed place or a body's word is needed
  if (!place && !BODY_NAME_WORD.test(v)) return null;
  const content = words.filter((w) => !/^(?:of|and|&|the|for|upon|on)$/i.test(w));
  // a word cut in two by extraction ("Vo oluntary") is tolerated beside a listed place
  if (content.some((w) => !/^\p{Lu}/u.test(w)) && !place) return null;
  const name = normalCase(v);
  return { name, place: areaIn(name) };
}

/** The body a short line names and nothing else ("Wendleshire County Partnership"). */
function wholeLineBody(text: string): Org | null {
  for (const line of cleanText(text).split('\n')) {
    const t = line.replace(/[.;,]\s*$/, '').trim();
    if (!t || t.split(' ').length > 10) continue;
    const b = findBodies(t)[0];
    if (b && b.index <= 1 && b.name.length >= t.length - 2) return asOrg(b);
  }
  return null;
}

function proseBlocks(blocks: Block[]): Array<{ text: string; block: Block }> {
  return mapped(blocks.filter((b) => b.type !== 'table'), (b) => ({ block: b, text: b.type === 'list' ? b.items.join('\n') : (b as { text: string }).text }));
}

/** Is an unlisted one-word "place" a name, not a capitalised word that starts
 * a sentence ("Promote Council's apps")? It must also stand inside a sentence
 * somewhere. Names of two or more capitalised words pass. */
function placeLike(place: string, all: string): boolean {
  if (place.includes(' ')) return true;
  const inside = new RegExp(`[\\p{Ll},][ \\t]+${place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'u');
  return inside.test(all);
}

export function findOrganisation(blocks: Block[], title: string | null): Org | null {
  const prose = proseBlocks(blocks);
  // 1. a label naming the owner ("Owner: X", "Prepared by X")
  for (const { text } of prose) {
    for (const line of cleanText(text).split('\n')) {
      const m = OWNER_LABEL.exec(line) ?? OWNER_LINE.exec(line);
      if (!m) continue;
      const org = asOrg(findBodies(m[1])[0]) ?? nameLike(m[1]);
      if (org) return org;
    }
  }
  // 2. a line under the title that is a body's name and nothing else
  const opening = prose.slice(0, 6).filter(({ block }) => block.type === 'paragraph' || block.type === 'heading');
  for (const { text } of opening) {
    const org = wholeLineBody(text);
    if (org) return org;
  }
  // 3. the title ("Colebridge Partnership Third Sector Strategy")
  if (title) {
    const org = asOrg(findBodies(title)[0]);
    if (org) return org;
  }
  // 4. a lead partner named by label, as a template asks
  for (const { text } of prose) {
    const m = LEAD_LABEL.exec(oneLine(text));
    if (!m) continue;
    const value = m[1].split(/\.\s/)[0];
    const org = asOrg(findBodies(value)[0]) ?? nameLike(value);
    if (org) return org;
  }
  // 5. a signature: a short closing paragraph naming a body
  const all = blockTexts(blocks).map(oneLine).join('\n');
  const closing = blocks.filter((b) => b.type === 'paragraph').slice(-3).reverse();
  for (const b of closing) {
    const t = oneLine((b as { text: string }).text);
    if (t.split(' ').length > 6) continue;
    const body = findBodies(t)[0];
    if (body && (body.listed || placeLike(body.place, all))) return asOrg(body);
  }
  // 6. the council or CVS the prose names most (a table's cells name the
  // partners who lead actions, not the plan's owner), when its place is listed
  // or named inside a sentence: a capitalised verb before "Council" is no place
  const counts = new Map<string, { org: Org; n: number; first: number }>();
  let i = 0;
  for (const { text } of prose) {
    for (const b of findBodies(oneLine(text), ['council', 'cvs'])) {
      if (!b.listed && !placeLike(b.place, all)) continue;
      const c = counts.get(b.name) ?? { org: asOrg(b)!, n: 0, first: i++ };
      c.n++;
      counts.set(b.name, c);
    }
  }
  // a body named once among others (a list of partners) is no evidence of
  // the owner: it must be named more often than any other
  const ranked = [...counts.values()].sort((a, b) => b.n - a.n || a.first - b.first);
  if (ranked.length > 1 && ranked[0].n === ranked[1].n) return null;
  return ranked[0]?.org ?? null;
}

/** Bodies named in the document's texts (one a line); a place's name does not
 * run from one text into the next ("Action Plan" / "Promote Council ..."),
 * though a body's kind may ("Maidstone" / "Borough Council"). */
const bodiesIn = (all: string): Body[] => findBodies(all).filter((b) => !b.place.includes('\n'));

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** With no owner found, the place the document names most: a listed area, or
 * the place of a body named by form anywhere (tables too) when that place
 * also stands inside a sentence or in the title. Counted by every mention;
 * a mention inside a longer place's ("Somerset" in "Bath & North East
 * Somerset") is the longer one's. */
function mostNamedPlace(all: string, bodies: Body[], title: string | null): string | null {
  const cands = new Set<string>(listedPlaces(all).keys());
  for (const b of bodies) {
    if (b.listed || placeLike(b.place, all) || (title && title.toLowerCase().includes(b.place.toLowerCase()))) cands.add(b.place);
  }
  const counts = new Map<string, number>();
  let rest = all;
  for (const c of [...cands].sort((a, b) => b.length - a.length)) {
    let n = 0;
    // counted and blanked (lengths kept): a shorter place is counted in what is left
    rest = rest.replace(new RegExp(`\\b${escapeRe(c)}\\b`, 'gi'), (m) => (n++, ' '.repeat(m.length)));
    counts.set(c, n);
  }
  // on a tie, a listed area before a body's place, each in the order met
  let best: string | null = null;
  let bestN = 0;
  for (const c of cands) if (counts.get(c)! > bestN) [best, bestN] = [c, counts.get(c)!];
  return best;
}

/** The area's own council when no owner is found: the one council of that
 * place named anywhere (tables too) outside a list of partners, or, when no
 * council of the place is named but the text speaks of councils and either
 * the title names the place or the text says "the Council" more than once,
 * "<area> Council". */
function areaCouncil(all: string, bodies: Body[], area: string, title: string | null): Org | null {
  const sep = /^\s*(?:,|;|&|and|,\s*and)\s*$/;
  const own: Array<{ b: Body; listed: boolean }> = [];
  const gap = (a: Body, b: Body) => all.slice(a.index + a.name.length, b.index);
  bodies.forEach((b, i) => {
    if (b.form !== 'council' || b.place !== area) return;
    const listed = (i > 0 && sep.test(gap(bodies[i - 1], b))) || (i + 1 < bodies.length && sep.test(gap(b, bodies[i + 1])));
    own.push({ b, listed });
  });
  const names = new Set(own.map(({ b }) => b.name));
  if (names.size === 1) {
    const alone = own.find(({ listed }) => !listed);
    return alone ? asOrg(alone.b) : null;
  }
  if (names.size > 1 || !/\bcouncil\b/i.test(all)) return null;
  const titled = !!title && new RegExp(`\\b${escapeRe(area)}\\b`, 'i').test(title);
  const selfNamed = (all.match(/\b(?:the|this) Council\b/g) ?? []).length >= 2;
  return titled || selfNamed ? { name: `${area} Council`, place: area } : null;
}

export function documentMeta(blocks: Block[], kind: DocumentMeta['kind']): DocumentMeta {
  const title = findTitle(blocks);
  const all = blockTexts(blocks).map(oneLine).filter(Boolean).join('\n');
  let org = findOrganisation(blocks, title);
  // the bodies named anywhere, searched for once, by whichever reading needs them
  let found: Body[] | undefined;
  const bodies = () => (found ??= bodiesIn(all));
  const area = org?.place ?? mostNamedPlace(all, bodies(), title);
  // A council's own plan often says only "the Council": name it after the
  // area, when the title names that place and no other body of the place is
  // named (a parish council named among partners is not the plan's owner).
  if (!org && area) org = areaCouncil(all, bodies(), area, title);
  return { kind, title, organisation: org?.name ?? null, area, period: findPeriod(title) };
}
