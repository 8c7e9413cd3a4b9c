// The clear-text header of an embedded Type1 program (FontFile), as pdf.js's
// Type1Parser.extractFontHeader reads it: the program's FontMatrix and its
// built-in encoding, which pdf.js lays over the font's unicode. Anything that
// pdf.js would have to recover from sends the file to pdf.js.
import { Fallback } from './objects.ts';

const EEXEC = [0x65, 0x65, 0x78, 0x65, 0x63];
const white = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const special = (c: number) => c === 0x2f || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x28 || c === 0x29;

export interface Type1Header {
  matrix: number[] | null;
  /** glyph names by code; a string names a standard encoding; null: none */
  encoding: string[] | string | null;
}

export function type1Header(program: Uint8Array, length1: unknown): Type1Header {
  if (program[0] === 0x80 && program[1] === 0x01) throw new Fallback('Type1 header block');
  if (typeof length1 !== 'number' || !Number.isInteger(length1) || length1 > program.length) throw new Fallback('Type1 header block');
  // pdf.js's getHeaderBlock takes Length1 only when "eexec" and white space end there
  let i = Math.max(0, length1 - 2 * EEXEC.length);
  let end = -1;
  for (; i < length1 - EEXEC.length; i++) {
    if (EEXEC.every((c, j) => program[i + j] === c)) {
      end = i + EEXEC.length;
      while (end < length1 && white(program[end])) end++;
      break;
    }
  }
  if (end !== length1) throw new Fallback('Type1 header block');
  const head = program.subarray(0, length1);
  let pos = 0;
  const token = (): string | null => {
    let comment = false;
    for (;;) {
      if (pos >= head.length) return null;
      const c = head[pos];
      if (comment) {
        if (c === 0x0a || c === 0x0d) comment = false;
      } else if (c === 0x25) comment = true;
      else if (!white(c)) break;
      pos++;
    }
    if (special(head[pos])) return String.fromCharCode(head[pos++]);
    let t = '';
    do t += String.fromCharCode(head[pos++]);
    while (pos < head.length && !white(head[pos]) && !special(head[pos]));
    return t;
  };
  const out: Type1Header = { matrix: null, encoding: null };
  let t: string | null;
  while ((t = token()) !== null) {
    if (t !== '/') continue;
    t = token();
    if (t === 'FontMatrix') {
      token();
      const m: number[] = [];
      for (;;) {
        const x = token();
        if (x === null || x === ']' || x === '}') break;
        m.push(parseFloat(x || '0'));
      }
      out.matrix = m;
    } else if (t === 'Encoding') {
      const arg = token();
      if (arg === null) throw new Fallback('Type1 program encoding');
      if (!/^\d+$/.test(arg)) out.encoding = arg;
      else {
        const enc: string[] = [];
        const size = parseInt(arg, 10) | 0;
        token();
        for (let j = 0; j < size; j++) {
          let x = token();
          while (x !== 'dup' && x !== 'def') {
            x = token();
            // pdf.js stops reading the header here, the encoding unset
            if (x === null) throw new Fallback('Type1 program encoding');
          }
          if (x === 'def') break;
          const index = parseInt(token() || '0', 10) | 0;
          if (index < 0 || index > 255) throw new Fallback('Type1 program encoding');
          token();
          const glyph = token();
          if (glyph === null) throw new Fallback('Type1 program encoding');
          enc[index] = glyph;
          token();
        }
        out.encoding = enc;
      }
    }
  }
  return out;
}
