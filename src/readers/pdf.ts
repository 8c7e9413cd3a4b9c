// Text-layer PDF reader: pdf.js (legacy Node build) run in-process, turned into
// positioned words and ruling lines in PDF points with a top-left origin, pages
// upright. Layout (src/layout/) builds tables and text blocks from these pages.
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadPdfJs as loadPdfJsOnce, pdfWorker, TEXT_ONLY_FONTS } from '../preload.js';
import { charWidth, textWidth } from '../glyphs.ts';
import { InputError, type PositionedPage, type PositionedWord, type Ruling } from '../model.ts';
import { OPS as LITE_OPS, openLite, viewport, type LiteDoc } from './pdf-lite/index.ts';
import { transform } from './pdf-lite/text-items.ts';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type Matrix = [number, number, number, number, number, number];

export interface ReadPdfOptions {
  /** 1-based page numbers to read; all pages when absent */
  pages?: number[];
  /** refuse documents with more pages than this */
  maxPages?: number;
}

export interface PdfPages {
  pages: PositionedPage[];
  pageCount: number;
  /** 1-based pages without a usable text layer (scans): OCR them instead */
  textless: number[];
}

/** pdf.js, loaded once (see ../preload.js: it keeps the engine's built-ins). */
const loadPdfJs = (): Promise<PdfJs> => loadPdfJsOnce();

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
// pdf.js in Node reads these with fs; the trailing separator is required.
const STANDARD_FONTS = path.join(pdfjsRoot, 'standard_fonts') + path.sep;
const CMAPS = path.join(pdfjsRoot, 'cmaps') + path.sep;

/** A page with fewer visible characters than this is treated as a scan. */
const MIN_TEXT_CHARS = 12;

/** Which reader read the last file (for the parity script and tests). */
export let lastPdfReader: 'lite' | 'pdf.js' = 'pdf.js';

export async function readPdfPages(bytes: Uint8Array, opts: ReadPdfOptions & { reader?: 'lite' | 'pdf.js' } = {}): Promise<PdfPages> {
  // the fast reader first; pdf.js for the whole file when it is not certain
  if (opts.reader !== 'pdf.js') {
    const lite = readLite(bytes, opts);
    if (lite) {
      lastPdfReader = 'lite';
      return lite;
    }
  }
  lastPdfReader = 'pdf.js';
  return readWithPdfJs(bytes, opts);
}

function readLite(bytes: Uint8Array, opts: ReadPdfOptions): PdfPages | null {
  let doc: LiteDoc;
  try {
    doc = openLite(bytes);
  } catch {
    return null;
  }
  const pageCount = doc.pageCount;
  if (opts.maxPages !== undefined && pageCount > opts.maxPages) {
    throw new InputError(`the PDF has ${pageCount} pages, over the ${opts.maxPages}-page limit (--max-pages)`);
  }
  try {
    const pages: PositionedPage[] = [];
    const textless: number[] = [];
    for (const n of wantedPages(opts, pageCount)) {
      const p = doc.page(n);
      const vp = viewport(p.view, p.rotate);
      const { read, usable } = positionPage(p.items, () => p.ops(), LITE_OPS, vp, p.rotate, n, (name) => BOLD_FONT.test(name));
      pages.push(read);
      if (!usable) textless.push(n);
    }
    return { pages, pageCount, textless };
  } catch {
    // anything the fast reader is unsure of: pdf.js reads the whole file
    return null;
  }
}

function wantedPages(opts: ReadPdfOptions, pageCount: number): number[] {
  return opts.pages
    ? [...new Set(opts.pages)].filter((p) => Number.isInteger(p) && p >= 1 && p <= pageCount).sort((a, b) => a - b)
    : Array.from({ length: pageCount }, (_, i) => i + 1);
}

async function readWithPdfJs(bytes: Uint8Array, opts: ReadPdfOptions): Promise<PdfPages> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdf.js may transfer (detach) the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    standardFontDataUrl: STANDARD_FONTS,
    cMapUrl: CMAPS,
    cMapPacked: true,
    // no glyph outlines: the text is read, never drawn (../preload.js)
    ...TEXT_ONLY_FONTS,
    useSystemFonts: false,
    isEvalSupported: false,
    // images are never read here (OCR renders its pages itself): the operator
    // list skips them instead of decoding each
    maxImageSize: 0,
    verbosity: 0,
    // messages handed over without a structured clone (../preload.js)
    worker: pdfWorker(),
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw pdfError(err);
  }
  try {
    const pageCount = doc.numPages;
    if (opts.maxPages !== undefined && pageCount > opts.maxPages) {
      throw new InputError(`the PDF has ${pageCount} pages, over the ${opts.maxPages}-page limit (--max-pages)`);
    }
    const wanted = wantedPages(opts, pageCount);
    const pages: PositionedPage[] = [];
    const textless: number[] = [];
    for (const n of wanted) {
      let page;
      try {
        page = await doc.getPage(n);
      } catch (err) {
        throw pdfError(err, n);
      }
      try {
        const { read, usable } = await readPage(pdfjs, page, n);
        pages.push(read);
        if (!usable) textless.push(n);
      } catch (err) {
        throw pdfError(err, n);
      } finally {
        page.cleanup();
      }
    }
    return { pages, pageCount, textless };
  } finally {
    await doc.destroy();
  }
}

function pdfError(err: unknown, page?: number): Error {
  if (err instanceof InputError) return err;
  const name = (err as { name?: string })?.name;
  const msg = (err as { message?: string })?.message ?? String(err);
  if (name === 'PasswordException') {
    return new InputError('the PDF is encrypted with a password; remove the password and try again');
  }
  if (name === 'InvalidPDFException') return new InputError(`not a readable PDF: truncated or damaged (${msg.replace(/\.$/, '')})`);
  const where = page ? ` (page ${page})` : '';
  return new InputError(`could not read the PDF${where}: ${msg}`);
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

function hasUsableText(items: TextItem[]): boolean {
  let chars = 0;
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    for (const ch of item.str) {
      // letters and digits only: a layer of unmapped glyphs is not usable text
      if (WORD_CHAR.test(ch)) chars++;
    }
    if (chars >= MIN_TEXT_CHARS) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// One page

type PdfPage = Awaited<ReturnType<Awaited<ReturnType<PdfJs['getDocument']>['promise']>['getPage']>>;

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
}

/** A page, and whether its text layer is usable: a page without one (a scan)
 * is read by OCR instead, so its drawing is not read at all. */
async function readPage(pdfjs: PdfJs, page: PdfPage, n: number): Promise<{ read: PositionedPage; usable: boolean }> {
  const viewport = page.getViewport({ scale: 1 });
  const text = await page.getTextContent();
  const items = text.items as TextItem[];
  // The operator list (rulings) also loads the fonts into commonObjs, whose
  // real names tell bold.
  const ops = hasUsableText(items) ? await page.getOperatorList() : { fnArray: [], argsArray: [] };
  const isBold = (fontName: string): boolean => {
    try {
      if (page.commonObjs.has(fontName)) return BOLD_FONT.test(String((page.commonObjs.get(fontName) as { name?: string })?.name ?? ''));
    } catch {
      return false;
    }
    return false;
  };
  return positionPage(items, () => ops, pdfjs.OPS, viewport as { transform: number[]; width: number; height: number }, page.rotate, n, isBold);
}

/** The operator codes the rulings are read from (pdf.js's OPS, or the fast
 * reader's copy of them). */
type OpCodes = Record<'save' | 'restore' | 'transform' | 'paintFormXObjectBegin' | 'paintFormXObjectEnd' | 'constructPath' | 'stroke' | 'closeStroke' | 'fill' | 'eoFill' | 'fillStroke' | 'eoFillStroke' | 'closeFillStroke' | 'closeEOFillStroke', number>;

/** Text items and path operators (from either reader) as the positioned page
 * the layout stage reads. */
function positionPage(
  items: TextItem[],
  getOps: () => { fnArray: number[]; argsArray: unknown[] },
  OPS: OpCodes,
  viewport: { transform: number[]; width: number; height: number },
  rotate: number,
  n: number,
  fontIsBold: (fontName: string) => boolean,
): { read: PositionedPage; usable: boolean } {
  const usable = hasUsableText(items);
  const ops = usable ? getOps() : { fnArray: [], argsArray: [] };
  // a page whose text runs up or down it (a table set sideways without
  // /Rotate) is turned so that it reads across
  const turn = sideways(items, viewport.transform as Matrix, viewport.width, viewport.height);
  const vt = turn.vt;
  const marks: Ruling[] = [];
  const rulings = extractRulings(OPS, ops, vt, turn.width, turn.height, marks);
  const boldByFont = new Map<string, boolean>();
  const isBold = (fontName: string): boolean => {
    let b = boldByFont.get(fontName);
    if (b === undefined) {
      b = fontIsBold(fontName);
      boldByFont.set(fontName, b);
    }
    return b;
  };
  const words: PositionedWord[] = [];
  for (const item of items) {
    if (typeof item.str !== 'string' || !item.str.trim()) continue;
    itemWords(item, vt, isBold(item.fontName), words);
  }
  const read: PositionedPage = {
    page: n,
    width: turn.width,
    height: turn.height,
    rotation: (rotate + turn.degrees) % 360,
    words,
    rulings,
    figures: figureAreas(marks),
    source: 'text',
  };
  return { read, usable };
}

const BOLD_FONT = /bold|black|heavy|semibold|demi/i;

/** a page is turned when more than this share of its characters run up (or
 * down) it: a sideways axis label among text across stays as it is */
const SIDEWAYS_SHARE = 0.5;

/** The page transform that makes most of the page's text read across: the
 * viewport's own, or that turned a quarter either way when most of the text
 * (by characters) runs up or down the page. */
function sideways(items: TextItem[], vt: Matrix, width: number, height: number): { vt: Matrix; width: number; height: number; degrees: number } {
  let across = 0;
  let up = 0;
  let down = 0;
  for (const item of items) {
    if (typeof item.str !== 'string' || !item.transform) continue;
    const n = item.str.trim().length;
    if (!n) continue;
    // mul(item.transform, vt)'s first column, without an array per item
    const t = item.transform as Matrix;
    const m0 = vt[0] * t[0] + vt[2] * t[1];
    const m1 = vt[1] * t[0] + vt[3] * t[1];
    // viewport y grows downwards: reading up the page is -y
    if (Math.abs(m1) <= Math.abs(m0)) across += n;
    else if (m1 < 0) up += n;
    else down += n;
  }
  const total = across + up + down;
  // (x, y) -> (height - y, x): text reading up now reads across
  if (up > SIDEWAYS_SHARE * total) return { vt: mul(vt, [0, 1, -1, 0, height, 0]), width: height, height: width, degrees: 90 };
  // (x, y) -> (y, width - x): text reading down now reads across
  if (down > SIDEWAYS_SHARE * total) return { vt: mul(vt, [0, -1, 1, 0, 0, width]), width: height, height: width, degrees: 270 };
  return { vt, width, height, degrees: 0 };
}

/** m then n (apply m first): PDF's row-vector convention, pdf.js's Util.transform(n, m) */
function mul(m: Matrix, n: Matrix): Matrix {
  return transform(n, m) as Matrix;
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** Splits one pdf.js text item into words. pdf.js gives only the run's total
 * advance, so each word's share is estimated from typical glyph widths. */
function itemWords(item: TextItem, vt: Matrix, bold: boolean, out: PositionedWord[]): void {
  const tm = item.transform as Matrix;
  // mul(tm, vt) written out (the same products), without an array per item
  const m0 = vt[0] * tm[0] + vt[2] * tm[1];
  const m1 = vt[1] * tm[0] + vt[3] * tm[1];
  const m2 = vt[0] * tm[2] + vt[2] * tm[3];
  const m3 = vt[1] * tm[2] + vt[3] * tm[3];
  const m4 = vt[0] * tm[4] + vt[2] * tm[5] + vt[4];
  const m5 = vt[1] * tm[4] + vt[3] * tm[5] + vt[5];
  // text space: x along the run in font units (1 = font size), y up
  const size = Math.hypot(tm[2], tm[3]) || item.height || 1;
  const scaleX = Math.hypot(tm[0], tm[1]) || size;
  const runLen = item.width / scaleX; // in text-space units
  const str = item.str;
  const total = textWidth(str, 0, str.length);
  if (total <= 0) return;
  const k = runLen / total;
  const asc = 0.8;
  const desc = -0.2;
  // the run's direction on the (upright) page: more up than across is vertical
  const vertical = Math.abs(m1) > Math.abs(m0);
  const wordSize = round2(size * Math.hypot(vt[0], vt[1]));
  let i = 0;
  // the width of str before i, summed as the run goes: one pass over the
  // characters gives it and each word's width (each summed in the order
  // textWidth would, so the same bits)
  let before = 0;
  const len = str.length;
  while (i < len) {
    let c = 0;
    while (i < len && isSpace((c = str.charCodeAt(i)))) {
      before += charWidth(c);
      i++;
    }
    if (i >= len) break;
    const a = before * k;
    let width = 0;
    let j = i;
    while (j < len && !isSpace((c = str.charCodeAt(j)))) {
      const w = charWidth(c);
      width += w;
      before += w;
      j++;
    }
    const b = a + width * k;
    // the box's four corners, as apply() computes them (no array per corner)
    const px0 = m0 * a + m2 * desc + m4;
    const py0 = m1 * a + m3 * desc + m5;
    const px1 = m0 * b + m2 * asc + m4;
    const py1 = m1 * b + m3 * asc + m5;
    const qx0 = m0 * a + m2 * asc + m4;
    const qy0 = m1 * a + m3 * asc + m5;
    const qx1 = m0 * b + m2 * desc + m4;
    const qy1 = m1 * b + m3 * desc + m5;
    // (coordinates stored as doubles from the start, whatever the first
    // word's were: a word at whole-number places made them small integers,
    // and the first fraction threw away the code that reads words)
    const word: PositionedWord = new TextWord(str.slice(i, j));
    word.x0 = round2(Math.min(px0, px1, qx0, qx1));
    word.y0 = round2(Math.min(py0, py1, qy0, qy1));
    word.x1 = round2(Math.max(px0, px1, qx0, qx1));
    word.y1 = round2(Math.max(py0, py1, qy0, qy1));
    word.size = wordSize;
    if (bold) word.bold = true;
    if (vertical) word.vertical = true;
    out.push(word);
    i = j;
  }
}

/** A word as itemWords makes it: the literal's keys in its order, numbers
 * stored as doubles. A class, not a literal, as the reader's text items
 * (pdf-lite/text-items.ts): a literal's allocation site, once its words
 * outlive a collection, threw away itemWords' optimised code. */
class TextWord {
  text: string;
  x0 = -0;
  y0 = -0;
  x1 = -0;
  y1 = -0;
  size = -0;
  constructor(text: string) {
    this.text = text;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x3000;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

// ---------------------------------------------------------------------------
// Rulings from the operator list

/** A filled rectangle thinner than this (points) is drawn as a line. */
const THIN = 2.5;
/** Lines shorter than this (points) are glyph parts or ticks, not rulings. */
const MIN_RULING = 4;

function extractRulings(
  OPS: OpCodes,
  ops: { fnArray: number[]; argsArray: unknown[] },
  vt: Matrix,
  pageW: number,
  pageH: number,
  marks: Ruling[],
): Ruling[] {
  const STROKES = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const FILLS = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const out: Ruling[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const { fnArray, argsArray } = ops;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = mul(argsArray[i] as Matrix, ctm);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const mtx = (argsArray[i] as unknown[])[0] as Matrix | null;
      if (mtx && mtx.length === 6) ctm = mul(mtx, ctm);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.constructPath) {
      const args = argsArray[i] as [number, [ArrayLike<number> | null], unknown];
      const paint = args[0];
      const data = args[1]?.[0];
      if (!data || data.length === 0) continue;
      const stroke = STROKES.has(paint);
      const fill = FILLS.has(paint);
      if (!stroke && !fill) continue; // clipping paths and the like
      pathRulings(data, mul(ctm, vt), stroke, fill, out, marks);
    }
  }
  // keep what lies on the page
  return out.filter((r) => r.x1 >= -1 && r.x0 <= pageW + 1 && r.y1 >= -1 && r.y0 <= pageH + 1);
}

/** Walks pdf.js's flattened path (DrawOPS codes followed by coordinates). */
function pathRulings(data: ArrayLike<number>, m: Matrix, stroke: boolean, fill: boolean, out: Ruling[], marks: Ruling[]): void {
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  // bounding box of the current subpath, for thin filled rectangles
  let pts: number[] = [];
  const flushFill = () => {
    if (fill && pts.length >= 6) thinFill(pts, out);
    pts = [];
  };
  const seg = (x0: number, y0: number, x1: number, y1: number) => {
    if (stroke) addLine(x0, y0, x1, y1, out);
  };
  for (let i = 0; i < data.length; ) {
    const op = data[i++];
    if (op === 0) {
      flushFill();
      [cx, cy] = apply(m, data[i++], data[i++]);
      sx = cx;
      sy = cy;
      pts.push(cx, cy);
    } else if (op === 1) {
      const [x, y] = apply(m, data[i++], data[i++]);
      seg(cx, cy, x, y);
      if (stroke) mark(cx, cy, x, y, marks);
      cx = x;
      cy = y;
      pts.push(cx, cy);
    } else if (op === 2) {
      i += 4;
      const [x, y] = apply(m, data[i++], data[i++]);
      marks.push(box(cx, cy, x, y));
      [cx, cy] = [x, y];
      pts.push(Number.NaN, Number.NaN); // curves make the subpath no rectangle
    } else if (op === 3) {
      i += 2;
      const [x, y] = apply(m, data[i++], data[i++]);
      marks.push(box(cx, cy, x, y));
      [cx, cy] = [x, y];
      pts.push(Number.NaN, Number.NaN);
    } else if (op === 4) {
      seg(cx, cy, sx, sy);
      cx = sx;
      cy = sy;
    } else {
      break; // unknown code: the rest cannot be parsed reliably
    }
  }
  flushFill();
}

function addLine(x0: number, y0: number, x1: number, y1: number, out: Ruling[]): void {
  const dx = Math.abs(x1 - x0);
  const dy = Math.abs(y1 - y0);
  if (dy <= 0.5 && dx >= MIN_RULING) {
    const y = round2((y0 + y1) / 2);
    out.push({ x0: round2(Math.min(x0, x1)), y0: y, x1: round2(Math.max(x0, x1)), y1: y });
  } else if (dx <= 0.5 && dy >= MIN_RULING) {
    const x = round2((x0 + x1) / 2);
    out.push({ x0: x, y0: round2(Math.min(y0, y1)), x1: x, y1: round2(Math.max(y0, y1)) });
  }
}

function thinFill(pts: number[], out: Ruling[]): void {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < pts.length; i += 2) {
    const x = pts[i];
    const y = pts[i + 1];
    if (Number.isNaN(x)) return;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const w = x1 - x0;
  const h = y1 - y0;
  if (h <= THIN && w >= MIN_RULING && w > h * 3) {
    const y = round2((y0 + y1) / 2);
    out.push({ x0: round2(x0), y0: y, x1: round2(x1), y1: y });
  } else if (w <= THIN && h >= MIN_RULING && h > w * 3) {
    const x = round2((x0 + x1) / 2);
    out.push({ x0: x, y0: round2(y0), x1: x, y1: round2(y1) });
  }
}

// ---------------------------------------------------------------------------
// Figures: plots and diagrams are drawn with curves and slanted lines, tables
// with straight rules. Areas dense with such marks are figures.

/** Marks closer than this (points) belong to one figure. */
const FIGURE_LINK = 12;
/** A figure has at least this many marks ... */
const FIGURE_MARKS = 12;
/** ... and is at least this big (points) both ways. */
const FIGURE_SIZE = 40;

function box(x0: number, y0: number, x1: number, y1: number): Ruling {
  return { x0: Math.min(x0, x1), y0: Math.min(y0, y1), x1: Math.max(x0, x1), y1: Math.max(y0, y1) };
}

/** A stroked line that is neither level nor upright. */
function mark(x0: number, y0: number, x1: number, y1: number, marks: Ruling[]): void {
  const dx = Math.abs(x1 - x0);
  const dy = Math.abs(y1 - y0);
  if (dx > 0.5 && dy > 0.5) marks.push(box(x0, y0, x1, y1));
}

function figureAreas(marks: Ruling[]): Ruling[] {
  // (a page of outlined glyphs has tens of thousands: not worth the search)
  if (marks.length < FIGURE_MARKS || marks.length > 20000) return [];
  // grow clusters along the page, marks sorted by left edge
  const sorted = [...marks].sort((a, b) => a.x0 - b.x0);
  const groups: { b: Ruling; n: number }[] = [];
  for (const r of sorted) {
    let g = groups.find((x) => r.x0 <= x.b.x1 + FIGURE_LINK && r.y0 <= x.b.y1 + FIGURE_LINK && r.y1 >= x.b.y0 - FIGURE_LINK);
    if (!g) {
      g = { b: { ...r }, n: 0 };
      groups.push(g);
    }
    g.b = box(Math.min(g.b.x0, r.x0), Math.min(g.b.y0, r.y0), Math.max(g.b.x1, r.x1), Math.max(g.b.y1, r.y1));
    g.n++;
  }
  return groups
    .filter((g) => g.n >= FIGURE_MARKS && g.b.x1 - g.b.x0 >= FIGURE_SIZE && g.b.y1 - g.b.y0 >= FIGURE_SIZE)
    .map((g) => ({ x0: round2(g.b.x0), y0: round2(g.b.y0), x1: round2(g.b.x1), y1: round2(g.b.y1) }));
}
