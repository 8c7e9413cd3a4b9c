// A CFF (Type1C) program, as far as pdf.js's text needs it: the top DICT's
// FontMatrix, and the program's own encoding (code -> glyph name) that pdf.js
// lays over a font without /ToUnicode (CFFParser's charset and encoding,
// CFFFont._createBuiltInEncoding). CID-keyed programs and anything pdf.js
// reads through forms not ported here send the file to pdf.js.
import { CFF_STANDARD_STRINGS, ENCODING_NAMES, ISO_ADOBE_CHARSET } from './encodings.generated.ts';
import { Fallback } from './objects.ts';

export interface CffRead {
  /** the top DICT's FontMatrix, null when it has none */
  matrix: number[] | null;
  /** code -> glyph name; undefined when pdf.js would find none */
  builtIn: string[] | undefined;
}

export function readCff(b: Uint8Array): CffRead {
  if (b.length < 4 || b[0] !== 1) throw new Fallback('not a CFF program');
  const index = (at: number): { items: [number, number][]; end: number } => {
    const count = (b[at] << 8) | b[at + 1];
    if (count === 0) return { items: [], end: at + 2 };
    const size = b[at + 2];
    if (size < 1 || size > 4) throw new Fallback('odd CFF index');
    const off = (k: number): number => {
      let v = 0;
      for (let j = 0; j < size; j++) v = v * 256 + b[at + 3 + k * size + j];
      return v;
    };
    const base = at + 3 + (count + 1) * size - 1;
    const items: [number, number][] = [];
    for (let k = 0; k < count; k++) items.push([base + off(k), base + off(k + 1)]);
    const end = base + off(count);
    if (end > b.length) throw new Fallback('odd CFF index');
    return { items, end };
  };
  // the Name INDEX, the Top DICT INDEX, the String INDEX
  const names = index(b[2]);
  const top = index(names.end);
  if (top.items.length < 1) throw new Fallback('CFF without a top dict');
  const stringIndex = index(top.end);
  const strings = stringIndex.items.map(([x, y]) => String.fromCharCode(...b.subarray(x, y)));
  const [from, to] = top.items[0];
  const operands: number[] = [];
  let matrix: number[] | null = null;
  const at: Record<number, number> = {};
  for (let i = from; i < to; ) {
    const c = b[i++];
    if (c <= 21) {
      let op = c;
      if (c === 12) op = 1200 + b[i++];
      if (op === 1230) throw new Fallback('CID-keyed CFF program');
      if (op === 1207) matrix = operands.slice();
      // charset, Encoding, CharStrings: offsets
      if (op === 15 || op === 16 || op === 17) at[op] = operands[operands.length - 1];
      operands.length = 0;
    } else if (c === 28) {
      operands.push(((b[i] << 24) | (b[i + 1] << 16)) >> 16);
      i += 2;
    } else if (c === 29) {
      operands.push((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);
      i += 4;
    } else if (c === 30) {
      // a real: nibbles, as pdf.js's CFF parser reads them
      const lookup = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', 'E', 'E-', null, '-'];
      let str = '';
      for (;;) {
        const x = b[i++];
        const n1 = x >> 4;
        const n2 = x & 15;
        if (n1 === 15) break;
        str += lookup[n1];
        if (n2 === 15) break;
        str += lookup[n2];
      }
      operands.push(parseFloat(str));
    } else if (c >= 32 && c <= 246) operands.push(c - 139);
    else if (c >= 247 && c <= 250) operands.push((c - 247) * 256 + b[i++] + 108);
    else if (c >= 251 && c <= 254) operands.push(-((c - 251) * 256) - b[i++] - 108);
    else throw new Fallback('odd CFF dict');
  }
  const charStrings = at[17];
  if (charStrings === undefined || charStrings <= 0 || charStrings >= b.length) throw new Fallback('CFF without charstrings');
  const glyphCount = index(charStrings).items.length;
  // CFFStrings.get, its off-by-one included
  const str = (sid: number): string | undefined => {
    if (sid >= 0 && sid <= 390) return CFF_STANDARD_STRINGS[sid];
    if (sid - 391 <= strings.length) return strings[sid - 391];
    return CFF_STANDARD_STRINGS[0];
  };
  const charset = readCharset(b, at[15] ?? 0, glyphCount, str);
  const encoding = readEncoding(b, at[16] ?? 0, charset, str);
  const builtIn: string[] = [];
  encoding.forEach((gid, code) => {
    const name = gid >= 0 ? charset[gid] : undefined;
    if (name) builtIn[code] = name;
  });
  return { matrix, builtIn: builtIn.length > 0 ? builtIn : undefined };
}

/** CFFParser.parseCharsets for a font that is not CID-keyed */
function readCharset(b: Uint8Array, pos: number, length: number, str: (sid: number) => string | undefined): (string | undefined)[] {
  if (pos === 0) return ISO_ADOBE_CHARSET;
  if (pos === 1 || pos === 2) throw new Fallback('CFF expert charset');
  if (pos >= b.length) throw new Fallback('odd CFF charset');
  const format = b[pos++];
  const charset: (string | undefined)[] = ['.notdef'];
  length -= 1;
  if (format === 0) {
    for (let i = 0; i < length; i++) {
      charset.push(str((b[pos] << 8) | b[pos + 1]));
      pos += 2;
    }
  } else if (format === 1 || format === 2) {
    while (charset.length <= length) {
      if (pos >= b.length) throw new Fallback('odd CFF charset');
      let id = (b[pos] << 8) | b[pos + 1];
      pos += 2;
      let count = b[pos++];
      if (format === 2) count = (count << 8) | b[pos++];
      for (let i = 0; i <= count; i++) charset.push(str(id++));
    }
  } else throw new Fallback('odd CFF charset');
  return charset;
}

/** CFFParser.parseEncoding: code -> glyph id */
function readEncoding(b: Uint8Array, pos: number, charset: (string | undefined)[], str: (sid: number) => string | undefined): number[] {
  const encoding: number[] = [];
  if (pos === 1) throw new Fallback('CFF expert encoding');
  if (pos === 0) {
    const standard = ENCODING_NAMES.StandardEncoding;
    for (let i = 0; i < charset.length; i++) {
      const index = standard.indexOf(charset[i] as string);
      if (index !== -1) encoding[index] = i;
    }
    return encoding;
  }
  if (pos >= b.length) throw new Fallback('odd CFF encoding');
  const format = b[pos++];
  if ((format & 0x7f) === 0) {
    const count = b[pos++];
    for (let i = 1; i <= count; i++) encoding[b[pos++]] = i;
  } else if ((format & 0x7f) === 1) {
    const ranges = b[pos++];
    let gid = 1;
    for (let i = 0; i < ranges; i++) {
      const start = b[pos++];
      const left = b[pos++];
      for (let j = start; j <= start + left; j++) encoding[j] = gid++;
    }
  } else throw new Fallback('odd CFF encoding');
  if (format & 0x80) {
    const n = b[pos++];
    for (let i = 0; i < n; i++) {
      const code = b[pos++];
      const sid = (b[pos] << 8) + b[pos + 1];
      pos += 2;
      encoding[code] = charset.indexOf(str(sid));
    }
  }
  return encoding;
}
