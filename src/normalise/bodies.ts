// UK public and voluntary bodies recognised by the form of their names, whether
// or not the place is on our list: "<Name> (Borough|District|County|City|Town|
// Parish) Council", "London Borough of <Name>", "<Name> CVS", "Voluntary Action
// <Name>", "<Name> Partnership", ... The list of local authority areas only
// raises confidence (and protects names such as "Bath and North East Somerset").
import { readFileSync } from 'node:fs';

const AREAS = readFileSync(new URL('./uk-areas.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .sort((a, b) => b.length - a.length);
// "Stockton-on-Tees", "Kingston upon Hull": a place is often named by its
// first part alone ("how Stockton will respond"), so that part counts too
const SHORT_FORMS = AREAS.map((a) => /^(.+?)(?:-on-|-upon-| upon | on )/.exec(a)?.[1]).filter((a): a is string => !!a);
AREAS.push(...new Set(SHORT_FORMS.filter((a) => !AREAS.includes(a))));
AREAS.sort((a, b) => b.length - a.length);
const AREA_SET = new Set(AREAS.map((a) => a.toLowerCase()));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const AREA_RE = new RegExp(`\\b(${AREAS.map(escape).join('|')})\\b`, 'g');

/** Words that make up the kind of a body, never its place. */
const TYPE_WORDS = 'Council|Councils|CVS|Partnership|Borough|District|County|City|Town|Parish|Metropolitan|Royal|Association|Voluntary|Action|Service|Services|Community|Rural|Strategic|Local|Third|Sector|Board|Trust|Forum|Group|Network|Compact|LSP|PCT|NHS';
const WORD = `(?!(?:${TYPE_WORDS})\\b)(?:St\\.|[\\p{Lu}][\\p{L}'\u2019-]*)`;
// "the" only after another joiner ("Walton on the Naze"): alone it joins a
// verb starting a sentence to the place ("Adopt the North East Lincolnshire Council")
const JOIN = '(?:(?:and|&|upon|on|with|under|le|en|in|next)(?:\\s+the)?)';
/** A place's name: one to five capitalised words, joined by "and", "upon", ... */
const NAME = `${WORD}(?:\\s+(?:${JOIN}\\s+)?${WORD}){0,4}`;
const COUNCIL_KIND = '(?:(?:Metropolitan\\s+)?(?:Borough|District|County|City|Town|Parish|Community|Village)\\s+)?';
const CVS_KIND = "(?:CVS|Council for Voluntary Services?|Association of Voluntary (?:Services?|Organisations)|Community and Voluntary Services?|Voluntary (?:Services? )?Council|Voluntary Action|Voluntary Sector Council)";
const PARTNERSHIP_KIND = '(?:(?:Third Sector|Voluntary Sector|Local Strategic|Strategic|County|District|Borough|City|Community|Area)\\s+)?Partnership';

export type BodyForm = 'council' | 'cvs' | 'partnership';

interface Form {
  form: BodyForm;
  re: RegExp;
  /** which group holds the place */
  place: number;
  /** words every match holds (one of them) */
  keys: string[];
}

const FORMS: Form[] = [
  { form: 'council', re: new RegExp(`\\b(?:(?:London|Royal|Metropolitan)\\s+)?Borough of (${NAME})(?:\\s+Council)?`, 'gu'), place: 1, keys: ['Borough of '] },
  { form: 'council', re: new RegExp(`\\b(?:City|County|Borough) of (${NAME})\\s+Council\\b`, 'gu'), place: 1, keys: ['Council'] },
  { form: 'council', re: new RegExp(`\\b(${NAME})(?:'s|\u2019s)?\\s+${COUNCIL_KIND}Council\\b(?!\\s+(?:[Ff]or|[Tt]ax)\\b)`, 'gu'), place: 1, keys: ['Council'] },
  { form: 'cvs', re: new RegExp(`\\b(${NAME})\\s+${CVS_KIND}\\b`, 'gu'), place: 1, keys: ['CVS', 'Voluntary'] },
  { form: 'cvs', re: new RegExp(`\\b(?:Voluntary|Community) Action\\s+(${NAME})`, 'gu'), place: 1, keys: ['Action'] },
  { form: 'partnership', re: new RegExp(`\\b(${NAME})\\s+${PARTNERSHIP_KIND}\\b`, 'gu'), place: 1, keys: ['Partnership'] },
];
// "Voluntary Norfolk": only with a listed place ("Voluntary Sector" is no body)
const VOLUNTARY_PLACE = new RegExp(`\\bVoluntary\\s+(${AREAS.map(escape).join('|')})\\b`, 'g');

/** A word every form above has in its match: a text without one names no
 * body (most lines), and the forms need not be run over it. */
const KIND_WORD = /Borough|Council|CVS|Association|Community|Voluntary|Action|Partnership/;

/** Capitalised words that start sentences or labels, not names. */
const LEADING = /^(?:(?:The|This|That|These|Those|Our|Your|Their|Its|A|An|By|For|From|Of|To|In|On|At|With|And|Both|Each|All|Every|Dear|Thank|Thanks|Lead|Owner|Prepared|Produced|Published|Agreed|Signed|Partners?|Supporting|Including|Between|Across|Within|Through|Under|Dr|Mr|Mrs|Ms|Cllr|Councillor)\s+(?:(?:and|&|the)\s+)?)+/;

export interface Body {
  /** as printed, in normal capitalisation */
  name: string;
  place: string;
  form: BodyForm;
  /** the place is on the list of local authority areas */
  listed: boolean;
  index: number;
}

/** "FROME TOWN COUNCIL" -> "Frome Town Council": capitals kept only for short codes. */
export function normalCase(s: string): string {
  if (/\p{Ll}/u.test(s)) return s;
  return s.replace(/\p{L}+/gu, (w) => (w.length <= 3 && /^(?:CVS|NHS|LSP|PCT|UK)$/.test(w) ? w : w[0] + w.slice(1).toLowerCase()))
    .replace(/\b(And|Of|Upon|On|The|For|With|Under|In)\b/g, (w) => w.toLowerCase());
}

/** Text with upper-case runs of two or more words in normal capitalisation, so
 * that "FROME TOWN COUNCIL" reads as a name (lengths kept). */
function readable(text: string): string {
  return text.replace(/\b[\p{Lu}'&-]{2,}(?:\s+[\p{Lu}'&-]{2,})+\b/gu, (m) => normalCase(m));
}

/** The listed area inside a place's name ("Shaping Thurrock" -> "Thurrock"). */
function listedArea(place: string): string | null {
  if (AREA_SET.has(place.toLowerCase()) || AREA_SET.has(place.replace(/&/g, 'and').toLowerCase())) return place;
  AREA_RE.lastIndex = 0;
  const m = AREA_RE.exec(place);
  return m ? m[1] : null;
}

const VOLUNTARY_KEYS = ['Voluntary'];

/** re.exec(text) from re.lastIndex, started where a match can start: a match
 * holds one of `keys`, and from its start to that word runs only through
 * letters, spaces and ' - . & (a name and a kind of body) and a few words, so
 * it starts after the last other ASCII character, or the twentieth word,
 * before the first such word. A long text
 * (a document's every text, for the bodies it names) is not tried at every
 * position. */
function nextMatch(re: RegExp, text: string, keys: string[]): RegExpExecArray | null {
  const from = re.lastIndex;
  let at = -1;
  for (const k of keys) {
    const i = text.indexOf(k, from);
    if (i !== -1 && (at === -1 || i < at)) at = i;
  }
  if (at === -1) return null;
  // back to the start of the window, over at most NAME_TOKENS words (a name
  // is five words and four joiners, its kind three or four words more)
  // what may stand inside a body's name and kind: ASCII letters, white space,
  // ' - . & and, beyond ASCII, anything (tested in the loop, not by calls: it
  // runs over a document's text mostly before it is optimised)
  let words = 0;
  while (at > from) {
    const c = text.charCodeAt(at - 1);
    const space = c === 32 || (c >= 9 && c <= 13);
    if (!(space || c >= 128 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 39 || c === 45 || c === 46 || c === 38)) break;
    if (space) {
      const d = text.charCodeAt(at);
      if (!(d === 32 || (d >= 9 && d <= 13)) && ++words > NAME_TOKENS) break;
    }
    at--;
  }
  re.lastIndex = at;
  return re.exec(text);
}

const NAME_TOKENS = 20;

/** Every body named in a text, in order, by the form of its name. */
export function findBodies(raw: string, forms: BodyForm[] = ['council', 'cvs', 'partnership']): Body[] {
  const text = readable(raw);
  if (!KIND_WORD.test(text)) return [];
  const found: Body[] = [];
  const add = (start: number, whole: string, placeRaw: string, form: BodyForm) => {
    const lead = LEADING.exec(placeRaw)?.[0] ?? '';
    const place = placeRaw.slice(lead.length).trim();
    if (!place || !/^\p{Lu}/u.test(place)) return;
    // a leading "The", "Owner", ... belongs to the sentence, not the name
    const cut = whole.startsWith(placeRaw) ? lead.length : 0;
    const name = whole.slice(cut).replace(/(?:'s|\u2019s)(?=\s)/, '').replace(/\s+/g, ' ').trim();
    found.push({ name, place, form, listed: listedArea(place) !== null, index: start + cut });
  };
  for (const f of FORMS) {
    if (!forms.includes(f.form)) continue;
    f.re.lastIndex = 0;
    for (let m = nextMatch(f.re, text, f.keys); m; m = nextMatch(f.re, text, f.keys)) add(m.index, m[0], m[f.place], f.form);
  }
  if (forms.includes('cvs')) {
    VOLUNTARY_PLACE.lastIndex = 0;
    for (let m = nextMatch(VOLUNTARY_PLACE, text, VOLUNTARY_KEYS); m; m = nextMatch(VOLUNTARY_PLACE, text, VOLUNTARY_KEYS)) add(m.index, m[0], m[1], 'cvs');
  }
  // one body per stretch of text: the longest match at the earliest start
  found.sort((a, b) => a.index - b.index || b.name.length - a.name.length);
  const out: Body[] = [];
  let end = -1;
  for (const b of found) {
    if (b.index < end) continue;
    out.push(b);
    end = b.index + b.name.length;
  }
  return out;
}

/** Listed places named in a text, with how often. */
export function listedPlaces(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  AREA_RE.lastIndex = 0;
  for (let m = AREA_RE.exec(text); m; m = AREA_RE.exec(text)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  return counts;
}

/** The listed area inside a name, if any. */
export function areaIn(name: string): string | null {
  return listedArea(name);
}
