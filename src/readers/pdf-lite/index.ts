// A fast reader for the common text-layer PDF: its own parser, fonts and
// content interpreter in place of pdf.js, giving the same text items and path
// operators pdf.js would. It throws Fallback on anything it cannot read with
// certainty, and the caller then reads the whole file with pdf.js.
import { PageInterpreter, type Ops } from './content.ts';
import { LiteDocument, type LitePage } from './document.ts';
import type { LiteFont } from './fonts.ts';
import { Dict, Fallback, Stream, type PdfObj } from './objects.ts';
import { TextState, type TextItem } from './text-items.ts';

export { Fallback } from './objects.ts';
export { OPS } from './content.ts';
export type { TextItem } from './text-items.ts';

export interface LitePageRead {
  /** pdf.js's page.view and viewport at scale 1 */
  view: number[];
  rotate: number;
  items: TextItem[];
  /** the operators rulings are read from; built only when asked */
  ops: () => Ops;
}

/** A document's pages, each read (1-based) by one of this reader's page readers. */
export interface LitePages<T> {
  pageCount: number;
  page: (n: number) => T;
}

export type LiteDoc = LitePages<LitePageRead>;

/** The document's page tree, each page read by `read` when asked for. */
export function openLitePages<T>(bytes: Uint8Array, read: (doc: LiteDocument, p: LitePage) => T): LitePages<T> {
  const doc = new LiteDocument(bytes);
  const pages = doc.pages();
  return {
    pageCount: pages.length,
    page: (n) => {
      const p = pages[n - 1];
      if (!p) throw new Fallback('no such page');
      return read(doc, p);
    },
  };
}

export function openLite(bytes: Uint8Array): LiteDoc {
  // (fonts are shared by a document's pages)
  const fonts = new Map<PdfObj, LiteFont>();
  return openLitePages(bytes, (doc, p) => readPage(doc, p, fonts));
}

function readPage(doc: LiteDocument, p: LitePage, fonts: Map<PdfObj, LiteFont>): LitePageRead {
  const { view, rotate, content } = pageFrame(doc, p);
  // one pass gives both; the text decides whether the rulings are wanted
  const it = new PageInterpreter(doc, view, fonts);
  it.run(content, p.resources, new TextState());
  return { view, rotate, items: it.items, ops: () => it.ops };
}

/** What reading a page starts from: pdf.js's view and rotation and the page's
 * content; what this reader leaves to pdf.js (a user unit, annotations drawn
 * from appearance streams) throws Fallback. */
export function pageFrame(doc: LiteDocument, p: LitePage): { view: number[]; rotate: number; content: Uint8Array } {
  const userUnit = doc.get(p.dict, 'UserUnit');
  if (userUnit !== undefined && userUnit !== 1) throw new Fallback('user unit');
  checkAnnotations(doc, p.dict);
  return { view: pageView(doc, p), rotate: pageRotate(doc.resolve(p.rotate)), content: contents(doc, p.dict) };
}

function contents(doc: LiteDocument, page: Dict): Uint8Array {
  const c = doc.get(page, 'Contents');
  if (c === undefined || c === null) return new Uint8Array(0);
  const parts = Array.isArray(c) ? c.map((x) => doc.resolve(x)) : [c];
  const bufs: Uint8Array[] = [];
  for (const s of parts) {
    if (!(s instanceof Stream)) throw new Fallback('content is not a stream');
    bufs.push(doc.decoded(s));
  }
  // pdf.js joins the parts with nothing between them
  return bufs.length === 1 ? bufs[0] : new Uint8Array(Buffer.concat(bufs));
}

/** annotations drawn from appearance streams join pdf.js's operator list */
function checkAnnotations(doc: LiteDocument, page: Dict): void {
  const annots = doc.get(page, 'Annots');
  if (annots === undefined || annots === null) return;
  if (!Array.isArray(annots)) throw new Fallback('odd annotations');
  for (const a of annots) {
    const d = doc.resolve(a);
    if (d instanceof Dict && d.get('AP') !== undefined) throw new Fallback('annotation with an appearance');
  }
}

const LETTER = [0, 0, 612, 792];

function box(doc: LiteDocument, o: PdfObj | undefined): number[] | null {
  if (!Array.isArray(o) || o.length !== 4) return null;
  const v = o.map((x) => doc.resolve(x));
  if (!v.every((x) => typeof x === 'number')) return null;
  const [a, b, c, d] = v as number[];
  const r = [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
  return r[2] - r[0] > 0 && r[3] - r[1] > 0 ? r : null;
}

/** pdf.js Page.view: the crop box within the media box */
function pageView(doc: LiteDocument, p: LitePage): number[] {
  const media = box(doc, p.mediaBox) ?? LETTER;
  const crop = box(doc, p.cropBox) ?? media;
  if (crop !== media && crop.some((v, i) => v !== media[i])) {
    const xLow = Math.max(crop[0], media[0]);
    const xHigh = Math.min(crop[2], media[2]);
    const yLow = Math.max(crop[1], media[1]);
    const yHigh = Math.min(crop[3], media[3]);
    if (xLow <= xHigh && yLow <= yHigh && xHigh - xLow > 0 && yHigh - yLow > 0) return [xLow, yLow, xHigh, yHigh];
  }
  return media;
}

function pageRotate(r: PdfObj | undefined): number {
  let rotate = typeof r === 'number' ? r : 0;
  if (rotate % 90 !== 0) rotate = 0;
  else if (rotate >= 360) rotate %= 360;
  else if (rotate < 0) rotate = ((rotate % 360) + 360) % 360;
  return rotate;
}

/** pdf.js's PageViewport at scale 1: transform and size */
export function viewport(view: number[], rotation: number): { transform: number[]; width: number; height: number } {
  const centerX = (view[2] + view[0]) / 2;
  const centerY = (view[3] + view[1]) / 2;
  const [a, b, c, d] = rotation === 180 ? [-1, 0, 0, 1] : rotation === 90 ? [0, 1, 1, 0] : rotation === 270 ? [0, -1, -1, 0] : [1, 0, 0, -1];
  let offX: number;
  let offY: number;
  let width: number;
  let height: number;
  if (a === 0) {
    offX = Math.abs(centerY - view[1]);
    offY = Math.abs(centerX - view[0]);
    width = view[3] - view[1];
    height = view[2] - view[0];
  } else {
    offX = Math.abs(centerX - view[0]);
    offY = Math.abs(centerY - view[1]);
    width = view[2] - view[0];
    height = view[3] - view[1];
  }
  return { transform: [a, b, c, d, offX - a * centerX - c * centerY, offY - b * centerX - d * centerY], width, height };
}
