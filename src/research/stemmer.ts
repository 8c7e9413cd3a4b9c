// natural is CommonJS and its index pulls in storage back-ends that print to
// stdout when loaded, so only the Porter stemmer is required, and only when needed.
import { createRequire } from 'node:module';

export interface PorterStemmer {
  stem(word: string): string;
  tokenizeAndStem(text: string, keepStops?: boolean): string[];
}

let loaded: PorterStemmer | undefined;

export function porterStemmer(): PorterStemmer {
  return (loaded ??= createRequire(import.meta.url)('natural/lib/natural/stemmers/porter_stemmer.js') as PorterStemmer);
}
