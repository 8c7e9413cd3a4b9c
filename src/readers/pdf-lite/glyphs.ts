// Glyph names to unicode as pdf.js maps a simple font's encoding when the font
// has no /ToUnicode CMap (or to fill the codes its CMap leaves out): its
// glyph list, then its guesses from the name's form (uniXXXX, uXXXX[XX],
// Gxx, g00xx, Cdd[d], a few ligatures). Ported from pdf.js's
// getUnicodeForGlyph and PartialEvaluator._simpleFontToUnicode.
import { ENCODING_NAMES, ENCODING_UNICODE, GLYPH_LIST } from './encodings.generated.ts';

/** the generated tables by encoding (its names array, as fonts hold it) */
const STANDARD_UNICODE = new Map(Object.keys(ENCODING_NAMES).map((k) => [ENCODING_NAMES[k] as readonly string[], ENCODING_UNICODE[k]]));

let glyphs: Map<string, number> | undefined;

/** pdf.js's glyph list, built at first use */
function glyphList(): Map<string, number> {
  if (glyphs) return glyphs;
  glyphs = new Map();
  for (const pair of GLYPH_LIST.split(',')) {
    const sp = pair.indexOf(' ');
    glyphs.set(pair.slice(0, sp), parseInt(pair.slice(sp + 1), 16));
  }
  return glyphs;
}

/** pdf.js's getUnicodeForGlyph: -1 when the name gives none */
function unicodeForGlyph(name: string, list: Map<string, number>): number {
  const u = list.get(name);
  if (u !== undefined) return u;
  if (!name || name[0] !== 'u') return -1;
  let hex: string;
  if (name.length === 7 && name[1] === 'n' && name[2] === 'i') hex = name.substring(3);
  else if (name.length >= 5 && name.length <= 7) hex = name.substring(1);
  else return -1;
  // upper-case hex only, to avoid false positives
  if (hex !== hex.toUpperCase()) return -1;
  const v = parseInt(hex, 16);
  return v >= 0 ? v : -1;
}

/**
 * Each code's unicode for an encoding (glyph names by code, "" for none) with
 * /Differences laid over it; `base` is the named base encoding, whose glyph
 * pdf.js prefers when a guessed code equals the character code.
 */
export function simpleFontToUnicode(defaults: readonly string[], differences: readonly (string | undefined)[], base: readonly string[] | undefined, forceGlyphs = false): (string | undefined)[] {
  // a standard encoding alone: every name is in the list (the build checks)
  const table = differences.length === 0 ? STANDARD_UNICODE.get(defaults) : undefined;
  if (table) return table.map((u) => u ?? undefined);
  const list = glyphList();
  const encoding = defaults.slice() as (string | undefined)[];
  differences.forEach((name, code) => {
    // .notdef is skipped, so the base glyph stays
    if (name !== undefined && name !== '.notdef') encoding[code] = name;
  });
  const out: (string | undefined)[] = [];
  for (let charcode = 0; charcode < encoding.length; charcode++) {
    const glyphName = encoding[charcode];
    if (glyphName === undefined || glyphName === '') continue;
    const unicode = list.get(glyphName);
    if (unicode !== undefined) {
      out[charcode] = String.fromCharCode(unicode);
      continue;
    }
    let code = 0;
    switch (glyphName[0]) {
      case 'G':
        if (glyphName.length === 3) code = parseInt(glyphName.substring(1), 16);
        break;
      case 'g':
        if (glyphName.length === 5) code = parseInt(glyphName.substring(1), 16);
        break;
      case 'C':
      case 'c':
        if (glyphName.length >= 3 && glyphName.length <= 4) {
          const codeStr = glyphName.substring(1);
          if (forceGlyphs) {
            code = parseInt(codeStr, 16);
            break;
          }
          code = +codeStr;
          // one hexadecimal Cxx name makes pdf.js read them all as hex
          if (Number.isNaN(code) && Number.isInteger(parseInt(codeStr, 16))) return simpleFontToUnicode(defaults, differences, base, true);
        }
        break;
      case 'u': {
        const u = unicodeForGlyph(glyphName, list);
        if (u !== -1) code = u;
        break;
      }
      default:
        if (glyphName === 'f_h' || glyphName === 'f_t' || glyphName === 'T_h') {
          out[charcode] = glyphName.replaceAll('_', '');
          continue;
        }
    }
    if (code > 0 && code <= 0x10ffff && Number.isInteger(code)) {
      if (base && code === charcode) {
        const name = base[charcode];
        if (name) {
          out[charcode] = String.fromCharCode(list.get(name) as number);
          continue;
        }
      }
      out[charcode] = String.fromCodePoint(code);
    }
  }
  return out;
}

/** pdf.js's adjustType1ToUnicode: a Type1 program's own encoding (glyph
 * names by code) over `toUnicode`, but for the codes `keep` says the font's
 * /Encoding decides */
export function amendFromBuiltIn(toUnicode: (string | undefined)[], builtIn: readonly string[], keep: (code: number) => boolean): void {
  const list = glyphList();
  builtIn.forEach((name, code) => {
    if (keep(code)) return;
    const u = unicodeForGlyph(name, list);
    if (u !== -1) toUnicode[code] = String.fromCharCode(u);
  });
}
