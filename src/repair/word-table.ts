// The spell-check dictionary as a prepared table. nspell builds its word list
// from the Hunspell files on every start (about half a second and 100 MB of
// garbage); `npm run build` does it once and writes every form nspell knows,
// sorted, into one binary file that opens in a millisecond and is searched in
// place. Lookups give exactly nspell's `correct()` answers (a test checks this
// on every form and its case variants).
//
// File layout: "PLANLEX1", u32 header length, header JSON (padded to 4
// bytes), u32 offsets[count + 1], then the words as UTF-8, sorted by bytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const MAGIC = 'PLANLEX1';
/** bump when the layout or the rules below change: older files are rebuilt */
const FORMAT = 1;

interface Header {
  format: number;
  /** versions of the sources: a file from other versions is not used */
  sources: Record<string, string>;
  count: number;
  /** nspell's input conversions (ICONV): [regex source, flags, replacement] */
  conversion: [string, string, string][];
  compoundMin: number;
  compoundRules: [string, string][];
  onlyInCompound: string[];
  forbidden: string[];
  keepCase: string[];
  /** letter trigrams (with ^ and $ for the edges) of the dictionary's stems, joined */
  trigrams: string;
}

export interface WordTable {
  /** nspell's correct(): a known form, with its case rules */
  correct(word: string): boolean;
  /** letter trigrams of the dictionary's stems ("^ab", "abc", "bc$") */
  trigrams: Set<string>;
  sources: Record<string, string>;
}

const require = createRequire(import.meta.url);
const dictionaryDir = (): URL => new URL('./', import.meta.resolve('dictionary-en-gb'));

/** Versions of the dictionary and of nspell the table is made from. */
export function tableSources(): Record<string, string> {
  const version = (pkgJson: string | URL) => (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  return {
    'dictionary-en-gb': version(new URL('package.json', dictionaryDir())),
    nspell: version(require.resolve('nspell/package.json')),
  };
}

interface NSpellInternals {
  data: Record<string, string[]>;
  flags: Record<string, unknown>;
  conversion: { in: [RegExp, string][] };
  compoundRules: RegExp[];
}

/** The table, made from the Hunspell files through nspell (slow: build time). */
export function prepareWordTable(): Uint8Array {
  const nspell = require('nspell') as (d: { aff: Buffer; dic: Buffer }) => NSpellInternals;
  const dir = dictionaryDir();
  const aff = readFileSync(new URL('index.aff', dir));
  const dic = readFileSync(new URL('index.dic', dir));
  const spell = nspell({ aff, dic });
  // nspell's own flag test (lib/util/flag.js)
  const flag = (name: string, codes: string[] | undefined): boolean =>
    Boolean(codes) && name in spell.flags && codes!.indexOf(spell.flags[name] as string) > -1;
  const words = Object.keys(spell.data);
  const pick = (name: string) => words.filter((w) => flag(name, spell.data[w]));

  const trigrams = new Set<string>();
  for (const line of dic.toString('utf8').split('\n')) {
    const stem = line.split('/')[0]!.trim().toLowerCase();
    if (!/^[a-z]+$/.test(stem)) continue;
    const padded = `^${stem}$`;
    for (let i = 0; i + 3 <= padded.length; i++) trigrams.add(padded.slice(i, i + 3));
  }

  const encoded = words.map((w) => Buffer.from(w, 'utf8')).sort(Buffer.compare);
  const header: Header = {
    format: FORMAT,
    sources: tableSources(),
    count: encoded.length,
    conversion: spell.conversion.in.map(([re, to]) => [re.source, re.flags, to]),
    compoundMin: Number(spell.flags.COMPOUNDMIN ?? 3),
    compoundRules: spell.compoundRules.map((re) => [re.source, re.flags]),
    onlyInCompound: pick('ONLYINCOMPOUND'),
    forbidden: pick('FORBIDDENWORD'),
    keepCase: pick('KEEPCASE'),
    trigrams: [...trigrams].sort().join(''),
  };
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (4 - ((MAGIC.length + 4 + json.length) % 4)) % 4;
  json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const offsets = new Uint32Array(encoded.length + 1);
  let at = 0;
  encoded.forEach((w, i) => {
    offsets[i] = at;
    at += w.length;
  });
  offsets[encoded.length] = at;
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  return Buffer.concat([Buffer.from(MAGIC, 'latin1'), len, json, Buffer.from(offsets.buffer), ...encoded]);
}

/** A prepared table; throws when the bytes are not one made by this version
 * from the installed dictionary. */
export function openWordTable(bytes: Uint8Array): WordTable {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('not a prepared word table');
  const headerLen = buf.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  const h = JSON.parse(buf.toString('utf8', start, start + headerLen)) as Header;
  if (h.format !== FORMAT) throw new Error(`word table format ${h.format}, expected ${FORMAT}`);
  const now = tableSources();
  for (const [k, v] of Object.entries(now)) if (h.sources[k] !== v) throw new Error(`word table made from ${k} ${h.sources[k]}, installed ${v}`);

  let offStart = start + headerLen;
  let off: Uint32Array;
  if ((buf.byteOffset + offStart) % 4 === 0) off = new Uint32Array(buf.buffer, buf.byteOffset + offStart, h.count + 1);
  else off = new Uint32Array(Uint8Array.prototype.slice.call(buf, offStart, offStart + 4 * (h.count + 1)).buffer);
  offStart += 4 * (h.count + 1);
  const base = offStart;

  const inData = (word: string): boolean => {
    const q = Buffer.from(word, 'utf8');
    let lo = 0;
    let hi = h.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = buf.compare(q, 0, q.length, base + off[mid]!, base + off[mid + 1]!);
      if (c === 0) return true;
      // c > 0: the table's word sorts after the query
      if (c > 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return false;
  };
  const only = new Set(h.onlyInCompound);
  const forbidden = new Set(h.forbidden);
  const keepCase = new Set(h.keepCase);
  const conversion = h.conversion.map(([src, flags, to]) => [new RegExp(src, flags), to] as const);
  const compound = h.compoundRules.map(([src, flags]) => new RegExp(src, flags));

  // nspell lib/util/exact.js
  const exact = (v: string): boolean => {
    if (inData(v)) return !only.has(v);
    if (v.length >= h.compoundMin) for (const re of compound) if (re.test(v)) return true;
    return false;
  };
  const ignore = (v: string): boolean => keepCase.has(v) || forbidden.has(v);
  // nspell lib/util/form.js
  const correct = (value: string): boolean => {
    let normal = value.trim();
    if (!normal) return false;
    for (const [re, to] of conversion) normal = normal.replace(re, to);
    if (exact(normal)) return !forbidden.has(normal);
    if (normal.toUpperCase() === normal) {
      const alt = normal.charAt(0) + normal.slice(1).toLowerCase();
      if (ignore(alt)) return false;
      if (exact(alt)) return true;
    }
    const alt = normal.toLowerCase();
    if (alt !== normal) {
      if (ignore(alt)) return false;
      if (exact(alt)) return true;
    }
    return false;
  };

  const trigrams = new Set<string>();
  for (let i = 0; i + 3 <= h.trigrams.length; i += 3) trigrams.add(h.trigrams.slice(i, i + 3));
  return { correct, trigrams, sources: h.sources };
}
