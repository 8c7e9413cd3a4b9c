// Character-level clean-up done before any word is looked at: stray HTML
// markup left in exported cells, and Greek/Cyrillic letters that look like
// Latin ones inside Latin words.

// Only real HTML tag names, so text like "<5 years>" or "<name>" survives.
const TAG = /<\/?(?:p|ul|ol|li|br|span|div|font|b|i|u|em|strong|table|tbody|thead|tr|td|th|a|sup|sub|h[1-6]|hr|o:p|w:[a-z]+)(?:\s[^<>]{0,300})?\/?>/gi;
const ENTITY = /&(nbsp|amp|lt|gt|quot|apos|#160|#39);/g;
const ENTITY_TEXT: Record<string, string> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#160': ' ', '#39': "'",
};

export interface CharFix {
  from: string;
  to: string;
}

/** Text without HTML tags and entities; the removed pieces. */
/** wiki bold and italic quotes around text ('''bold''', ''italic'') */
const WIKI_QUOTES = /('{2,3})(?=\S)([^'\n]+?)(?<=\S)\1/g;

export function stripMarkup(text: string): { text: string; removed: string[] } {
  const removed: string[] = [];
  if (!text.includes('<') && !text.includes('&') && !text.includes("''")) return { text, removed };
  let out = text.replace(WIKI_QUOTES, (_m, q: string, inner: string) => {
    removed.push(q, q);
    return inner;
  });
  out = out.replace(TAG, (m) => {
    removed.push(m);
    return ' ';
  });
  out = out.replace(ENTITY, (m, name: string) => {
    removed.push(m);
    return ENTITY_TEXT[name] ?? m;
  });
  if (removed.length === 0) return { text, removed };
  // a removed tag leaves a space; collapse what that creates, keep line breaks
  out = out.replace(/[ \t]{2,}/g, ' ').replace(/^[ \t]+|[ \t]+$/gm, '');
  return { text: out, removed };
}

// Greek and Cyrillic capitals and small letters drawn like Latin ones.
const HOMOGLYPHS: Record<string, string> = {
  'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N',
  'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X', 'ο': 'o', 'ν': 'v', 'ι': 'i',
  'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C',
  'Т': 'T', 'Х': 'X', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p',
  'с': 'c', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ј': 'j', 'һ': 'h', 'ԁ': 'd',
};
const GREEK_CYRILLIC = /[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]/;
const LATIN = /[A-Za-z]/;

/** Replace lookalike letters in tokens that are Latin words (or lone lookalikes).
 * A token holding a Greek or Cyrillic letter without a Latin twin is real
 * Greek/Cyrillic text and is left alone. */
export function fixHomoglyphs(
  text: string,
  accept: (fixed: string) => boolean = () => false,
): { text: string; fixes: CharFix[] } {
  const fixes: CharFix[] = [];
  if (!GREEK_CYRILLIC.test(text)) return { text, fixes };
  const out = text.replace(/\S+/g, (tok) => {
    if (!GREEK_CYRILLIC.test(tok)) return tok;
    let foreign = false;
    for (const ch of tok) {
      if (GREEK_CYRILLIC.test(ch) && !(ch in HOMOGLYPHS)) foreign = true;
    }
    if (foreign) return tok;
    // all-lookalike tokens longer than one letter with no Latin letter may be
    // genuine Greek/Cyrillic capitals ("ΤΑΧΙ"): leave them unless the Latin
    // reading is a known word
    let fixed = '';
    for (const ch of tok) fixed += HOMOGLYPHS[ch] ?? ch;
    if (!LATIN.test(tok) && [...tok].filter((c) => GREEK_CYRILLIC.test(c)).length > 1 && !accept(fixed)) {
      return tok;
    }
    fixes.push({ from: tok, to: fixed });
    return fixed;
  });
  return { text: out, fixes };
}
