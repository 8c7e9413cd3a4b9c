// What a scanned page draws: the images it paints, each with the transform
// in force at its Do (the numbers pdf.js's operator list gives) and its
// stream as stored, and whether anything else is drawn. The OCR stage places
// a stored scan from this without loading pdf.js. Throws Fallback where it
// cannot be sure of a page (the caller then asks pdf.js).
import type { LiteDocument } from './document.ts';
import { openLitePages, pageFrame, type LitePages } from './index.ts';
import { Cmd, Dict, EOF, Fallback, Lexer, Name, Parser, Stream, type PdfObj } from './objects.ts';
import { transform } from './text-items.ts';

export interface PaintedImage {
  /** the current transform at the image's Do */
  ctm: number[];
  width: number;
  height: number;
  /** the stream's filters, by name, in order */
  filters: string[];
  /** the colour space when it is a plain name (DeviceGray ...), else null */
  colorSpace: string | null;
  bitsPerComponent: number | null;
  /** keys that change what pdf.js makes of the pixels, where present:
   * Decode, Mask, SMask, SMaskInData, ImageMask (true), OC, Alternates */
  alters: string[];
  /** the stream's bytes as stored (still encoded) */
  raw: Uint8Array;
}

export interface PageImages {
  /** pdf.js's page.view */
  view: number[];
  rotate: number;
  images: PaintedImage[];
  /** text, paths, shadings, forms or inline images drawn besides the images */
  drawsOther: boolean;
}

export function openLiteImages(bytes: Uint8Array): LitePages<PageImages> {
  return openLitePages(bytes, (doc, p) => {
    const { view, rotate, content } = pageFrame(doc, p);
    return { view, rotate, ...paintedImages(doc, content, p.resources) };
  });
}

// operators that set state only (nothing drawn), with their operand counts
const STATE: Record<string, number> = {
  w: 1, J: 1, j: 1, M: 1, d: 2, ri: 1, i: 1, gs: 1,
  CS: 1, cs: 1, SC: -4, SCN: -33, sc: -4, scn: -33, G: 1, g: 1, RG: 3, rg: 3, K: 4, k: 4,
  MP: 1, DP: 2, BMC: 1, BDC: 2, EMC: 0, BX: 0, EX: 0,
};

function paintedImages(doc: LiteDocument, content: Uint8Array, resources: Dict | null): { images: PaintedImage[]; drawsOther: boolean } {
  const parser = new Parser(new Lexer(content), false);
  const images: PaintedImage[] = [];
  const stack: number[][] = [];
  let ctm = [1, 0, 0, 1, 0, 0];
  const args: PdfObj[] = [];
  for (;;) {
    const o = parser.obj();
    if (o === EOF) break;
    if (!(o instanceof Cmd)) {
      if (args.push(o) > 33) throw new Fallback('too many operands');
      continue;
    }
    const op = o.cmd;
    if (op === 'q' && args.length === 0) stack.push(ctm);
    else if (op === 'Q' && args.length === 0) ctm = stack.pop() ?? ctm;
    else if (op === 'cm') {
      if (args.length !== 6 || !args.every((a) => typeof a === 'number')) throw new Fallback('odd cm');
      ctm = transform(ctm, args as number[]);
    } else if (op === 'Do') {
      const image = args.length === 1 ? imageOf(doc, resources, args[0]) : null;
      if (!image) return { images, drawsOther: true };
      images.push({ ...image, ctm });
    } else {
      const want = STATE[op];
      if (want === undefined) return { images, drawsOther: true };
      if (want >= 0 ? args.length !== want : args.length > -want) throw new Fallback(`${op} with ${args.length} operands`);
    }
    args.length = 0;
  }
  if (args.length) throw new Fallback('operands left at the end');
  return { images, drawsOther: false };
}

const ALTERS = ['Decode', 'Mask', 'SMask', 'SMaskInData', 'OC', 'Alternates'];

/** The image XObject a Do names, or null for anything else (a form). */
function imageOf(doc: LiteDocument, resources: Dict | null, name: PdfObj): Omit<PaintedImage, 'ctm'> | null {
  if (!(name instanceof Name)) throw new Fallback('Do without a name');
  const all = resources ? doc.get(resources, 'XObject') : undefined;
  const x = all instanceof Dict ? doc.get(all, name.name) : undefined;
  if (!(x instanceof Stream)) throw new Fallback('XObject is not a stream');
  const d = x.dict;
  const type = doc.get(d, 'Subtype');
  if (!(type instanceof Name) || type.name !== 'Image') return null;
  const width = doc.get(d, 'Width');
  const height = doc.get(d, 'Height');
  if (typeof width !== 'number' || typeof height !== 'number') throw new Fallback('image without a size');
  const f = doc.get(d, 'Filter');
  const list = f === undefined || f === null ? [] : Array.isArray(f) ? f.map((v) => doc.resolve(v)) : [f];
  if (!list.every((v) => v instanceof Name)) throw new Fallback('odd filter');
  const cs = doc.get(d, 'ColorSpace');
  const bpc = doc.get(d, 'BitsPerComponent');
  const alters = ALTERS.filter((k) => d.get(k) !== undefined);
  const mask = doc.get(d, 'ImageMask');
  if (mask !== undefined && mask !== false) alters.push('ImageMask');
  return {
    width, height,
    filters: (list as Name[]).map((v) => v.name),
    colorSpace: cs instanceof Name ? cs.name : null,
    bitsPerComponent: typeof bpc === 'number' ? bpc : null,
    alters,
    raw: x.raw,
  };
}

// operators that build or clip a path, or set text state, without painting
// anything (a path painted by S, f, B ... or a shown string does paint)
const UNPAINTED = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're', 'W', 'W*', 'n', 'BT', 'ET', 'Tc', 'Tw', 'Tz', 'TL', 'Tf', 'Tr', 'Ts', 'Td', 'TD', 'Tm', 'T*']);

/** The wanted pages whose content paints nothing at all (no image, text,
 * path or shading: state, clipping and unpainted paths only), so there is
 * nothing on them to read; a page the fast reader cannot be sure of is not
 * among them. Empty when it cannot read the file. */
export function blankPages(bytes: Uint8Array, pages: number[]): number[] {
  let doc: LitePages<boolean>;
  try {
    doc = openLitePages(bytes, (d, p) => paintsNothing(pageFrame(d, p).content));
  } catch {
    return [];
  }
  return pages.filter((n) => {
    try {
      return doc.page(n);
    } catch {
      return false;
    }
  });
}

function paintsNothing(content: Uint8Array): boolean {
  const parser = new Parser(new Lexer(content), false);
  for (;;) {
    const o = parser.obj();
    if (o === EOF) return true;
    if (!(o instanceof Cmd)) continue;
    if (o.cmd !== 'q' && o.cmd !== 'Q' && o.cmd !== 'cm' && STATE[o.cmd] === undefined && !UNPAINTED.has(o.cmd)) return false;
  }
}
