// PDF objects and the lexer that reads them, from the file body and from
// content streams alike. Anything this reader is not sure of throws Fallback:
// the whole file then goes to pdf.js.

/** Thrown where the fast reader cannot be certain to read as pdf.js does. */
export class Fallback extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'Fallback';
  }
}

export class Name {
  constructor(readonly name: string) {}
}
export class Cmd {
  /** the operand count the content interpreter found for it (cached there) */
  arity: number | null | undefined = undefined;
  /** the content interpreter's number for it (-1: not yet looked up) */
  code = -1;
  constructor(readonly cmd: string) {}
}
export class Ref {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
export class Dict {
  readonly map = new Map<string, PdfObj>();
  get(key: string): PdfObj | undefined {
    return this.map.get(key);
  }
}
export class Stream {
  constructor(
    readonly dict: Dict,
    /** the raw (still encoded) bytes */
    readonly raw: Uint8Array,
  ) {}
}
/** strings are kept as binary strings: one char per byte */
export type PdfObj = number | boolean | null | string | Name | Ref | Dict | PdfObj[] | Stream;

export const EOF = Symbol('eof');

const WHITE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITE[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

export const isWhite = (c: number): boolean => WHITE[c] === 1;

const NAMES = new Map<string, Name>();
const CMDS = new Map<string, Cmd>();
// A string built byte by byte is a chain V8 compares character by character;
// a property key is internalized, and compares by pointer. Each distinct name
// and command is internalized once, when first seen.
const internalized = (s: string): string => Object.keys({ [s]: 0 })[0];
const nameOf = (s: string): Name => {
  let n = NAMES.get(s);
  if (!n) {
    // a long run meets many distinct (subset font) names: the table is bounded
    if (NAMES.size > 50_000) NAMES.clear();
    NAMES.set(s, (n = new Name(internalized(s))));
  }
  return n;
};
const cmdOf = (s: string): Cmd => {
  let c = CMDS.get(s);
  if (!c) {
    if (CMDS.size > 10_000) CMDS.clear();
    CMDS.set(s, (c = new Cmd(internalized(s))));
  }
  return c;
};

// Operators of up to three bytes (nearly all), by their bytes as one number:
// no string is built for them once each is known. (No byte of a command is 0,
// a white-space byte, so the number tells the length too.)
const SHORT_CMDS = new Map<number, Cmd>();
/** one-byte operators ([ and ] of every TJ, q, Q, f, S, m, l ...) by their byte */
const ONE_BYTE_CMDS: (Cmd | undefined)[] = [];
for (let c = 0; c < 256; c++) ONE_BYTE_CMDS.push(undefined);
function shortCmd(b: Uint8Array, from: number, to: number): Cmd {
  if (to - from === 1) return (ONE_BYTE_CMDS[b[from]] ??= cmdOf(String.fromCharCode(b[from])));
  let key = 0;
  for (let i = from; i < to; i++) key = (key << 8) | b[i];
  let c = SHORT_CMDS.get(key);
  if (!c) {
    if (SHORT_CMDS.size > 10_000) SHORT_CMDS.clear();
    SHORT_CMDS.set(key, (c = cmdOf(latin1(b, from, to))));
  }
  return c;
}

/** A number as pdf.js's lexer computes it (digits accumulated, then one
 * division), so that both readers hold the same bits; read where the token's
 * end is found (one pass over its bytes). `lx.pos` is left at its end. */
function number(lx: Lexer, b: Uint8Array, from: number): number {
  const end = lx.end;
  let i = from;
  let sign = 1;
  if (b[i] === 45) {
    sign = -1;
    i++;
  } else if (b[i] === 43) i++;
  let value = 0;
  let divideBy = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = b[i];
    if (c >= 48 && c <= 57) {
      if (divideBy !== 0) divideBy *= 10;
      value = value * 10 + (c - 48);
      digits++;
    } else if (c === 46 && divideBy === 0) divideBy = 1;
    else if (WHITE[c] || DELIM[c]) break;
    else throw new Fallback(`odd number at ${from}`);
  }
  lx.pos = i;
  if (!digits) throw new Fallback(`odd number at ${from}`);
  if (divideBy !== 0) value /= divideBy;
  return sign * value;
}

// A string token's bytes are gathered here (reused: no array per string);
// the short ones (most: a glyph or two) are made without a spread, the
// longer ones by Buffer's latin1 decoding (one native call).
let scratch = new Uint8Array(256);
let scratchBuf = Buffer.from(scratch.buffer);
function pushByte(n: number, c: number): void {
  if (n === scratch.length) {
    const bigger = new Uint8Array(n * 2);
    bigger.set(scratch);
    scratch = bigger;
    scratchBuf = Buffer.from(scratch.buffer);
  }
  scratch[n] = c;
}
function scratchString(n: number): string {
  const b = scratch;
  switch (n) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(b[0]);
    case 2:
      return String.fromCharCode(b[0], b[1]);
    case 3:
      return String.fromCharCode(b[0], b[1], b[2]);
    case 4:
      return String.fromCharCode(b[0], b[1], b[2], b[3]);
    default:
      return scratchBuf.toString('latin1', 0, n);
  }
}

/** One token at a time: numbers, strings, names, commands and the
 * delimiters [ ] << >> as commands. */
export class Lexer {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
    readonly end = bytes.length,
  ) {
    this.pos = pos;
  }

  skipWhite(): void {
    const b = this.bytes;
    while (this.pos < this.end) {
      const c = b[this.pos];
      if (WHITE[c]) this.pos++;
      else if (c === 37) {
        while (this.pos < this.end && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
      } else break;
    }
  }

  token(): number | string | Name | Cmd | typeof EOF {
    this.skipWhite();
    const b = this.bytes;
    if (this.pos >= this.end) return EOF;
    const c = b[this.pos];
    if (c === 47) return this.name();
    if (c === 40) return this.literal();
    if (c === 60) {
      if (b[this.pos + 1] === 60) {
        this.pos += 2;
        return cmdOf('<<');
      }
      return this.hex();
    }
    if (c === 62) {
      if (b[this.pos + 1] !== 62) throw new Fallback('stray >');
      this.pos += 2;
      return cmdOf('>>');
    }
    if (c === 91 || c === 93 || c === 123 || c === 125) {
      this.pos++;
      return shortCmd(b, this.pos - 1, this.pos);
    }
    if (c === 41) throw new Fallback('stray )');
    const start = this.pos;
    if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) return number(this, b, start);
    while (this.pos < this.end && !WHITE[b[this.pos]] && !DELIM[b[this.pos]]) this.pos++;
    return this.pos - start <= 3 ? shortCmd(b, start, this.pos) : cmdOf(latin1(b, start, this.pos));
  }

  private name(): Name {
    const b = this.bytes;
    const start = ++this.pos;
    let hasHash = false;
    while (this.pos < this.end && !WHITE[b[this.pos]] && !DELIM[b[this.pos]]) {
      if (b[this.pos] === 35) hasHash = true;
      this.pos++;
    }
    let s = latin1(b, start, this.pos);
    if (hasHash) {
      s = s.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      if (s.includes('#')) throw new Fallback('odd name');
    }
    return nameOf(s);
  }

  private literal(): string {
    const b = this.bytes;
    this.pos++;
    let depth = 1;
    let n = 0;
    while (this.pos < this.end) {
      let c = b[this.pos++];
      if (c === 40) depth++;
      else if (c === 41) {
        if (--depth === 0) return scratchString(n);
      } else if (c === 92) {
        c = b[this.pos++];
        switch (c) {
          case 110: c = 10; break;
          case 114: c = 13; break;
          case 116: c = 9; break;
          case 98: c = 8; break;
          case 102: c = 12; break;
          case 13:
            if (b[this.pos] === 10) this.pos++;
            continue;
          case 10:
            continue;
          default:
            if (c >= 48 && c <= 55) {
              let v = c - 48;
              for (let k = 0; k < 2 && b[this.pos] >= 48 && b[this.pos] <= 55; k++) v = v * 8 + b[this.pos++] - 48;
              // pdf.js keeps an escape over \377 as a char over 255
              if (v > 0xff) throw new Fallback('octal escape over 255');
              c = v;
            }
        }
      }
      pushByte(n++, c);
    }
    throw new Fallback('unterminated string');
  }

  private hex(): string {
    const b = this.bytes;
    this.pos++;
    let n = 0;
    let hi = -1;
    while (this.pos < this.end) {
      const c = b[this.pos++];
      if (c === 62) {
        if (hi >= 0) pushByte(n++, hi << 4);
        return scratchString(n);
      }
      if (WHITE[c]) continue;
      const v = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
      if (v < 0) throw new Fallback('odd hex string');
      if (hi < 0) hi = v;
      else {
        pushByte(n++, (hi << 4) | v);
        hi = -1;
      }
    }
    throw new Fallback('unterminated hex string');
  }
}

export function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  // short tokens (most of them) without a spread's array
  if (to - from <= 16) {
    for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
    return s;
  }
  for (let i = from; i < to; i += 8192) s += String.fromCharCode(...b.subarray(i, Math.min(to, i + 8192)));
  return s;
}

/** Objects from a lexer: n g R references only where `refs` (the file body,
 * not content streams). */
export class Parser {
  private buf: (number | string | Name | Cmd | typeof EOF)[] = [];
  constructor(
    readonly lexer: Lexer,
    private readonly refs: boolean,
  ) {}

  private next(): number | string | Name | Cmd | typeof EOF {
    return this.buf.length ? this.buf.shift()! : this.lexer.token();
  }
  private peek(k: number): number | string | Name | Cmd | typeof EOF {
    while (this.buf.length <= k) this.buf.push(this.lexer.token());
    return this.buf[k];
  }

  /** the next object, or a command (Cmd) for content streams, or EOF */
  obj(): PdfObj | Cmd | typeof EOF {
    const t = this.next();
    if (t === EOF) return EOF;
    if (typeof t === 'number') {
      if (this.refs && Number.isInteger(t) && t >= 0) {
        const g = this.peek(0);
        if (typeof g === 'number' && Number.isInteger(g)) {
          const r = this.peek(1);
          if (r instanceof Cmd && r.cmd === 'R') {
            this.buf.splice(0, 2);
            return new Ref(t, g);
          }
        }
      }
      return t;
    }
    if (typeof t === 'string' || t instanceof Name) return t;
    switch (t.cmd) {
      case '[': {
        const arr: PdfObj[] = [];
        for (;;) {
          const x = this.obj();
          if (x === EOF) throw new Fallback('unterminated array');
          if (x instanceof Cmd) {
            if (x.cmd === ']') return arr;
            throw new Fallback(`command ${x.cmd} in an array`);
          }
          arr.push(x);
        }
      }
      case '<<': {
        const d = new Dict();
        for (;;) {
          const k = this.obj();
          if (k instanceof Cmd && k.cmd === '>>') return d;
          if (!(k instanceof Name)) throw new Fallback('odd dictionary key');
          const v = this.obj();
          if (v === EOF || v instanceof Cmd) throw new Fallback('odd dictionary value');
          d.map.set(k.name, v);
        }
      }
      case 'true':
        return true;
      case 'false':
        return false;
      case 'null':
        return null;
      default:
        return t;
    }
  }

  /** bytes already read ahead are handed back (before a stream's data) */
  get pending(): number {
    return this.buf.length;
  }
}
