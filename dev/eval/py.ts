// Python semantics the reference scorer (score.py) relies on, reproduced exactly
// where JavaScript differs: white space, \w, str() of numbers and objects,
// float() of strings, '%.Nf' rounding and code-point ordering.

/** Python's str.isspace() / re `\s` set (Unicode 14), which differs from JS `\s`
 * (JS lacks U+001C..U+001F and U+0085, and adds U+FEFF). */
export const PY_WS_CLASS =
  '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const STRIP_RE = new RegExp(`^[${PY_WS_CLASS}]+|[${PY_WS_CLASS}]+$`, 'gu');
const WS_RUN_RE = new RegExp(`[${PY_WS_CLASS}]+`, 'u');

/** Python's `\w` on str patterns is exactly letters, numbers and '_' (checked
 * over every code point against CPython 3.11; newer Unicode letters aside). */
export const WORD_CLASS = '\\p{L}\\p{N}_';

/** str.strip() with no argument. */
export function pyStrip(s: string): string {
  return s.replace(STRIP_RE, '');
}

/** str.split() with no argument: split on runs of white space, no empty parts. */
export function pySplit(s: string): string[] {
  return s.split(WS_RUN_RE).filter((t) => t !== '');
}

/** Is a JS number one that Python reads from JSON as an int? JSON.stringify writes
 * integral numbers below 1e21 without a point or exponent, and Python reads those
 * as int. (A gold file holding e.g. `1e15` would be a float in Python: not handled.) */
function isPyInt(v: number): boolean {
  return Number.isInteger(v) && Math.abs(v) < 1e21;
}

/** repr() of a Python float. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without digits gives the shortest round-trip digits, as repr does
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(Math.abs(x).toExponential());
  if (!m) throw new Error(`pyFloatRepr: unexpected ${x}`);
  const digits = m[1] + (m[2] ?? '');
  const exp = Number(m[3]);
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, '0');
      const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : '0';
      return `${sign}${intPart}.${frac}`;
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp).toString().padStart(2, '0');
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e}`;
}

/** score.py fmt_num: a number as text: 105000.0 -> '105000', 4.2 -> '4.2'. */
export function fmtNum(v: number): string {
  // an int prints its digits; an integral float below 1e15 prints as an int
  return isPyInt(v) ? String(v === 0 ? 0 : v) : pyFloatRepr(v);
}

const NONPRINTABLE_RE = /[\p{C}\p{Zl}\p{Zp}\p{Zs}]/u;

/** repr() of a Python str. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch !== ' ' && NONPRINTABLE_RE.test(ch)) {
      if (cp < 0x100) out += '\\x' + cp.toString(16).padStart(2, '0');
      else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
      else out += '\\U' + cp.toString(16).padStart(8, '0');
    } else out += ch;
  }
  return out + quote;
}

/** repr() of a JSON-derived value as Python would hold it. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return pyStrRepr(v);
  return pyStr(v);
}

/** str() of a JSON-derived value as Python would hold it. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return isPyInt(v) ? String(v === 0 ? 0 : v) : pyFloatRepr(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return '[' + v.map(pyRepr).join(', ') + ']';
  if (typeof v === 'object') {
    return '{' + Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`).join(', ') + '}';
  }
  return String(v);
}

/** Python truthiness of a JSON value ([] and {} are false). */
export function pyTruthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && v !== null) return Object.keys(v).length > 0;
  return !!v;
}

const ND_RE = /\p{Nd}/u;
const FLOAT_RE = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

/** Value 0..9 of a Unicode decimal digit: decimal digits come in contiguous runs
 * of ten, zero first, so the value is the offset in the run modulo 10. */
function digitValue(cp: number): number {
  let n = 0;
  while (cp - n - 1 >= 0 && ND_RE.test(String.fromCodePoint(cp - n - 1))) n++;
  return n % 10;
}

/** float(s) for a str, or null when Python raises ValueError. Accepts what
 * Python accepts: surrounding white space, '_' between digits, Unicode digits,
 * inf/nan spellings. */
export function pyParseFloat(s: string): number | null {
  let t = '';
  for (const ch of pyStrip(s)) {
    const cp = ch.codePointAt(0)!;
    t += cp > 0x7f && ND_RE.test(ch) ? String(digitValue(cp)) : ch;
  }
  const low = t.toLowerCase();
  const bare = low.replace(/^[+-]/, '');
  if (bare === 'inf' || bare === 'infinity') return low.startsWith('-') ? -Infinity : Infinity;
  if (bare === 'nan') return NaN;
  if (!FLOAT_RE.test(t)) return null;
  return Number(t.replace(/_/g, ''));
}

/** Python's '%.{d}f' % x: the exact binary value rounded half-to-even (JS toFixed
 * rounds exact ties up: 0.125.toFixed(2) is '0.13', Python gives '0.12'). */
export function pyFixed(x: number, d: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const neg = x < 0 || Object.is(x, -0);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  const scale = 10n ** BigInt(d);
  let q: bigint;
  if (e >= 0) q = (mant << BigInt(e)) * scale;
  else {
    const n = mant * scale;
    const sh = BigInt(-e);
    q = n >> sh;
    const r = n - (q << sh);
    const half = 1n << (sh - 1n);
    if (r > half || (r === half && (q & 1n) === 1n)) q += 1n;
  }
  let s = q.toString();
  if (d > 0) {
    s = s.padStart(d + 1, '0');
    s = `${s.slice(0, -d)}.${s.slice(-d)}`;
  }
  return (neg ? '-' : '') + s;
}

/** round(x, d) for a float. */
export function pyRound(x: number, d: number): number {
  return Number(pyFixed(x, d));
}

/** Python's default str ordering: by code point (JS sorts by UTF-16 unit). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx - cy;
  }
}

/** '%-*s' % (width, s): left-justified to a width in code points. */
export function padRight(s: string, width: number): string {
  const n = [...s].length;
  return n >= width ? s : s + ' '.repeat(width - n);
}

/** Python's sum() of floats in order (CPython 3.11; 3.12+ compensates rounding,
 * a difference of a few ulps). */
export function pySum(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
