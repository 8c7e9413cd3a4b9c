// Ranking and highlighting of search hits, done here rather than by the
// engine: SQLite's FTS5 (bm25, porter) and PostgreSQL's tsvector (ts_rank,
// snowball) score and mark words differently, and the same files must give
// the same hits in the same order with the same marks from either. The
// engine finds the matching actions; this orders them by BM25 over the
// weighted fields, with the statistics (lengths, how many matches hold each
// word) taken from the matches themselves, and marks each word whose porter
// stem (or prefix) is a query word's.
import { stemWord } from './stemmer.ts';
import { SEARCH } from './thresholds.ts';

const stem = stemWord;

/** Lower case without diacritics, as both engines' tokenizers fold words. */
const fold = (w: string) => w.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
const WORD = /[\p{L}\p{N}]+/gu;

export interface QueryTerm {
  /** the folded word (a prefix's letters), and its stem */
  word: string;
  stem: string;
  prefix: boolean;
}

/** The words a query looks for: quoted phrases' words, prefixes (word*),
 * plain words; not FTS5's operators (OR, AND, NOT, NEAR), column names
 * (col:) or what NOT excludes. */
export function queryTerms(query: string): QueryTerm[] {
  const out: QueryTerm[] = [];
  const add = (w: string, prefix: boolean) => {
    const word = fold(w);
    if (!out.some((t) => t.word === word && t.prefix === prefix)) out.push({ word, stem: stem(word), prefix });
  };
  let skipNext = false;
  const re = /"((?:[^"]|"")*)"?(\*)?|([\p{L}\p{N}_]+)(\*)?(:)?|\S/gu;
  for (let m = re.exec(query); m; m = re.exec(query)) {
    const [, phrase, phrasePrefix, word, wordPrefix, colon] = m;
    if (phrase !== undefined) {
      if (!skipNext) {
        const words = phrase.match(WORD) ?? [];
        words.forEach((w, i) => add(w, Boolean(phrasePrefix) && i === words.length - 1));
      }
      skipNext = false;
    } else if (word !== undefined) {
      if (colon) continue;
      if (word === 'NOT') {
        skipNext = true;
        continue;
      }
      if (['OR', 'AND', 'NEAR'].includes(word)) continue;
      if (!skipNext) for (const w of word.match(WORD) ?? []) add(w, Boolean(wordPrefix));
      skipNext = false;
    }
  }
  return out;
}

const matches = (token: string, t: QueryTerm) => (t.prefix ? token.startsWith(t.word) : stem(token) === t.stem);

/** The text with each word that matches a query term between the markers. */
export function highlight(text: string, terms: QueryTerm[], open: string, close: string): string {
  return text.replace(WORD, (w) => (terms.some((t) => matches(fold(w), t)) ? `${open}${w}${close}` : w));
}

/** Scores of rows (each its fields' texts, in the order of `weights`): BM25
 * with every field's hits weighted and the whole row's length, as FTS5's bm25
 * does; statistics from the rows themselves. Higher is better. */
export function scoreRows(rows: (string | null)[][], weights: readonly number[], terms: QueryTerm[]): number[] {
  const counts = rows.map((fields) => {
    let length = 0;
    const tf = terms.map(() => 0);
    fields.forEach((text, f) => {
      if (!text) return;
      for (const w of text.match(WORD) ?? []) {
        length++;
        const token = fold(w);
        terms.forEach((t, i) => {
          if (matches(token, t)) tf[i] += weights[f];
        });
      }
    });
    return { length, tf };
  });
  const n = rows.length;
  const avg = counts.reduce((s, c) => s + c.length, 0) / Math.max(1, n) || 1;
  const idf = terms.map((_, i) => {
    const has = counts.filter((c) => c.tf[i] > 0).length;
    return Math.log(1 + (n - has + 0.5) / (has + 0.5));
  });
  const { k1, b } = SEARCH;
  return counts.map((c) => c.tf.reduce((s, tf, i) => s + (tf ? idf[i] * (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * c.length) / avg)) : 0), 0));
}
