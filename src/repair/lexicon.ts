// The word knowledge repair decisions rest on: a general English (en-GB)
// hunspell dictionary, a small domain lexicon kept as data, and natural's
// stop-word list. Built once per process; lookups are memoised.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openWordTable, prepareWordTable, type WordTable } from './word-table.ts';

const require = createRequire(import.meta.url);
// natural's index pulls in storage back-ends that print on load; its
// stop-word module alone is plain data.
const { words: STOPWORDS } = require('natural/lib/natural/util/stopwords.js') as { words: string[] };

export interface Lexicon {
  /** a real word: dictionary or domain lexicon (hyphenated forms by their parts or as listed) */
  isWord(word: string): boolean;
  /** listed in the domain lexicon (a hyphenated form, acronym, name) */
  inDomain(word: string): boolean;
  /** a prefix that keeps its hyphen ("e", "co", "bi") */
  isHyphenPrefix(word: string): boolean;
  isStopword(word: string): boolean;
  /** how many letter trigrams of the word (with its edges) no dictionary word
   * has: "Ngagc" ends in "gc", which English words never do */
  oddTrigrams(word: string): number;
  /** no dictionary word ends in the word's last two letters ("-gc") */
  oddEnding(word: string): boolean;
}

interface DomainData {
  /** lower-case entries: match in any capitalisation */
  anyCase: Set<string>;
  /** entries with capitals: match as written or fully upper-cased */
  exact: Set<string>;
  prefixes: Set<string>;
}

function loadDomain(): DomainData {
  const text = readFileSync(new URL('./domain-lexicon.txt', import.meta.url), 'utf8');
  const data: DomainData = { anyCase: new Set(), exact: new Set(), prefixes: new Set() };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('prefix:')) {
      data.prefixes.add(line.slice(7).trim().toLowerCase());
    } else if (line === line.toLowerCase()) {
      data.anyCase.add(line);
    } else {
      data.exact.add(line);
      data.exact.add(line.toUpperCase());
    }
  }
  return data;
}

/** Where `npm run build` writes the prepared dictionary: beside the compiled
 * module, and found from the sources too. */
export const WORD_TABLE_FILE = 'en-gb.words';
const TABLE_PLACES = [new URL(`./${WORD_TABLE_FILE}`, import.meta.url), new URL(`../../dist/repair/${WORD_TABLE_FILE}`, import.meta.url)];

/** The prepared dictionary; made here from the Hunspell files (slowly) when
 * no prepared one fits the installed dictionary. */
function wordTable(): WordTable {
  for (const place of TABLE_PLACES) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(place);
    } catch {
      continue;
    }
    try {
      return openWordTable(bytes);
    } catch {
      // made from another dictionary or format version: not used
    }
  }
  return openWordTable(prepareWordTable());
}

let shared: Lexicon | undefined;

/** The process-wide lexicon (dictionary + domain lexicon + stop words). */
export function repairLexicon(): Lexicon {
  if (shared) return shared;
  const spell = wordTable();
  const domain = loadDomain();
  const stop = new Set(STOPWORDS.filter((w) => /^[a-z]{2,}$/.test(w)));
  const memo = new Map<string, boolean>();

  const inDomain = (w: string): boolean =>
    domain.exact.has(w) || domain.anyCase.has(w.toLowerCase());

  // Single letters other than "a" and "I" are not words here, whatever the
  // dictionary says: a lone "l" or "e" is far more often a fragment.
  const single = (w: string): boolean => w === 'a' || w === 'A' || w === 'I';

  const simpleWord = (w: string): boolean => {
    if (w.length === 1) return single(w);
    if (inDomain(w)) return true;
    if (spell.correct(w)) return true;
    // possessives of known words and names ("Thurrock's", "residents'")
    const m = /^(.+?)(?:'s|’s|'|’)$/.exec(w);
    if (m && m[1].length > 1 && (inDomain(m[1]) || spell.correct(m[1]))) return true;
    return false;
  };

  const isWord = (w: string): boolean => {
    let v = memo.get(w);
    if (v !== undefined) return v;
    if (w.includes('-')) {
      const parts = w.split('-');
      v = inDomain(w) || (parts.every((p) => p.length > 1 && simpleWord(p)));
    } else {
      v = simpleWord(w);
    }
    if (memo.size > 200_000) memo.clear();
    memo.set(w, v);
    return v;
  };

  const table = (): Set<string> => spell.trigrams;
  const oddTrigrams = (w: string): number => {
    const trigrams = table();
    const padded = `^${w.toLowerCase()}$`;
    let odd = 0;
    for (let i = 0; i + 3 <= padded.length; i++) if (!trigrams.has(padded.slice(i, i + 3))) odd++;
    return odd;
  };

  const oddEnding = (w: string): boolean => {
    const padded = `${w.toLowerCase()}$`;
    const n = padded.length;
    return n >= 4 && !table().has(padded.slice(n - 3));
  };

  shared = {
    oddTrigrams,
    oddEnding,
    isWord,
    inDomain,
    isHyphenPrefix: (w) => domain.prefixes.has(w.toLowerCase()),
    isStopword: (w) => stop.has(w.toLowerCase()),
  };
  return shared;
}
