// Fonts, as far as text extraction needs them: each code's advance width and
// its unicode, as pdf.js derives them. Only fonts whose mapping is certain are
// taken: simple TrueType (embedded or not), embedded Type1 or Type1C
// programs (their own encoding laid over as pdf.js does), the standard 14
// but ZapfDingbats (each with a /ToUnicode CMap, or an encoding read through
// pdf.js's glyph names), and Type0 Identity-H over CIDFontType2 (with a
// /ToUnicode CMap).
// Everything else sends the file to pdf.js.
import type { LiteDocument } from './document.ts';
import { ENCODING_NAMES, STANDARD_WIDTHS } from './encodings.generated.ts';
import { amendFromBuiltIn, simpleFontToUnicode } from './glyphs.ts';
import { readCff } from './cff.ts';
import { type1Header } from './type1.ts';
import { Cmd, Dict, EOF, Fallback, Lexer, Name, Stream, type PdfObj } from './objects.ts';

export interface LiteFont {
  /** pdf.js's font name (BaseFont, subset prefix included) */
  name: string;
  /** two-byte codes (Identity-H) */
  twoByte: boolean;
  widths: number[];
  defaultWidth: number;
  /** code -> unicode (the /ToUnicode CMap and the encoding); a code without
   * one is read as the character of the code itself, as pdf.js does */
  toUnicode: (string | undefined)[];
}

export function loadFont(doc: LiteDocument, ref: PdfObj | undefined): LiteFont {
  const dict = doc.resolve(ref);
  if (!(dict instanceof Dict)) throw new Fallback('font is not a dictionary');
  const subtype = nameOf(doc.get(dict, 'Subtype'));
  if (subtype === 'Type0') return type0(doc, dict);
  if (subtype !== 'TrueType' && subtype !== 'Type1') throw new Fallback(`font type ${subtype}`);
  if (dict.get('FontMatrix') !== undefined) throw new Fallback('font matrix');
  const descriptor = doc.get(dict, 'FontDescriptor');
  if (descriptor === undefined && subtype === 'Type1') return standardFont(doc, dict);
  if (!(descriptor instanceof Dict)) throw new Fallback('font without descriptor');
  // pdf.js reads a TrueType font that is not embedded with the /Widths given
  // and the encoding as for any other (its own program only draws it)
  const embedded = descriptor.get('FontFile') !== undefined || descriptor.get('FontFile2') !== undefined || descriptor.get('FontFile3') !== undefined;
  if (!embedded && subtype !== 'TrueType') throw new Fallback('Type1 font not embedded');
  let builtIn: string[] | undefined;
  if (embedded && subtype === 'TrueType') checkTrueTypeFile(doc, descriptor);
  else if (embedded && descriptor.get('FontFile') !== undefined) builtIn = checkType1File(doc, descriptor);
  else if (embedded) builtIn = checkCompactFile(doc, descriptor);
  const widths = doc.get(dict, 'Widths');
  const first = doc.get(dict, 'FirstChar');
  if (!Array.isArray(widths) || typeof first !== 'number') throw new Fallback('font without widths');
  const w: number[] = [];
  let j = first;
  for (const x of widths) {
    const v = doc.resolve(x);
    if (typeof v === 'number') w[j] = v;
    j++;
  }
  // pdf.js fills the codes /Widths leaves out from a Type1 program
  const last = doc.get(dict, 'LastChar');
  if (builtIn && descriptor.get('FontFile') !== undefined && typeof last === 'number') for (let c = first; c <= last; c++) if (w[c] === undefined) throw new Fallback('Type1 font with widths left out');
  const missing = doc.get(descriptor, 'MissingWidth');
  const name = fontName(doc, dict, descriptor);
  // pdf.js picks another encoding for fonts it takes for symbol (or Chinese)
  // fonts by name
  if (embedded ? /^(?:[A-Z]{6}\+)?(?:Symbol|Dingbats|ZapfDingbats)$/.test(name) : /Symbol|Dingbats|Wingdings/i.test(name) || name.charCodeAt(0) >= 0xb7) throw new Fallback('symbol font');
  const flags = doc.get(descriptor, 'Flags');
  return {
    name,
    twoByte: false,
    widths: w,
    defaultWidth: typeof missing === 'number' ? missing : 0,
    ...simpleUnicode(doc, dict, { type: subtype, flags: typeof flags === 'number' ? flags : 0, builtIn }),
  };
}

/** A simple font's unicode as pdf.js's extractDataStructures and
 * buildToUnicode give it: the encoding in force (the base named, else the one
 * pdf.js picks from the font's type and flags, or `implied` for a standard
 * font) with /Differences over it, through pdf.js's glyph names; a /ToUnicode
 * CMap, when there is one, wins for the codes it lists. */
function simpleUnicode(doc: LiteDocument, dict: Dict, font: { implied?: string; type?: string; flags?: number; symbol?: boolean; builtIn?: string[] }): Pick<LiteFont, 'toUnicode'> & { names: { defaults: string[]; differences: (string | undefined)[] } } {
  const enc = doc.get(dict, 'Encoding');
  let base: string | undefined;
  const differences: (string | undefined)[] = [];
  if (enc instanceof Name) base = enc.name;
  else if (enc instanceof Dict) {
    const b = doc.get(enc, 'BaseEncoding');
    base = b instanceof Name ? b.name : undefined;
    const d = doc.get(enc, 'Differences');
    if (Array.isArray(d)) {
      let index = 0;
      for (const x of d) {
        const v = doc.resolve(x);
        if (typeof v === 'number') index = v;
        else if (v instanceof Name) differences[index++] = v.name;
        else throw new Fallback('odd Differences entry');
      }
    } else if (d !== undefined) throw new Fallback('odd Differences');
  } else if (enc !== undefined) throw new Fallback('odd font encoding');
  // pdf.js keeps only these as a base encoding, and none for the Symbol font
  if (font.symbol || (base !== 'WinAnsiEncoding' && base !== 'MacRomanEncoding' && base !== 'MacExpertEncoding')) base = undefined;
  if (base === 'MacExpertEncoding') throw new Fallback('MacExpert encoding');
  const hasEncoding = base !== undefined || differences.length > 0;
  // the encoding in force before the differences
  let defaults = base ?? font.implied;
  if (defaults === undefined) {
    let symbolic = ((font.flags ?? 0) & 4) !== 0;
    const nonsymbolic = ((font.flags ?? 0) & 32) !== 0;
    if (font.type === 'TrueType' && symbolic && nonsymbolic && differences.length > 0) symbolic = false;
    defaults = symbolic ? 'MacRomanEncoding' : font.type === 'TrueType' && !nonsymbolic ? 'WinAnsiEncoding' : 'StandardEncoding';
  }
  const names = { defaults: ENCODING_NAMES[defaults], differences };
  const fromEncoding = () => simpleFontToUnicode(ENCODING_NAMES[defaults], differences, base !== undefined ? ENCODING_NAMES[base] : undefined);
  if (doc.get(dict, 'ToUnicode') === undefined) {
    // a Type1C program's own encoding would fill the codes no base names
    const toUni = fromEncoding();
    // pdf.js's adjustType1ToUnicode (Type1 and Type1C programs), unless the
    // program's encoding is the one in force
    if (font.builtIn && font.builtIn !== ENCODING_NAMES[defaults]) amendFromBuiltIn(toUni, font.builtIn, (code) => hasEncoding && (base !== undefined || differences[code] !== undefined));
    return { toUnicode: toUni, names };
  }
  const map = toUnicode(doc, dict);
  if (!hasEncoding) return { toUnicode: map, names };
  // pdf.js's amendFallbackToUnicode: the encoding fills what the CMap leaves out
  fromEncoding().forEach((u, code) => {
    if (map[code] === undefined && u !== undefined) map[code] = u;
  });
  return { toUnicode: map, names };
}

/** the standard fonts pdf.js reads from its own files (ZapfDingbats aside:
 * its glyph names are its own) */
const STANDARD = new Set(['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Helvetica-BoldOblique', 'Times-Roman', 'Times-Bold', 'Times-Italic', 'Times-BoldItalic', 'Courier', 'Courier-Bold', 'Courier-Oblique', 'Courier-BoldOblique', 'Symbol']);

/** A standard font named but not embedded: pdf.js's translateFont without a
 * descriptor (widths from /Widths, else pdf.js's metrics under the font's
 * encoding; other codes the family's default, 600 for Courier, else 0). */
function standardFont(doc: LiteDocument, dict: Dict): LiteFont {
  const base = doc.get(dict, 'BaseFont');
  if (!(base instanceof Name) || !STANDARD.has(base.name)) throw new Fallback('font without descriptor');
  // a standard font without an encoding of its own is read as StandardEncoding;
  // Symbol always as its own
  const symbol = base.name === 'Symbol';
  const { names, ...unicode } = simpleUnicode(doc, dict, symbol ? { implied: 'SymbolSetEncoding', symbol } : { implied: 'StandardEncoding' });
  const metrics = STANDARD_WIDTHS[base.name];
  const widths = doc.get(dict, 'Widths');
  const first = doc.get(dict, 'FirstChar');
  const w: number[] = [];
  if (Array.isArray(widths) && typeof first === 'number') {
    let j = first;
    for (const x of widths) {
      const v = doc.resolve(x);
      if (typeof v === 'number') w[j] = v;
      j++;
    }
  } else {
    // pdf.js's buildCharCodeToWidth: the metrics by the glyph's name, the
    // differences' first, then the encoding's
    for (let code = 0; code < 256; code++) {
      const v = metrics.byName[names.differences[code] as string] || metrics.byName[names.defaults[code]];
      if (v) w[code] = v;
    }
  }
  return { name: base.name, twoByte: false, widths: w, defaultWidth: metrics.default, ...unicode };
}

function type0(doc: LiteDocument, dict: Dict): LiteFont {
  const enc = doc.get(dict, 'Encoding');
  if (!(enc instanceof Name) || enc.name !== 'Identity-H') throw new Fallback('CID encoding');
  const kids = doc.get(dict, 'DescendantFonts');
  const cid = Array.isArray(kids) ? doc.resolve(kids[0]) : undefined;
  if (!(cid instanceof Dict) || nameOf(doc.get(cid, 'Subtype')) !== 'CIDFontType2') throw new Fallback('CID font type');
  if (cid.get('FontMatrix') !== undefined) throw new Fallback('font matrix');
  const descriptor = doc.get(cid, 'FontDescriptor');
  if (!(descriptor instanceof Dict)) throw new Fallback('font without descriptor');
  checkTrueTypeFile(doc, descriptor);
  const dw = doc.get(cid, 'DW');
  const w: number[] = [];
  const arr = doc.get(cid, 'W');
  if (Array.isArray(arr)) {
    // as pdf.js's extractWidths
    for (let i = 0; i < arr.length; i++) {
      let start = doc.resolve(arr[i++]);
      if (typeof start !== 'number' || !Number.isInteger(start)) break;
      const code = doc.resolve(arr[i]);
      if (Array.isArray(code)) {
        for (const c of code) {
          const v = doc.resolve(c);
          if (typeof v === 'number') w[start] = v;
          start++;
        }
      } else if (typeof code === 'number' && Number.isInteger(code)) {
        const v = doc.resolve(arr[++i]);
        if (typeof v !== 'number') continue;
        for (let k = start; k <= code; k++) w[k] = v;
      } else break;
    }
  }
  return {
    name: fontName(doc, cid, descriptor),
    twoByte: true,
    widths: w,
    defaultWidth: typeof dw === 'number' ? Math.ceil(dw) : 1000,
    toUnicode: toUnicode(doc, dict),
  };
}

const nameOf = (o: PdfObj | undefined): string | undefined => (o instanceof Name ? o.name : undefined);

function checkTrueTypeFile(doc: LiteDocument, descriptor: Dict): void {
  if (descriptor.get('FontFile') !== undefined || descriptor.get('FontFile3') !== undefined) throw new Fallback('not a TrueType program');
  const file = doc.get(descriptor, 'FontFile2');
  if (!(file instanceof Stream)) throw new Fallback('font not embedded');
  const head = doc.decoded(file).subarray(0, 4);
  const tag = String.fromCharCode(...head);
  if (!(tag === '\x00\x01\x00\x00' || tag === 'true')) throw new Fallback('font program is not plain TrueType');
}

/** An embedded Type1 program: its FontMatrix must be the usual 1/1000 one
 * (pdf.js takes it over the PDF's); its own encoding, named or listed, is
 * returned (undefined when pdf.js would find none). */
function checkType1File(doc: LiteDocument, descriptor: Dict): string[] | undefined {
  if (descriptor.get('FontFile2') !== undefined || descriptor.get('FontFile3') !== undefined) throw new Fallback('odd Type1 program');
  const file = doc.get(descriptor, 'FontFile');
  if (!(file instanceof Stream)) throw new Fallback('odd Type1 program');
  const head = type1Header(doc.decoded(file), doc.get(file.dict, 'Length1'));
  if (head.matrix !== null && head.matrix.join() !== '0.001,0,0,0.001,0,0') throw new Fallback('font matrix in the program');
  if (typeof head.encoding !== 'string') return head.encoding ?? undefined;
  // pdf.js's getEncoding: the same table object as a named encoding in force
  if (ENCODING_NAMES[head.encoding]) return ENCODING_NAMES[head.encoding];
  if (/^(?:ZapfDingbats|Expert|MacExpert)Encoding$/.test(head.encoding)) throw new Fallback('Type1 program encoding');
  return undefined;
}

/** An embedded compact (CFF, Type1C) program: pdf.js takes its FontMatrix
 * over the PDF's, so only the usual 1/1000 one is certain here. */
function checkCompactFile(doc: LiteDocument, descriptor: Dict): string[] | undefined {
  if (descriptor.get('FontFile') !== undefined || descriptor.get('FontFile2') !== undefined) throw new Fallback('not a compact font program');
  const file = doc.get(descriptor, 'FontFile3');
  if (!(file instanceof Stream) || nameOf(doc.get(file.dict, 'Subtype')) !== 'Type1C') throw new Fallback('font not embedded as Type1C');
  const { matrix, builtIn } = readCff(doc.decoded(file));
  if (matrix !== null && matrix.join() !== '0.001,0,0,0.001,0,0') throw new Fallback('font matrix in the program');
  return builtIn;
}

/** pdf.js's choice between the descriptor's FontName and the BaseFont */
function fontName(doc: LiteDocument, dict: Dict, descriptor: Dict): string {
  const fn = doc.get(descriptor, 'FontName');
  const bf = doc.get(dict, 'BaseFont');
  const f = fn instanceof Name ? fn.name : typeof fn === 'string' ? fn : undefined;
  const b = bf instanceof Name ? bf.name : typeof bf === 'string' ? bf : undefined;
  if (f === b && f !== undefined) return f;
  if (f && b && b.startsWith(f)) return b;
  if (!f && b) return b;
  throw new Fallback('font names disagree');
}

function toUnicode(doc: LiteDocument, dict: Dict): (string | undefined)[] {
  const s = doc.get(dict, 'ToUnicode');
  if (!(s instanceof Stream)) throw new Fallback('font without a ToUnicode CMap');
  const map = parseToUnicode(doc.decoded(s));
  if (map.length === 0) throw new Fallback('empty ToUnicode CMap');
  return map;
}

/** bfchar and bfrange of a ToUnicode CMap, as pdf.js reads them */
export function parseToUnicode(bytes: Uint8Array): (string | undefined)[] {
  const raw: (string | undefined)[] = [];
  const lx = new Lexer(bytes);
  const tok = () => lx.token();
  const str = (t: unknown): string => {
    if (typeof t !== 'string') throw new Fallback('odd ToUnicode CMap');
    return t;
  };
  for (;;) {
    const t = tok();
    if (t === EOF) break;
    if (!(t instanceof Cmd)) continue;
    if (t.cmd === 'usecmap' || t.cmd === 'begincidrange' || t.cmd === 'begincidchar' || t.cmd === 'beginnotdefrange') throw new Fallback(`ToUnicode ${t.cmd}`);
    if (t.cmd === 'beginbfchar') {
      for (;;) {
        const a = tok();
        if (a instanceof Cmd && a.cmd === 'endbfchar') break;
        raw[toInt(str(a))] = str(tok());
      }
    } else if (t.cmd === 'beginbfrange') {
      for (;;) {
        const a = tok();
        if (a instanceof Cmd && a.cmd === 'endbfrange') break;
        let low = toInt(str(a));
        const high = toInt(str(tok()));
        const d = tok();
        if (high - low > 2 ** 24 - 1) throw new Fallback('huge bfrange');
        if (typeof d === 'string' || (typeof d === 'number' && Number.isInteger(d))) {
          // pdf.js's mapBfRange: the destination's last byte counts up
          let dst = typeof d === 'number' ? String.fromCharCode(d) : d;
          const last = dst.length - 1;
          while (low <= high) {
            raw[low++] = dst;
            const next = dst.charCodeAt(last) + 1;
            if (next > 0xff) {
              dst = dst.substring(0, last - 1) + String.fromCharCode(dst.charCodeAt(last - 1) + 1) + '\x00';
              continue;
            }
            dst = dst.substring(0, last) + String.fromCharCode(next);
          }
        } else if (d instanceof Cmd && d.cmd === '[') {
          for (;;) {
            const x = tok();
            if (x instanceof Cmd && x.cmd === ']') break;
            if (x === EOF) throw new Fallback('odd ToUnicode CMap');
            if (low <= high) raw[low++] = str(x);
          }
        } else throw new Fallback('odd bfrange');
      }
    }
  }
  // UTF-16BE (pdf.js readToUnicode)
  const out: (string | undefined)[] = [];
  raw.forEach((token, code) => {
    if (token === undefined) return;
    if (token.length % 2 !== 0) token = '\u0000' + token;
    const cps: number[] = [];
    for (let k = 0; k < token.length; k += 2) {
      const w1 = (token.charCodeAt(k) << 8) | token.charCodeAt(k + 1);
      if ((w1 & 0xf800) !== 0xd800) {
        cps.push(w1);
        continue;
      }
      k += 2;
      const w2 = (token.charCodeAt(k) << 8) | token.charCodeAt(k + 1);
      cps.push(((w1 & 0x3ff) << 10) + (w2 & 0x3ff) + 0x10000);
    }
    out[code] = String.fromCodePoint(...cps);
  });
  return out;
}

function toInt(s: string): number {
  let a = 0;
  for (let i = 0; i < s.length; i++) a = (a << 8) | s.charCodeAt(i);
  return a >>> 0;
}

