// Text items as pdf.js's getTextContent builds them: glyph runs merged into
// items, spaces inserted where glyphs stand apart, items broken where the text
// jumps. The logic (buildTextContentItem, compareWithLastPosition,
// addFakeSpaces, flushTextContentItem) is ported from pdf.js
// (src/core/evaluator.js, Apache-2.0, Mozilla Foundation) for horizontal
// fonts only; vertical fonts go to pdf.js.
import { emptyArray } from '../../arrays.ts';
import type { LiteFont } from './fonts.ts';
import { Fallback } from './objects.ts';

export type Matrix = number[];

export interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
}

/** A text item, its sizes stored as doubles whatever the first item's were
 * (an empty item's 0 made them small integers, and the first fraction then
 * threw away the optimised code that reads or writes items): see matrix().
 * Made by a class, not a literal: V8 keeps an allocation site for a literal
 * and, when most of its objects outlive a collection (a page's items do), it
 * allocates them old from then on and throws away the optimised code that
 * made them (show and flush, compiled again in every run). */
class LiteTextItem implements TextItem {
  str: string;
  width = -0;
  height = -0;
  transform: Matrix;
  fontName: string;
  constructor(str: string, width: number, height: number, transform: Matrix, fontName: string) {
    this.str = str;
    this.width = width;
    this.height = height;
    this.transform = transform;
    this.fontName = fontName;
  }
}

function textItem(str: string, width: number, height: number, transform: Matrix, fontName: string): TextItem {
  return new LiteTextItem(str, width, height, transform, fontName);
}

function twoSpaces(): string[] {
  const a: string[] = [];
  a.push(' ', ' ');
  return a;
}

/** The text state pdf.js keeps (TextState), saved and restored with q/Q. */
export class TextState {
  // (matrices made in the constructor: a clone, made at every q, takes its
  // own copies and would throw field initialisers' matrices away)
  ctm: Matrix;
  fontName: string | null = null;
  // numbers stored as doubles from the start (-0, then their values): see matrix()
  fontSize = -0;
  font: LiteFont | null = null;
  textMatrix: Matrix;
  textLineMatrix: Matrix;
  charSpacing = -0;
  wordSpacing = -0;
  leading = -0;
  textHScale = -0;
  textRise = -0;

  /** a new state, or a copy of `from` (field by field: Object.assign is a
   * generic copy, and q/Q clone often) */
  constructor(from?: TextState) {
    if (from) {
      this.ctm = from.ctm;
      this.fontName = from.fontName;
      this.fontSize = from.fontSize;
      this.font = from.font;
      this.textMatrix = from.textMatrix.slice();
      this.textLineMatrix = from.textLineMatrix.slice();
      this.charSpacing = from.charSpacing;
      this.wordSpacing = from.wordSpacing;
      this.leading = from.leading;
      this.textHScale = from.textHScale;
      this.textRise = from.textRise;
      return;
    }
    this.ctm = matrix(1, 0, 0, 1, 0, 0);
    this.textMatrix = matrix(1, 0, 0, 1, 0, 0);
    this.textLineMatrix = matrix(1, 0, 0, 1, 0, 0);
    this.fontSize = this.charSpacing = this.wordSpacing = this.leading = this.textRise = 0;
    this.textHScale = 1;
  }

  clone(): TextState {
    return new TextState(this);
  }
  translateTextMatrix(x: number, y: number): void {
    const m = this.textMatrix;
    m[4] = m[0] * x + m[2] * y + m[4];
    m[5] = m[1] * x + m[3] * y + m[5];
  }
  translateTextLineMatrix(x: number, y: number): void {
    const m = this.textLineMatrix;
    m[4] = m[0] * x + m[2] * y + m[4];
    m[5] = m[1] * x + m[3] * y + m[5];
  }
  carriageReturn(): void {
    this.translateTextLineMatrix(0, -this.leading);
    this.textMatrix = this.textLineMatrix.slice();
  }
}

// -0 is no small integer, so the literal is an array of doubles
const DOUBLES: Matrix = [-0, -0, -0, -0, -0, -0];

/** A matrix whose numbers V8 stores as doubles from its creation. Matrices of
 * whole numbers ([1, 0, 0, 1, 0, 0]) and of fractions were otherwise two kinds
 * of array (and the text items holding them two shapes) reaching the same
 * optimised code, which the second kind threw away to be compiled again. */
export function matrix(a: number, b: number, c: number, d: number, e: number, f: number): Matrix {
  // (a copy of an array of doubles, not a literal: as for LiteTextItem, a
  // literal's allocation site threw show's optimised code away once its
  // matrices outlived a collection)
  const m: Matrix = DOUBLES.slice();
  m[0] = a;
  m[1] = b;
  m[2] = c;
  m[3] = d;
  m[4] = e;
  m[5] = f;
  return m;
}

/** pdf.js Util.transform */
export function transform(m1: Matrix, m2: Matrix): Matrix {
  return matrix(
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  );
}

const TRACKING_SPACE_FACTOR = 0.102;
const NOT_A_SPACE_FACTOR = 0.03;
const NEGATIVE_SPACE_FACTOR = -0.2;
const SPACE_IN_FLOW_MIN_FACTOR = 0.102;
const SPACE_IN_FLOW_MAX_FACTOR = 0.6;
const VERTICAL_SHIFT_RATIO = 0.25;

interface Glyph {
  unicode: string;
  width: number;
  code: number;
  isWhitespace: boolean;
  isZeroWidthDiacritic: boolean;
  isInvisibleFormatMark: boolean;
}

/** (a class, not a literal: see LiteTextItem; a font's glyphs are kept) */
class LiteGlyph implements Glyph {
  constructor(
    readonly unicode: string,
    readonly width: number,
    readonly code: number,
    readonly isWhitespace: boolean,
    readonly isZeroWidthDiacritic: boolean,
    readonly isInvisibleFormatMark: boolean,
  ) {}
}

const SPECIAL = /^(\s)|(\p{Mn})|(\p{Cf})$/u;
// pdf.js normalizeUnicode
const NORMALIZE =
  /([\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufb04\ufb06\ufb20-\ufb36\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufba1\ufba4-\ufba9\ufbae-\ufbb1\ufbd3-\ufbdc\ufbde-\ufbe7\ufbea-\ufbf8\ufbfc-\ufbfd\ufc00-\ufc5d\ufc64-\ufcf1\ufcf5-\ufd3d\ufd88\ufdf4\ufdfa-\ufdfb\ufe71\ufe77\ufe79\ufe7b\ufe7d]+)|(\ufb05+)/gu;
/** characters pdf.js's bidi pass would reorder: such files go to pdf.js */
const RTL = /[\u0590-\u05f4\u0600-\u06ff\u0700-\u08ac\ufb50-\ufdff\ufe70-\ufeff]/;

const glyphCache = new WeakMap<LiteFont, Glyph[]>();
let lastFont: LiteFont | null = null;
let lastGlyphs: Glyph[] = [];

function glyphOf(font: LiteFont, code: number): Glyph {
  if (font !== lastFont) {
    let c = glyphCache.get(font);
    if (!c) glyphCache.set(font, (c = []));
    lastFont = font;
    lastGlyphs = c;
  }
  const cache = lastGlyphs;
  let g = cache[code];
  if (g) return g;
  let unicode = font.toUnicode[code];
  if (!unicode) unicode = String.fromCharCode(code);
  const w = font.widths[code];
  const m = SPECIAL.exec(unicode);
  g = new LiteGlyph(unicode, typeof w === 'number' ? w : font.defaultWidth, code, !!m?.[1], !!m?.[2], !!m?.[3]);
  cache[code] = g;
  return g;
}

/** One content stream's (or form's) text, as getTextContent gives it. */
export class TextBuilder {
  // numbers stored as doubles from the start (-0, then 0 in the constructor): see matrix()
  private item = {
    initialized: false,
    str: emptyArray<string>(),
    totalWidth: -0,
    totalHeight: -0,
    width: -0,
    height: -0,
    prevTransform: null as Matrix | null,
    prevTextRise: -0,
    textAdvanceScale: -0,
    spaceInFlowMin: -0,
    spaceInFlowMax: -0,
    trackingSpaceMin: Infinity,
    negativeSpaceMax: -Infinity,
    notASpace: -Infinity,
    transform: null as Matrix | null,
    fontName: null as string | null,
  };
  // (filled by push: a literal of constant strings starts copy-on-write, and
  // its first write changed the array's kind under optimised code)
  private twoLast = twoSpaces();
  private twoLastPos = 0;
  private current: TextState | null = null;
  /** the state ops act on (the interpreter swaps it on q/Q) */
  state!: TextState;

  constructor(
    private readonly items: TextItem[],
    private readonly viewBox: number[],
  ) {
    const it = this.item;
    it.totalWidth = it.totalHeight = it.width = it.height = it.prevTextRise = 0;
    it.textAdvanceScale = it.spaceInFlowMin = it.spaceInFlowMax = 0;
  }

  /** called before each operator, as pdf.js's `currentTextState ||=` */
  touch(): void {
    this.current ??= this.state.clone();
  }

  private saveLastChar(ch: string): boolean {
    const nextPos = (this.twoLastPos + 1) % 2;
    const ret = this.twoLast[this.twoLastPos] !== ' ' && this.twoLast[nextPos] === ' ';
    this.twoLast[this.twoLastPos] = ch;
    this.twoLastPos = nextPos;
    return ret;
  }
  private shouldAddWhitespace(): boolean {
    return this.twoLast[this.twoLastPos] !== ' ' && this.twoLast[(this.twoLastPos + 1) % 2] === ' ';
  }
  private resetLastChars(): void {
    this.twoLast[0] = this.twoLast[1] = ' ';
    this.twoLastPos = 0;
  }

  private pushWhitespace(width = 0, height = 0, tr: Matrix | null = this.item.prevTransform, fontName = this.item.fontName): void {
    this.items.push(textItem(' ', width, height, (tr && tr.slice()) as Matrix, fontName as string));
  }

  private textTransform(): Matrix {
    return this.textTransformInto(matrix(0, 0, 0, 0, 0, 0));
  }

  /** pdf.js's getCurrentTextTransform, Util.transform(ctm,
   * Util.transform(textMatrix, [size * hscale, 0, 0, size, 0, rise])), with
   * the same arithmetic written out (so the same bits) into `out` */
  private textTransformInto(out: Matrix): Matrix {
    const s = this.state;
    const c = s.ctm;
    const m = s.textMatrix;
    const fs = s.fontSize;
    const a = fs * s.textHScale;
    const r = s.textRise;
    const t0 = m[0] * a + m[2] * 0;
    const t1 = m[1] * a + m[3] * 0;
    const t2 = m[0] * 0 + m[2] * fs;
    const t3 = m[1] * 0 + m[3] * fs;
    const t4 = m[0] * 0 + m[2] * r + m[4];
    const t5 = m[1] * 0 + m[3] * r + m[5];
    out[0] = c[0] * t0 + c[2] * t1;
    out[1] = c[1] * t0 + c[3] * t1;
    out[2] = c[0] * t2 + c[2] * t3;
    out[3] = c[1] * t2 + c[3] * t3;
    out[4] = c[0] * t4 + c[2] * t5 + c[4];
    out[5] = c[1] * t4 + c[3] * t5 + c[5];
    return out;
  }
  /** textTransformInto(prev) for the glyph's end, just after
   * compareWithLastPosition wrote `cur` for its start: only the text
   * matrix's translation has changed since, so the first four numbers are
   * cur's (the same products) and the last two are computed as there */
  private advancedTransform(): Matrix {
    const out = this.prev;
    const cur = this.cur;
    const s = this.state;
    const c = s.ctm;
    const m = s.textMatrix;
    const r = s.textRise;
    out[0] = cur[0];
    out[1] = cur[1];
    out[2] = cur[2];
    out[3] = cur[3];
    const t4 = m[0] * 0 + m[2] * r + m[4];
    const t5 = m[1] * 0 + m[3] * r + m[5];
    out[4] = c[0] * t4 + c[2] * t5 + c[4];
    out[5] = c[1] * t4 + c[3] * t5 + c[5];
    return out;
  }
  private readonly cur: Matrix = matrix(0, 0, 0, 0, 0, 0);
  /** the last glyph's transform, written in place (copied where it is output) */
  private readonly prev: Matrix = matrix(0, 0, 0, 0, 0, 0);

  private ensureItem(): typeof this.item {
    const it = this.item;
    if (it.initialized) return it;
    const s = this.state;
    it.fontName = s.font!.name;
    const trm = (it.transform = this.textTransform());
    it.width = it.totalWidth = 0;
    it.height = it.totalHeight = Math.hypot(trm[2], trm[3]);
    it.textAdvanceScale = Math.hypot(s.ctm[0], s.ctm[1]) * Math.hypot(s.textLineMatrix[0], s.textLineMatrix[1]);
    const fs = s.fontSize;
    it.trackingSpaceMin = fs * TRACKING_SPACE_FACTOR;
    it.notASpace = fs * NOT_A_SPACE_FACTOR;
    it.negativeSpaceMax = fs * NEGATIVE_SPACE_FACTOR;
    it.spaceInFlowMin = fs * SPACE_IN_FLOW_MIN_FACTOR;
    it.spaceInFlowMax = fs * SPACE_IN_FLOW_MAX_FACTOR;
    it.initialized = true;
    return it;
  }

  /** after Tm: a change of scale closes the width measured so far */
  updateAdvanceScale(): void {
    const it = this.item;
    if (!it.initialized) return;
    const s = this.state;
    const f = Math.hypot(s.ctm[0], s.ctm[1]) * Math.hypot(s.textLineMatrix[0], s.textLineMatrix[1]);
    if (f === it.textAdvanceScale) return;
    it.totalWidth += it.width * it.textAdvanceScale;
    it.width = 0;
    it.textAdvanceScale = f;
  }

  private compareWithLastPosition(glyphWidth: number): boolean {
    const cur = this.textTransformInto(this.cur);
    let posX = cur[4];
    let posY = cur[5];
    const vb = this.viewBox;
    if (posX + glyphWidth < vb[0] || posX > vb[2] || posY < vb[1] || posY > vb[3]) return false;
    const it = this.item;
    if (!this.state.font || !it.prevTransform) return true;
    let lastPosX = it.prevTransform[4];
    let lastPosY = it.prevTransform[5];
    if (lastPosX === posX && lastPosY === posY) return true;
    let rotate = -1;
    if (cur[0] && cur[1] === 0 && cur[2] === 0) rotate = cur[0] > 0 ? 0 : 180;
    else if (cur[1] && cur[0] === 0 && cur[3] === 0) rotate = cur[1] > 0 ? 90 : 270;
    switch (rotate) {
      case 0:
        break;
      case 90:
        [posX, posY] = [posY, posX];
        [lastPosX, lastPosY] = [lastPosY, lastPosX];
        break;
      case 180:
        [posX, posY, lastPosX, lastPosY] = [-posX, -posY, -lastPosX, -lastPosY];
        break;
      case 270:
        [posX, posY] = [-posY, -posX];
        [lastPosX, lastPosY] = [-lastPosY, -lastPosX];
        break;
      default:
        [posX, posY] = inverseRotation(posX, posY, cur);
        [lastPosX, lastPosY] = inverseRotation(lastPosX, lastPosY, it.prevTransform);
    }
    const advanceX = (posX - lastPosX) / it.textAdvanceScale;
    const advanceY = posY - lastPosY;
    const orientation = Math.sign(it.width || it.totalWidth);
    if (advanceX < orientation * it.negativeSpaceMax) {
      if (Math.abs(advanceY) > 0.5 * it.height) {
        this.appendEOL();
        return true;
      }
      this.resetLastChars();
      this.flush();
      return true;
    }
    const riseDelta = this.state.textRise - it.prevTextRise;
    const advanceYCorrected = riseDelta === 0 ? advanceY : advanceY - (cur[3] / this.state.fontSize) * riseDelta;
    if (Math.abs(advanceYCorrected) > it.height) {
      this.appendEOL();
      return true;
    }
    if (advanceX <= orientation * it.notASpace) this.resetLastChars();
    if (advanceX <= orientation * it.trackingSpaceMin) {
      if (this.shouldAddWhitespace()) {
        this.resetLastChars();
        this.flush();
        this.pushWhitespace(Math.abs(advanceX));
      } else it.width += advanceX;
    } else if (!this.addFakeSpaces(advanceX, it.prevTransform, orientation)) {
      if (it.str.length === 0) {
        this.resetLastChars();
        this.pushWhitespace(Math.abs(advanceX));
      } else it.width += advanceX;
    }
    if (Math.abs(advanceY) > it.height * VERTICAL_SHIFT_RATIO) this.flush();
    return true;
  }

  /** Tj, TJ's strings, ' and " */
  show(chars: string | null, extraSpacing: number): void {
    const s = this.state;
    const cur = this.current!;
    if (cur.fontSize === s.fontSize && cur.fontName !== s.fontName && !cur.font) throw new Fallback('a font change pdf.js would stop at');
    if (cur !== s && (cur.fontSize !== s.fontSize || (cur.fontName !== s.fontName && cur.font!.name !== s.font?.name))) {
      this.flush();
      this.current = s.clone();
    }
    const font = s.font;
    if (!font) throw new Fallback('text shown without a font');
    const baseCharSpacing = s.charSpacing;
    if (!chars) {
      const cs = baseCharSpacing + extraSpacing;
      if (cs) s.translateTextMatrix(cs * s.textHScale, 0);
      return;
    }
    const two = font.twoByte;
    if (two && chars.length % 2) throw new Fallback('odd-length two-byte string');
    const scale = 0.001 * s.fontSize;
    for (let i = 0, ii = two ? chars.length >> 1 : chars.length; i < ii; i++) {
      const g = glyphOf(font, two ? (chars.charCodeAt(2 * i) << 8) | chars.charCodeAt(2 * i + 1) : chars.charCodeAt(i));
      if (g.isInvisibleFormatMark) continue;
      let charSpacing = baseCharSpacing + (i + 1 === ii ? extraSpacing : 0);
      let scaled = g.width * scale;
      if (g.code === 0x20) charSpacing += s.wordSpacing;
      if (g.isWhitespace) {
        charSpacing += scaled;
        s.translateTextMatrix(charSpacing * s.textHScale, 0);
        this.saveLastChar(' ');
        continue;
      }
      if (!g.isZeroWidthDiacritic && !this.compareWithLastPosition(scaled)) {
        s.translateTextMatrix(scaled * s.textHScale, 0);
        continue;
      }
      const it = this.ensureItem();
      if (g.isZeroWidthDiacritic) scaled = 0;
      scaled *= s.textHScale;
      s.translateTextMatrix(scaled, 0);
      it.width += scaled;
      if (scaled) {
        it.prevTransform = this.advancedTransform();
        it.prevTextRise = s.textRise;
      }
      if (this.saveLastChar(g.unicode)) it.str.push(' ');
      it.str.push(g.unicode);
      if (charSpacing) s.translateTextMatrix(charSpacing * s.textHScale, 0);
    }
  }

  private appendEOL(): void {
    this.resetLastChars();
    if (this.item.initialized) this.flush();
    else {
      this.items.push(textItem('', 0, 0, this.textTransform(), this.state.font!.name));
    }
  }

  private addFakeSpaces(width: number, tr: Matrix | null, orientation: number): boolean {
    const it = this.item;
    if (orientation * it.spaceInFlowMin <= width && width <= orientation * it.spaceInFlowMax) {
      if (it.initialized) {
        this.resetLastChars();
        it.str.push(' ');
      }
      return false;
    }
    const fontName = it.fontName;
    this.flush();
    this.resetLastChars();
    this.pushWhitespace(Math.abs(width), 0, tr || this.textTransform(), fontName);
    return true;
  }

  flush(): void {
    const it = this.item;
    if (!it.initialized) return;
    it.totalWidth += it.width * it.textAdvanceScale;
    let str = it.str.join('');
    // both patterns' characters are from U+00A0 up: most items have none
    let plain = true;
    for (let i = 0; i < str.length && plain; i++) plain = str.charCodeAt(i) < 0xa0;
    if (!plain) {
      str = str.replace(NORMALIZE, (_, p1: string | undefined, p2: string) => (p1 ? p1.normalize('NFKC') : p2 === '\ufb05' ? '\u017ft' : 'undefined'));
      if (RTL.test(str)) throw new Fallback('right-to-left text');
    }
    this.items.push(textItem(str, Math.abs(it.totalWidth), Math.abs(it.totalHeight), it.transform!, it.fontName!));
    it.initialized = false;
    it.str.length = 0;
  }
}

function inverseRotation(x: number, y: number, m: Matrix): [number, number] {
  const scale = Math.hypot(m[0], m[1]);
  return [(m[0] * x + m[1] * y) / scale, (m[2] * x + m[3] * y) / scale];
}
