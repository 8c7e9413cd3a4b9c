// The content-stream interpreter: one pass gives the text items (as pdf.js's
// getTextContent) and the operators the rulings are read from (as pdf.js's
// operator list: save, restore, transform, forms, and built paths).
import { emptyArray } from '../../arrays.ts';
import type { LiteDocument } from './document.ts';
import { loadFont, type LiteFont } from './fonts.ts';
import { Cmd, Dict, EOF, Fallback, Lexer, Name, Parser, Ref, Stream, type PdfObj } from './objects.ts';
import { matrix, TextBuilder, TextState, transform, type TextItem } from './text-items.ts';

/** pdf.js's OPS codes for the operators the rulings are read from */
export const OPS = {
  save: 10,
  restore: 11,
  transform: 12,
  stroke: 20,
  closeStroke: 21,
  fill: 22,
  eoFill: 23,
  fillStroke: 24,
  eoFillStroke: 25,
  closeFillStroke: 26,
  closeEOFillStroke: 27,
  endPath: 28,
  paintFormXObjectBegin: 74,
  paintFormXObjectEnd: 75,
  constructPath: 91,
} as const;

const PAINT: Record<string, number> = {
  S: OPS.stroke,
  s: OPS.closeStroke,
  f: OPS.fill,
  F: OPS.fill,
  'f*': OPS.eoFill,
  B: OPS.fillStroke,
  'B*': OPS.eoFillStroke,
  b: OPS.closeFillStroke,
  'b*': OPS.closeEOFillStroke,
  n: OPS.endPath,
};

/** The interpreter's own numbers for the operators it acts on, so that it
 * dispatches on a small integer (a jump table) and not by comparing strings;
 * a painting operator is PAINTED + its pdf.js code, the others OTHER. */
const OTHER = 0;
const PAINTED = 100;
const CODES: Record<string, number> = {
  q: 1, Q: 2, cm: 3, Tf: 4, Ts: 5, Tz: 6, TL: 7, Td: 8, TD: 9, 'T*': 10, Tm: 11, Tc: 12, Tw: 13, BT: 14,
  Tj: 15, "'": 16, '"': 17, TJ: 18, Do: 19, gs: 20, BMC: 21, BDC: 22, EMC: 23, re: 26, m: 27, l: 28, c: 29, v: 30, y: 31, h: 32,
};
for (const [op, fn] of Object.entries(PAINT)) CODES[op] = PAINTED + fn;

/** operators pdf.js knows, with their operand counts (-n: up to n) */
const ARGS: Record<string, number> = {
  w: 1, J: 1, j: 1, M: 1, d: 2, ri: 1, i: 1, gs: 1, q: 0, Q: 0, cm: 6,
  m: 2, l: 2, c: 6, v: 4, y: 4, h: 0, re: 4,
  S: 0, s: 0, f: 0, F: 0, 'f*': 0, B: 0, 'B*': 0, b: 0, 'b*': 0, n: 0, W: 0, 'W*': 0,
  BT: 0, ET: 0, Tc: 1, Tw: 1, Tz: 1, TL: 1, Tf: 2, Tr: 1, Ts: 1, Td: 2, TD: 2, Tm: 6, 'T*': 0,
  Tj: 1, TJ: 1, "'": 1, '"': 3,
  CS: 1, cs: 1, SC: -4, SCN: -33, sc: -4, scn: -33, G: 1, g: 1, RG: 3, rg: 3, K: 4, k: 4,
  sh: 1, Do: 1, MP: 1, DP: 2, BMC: 1, BDC: 2, EMC: 0, BX: 0, EX: 0,
};

export interface Ops {
  fnArray: number[];
  argsArray: unknown[];
}

interface Gfx {
  text: TextState;
  cx: number;
  cy: number;
}

/** What one content stream's operators share while it is run. */
class Frame {
  readonly stack: Gfx[] = [];
  // the path under construction, shared across q/Q as in pdf.js
  readonly path: number[] = [];
  // operands of the operator being read: the first nargs slots (the array is
  // reused, not emptied, between operators)
  readonly args: PdfObj[] = [];

  constructor(
    readonly tb: TextBuilder,
    public g: Gfx,
    readonly resources: Dict | null,
    readonly fontDict: PdfObj | undefined,
  ) {}
}

export class PageInterpreter {
  readonly items: TextItem[] = emptyArray();
  readonly ops: Ops = { fnArray: [], argsArray: [] };
  private readonly fonts: Map<PdfObj, LiteFont>;
  private depth = 0;

  constructor(
    private readonly doc: LiteDocument,
    private readonly viewBox: number[],
    fonts: Map<PdfObj, LiteFont>,
  ) {
    this.fonts = fonts;
  }

  private addOp(fn: number, args: unknown): void {
    this.ops.fnArray.push(fn);
    this.ops.argsArray.push(args);
  }

  // (the loop over a stream's objects and the operators' work are two
  // functions: the loop runs long in its first calls, so V8 compiles it again
  // to enter it mid-loop (on-stack replacement); that second compile is of the
  // small loop, not of every operator's code)
  run(content: Uint8Array, resources: Dict | null, state: TextState): void {
    if (++this.depth > 12) throw new Fallback('forms nested too deep');
    const tb = new TextBuilder(this.items, this.viewBox);
    const f = new Frame(tb, { text: state, cx: 0, cy: 0 }, resources, resources ? this.doc.get(resources, 'Font') : undefined);
    tb.state = f.g.text;
    const parser = new Parser(new Lexer(content), false);
    const args = f.args;
    let nargs = 0;
    for (;;) {
      const o = parser.obj();
      if (o === EOF) break;
      if (!(o instanceof Cmd)) {
        args[nargs++] = o;
        if (nargs > 33) throw new Fallback('too many operands');
        continue;
      }
      this.step(o, f, nargs);
      nargs = 0;
    }
    if (nargs) throw new Fallback('operands left at the end');
    tb.flush();
    this.depth--;
  }

  /** One operator, with the first nargs of f.args its operands. */
  private step(o: Cmd, f: Frame, nargs: number): void {
    const { tb, stack, path, args, fontDict, resources } = f;
    let g = f.g;
    const op = o.cmd;
    // the operand count and number, looked up once per distinct command
    if (o.code < 0) {
      o.arity = ARGS[op] ?? null;
      o.code = CODES[op] ?? OTHER;
    }
    const want = o.arity;
    if (want === null || want === undefined) {
      if (op === 'BI') throw new Fallback('inline image');
      throw new Fallback(`operator ${op}`);
    }
    if (want >= 0 ? nargs !== want : nargs > -want) throw new Fallback(`${op} with ${nargs} operands`);
    tb.touch();
    const s = g.text;
    const code = o.code;
    switch (code) {
      case 1: // q
        stack.push(g);
        f.g = g = { text: g.text.clone(), cx: g.cx, cy: g.cy };
        // pdf.js's clone shares the ctm array until cm replaces it
        tb.state = g.text;
        this.addOp(OPS.save, null);
        break;
      case 2: // Q
        if (stack.length) f.g = g = stack.pop()!;
        tb.state = g.text;
        this.addOp(OPS.restore, null);
        break;
      case 3: {
        // cm
        const m = [numArg(args, 0, op), numArg(args, 1, op), numArg(args, 2, op), numArg(args, 3, op), numArg(args, 4, op), numArg(args, 5, op)];
        s.ctm = transform(s.ctm, m);
        this.addOp(OPS.transform, m);
        break;
      }
      case 4: {
        // Tf
        const name = args[0];
        const size = numArg(args, 1, op);
        if (!(name instanceof Name)) throw new Fallback('Tf without a font name');
        if (s.font && name.name === s.fontName && size === s.fontSize) break;
        s.fontName = name.name;
        s.fontSize = size;
        s.font = this.font(fontDict, name.name);
        break;
      }
      case 5: // Ts
        s.textRise = numArg(args, 0, op);
        break;
      case 6: // Tz
        s.textHScale = numArg(args, 0, op) / 100;
        break;
      case 7: // TL
        s.leading = numArg(args, 0, op);
        break;
      case 8: // Td
        s.translateTextLineMatrix(numArg(args, 0, op), numArg(args, 1, op));
        s.textMatrix = s.textLineMatrix.slice();
        break;
      case 9: // TD
        s.leading = -numArg(args, 1, op);
        s.translateTextLineMatrix(numArg(args, 0, op), numArg(args, 1, op));
        s.textMatrix = s.textLineMatrix.slice();
        break;
      case 10: // T*
        s.carriageReturn();
        break;
      case 11: // Tm
        s.textMatrix = matrix(numArg(args, 0, op), numArg(args, 1, op), numArg(args, 2, op), numArg(args, 3, op), numArg(args, 4, op), numArg(args, 5, op));
        s.textLineMatrix = s.textMatrix.slice();
        tb.updateAdvanceScale();
        break;
      case 12: // Tc
        s.charSpacing = numArg(args, 0, op);
        break;
      case 13: // Tw
        s.wordSpacing = numArg(args, 0, op);
        break;
      case 14: // BT
        s.textMatrix = matrix(1, 0, 0, 1, 0, 0);
        s.textLineMatrix = matrix(1, 0, 0, 1, 0, 0);
        break;
      case 15: // Tj
        tb.show(str(args[0]), 0);
        break;
      case 16: // '
        if (!s.font) throw new Fallback('text shown without a font');
        s.carriageReturn();
        tb.show(str(args[0]), 0);
        break;
      case 17: // "
        if (!s.font) throw new Fallback('text shown without a font');
        s.wordSpacing = numArg(args, 0, op);
        s.charSpacing = numArg(args, 1, op);
        s.carriageReturn();
        tb.show(str(args[2]), 0);
        break;
      case 18: {
        // TJ
        if (!s.font) throw new Fallback('text shown without a font');
        const arr = args[0];
        if (!Array.isArray(arr)) throw new Fallback('TJ without an array');
        const spaceFactor = -s.fontSize / 1000;
        let buf = '';
        for (const el of arr) {
          if (typeof el === 'string') buf += el;
          else if (typeof el === 'number' && el !== 0) {
            tb.show(buf, el * spaceFactor);
            buf = '';
          }
        }
        if (buf.length > 0) tb.show(buf, 0);
        break;
      }
      case 19: // Do
        tb.flush();
        this.xobject(resources, args[0], g);
        break;
      case 20: // gs
        this.checkGState(resources, args[0]);
        break;
      case 21: // BMC
      case 22: // BDC
      case 23: // EMC
        tb.flush();
        break;
      case 26: {
        // re
        const x = numArg(args, 0, op);
        const y = numArg(args, 1, op);
        const xw = x + numArg(args, 2, op);
        const yh = y + numArg(args, 3, op);
        g.cx = x;
        g.cy = y;
        if (numArg(args, 2, op) === 0 || numArg(args, 3, op) === 0) path.push(0, x, y, 1, xw, yh, 4);
        else path.push(0, x, y, 1, xw, y, 1, xw, yh, 1, x, yh, 4);
        break;
      }
      case 27: // m
      case 28: // l
        g.cx = numArg(args, 0, op);
        g.cy = numArg(args, 1, op);
        path.push(code === 27 ? 0 : 1, g.cx, g.cy);
        break;
      case 29: // c
        path.push(2, numArg(args, 0, op), numArg(args, 1, op), numArg(args, 2, op), numArg(args, 3, op), numArg(args, 4, op), numArg(args, 5, op));
        g.cx = numArg(args, 4, op);
        g.cy = numArg(args, 5, op);
        break;
      case 30: // v
        path.push(2, g.cx, g.cy, numArg(args, 0, op), numArg(args, 1, op), numArg(args, 2, op), numArg(args, 3, op));
        g.cx = numArg(args, 2, op);
        g.cy = numArg(args, 3, op);
        break;
      case 31: // y
        path.push(2, numArg(args, 0, op), numArg(args, 1, op), numArg(args, 2, op), numArg(args, 3, op), numArg(args, 2, op), numArg(args, 3, op));
        g.cx = numArg(args, 2, op);
        g.cy = numArg(args, 3, op);
        break;
      case 32: // h
        path.push(4);
        break;
      default: {
        if (code < PAINTED) break;
        const fn = code - PAINTED;
        if (fn === OPS.closeStroke || fn === OPS.closeFillStroke || fn === OPS.closeEOFillStroke) path.push(4);
        if (path.length === 0) this.addOp(OPS.constructPath, [fn, [null], null]);
        else {
          this.addOp(OPS.constructPath, [fn, [float32s(path)], null]);
          path.length = 0;
        }
      }
    }
  }

  private font(fontDict: PdfObj | undefined, name: string): LiteFont {
    if (!(fontDict instanceof Dict)) throw new Fallback('no font resources');
    const ref = fontDict.get(name);
    if (ref === undefined) throw new Fallback('font not in the resources');
    // one font object per reference, as pdf.js caches them
    const key = ref instanceof Ref ? `${ref.num} ${ref.gen}` : ref;
    let f = this.fonts.get(key as PdfObj);
    if (!f) {
      f = loadFont(this.doc, ref);
      this.fonts.set(key as PdfObj, f);
    }
    return f;
  }

  private checkGState(resources: Dict | null, name: PdfObj): void {
    if (!(name instanceof Name)) throw new Fallback('gs without a name');
    const all = resources ? this.doc.get(resources, 'ExtGState') : undefined;
    const gs = all instanceof Dict ? this.doc.get(all, name.name) : undefined;
    if (gs instanceof Dict && gs.get('Font') !== undefined) throw new Fallback('font set by a graphics state');
  }

  private xobject(resources: Dict | null, name: PdfObj, g: Gfx): void {
    if (!(name instanceof Name)) throw new Fallback('Do without a name');
    const all = resources ? this.doc.get(resources, 'XObject') : undefined;
    const x = all instanceof Dict ? this.doc.get(all, name.name) : undefined;
    if (!(x instanceof Stream)) throw new Fallback('XObject is not a stream');
    const type = this.doc.get(x.dict, 'Subtype');
    if (!(type instanceof Name)) throw new Fallback('XObject without a subtype');
    if (type.name === 'Image') return;
    if (type.name !== 'Form') throw new Fallback(`XObject ${type.name}`);
    const mtx = this.doc.get(x.dict, 'Matrix');
    let matrix: number[] | null = null;
    if (Array.isArray(mtx)) {
      const m = mtx.map((v) => this.doc.resolve(v));
      if (m.length !== 6 || !m.every((v) => typeof v === 'number')) throw new Fallback('odd form matrix');
      matrix = m as number[];
    }
    const res = this.doc.get(x.dict, 'Resources');
    const state = g.text.clone();
    if (matrix) state.ctm = transform(state.ctm, matrix);
    this.addOp(OPS.paintFormXObjectBegin, [matrix && new Float32Array(matrix), null]);
    this.run(this.doc.decoded(x), res instanceof Dict ? res : resources, state);
    this.addOp(OPS.paintFormXObjectEnd, []);
  }
}

/** The path's numbers as pdf.js stores them (a Float32Array's values) in a
 * plain array: a typed array and its buffer cost more to make than the few
 * numbers of a path. */
function float32s(path: number[]): number[] {
  const out: number[] = [-0];
  out.length = 0;
  for (let i = 0; i < path.length; i++) out.push(Math.fround(path[i]));
  return out;
}

function numArg(args: PdfObj[], k: number, op: string): number {
  const v = args[k];
  if (typeof v !== 'number') throw new Fallback(`${op}: operand not a number`);
  return v;
}

function str(o: PdfObj): string {
  if (typeof o !== 'string') throw new Fallback('text operand is not a string');
  return o;
}

