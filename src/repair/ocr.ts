// Spellings a word may have had before a recogniser (or a bad export) swapped
// lookalike glyphs: "rn" for "m", "I" for "l", "l" for "i", "0" for "O", "c" for "e".
// Only candidates are made here; which one (if any) is right is decided by the
// caller from lexicon and document evidence.

export interface Confusion {
  /** what the damaged text shows */
  seen: string;
  /** what was probably printed */
  meant: string;
  rule: string;
  /** used only when OCR slips are allowed more freely, or inside a split word */
  loose: boolean;
}

// (every entry has every field: one object shape for the hot loop below)
export const CONFUSIONS: readonly Confusion[] = [
  { seen: 'rn', meant: 'm', rule: 'ocr-rn-m', loose: false },
  { seen: 'm', meant: 'rn', rule: 'ocr-rn-m', loose: true },
  { seen: 'I', meant: 'l', rule: 'ocr-I-l', loose: false },
  { seen: 'l', meant: 'I', rule: 'ocr-I-l', loose: false },
  // an "i" that lost its dot reads as "l" ("fundlng", "Servlce")
  { seen: 'l', meant: 'i', rule: 'ocr-l-i', loose: false },
  { seen: '0', meant: 'o', rule: 'ocr-0-O', loose: false },
  { seen: '0', meant: 'O', rule: 'ocr-0-O', loose: false },
  { seen: 'c', meant: 'e', rule: 'ocr-e-c', loose: false },
  { seen: 'e', meant: 'c', rule: 'ocr-e-c', loose: false },
  { seen: 'r', meant: 'n', rule: 'ocr-r-n', loose: true },
  { seen: 'n', meant: 'r', rule: 'ocr-r-n', loose: true },
  { seen: 'm', meant: 'n', rule: 'ocr-m-n', loose: true },
  { seen: 'n', meant: 'm', rule: 'ocr-m-n', loose: true },
  { seen: 'vv', meant: 'w', rule: 'ocr-vv-w', loose: true },
  { seen: 'cl', meant: 'd', rule: 'ocr-cl-d', loose: true },
  { seen: 'li', meant: 'h', rule: 'ocr-li-h', loose: true },
  { seen: '1', meant: 'l', rule: 'ocr-1-l', loose: true },
];

export interface Variant {
  text: string;
  rules: string[];
}

const MAX_VARIANTS = 400;

/** Spellings of `word` reachable by at most `maxEdits` non-overlapping glyph
 * swaps (the word itself excluded). */
export function ocrVariants(word: string, maxEdits: number, loose: boolean): Variant[] {
  const out = new Map<string, string[]>();
  const confusions = loose ? CONFUSIONS : CONFUSIONS.filter((c) => !c.loose);
  const walk = (w: string, from: number, rules: string[]): void => {
    if (out.size >= MAX_VARIANTS) return;
    for (let i = from; i < w.length; i++) {
      for (const c of confusions) {
        if (!w.startsWith(c.seen, i)) continue;
        const next = w.slice(0, i) + c.meant + w.slice(i + c.seen.length);
        const r = [...rules, c.rule];
        if (!out.has(next) && next !== word) out.set(next, r);
        if (r.length < maxEdits) walk(next, i + c.meant.length, r);
      }
    }
  };
  walk(word, 0, []);
  // pushed one by one: the same array kind as the callers' other candidate lists
  const variants: Variant[] = [];
  for (const [text, rules] of out) variants.push({ text, rules });
  return variants;
}

/** True when the word holds a glyph some confusion could have produced. */
export function hasConfusable(word: string, loose: boolean): boolean {
  for (const c of CONFUSIONS) {
    if (c.loose && !loose) continue;
    if (word.includes(c.seen)) return true;
  }
  return false;
}
