// Word repair: undoes damage done by extraction (words split at a cell or line
// cut, line-break hyphens, OCR glyph slips, lookalike letters, stray markup)
// and never the author's own spelling. Every decision needs evidence: the
// en-GB dictionary, the domain lexicon, or the document's own vocabulary (a
// word seen whole elsewhere in the same document). When unsure, leave it.
import type { Repair } from '../model.ts';
import { fixHomoglyphs, stripMarkup } from './clean.ts';
import { repairLexicon, type Lexicon } from './lexicon.ts';
import { hasConfusable, ocrVariants } from './ocr.ts';
import { fixDateSlips } from './date-slips.ts';
import { mapped } from '../arrays.ts';

export { repairLexicon } from './lexicon.ts';
export type { Lexicon } from './lexicon.ts';

export interface RepairOptions {
  /** the text came from OCR: allow OCR-slip rules more freely */
  ocr?: boolean;
}

export interface Repairer {
  repair(text: string, field: string): { text: string; repairs: Repair[] };
}

/** Fields whose values are codes, not prose: only markup and lookalike letters are fixed. */
const CODE_FIELDS = new Set(['ref', 'status', 'due_date', 'cost_gbp']);

interface Token {
  lead: string;
  core: string;
  trail: string;
  /** white space after the token ('' at the end) */
  sep: string;
}

const EDGE = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su;
const ALPHA = /^\p{L}+$/u;
/** letters with inner hyphens or apostrophes ("bi-a", "Thurrock's") */
const WORDISH = /^\p{L}+(?:[-'’]\p{L}+)*$/u;
const LOWER_START = /^\p{Ll}/u;
const UPPER_START = /^\p{Lu}/u;
const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /\p{Lu}/u;
const TITLE_CASE = /^\p{Lu}\p{Ll}+$/u;
/** all lower, capitalised, or all capitals (hyphens and apostrophes between) */
const NORMAL_CASE = /^(?:\p{Ll}+|\p{Lu}\p{Ll}*|\p{Lu}+)(?:[-'’](?:\p{Ll}+|\p{Lu}\p{Ll}*|\p{Lu}+))*$/u;
const DIGIT_END = /\d$/;
const DIGIT_START = /^\d/;
/** digits with a letter O among them, a date or amount included ("30.09.2O09", "250,00O") */
const NUMERIC_O = /^[\dOo]+(?:[.,/][\dOo]+)*$/;
const OCR_SHAPE = /^[\p{L}0'’-]+$/u;
/** an OCR'd name is mended to a document name seen at least this often, and
 * this many times as often as the OCR'd form */
const NAME_MIN_SEEN = 5;
const NAME_RATIO = 4;
/** derivational suffixes that are words by themselves: a piece split off a word */
const SUFFIX_WORDS = new Set(['able', 'ably', 'ship', 'ships', 'hood', 'hoods', 'wise']);
/** marks a split-join candidate that dropped a glyph printed on both sides of the cut */
const DUP = 'dup';

/** Every token is made here, so all have one object shape (a spread copy
 * or a literal elsewhere would make another, and the hot loops that read
 * tokens would be compiled again for it). */
function tokenOf(lead: string, core: string, trail: string, sep: string): Token {
  return { lead, core, trail, sep };
}

const TWO_LETTERS = /\p{L}.*\p{L}|^l$/u;

/** OCR_SHAPE with two letters or more (or a lone "l"): one pass over an
 * ASCII word, the patterns for any other */
function ocrShaped(w: string): boolean {
  let letters = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 128) return OCR_SHAPE.test(w) && TWO_LETTERS.test(w);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) letters++;
    else if (c !== 48 && c !== 39 && c !== 45) return false;
  }
  return letters >= 2 || w === 'l';
}

/** an ASCII letter or digit (a letter or number to EDGE as well) */
const asciiAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

function splitToken(raw: string, sep: string): Token {
  // most tokens start and end with a letter or digit: nothing to split off
  const n = raw.length;
  if (n > 0 && asciiAlnum(raw.charCodeAt(0)) && asciiAlnum(raw.charCodeAt(n - 1))) return tokenOf('', raw, '', sep);
  // an ASCII token's edges by its characters ("plan,", "(2011)", "-")
  let ascii = true;
  for (let i = 0; i < n && ascii; i++) ascii = raw.charCodeAt(i) < 128;
  if (ascii) {
    let start = 0;
    while (start < n && !asciiAlnum(raw.charCodeAt(start))) start++;
    if (start === n) return tokenOf(raw, '', '', sep);
    let end = n;
    while (!asciiAlnum(raw.charCodeAt(end - 1))) end--;
    return tokenOf(raw.slice(0, start), raw.slice(start, end), raw.slice(end), sep);
  }
  const m = EDGE.exec(raw);
  if (!m) return tokenOf('', raw, '', sep);
  return tokenOf(m[1], m[2], m[3], sep);
}

/** splitToken's non-empty cores of a text's pieces between white space: a
 * letter or number, up to the piece's last letter or number */
const CORES = /[\p{L}\p{N}](?:\S*[\p{L}\p{N}])?/gu;

/** JavaScript's \s, one UTF-16 unit */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** text.split(/(\s+)/) read as white space before the first token, then
 * tokens with the white space after each (one pass, no array of parts) */
function tokenise(text: string): { head: string; tokens: Token[] } {
  const n = text.length;
  let i = 0;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  const head = text.slice(0, i);
  const tokens: Token[] = [];
  while (i < n) {
    const start = i;
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    const end = i;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    tokens.push(splitToken(text.slice(start, end), text.slice(end, i)));
  }
  return { head, tokens };
}

const render = (t: Token): string => t.lead + t.core + t.trail;

/** a zero between letters read as the letter o ("ordinat0r") */
const lettersOf = (w: string): string => (w.includes('0') && /\p{L}0|0\p{L}/u.test(w) ? w.replace(/0/g, 'o') : w);

/** The tokens of one text with what the join rules ask of each (a token is
 * looked at as a piece of up to five candidate joins, as the fragment after
 * one and as itself). */
interface Tokens {
  list: Token[];
  /** each token's core's flags (WORDISH_F and the rest) */
  flags: Int32Array;
  /** each token's core's wordHash (where ASCII_F) */
  hashes: Int32Array;
}

// What the rules ask of a word, worked out once per distinct word of a
// document (Engine.flagsOf): a document repeats its words many times.
/** WORDISH */
const WORDISH_F = 1;
/** the lexicon's isWord */
const KNOWN_F = 2;
/** the lexicon's isStopword */
const STOP_F = 4;
/** pieceIsWord */
const PIECE_F = 8;
/** LOWER_START */
const LOWER_F = 16;
/** isUpper */
const UPPER_F = 32;
/** ASCII, and at most HASHED_LENGTH long: its wordHash stands for it */
const ASCII_F = 64;

const HASHED_LENGTH = 64;
/** 31 to the power of each length up to HASHED_LENGTH, in 32 bits */
const POW31 = new Int32Array(HASHED_LENGTH + 1);
POW31[0] = 1;
for (let k = 1; k <= HASHED_LENGTH; k++) POW31[k] = Math.imul(POW31[k - 1], 31);

/** A text's lower case hashed (31 times the hash so far plus each UTF-16
 * unit, in 32 bits). Of an ASCII word it is the word's own characters, so the
 * hash of two words joined is worked out from theirs: joinUnseen asks the
 * document vocabulary's hashes about a join without making the string. */
function wordHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** wordHash of an ASCII word's lower case, or null when it is not ASCII or
 * longer than HASHED_LENGTH */
function asciiHash(w: string): number | null {
  if (w.length > HASHED_LENGTH) return null;
  let h = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 128) return null;
    h = (Math.imul(h, 31) + (c >= 65 && c <= 90 ? c + 32 : c)) | 0;
  }
  return h;
}

/** WORDISH_F, LOWER_F and UPPER_F of a word: one pass over an ASCII word,
 * the patterns for any other */
function shapeFlags(w: string): number {
  let lower = 0;
  let upper = 0;
  // WORDISH: letters, with a single - or ' between two letters
  let wordish = w.length > 0;
  let prevLetter = false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 128) return (WORDISH.test(w) ? WORDISH_F : 0) | (LOWER_START.test(w) ? LOWER_F : 0) | (isUpper(w) ? UPPER_F : 0);
    if (c >= 97 && c <= 122) {
      lower++;
      prevLetter = true;
    } else if (c >= 65 && c <= 90) {
      upper++;
      prevLetter = true;
    } else {
      if (!(prevLetter && (c === 45 || c === 39) && i + 1 < w.length)) wordish = false;
      prevLetter = false;
    }
  }
  const c0 = w.charCodeAt(0);
  return (wordish ? WORDISH_F : 0) | (c0 >= 97 && c0 <= 122 ? LOWER_F : 0) | (upper > 0 && lower === 0 ? UPPER_F : 0);
}

/** caseFits by the two words' flags */
const flagsFit = (a: number, b: number): boolean => (b & LOWER_F) !== 0 || ((a & UPPER_F) !== 0 && (b & UPPER_F) !== 0);

const newlines = (s: string): number => {
  let n = 0;
  for (let k = s.indexOf('\n'); k !== -1; k = s.indexOf('\n', k + 1)) n++;
  return n;
};

const isUpper = (w: string): boolean => HAS_UPPER.test(w) && !HAS_LOWER.test(w);

/** Each non-empty text and how often it comes. */
function distinctTexts(texts: string[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (let k = 0; k < texts.length; k++) {
    const raw = texts[k];
    if (raw) seen.set(raw, (seen.get(raw) ?? 0) + 1);
  }
  return seen;
}

/** The words of one text (cores, as splitToken's) counted `times` each; a
 * possessive ("Thurrock's") counts its word too. */
function countWords(written: Map<string, number>, raw: string, times: number): void {
  const text = fixHomoglyphs(stripMarkup(raw).text).text;
  // (one pattern: the engine's own matching, not a loop over the characters)
  const cores = text.match(CORES);
  if (cores === null) return;
  for (let k = 0; k < cores.length; k++) {
    const core = cores[k];
    written.set(core, (written.get(core) ?? 0) + times);
    const len = core.length;
    if (len >= 3 && core.charCodeAt(len - 1) === 115 && (core.charCodeAt(len - 2) === 39 || core.charCodeAt(len - 2) === 0x2019)) {
      const word = core.slice(0, -2);
      written.set(word, (written.get(word) ?? 0) + times);
    }
  }
}

function addLower(lower: Map<string, number>, w: string, n: number): void {
  const l = w.toLowerCase();
  lower.set(l, (lower.get(l) ?? 0) + n);
}

/** Counts of whole words in a document, lower-cased, and as written when
 * `asWritten` (only OCR's name rule reads those). */
export class DocumentVocabulary {
  readonly exact = new Map<string, number>();
  readonly lower = new Map<string, number>();
  /** wordHash of every lower-case word */
  readonly hashes = new Set<number>();

  constructor(texts: string[], asWritten = true) {
    // counted as written first, then each distinct form lower-cased once (a
    // document repeats its words: a few thousand forms of tens of thousands),
    // and each distinct text read once: a document repeats its cells
    // (statuses, dates, leads) and headers. (Small functions and forEach, not
    // one long constructor: V8 compiled that whole, at 25-50 ms, for a few
    // calls a document.)
    const written = this.exact;
    distinctTexts(texts).forEach((times, raw) => countWords(written, raw, times));
    const lower = this.lower;
    written.forEach((n, w) => addLower(lower, w, n));
    const hashes = this.hashes;
    lower.forEach((_n, l) => hashes.add(wordHash(l)));
    if (!asWritten) written.clear();
  }

  count(w: string): number {
    return this.lower.get(w.toLowerCase()) ?? 0;
  }
}

/** Evidence for a spelling: 2 seen whole in the document, 1 a lexicon word, 0 none. */
type Evidence = 0 | 1 | 2;

interface Choice {
  text: string;
  rules: string[];
  evidence: Evidence;
}

class Engine implements Repairer {
  private readonly lex: Lexicon;
  private readonly vocab: DocumentVocabulary;
  private readonly loose: boolean;

  constructor(documentTexts: string[], opts: RepairOptions) {
    this.lex = repairLexicon();
    this.loose = opts.ocr === true;
    this.vocab = new DocumentVocabulary(documentTexts, this.loose);
  }

  /** a word by itself in the lexicon. (Not the document: the pieces of a word
   * split the same way in every repeated header would look like words.) */
  private pieceIsWord(w: string, known?: boolean): boolean {
    if (w.length === 1) return w === 'a' || w === 'A' || w === 'I';
    if (!(known ?? this.lex.isWord(w))) return false;
    // a capitalised piece that is a word only with its capital ("Nov", "Th",
    // "Mai": abbreviations and names) is weak evidence of a word boundary
    if (TITLE_CASE.test(w) && !this.lex.isWord(w.toLowerCase()) && !this.lex.inDomain(w)) return false;
    return true;
  }

  // (per text: arrays grown as needed, a typed array per text costs more than its filling)
  private flagsBuffer = new Int32Array(64);
  private hashBuffer = new Int32Array(64);
  private wordBuffer = new Int32Array(64);

  // each distinct word of the document by its number: its flags and asciiHash
  private readonly wordIndex = new Map<string, number>();
  private wordFlags = new Int32Array(256);
  private wordHashes = new Int32Array(256);

  private wordOf(w: string): number {
    let k = this.wordIndex.get(w);
    if (k === undefined) {
      k = this.wordIndex.size;
      if (k === this.wordFlags.length) {
        const flags = new Int32Array(2 * k);
        flags.set(this.wordFlags);
        this.wordFlags = flags;
        const hashes = new Int32Array(2 * k);
        hashes.set(this.wordHashes);
        this.wordHashes = hashes;
      }
      const h = asciiHash(w);
      this.wordFlags[k] = this.flagsOf(w) | (h === null ? 0 : ASCII_F);
      this.wordHashes[k] = h ?? 0;
      this.wordFixes.push(undefined); // (filled by fixGlyphs: the array stays dense)
      this.wordIndex.set(w, k);
    }
    return k;
  }

  private flagsOf(w: string): number {
    if (w === '') return 0;
    const known = this.lex.isWord(w);
    return shapeFlags(w) | (known ? KNOWN_F : 0) | (this.lex.isStopword(w) ? STOP_F : 0) |
      (this.pieceIsWord(w, w.length !== 1 && known) ? PIECE_F : 0);
  }

  private evidence(w: string): Evidence {
    if (this.vocab.count(w) >= 1 && (w.length > 1 || this.lex.isWord(w))) return 2;
    return this.lex.isWord(w) ? 1 : 0;
  }

  /** The best-supported spelling among candidates, or null when none is
   * supported or two different ones are equally supported. */
  private choose(cands: JoinCandidate[], minEvidence: Evidence = 1): Choice | null {
    let best: Choice | null = null;
    let tie = false;
    for (const c of cands) {
      // (evidence 2 needs the document to have the word)
      if (minEvidence === 2 && this.vocab.count(c.text) < 1) continue;
      const ev = this.evidence(c.text);
      if (ev < minEvidence) continue;
      if (!best) {
        best = { text: c.text, rules: c.rules, evidence: ev };
        continue;
      }
      const better =
        ev > best.evidence ||
        (ev === best.evidence && c.rules.length < best.rules.length) ||
        // the same word in two cases ("StrategIc", "Strategic"): the normal one
        (ev === best.evidence && c.rules.length === best.rules.length &&
          c.text.toLowerCase() === best.text.toLowerCase() && NORMAL_CASE.test(c.text) && !NORMAL_CASE.test(best.text)) ||
        (ev === 2 && ev === best.evidence && c.rules.length === best.rules.length &&
          this.vocab.count(c.text) > 2 * this.vocab.count(best.text));
      const same =
        ev === best.evidence && c.rules.length === best.rules.length &&
        c.text.toLowerCase() !== best.text.toLowerCase() &&
        !(ev === 2 && (this.vocab.count(best.text) > 2 * this.vocab.count(c.text)));
      if (better) {
        best = { text: c.text, rules: c.rules, evidence: ev };
        tie = false;
      } else if (same) {
        tie = true;
      }
    }
    return tie ? null : best;
  }

  /** results by text, one map for code fields and one for prose: a document
   * repeats its cells (leads, dates, statuses) and its repeated headers, and
   * its headings and paragraphs are repaired as record fields and again as
   * blocks; a result depends on nothing else (the field only labels its repairs) */
  private readonly doneProse = new Map<string, { text: string; repairs: Repair[] }>();
  private readonly doneCode = new Map<string, { text: string; repairs: Repair[] }>();

  repair(input: string, field: string): { text: string; repairs: Repair[] } {
    if (!input) return { text: input, repairs: [] };
    const done = CODE_FIELDS.has(field) ? this.doneCode : this.doneProse;
    let r = done.get(input);
    if (!r) done.set(input, (r = this.repairOnce(input, field)));
    return { text: r.text, repairs: mapped(r.repairs, (x) => relabelled(x, field)) };
  }

  private repairOnce(input: string, field: string): { text: string; repairs: Repair[] } {
    const repairs: Repair[] = [];
    let text = input;

    const markup = stripMarkup(text);
    if (markup.removed.length) {
      for (const m of markup.removed) {
        repairs.push({ field, from: m, to: '', rule: 'markup', confidence: 0.99 });
      }
      text = markup.text;
    }
    const glyphs = fixHomoglyphs(text, (w) => this.lex.isWord(splitToken(w, '').core));
    if (glyphs.fixes.length) {
      for (const f of glyphs.fixes) {
        repairs.push({ field, from: f.from, to: f.to, rule: 'homoglyph', confidence: 0.97 });
      }
      text = glyphs.text;
    }
    if (this.loose) {
      const dates = fixDateSlips(text);
      for (const d of dates.slips) repairs.push({ field, from: d.from, to: d.to, rule: d.rule, confidence: 0.85 });
      text = dates.text;
    }
    if (CODE_FIELDS.has(field)) return { text, repairs };

    const { head, tokens } = tokenise(text);
    if (this.flagsBuffer.length < tokens.length) {
      this.flagsBuffer = new Int32Array(Math.max(tokens.length, 2 * this.flagsBuffer.length));
      this.hashBuffer = new Int32Array(this.flagsBuffer.length);
      this.wordBuffer = new Int32Array(this.flagsBuffer.length);
    }
    const flags = this.flagsBuffer;
    const hashes = this.hashBuffer;
    const words = this.wordBuffer;
    for (let t = 0; t < tokens.length; t++) {
      const k = this.wordOf(tokens[t].core);
      words[t] = k;
      flags[t] = this.wordFlags[k];
      hashes[t] = this.wordHashes[k];
    }
    const ctx: Tokens = { list: tokens, flags, hashes };
    const out: Token[] = [];
    let changed = false;
    for (let i = 0; i < tokens.length; i++) {
      let tok = tokens[i];
      let word = words[i];
      const joined = this.tryJoin(ctx, i, field, repairs);
      if (joined) {
        tok = joined.token;
        i += joined.consumed - 1;
        word = -1;
        changed = true;
      }
      const fixed = this.fixGlyphs(tok, tokens[i + 1], field, repairs, word);
      if (fixed !== tok) changed = true;
      out.push(fixed);
    }
    // the tokens and the white space between them are the text: unchanged, it
    // is not put together again
    if (!changed) return { text, repairs };
    let result = head;
    for (const t of out) result += render(t) + t.sep;
    return { text: result, repairs };
  }

  /** Joins starting at tokens[i]: line-break hyphens, spaced prefix hyphens,
   * cut numbers, split words. Returns the merged token and how many input
   * tokens it replaces. */
  private tryJoin(
    ctx: Tokens,
    i: number,
    field: string,
    repairs: Repair[],
  ): { token: Token; consumed: number } | null {
    const tokens = ctx.list;
    const a = tokens[i];
    const b = tokens[i + 1];
    if (!b || !a.core) return null;

    // "2011/ 12", "(10/2006- 10/2009)": a number cut after its separator
    if ((a.trail === '/' || a.trail === '-') && DIGIT_END.test(a.core) && b.lead === '' && DIGIT_START.test(b.core)) {
      const token = tokenOf(a.lead, a.core + a.trail + b.core, b.trail, b.sep);
      repairs.push({ field, from: render(a) + a.sep + render(b), to: render(token), rule: 'number-join', confidence: 0.9 });
      return { token, consumed: 2 };
    }

    // "Pro- gress", "Well- Being", "e- portal" (and "Co- ordinat0r": a zero
    // for a letter o in the second part is read as the letter first)
    const bLetters = a.trail === '-' && b.lead === '' ? lettersOf(b.core) : b.core;
    if (a.trail === '-' && b.lead === '' && WORDISH.test(a.core) && WORDISH.test(bLetters)) {
      const r = this.hyphenJoin(a, tokenOf(b.lead, bLetters, b.trail, b.sep));
      if (r) {
        const token = tokenOf(a.lead, r.text, b.trail, b.sep);
        repairs.push({
          field, from: render(a) + a.sep + render(b), to: render(token),
          rule: bLetters === b.core ? r.rule : `${r.rule}+ocr-0-o`, confidence: r.confidence - (bLetters === b.core ? 0 : 0.1),
        });
        return { token, consumed: 2 };
      }
      return null;
    }

    // "bi - annual": a prefix parted from its word by a spaced hyphen
    const c = tokens[i + 2];
    if (c && a.trail === '' && b.lead === '-' && b.core === '' && b.trail === '' && c.lead === '' &&
        this.lex.isHyphenPrefix(a.core) && LOWER_START.test(a.core) && ALPHA.test(c.core) &&
        LOWER_START.test(c.core) && c.core.length >= 4 && this.lex.isWord(c.core) && !a.sep.includes('\n')) {
      const token = tokenOf(a.lead, a.core + '-' + c.core, c.trail, c.sep);
      repairs.push({
        field, from: render(a) + a.sep + render(b) + b.sep + render(c), to: render(token),
        rule: 'hyphen-join', confidence: 0.8,
      });
      return { token, consumed: 3 };
    }

    // split words: try three pieces, then two
    if (a.trail !== '' || (ctx.flags[i] & WORDISH_F) === 0) return null;
    // the capital at a cut printed on both sides: "Owner: W Wyvernham"
    if (/^[B-HJ-Z]$/.test(a.core) && b.lead === '' && b.core.length >= 3 && b.core[0] === a.core &&
        HAS_LOWER.test(b.core[1]) && WORDISH.test(b.core) && this.evidence(b.core) >= 1 && this.vocab.count(a.core) <= 1) {
      const token = tokenOf(a.lead, b.core, b.trail, b.sep);
      repairs.push({ field, from: render(a) + a.sep + render(b), to: render(token), rule: 'split-join', confidence: 0.75 });
      return { token, consumed: 2 };
    }
    for (let n = 3; n >= 2; n--) {
      if (i + n > tokens.length) continue;
      // false-join guard: "local s ervices" is "local services", not
      // "locals ervices": the last piece belongs to a fragment after it
      const after = tokens[i + n];
      const end = tokens[i + n - 1];
      if (after && end.trail === '' && after.lead === '' && (ctx.flags[i + n] & (WORDISH_F | KNOWN_F)) === WORDISH_F &&
          this.evidence(end.core + after.core) >= 1) continue;
      const r = this.splitJoin(ctx, i, n);
      if (!r) continue;
      const pieces = tokens.slice(i, i + n);
      const last = pieces[n - 1];
      const token = tokenOf(a.lead, r.text, last.trail, last.sep);
      repairs.push({
        field, from: mapped(pieces, (p, k) => render(p) + (k < n - 1 ? p.sep : '')).join(''),
        to: render(token), rule: r.rule, confidence: r.confidence,
      });
      return { token, consumed: n };
    }
    return null;
  }

  private hyphenJoin(a: Token, b: Token): { text: string; rule: string; confidence: number } | null {
    const hyph = a.core + '-' + b.core;
    const closed = a.core + b.core;
    const keep = (confidence: number) => ({ text: hyph, rule: 'hyphen-join', confidence });
    // the hyphenated form is attested: seen whole in the document, or listed
    if (this.vocab.count(hyph) >= 1) return keep(0.95);
    if (this.lex.inDomain(hyph)) return keep(0.9);
    // the closed form seen whole in the document wins over the lexicon's
    // hyphenated spelling ("co- ordinate" where the plan writes "coordinate")
    if (this.vocab.count(closed) >= 1 && this.caseFits(a.core, b.core)) {
      return { text: closed, rule: 'hyphen-join', confidence: 0.95 };
    }
    // two words with no closed form ("budget- setting", "one- off"), or two
    // long words ("under- represented"): a compound, the hyphen is the
    // author's. (A cut at a random place seldom leaves two long words; a
    // short first word may be a cut piece: "pro- vision" is "provision".)
    const closedWord = this.lex.isWord(closed);
    // (Both in lower case: "Well- reduces" is a cell's "Well-" beside the
    // next cell's text.)
    if (this.lex.isWord(hyph) && this.pieceIsWord(a.core) && this.pieceIsWord(b.core) && LOWER_START.test(a.core) && LOWER_START.test(b.core) &&
        (!closedWord || (a.core.length >= 5 && b.core.length >= 5))) {
      return keep(closedWord ? 0.75 : 0.85);
    }
    // "Well- Being": both parts capitalised, a title-case compound
    if (UPPER_START.test(a.core) && UPPER_START.test(b.core) && !isUpper(b.core) && this.pieceIsWord(b.core)) {
      return keep(0.85);
    }
    const closedEv = this.evidence(closed);
    // "e- portal", "co- operation", "re- aligned": a prefix that keeps its
    // hyphen before a word where the closed form is no word, or before a vowel
    // (British style) when the word is long enough not to be a fragment
    if (this.lex.isHyphenPrefix(a.core) && b.core.length >= 4 && this.pieceIsWord(b.core) &&
        (closedEv === 0 || (/^[aeiou]/i.test(b.core) && b.core.length >= 6))) {
      return keep(0.8);
    }
    if (closedEv > 0 && this.caseFits(a.core, b.core)) {
      return { text: closed, rule: 'hyphen-join', confidence: closedEv === 2 ? 0.95 : 0.85 };
    }
    // a glyph slip as well as the break ("Comr- nunity")
    if (this.caseFits(a.core, b.core) && !this.pieceIsWord(b.core)) {
      const choice = this.choose(ocrVariants(closed, 1, true));
      if (choice) {
        return { text: choice.text, rule: ['hyphen-join', ...choice.rules].join('+'), confidence: 0.7 };
      }
    }
    // a first piece that is no word and never stands alone in the document,
    // before a lower-case piece: a word cut by a stray hyphen ("backf- ill"),
    // even when no lexicon knows the whole, if its letters read as English
    if (LOWER_START.test(a.core) && LOWER_START.test(b.core) && ALPHA.test(a.core) && ALPHA.test(b.core) &&
        a.core.length >= 2 && !this.lex.isWord(a.core) && this.vocab.count(a.core) <= 1 &&
        this.lex.oddTrigrams(closed) === 0 && !this.lex.oddEnding(closed)) {
      return { text: closed, rule: 'hyphen-join', confidence: 0.7 };
    }
    // two words either side of a hyphen with no closed form ("decision- making")
    // may be a compound or two cells' text side by side: leave it
    return null;
  }

  /** "Train ing" may join, "Policy Officer" may not: a later piece must
   * continue in the same case. */
  private caseFits(a: string, b: string): boolean {
    if (LOWER_START.test(b)) return true;
    return isUpper(a) && isUpper(b);
  }

  /** Three pieces, a word before a piece that is none, stay apart unless the
   * first is no function word and the document has the three as one word
   * ("Par tners hip" in a plan naming its Partnership). (Three with a word in
   * the middle always stay apart.) */
  private threeStayApart(cores: string[]): boolean {
    return this.lex.isStopword(cores[0]) || this.vocab.count(cores[0] + cores[1] + cores[2]) < 1;
  }

  // splitJoin is split in parts (the checks, pieces that are words, pieces
  // that are not, the rare three-piece test): its rare branches first ran
  // after it was optimised, and each threw the whole away to be compiled again
  private splitJoin(ctx: Tokens, i: number, n: number): JoinResult | null {
    const tokens = ctx.list;
    for (let k = 0; k < n; k++) {
      const p = tokens[i + k];
      if ((ctx.flags[i + k] & WORDISH_F) === 0) return null;
      if (k < n - 1 && p.trail !== '') return null;
      if (k > 0 && p.lead !== '') return null;
      if (k > 0 && !flagsFit(ctx.flags[i + k - 1], ctx.flags[i + k])) return null;
    }
    // a column or paragraph boundary is not a cut: never join across a blank line
    // (two line breaks need two characters: most gaps are one space)
    for (let k = 0; k < n - 1; k++) if (tokens[i + k].sep.length > 1 && newlines(tokens[i + k].sep) > 1) return null;

    // (plain booleans: an array of them changed its elements kind between the
    // interpreter and optimised code, and the function was compiled again)
    const word0 = (ctx.flags[i] & PIECE_F) !== 0;
    const word1 = (ctx.flags[i + 1] & PIECE_F) !== 0;
    const word2 = n === 3 && (ctx.flags[i + 2] & PIECE_F) !== 0;
    const allWords = word0 && word1 && (n === 2 || word2);
    const anyWord = word0 || word1 || word2;
    // three pieces only around a fragment: "in differe nt" is "in different"
    // ... unless the document has the three as one word and the middle piece
    // is no word: "Par tners hip" in a plan that names its Partnership
    if (n === 3 && word1) return null;
    // (so all words are two: the common case, no array nor candidates made for it)
    if (allWords) return this.joinWords(ctx, i);
    const cores = n === 3 ? [tokens[i].core, tokens[i + 1].core, tokens[i + 2].core] : [tokens[i].core, tokens[i + 1].core];
    if (n === 3 && word0 && this.threeStayApart(cores)) return null;

    // plain join, and the glyph at the cut printed on both sides ("Dev velop"),
    // made only when a rule below needs them
    let made: JoinCandidate[] | undefined;
    const candidates = () => (made ??= joinCandidates(cores));
    return this.joinFragment(cores, word1, anyWord, candidates);
  }

  /** splitJoin for two pieces that are words by themselves. */
  private joinWords(ctx: Tokens, i: number): JoinResult | null {
    const a = ctx.list[i].core;
    const b = ctx.list[i + 1].core;
    // two real words join only when the whole is seen in this document and
    // they are not a pair of function words ("in to", "with in")
    // ("as set", "in to"), and one of them is short enough to be a fragment
    // ("imp roved", "tar gets") rather than a word of a real pair ("data base")
    // A glyph printed on both sides of the gap ("Partners ship", "build
    // ding") is evidence of a cut in itself, so then longer pieces may join.
    // a glyph doubled at a cut can leave a two-letter fragment that happens
    // to be a word ("social ca are"): joined when that fragment stands
    // nowhere else in the document and the whole word does
    if (a.length === 2) {
      const doubled = this.doubledJoin(a, b);
      if (doubled) return doubled;
    }
    if ((ctx.flags[i] & STOP_F) !== 0 || (ctx.flags[i + 1] & STOP_F) !== 0) return null;
    if (a.length === 1 || b.length === 1) return null;
    // a word and a suffix that is also a word ("Sustain able", "Partner ship"):
    // one word when the lexicon has it whole
    if (SUFFIX_WORDS.has(b.toLowerCase()) && a.length >= 3 && this.lex.isWord(a + b)) {
      return { text: a + b, rule: 'split-join', confidence: 0.8 };
    }
    // (choose below needs a candidate the document has)
    if (this.joinUnseen(ctx, i)) return null;
    const cores = [a, b];
    const choice = this.choose(joinCandidates(cores), 2);
    if (!choice) return null;
    // Longer pieces join when the document itself says so: the whole word is
    // common in it (three times or more) while some piece never stands alone
    // elsewhere in it ("Comm unity" in a plan that says "Community" throughout).
    const pieceUnseen = cores.some((w) => this.vocab.count(w) <= 1);
    const wholeCommon = this.vocab.count(choice.text) >= 3;
    if (Math.min(a.length, b.length) > 3 && !choice.rules.includes(DUP) && !(pieceUnseen && wholeCommon)) return null;
    return { text: choice.text, rule: 'split-join', confidence: 0.75 };
  }

  /** "social ca are": the two-letter word before the cut, with its last
   * glyph printed again after it, joined when that fragment stands nowhere
   * else in the document and the whole word does */
  private doubledJoin(a: string, b: string): JoinResult | null {
    const rest = dupRest(a, b);
    if (rest === null) return null;
    const text = a + rest;
    if (!this.lex.isStopword(a) && this.vocab.count(a) <= 1 && this.vocab.count(text) >= 1 && !this.lex.isWord(a + b)) {
      return { text, rule: 'split-join', confidence: 0.7 };
    }
    return null;
  }

  /** Two pieces joined are no word of the document, and no glyph printed on
   * both sides of the cut could be dropped: known from the pieces' hashes for
   * ASCII pieces, without making the joined string (false when unsure). */
  private joinUnseen(ctx: Tokens, i: number): boolean {
    if ((ctx.flags[i] & ASCII_F) === 0 || (ctx.flags[i + 1] & ASCII_F) === 0) return false;
    const b = ctx.list[i + 1].core;
    if (dupRest(ctx.list[i].core, b) !== null) return false;
    const h = (Math.imul(ctx.hashes[i], POW31[b.length]) + ctx.hashes[i + 1]) | 0;
    return !this.vocab.hashes.has(h);
  }

  /** splitJoin where some piece is no word by itself. */
  private joinFragment(cores: string[], word1: boolean, anyWord: boolean, candidates: () => JoinCandidate[]): JoinResult | null {
    // a lone letter before a fragment ("A ction") joins only into a word seen
    // in the document: "l am" is not "lam".
    // Likewise a function word before a fragment ("to ough" is not "tough"),
    // and a short word ending in a lone letter ("ach e" is not "ache").
    const last = cores[cores.length - 1];
    // A capital that is no word alone (not "A" or "I") before a fragment is
    // a cut word whatever the document holds: "L ondon".
    const loneCapital = /^[B-HJ-Z]$/.test(cores[0]) && !word1;
    const needsDocument =
      (cores[0].length === 1 && !loneCapital) || this.lex.isStopword(cores[0]) ||
      (last.length === 1 && cores.join('').length < 6);
    const cands = candidates();
    let choice = this.choose(cands, needsDocument ? 2 : 1);
    if (!choice && !anyWord && !needsDocument) {
      // a glyph slip near the cut as well ("Comr nunity", "ir volved")
      const variants = cands.flatMap((c) =>
        mapped(ocrVariants(c.text, 1, true), (v) => ({ text: v.text, rules: [...c.rules, ...v.rules] })),
      );
      choice = this.choose(variants);
    }
    if (!choice) return null;
    const slips = choice.rules.filter((r) => r !== DUP);
    const rule = ['split-join', ...slips].join('+');
    let confidence = choice.evidence === 2 ? 0.95 : 0.85;
    if (slips.length) confidence -= 0.15;
    if (choice.rules.includes(DUP)) confidence -= 0.05;
    return { text: choice.text, rule, confidence };
  }

  /** For a word no lexicon knows (a name, a term): a swap of its last glyph
   * that removes an ending English never has ("Ngagc" -> "Ngage"), if it is
   * the only such swap. Only the last glyph: inside a word, odd letter
   * sequences are as often a foreign name ("Szczecin", "Fylde"). */
  private plausibleSpelling(w: string): Choice | null {
    if (w.length < 4 || !/^\p{L}+$/u.test(w) || isUpper(w)) return null;
    const odd = this.lex.oddTrigrams(w);
    if (odd === 0 || !this.lex.oddEnding(w)) return null;
    const stem = w.slice(0, -1);
    let best: Choice | null = null;
    let bestOdd = odd;
    let tie = false;
    for (const v of ocrVariants(w, 1, false)) {
      if (!v.text.startsWith(stem) || !/^\p{Ll}$/u.test(v.text.slice(-1))) continue;
      const o = this.lex.oddTrigrams(v.text);
      if (o < bestOdd) {
        best = { text: v.text, rules: v.rules, evidence: 0 };
        bestOdd = o;
        tie = false;
      } else if (o === bestOdd && best) {
        tie = true;
      }
    }
    // the swap must mend the ending and leave nothing odd the original lacked
    return best && !tie && bestOdd < odd && !this.lex.oddEnding(best.text) ? best : null;
  }

  /** OCR may misread one glyph of a name no lexicon has ("Tamnshire"): the
   * name the document prints far more often with one glyph different, if
   * there is exactly one such name. Capitalised words of six letters or more
   * only, where one glyph cannot make another plausible name as easily. */
  private documentName(w: string): string | null {
    if (w.length < 6 || !TITLE_CASE.test(w)) return null;
    const self = this.vocab.count(w);
    let found: string | null = null;
    for (const [cand, n] of this.vocab.exact) {
      if (cand.length !== w.length || cand[0] !== w[0] || cand === w || !TITLE_CASE.test(cand)) continue;
      if (n < NAME_MIN_SEEN || n < NAME_RATIO * self || this.lex.isWord(cand)) continue;
      let diff = 0;
      for (let i = 0; i < w.length && diff < 2; i++) if (w[i] !== cand[i]) diff++;
      if (diff !== 1) continue;
      if (found) return null;
      found = cand;
    }
    return found;
  }

  /** glyphFix of each distinct word of the document (null: left as it is),
   * by its number (wordOf), and of words made by joins */
  private readonly wordFixes: (GlyphFix | null | undefined)[] = [];
  private readonly glyphFixes = new Map<string, GlyphFix | null>();

  /** Glyph slips inside one word ("c0nnect", "CouncilIors", "officcrs", "2O10");
   * `word` is its number, -1 for a token a join made. */
  private fixGlyphs(tok: Token, next: Token | undefined, field: string, repairs: Repair[], word: number): Token {
    const w = tok.core;
    if (!w) return tok;
    // a lone "l" before a lower-case word is the pronoun "I"
    if (w === 'l' && (tok.lead !== '' || tok.trail !== '' || !next || !LOWER_START.test(next.core) || !this.lex.isWord(next.core))) {
      return tok;
    }
    let fix = word >= 0 ? this.wordFixes[word] : this.glyphFixes.get(w);
    if (fix === undefined) {
      fix = this.glyphFix(w);
      if (word >= 0) this.wordFixes[word] = fix;
      else this.glyphFixes.set(w, fix);
    }
    if (fix === null) return tok;
    repairs.push({ field, from: render(tok), to: tok.lead + fix.text + tok.trail, rule: fix.rule, confidence: fix.confidence });
    return tokenOf(tok.lead, fix.text, tok.trail, tok.sep);
  }

  /** fixGlyphs' change of a word: it depends on the word and the document only. */
  private glyphFix(w: string): GlyphFix | null {
    // a year or number with a letter O in it
    if (NUMERIC_O.test(w) && /[Oo]/.test(w) && (w.match(/\d/g) ?? []).length >= 2 && w.length >= 3) {
      return { text: w.replace(/[Oo]/g, '0'), rule: 'ocr-0-O', confidence: 0.85 };
    }
    if (!ocrShaped(w)) return null;
    if (w !== 'l' && this.lex.isWord(w)) return null;
    const name = this.loose ? this.documentName(w) : null;
    if (name) return { text: name, rule: 'ocr-name', confidence: 0.75 };
    if (!hasConfusable(w, this.loose)) return null;
    // a swap must give a word of a normal shape ("pIe" is no spelling of "ple"),
    // and a two-letter token is too short to judge without the document
    const variants = ocrVariants(w, 2, this.loose).filter((v) => NORMAL_CASE.test(v.text) || this.vocab.count(v.text) > 0);
    const short = w.length === 2;
    const choice = this.choose(variants) ?? this.plausibleSpelling(w);
    // two letters: only into a word of the document or the domain ("Nl" -> "NI")
    if (choice && short && choice.evidence < 2 && !this.lex.inDomain(choice.text)) return null;
    if (!choice) return null;
    // a form the document repeats may be a name or a term: change it only when
    // the candidate is far more common here
    const self = this.vocab.count(w);
    if (self >= 2 && this.vocab.count(choice.text) < 3 * self) return null;
    // a 2-slip change needs the document's word, not just the dictionary's
    if (choice.rules.length > 1 && choice.evidence < 2 && !this.loose) return null;
    const rule = [...new Set(choice.rules)].join('+');
    const confidence = (choice.evidence === 2 ? 0.9 : choice.evidence === 1 ? 0.8 : 0.6) -
      0.1 * (choice.rules.length - 1);
    return { text: choice.text, rule, confidence };
  }
}

type GlyphFix = { text: string; rule: string; confidence: number };

/** A copy of a repair for another field (the same text repaired in another
 * field is repaired the same way). One literal: every repair has one shape. */
function relabelled(x: Repair, field: string): Repair {
  return { field, from: x.from, to: x.to, rule: x.rule, confidence: x.confidence };
}

type JoinCandidate = { text: string; rules: string[] };
type JoinResult = { text: string; rule: string; confidence: number };

/** The pieces joined, and joined with a glyph printed on both sides of a cut
 * dropped (the plain join first). A dropped duplicate glyph counts as one
 * step, so a plain join wins a tie. */
function joinCandidates(cores: string[]): JoinCandidate[] {
  // each way of joining the pieces so far, in the order a depth-first walk
  // (plain join before the dropped glyph) lists them
  let texts = [cores[0]];
  let lasts = [cores[0]];
  let dups = [false];
  for (let i = 1; i < cores.length; i++) {
    const w = cores[i];
    const nextTexts: string[] = [];
    const nextLasts: string[] = [];
    const nextDups: boolean[] = [];
    for (let k = 0; k < texts.length; k++) {
      nextTexts.push(texts[k] + w);
      nextLasts.push(w);
      nextDups.push(dups[k]);
      const rest = dupRest(lasts[k], w);
      if (rest !== null) {
        nextTexts.push(texts[k] + rest);
        nextLasts.push(rest);
        nextDups.push(true);
      }
    }
    texts = nextTexts;
    lasts = nextLasts;
    dups = nextDups;
  }
  return mapped(texts, (text, k) => ({ text, rules: dups[k] ? [DUP] : [] }));
}

const lowerAscii = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
const asciiLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** The piece `w` after `prev` with the glyph printed on both sides of the
 * cut dropped: what is left of it ('' when it is that glyph alone), or null
 * when the glyphs differ. (Not when the letter starts a hyphenated word:
 * "Service e-bulletins"; "measurable e," is "measurable,".) */
function dupRest(prev: string, w: string): string | null {
  if (!prev || w.length === 0) return null;
  const a = prev.charCodeAt(prev.length - 1);
  const b = w.charCodeAt(0);
  const same = a < 128 && b < 128 ? lowerAscii(a) === lowerAscii(b) : prev.slice(-1).toLowerCase() === w[0].toLowerCase();
  if (!same) return null;
  if (w.length === 1) return '';
  const c = w.charCodeAt(1);
  return (c < 128 ? asciiLetter(c) : /^\p{L}/u.test(w.slice(1))) ? w.slice(1) : null;
}

/** A repairer for one document. `documentTexts` are all its texts (cells,
 * paragraphs): they give the document vocabulary that backs repairs. */
export function createRepairer(documentTexts: string[], opts: RepairOptions = {}): Repairer {
  return new Engine(documentTexts, opts);
}

/** One-off repair of a text that is its own document. */
export function repairText(text: string, field = 'text', opts: RepairOptions = {}): { text: string; repairs: Repair[] } {
  return createRepairer([text], opts).repair(text, field);
}
