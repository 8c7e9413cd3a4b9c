// natural is CommonJS and its index pulls in storage back-ends that print to
// stdout when loaded, so only the Porter stemmer is required, and only when needed.
import { createRequire } from 'node:module';

export interface PorterStemmer {
  stem(word: string): string;
  tokenizeAndStem(text: string, keepStops?: boolean): string[];
}

interface Natural {
  stemmer: PorterStemmer;
  tokenizer: new () => { tokenize(text: string): string[] };
  stops: Set<string>;
}

let loaded: Natural | undefined;

function natural(): Natural {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    loaded = {
      stemmer: require('natural/lib/natural/stemmers/porter_stemmer.js') as PorterStemmer,
      tokenizer: require('natural/lib/natural/tokenizers/aggressive_tokenizer.js') as Natural['tokenizer'],
      stops: new Set((require('natural/lib/natural/util/stopwords.js') as { words: string[] }).words),
    };
  }
  return loaded;
}

export function porterStemmer(): PorterStemmer {
  return natural().stemmer;
}

// a word's stem, once per process: words repeat across every document's text
const stems = new Map<string, string>();

/** The Porter stem of one lower-case word, remembered. */
export function stemWord(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    if (stems.size > 200_000) stems.clear();
    stems.set(word, (s = natural().stemmer.stem(word)));
  }
  return s;
}

/** As the stemmer's tokenizeAndStem (its tokenizer, lower case, stop words
 * dropped), with a set for the stop words (it searches their list for every
 * word) and each word stemmed once. */
export function stemText(text: string): string[] {
  const { tokenizer, stops } = natural();
  const out: string[] = [];
  for (const token of new tokenizer().tokenize(text.toLowerCase())) {
    if (!stops.has(token)) out.push(stemWord(token));
  }
  return out;
}
