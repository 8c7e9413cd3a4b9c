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

/** As the stemmer's tokenizeAndStem (its tokenizer, lower case, stop words
 * dropped), with a set for the stop words (it searches their list for every
 * word) and each word stemmed once. */
export function stemText(text: string): string[] {
  const { stemmer, tokenizer, stops } = natural();
  const out: string[] = [];
  for (const token of new tokenizer().tokenize(text.toLowerCase())) {
    if (stops.has(token)) continue;
    let s = stems.get(token);
    if (s === undefined) {
      if (stems.size > 200_000) stems.clear();
      stems.set(token, (s = stemmer.stem(token)));
    }
    out.push(s);
  }
  return out;
}
