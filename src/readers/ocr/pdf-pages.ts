// Page images of a scanned PDF, without a browser. Two ways:
// - 'extract': take the page's scanned image out of the PDF as it is stored
//   (pdf.js decodes it; nothing is resampled). Used when the page is a scan:
//   one upright image covering (nearly) the whole page.
// - 'render': draw the page with pdf.js on an @napi-rs/canvas at a chosen dpi.
//   Needed for anything else (several images, vector text, rotated pages).
// docs/ocr.md has the measurements behind choosing 'auto' = extract first.
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument, OPS, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { InputError } from '../../model.ts';
import { grayFromRgba, type GrayImage } from './gray.ts';
import type { StoredScan } from './stored-scans.ts';

export type PageImageMethod = 'auto' | 'extract' | 'render';

/** A page as an image, and where the image sits on the page. */
export interface PageRaster {
  /** 1-based */
  page: number;
  /** page size in points (after the page's /Rotate) */
  width: number;
  height: number;
  /** the page's /Rotate, already applied to the image (render only) */
  rotation: number;
  image: GrayImage;
  /** top-left corner of the image on the page, in points */
  offsetX: number;
  offsetY: number;
  method: 'extract' | 'render';
}

export interface PageImageOptions {
  method?: PageImageMethod;
  /** resolution for 'render' (and for 'auto' when it has to render) */
  renderDpi?: number;
  maxPixels?: number;
}

export const DEFAULT_RENDER_DPI = 300;

// Fonts a PDF names but does not embed, and CJK cmaps, come from pdfjs-dist
// itself when a page has to be rendered (read with fs; trailing separator needed).
const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const STANDARD_FONTS = path.join(pdfjsRoot, 'standard_fonts') + path.sep;
const CMAPS = path.join(pdfjsRoot, 'cmaps') + path.sep;

/** `withoutImages`: pdf.js drops every image unread (its operators too),
 * for pages whose stored image is decoded elsewhere (stored-scans.ts). */
export async function openPdf(bytes: Uint8Array, o: { withoutImages?: boolean } = {}): Promise<PDFDocumentProxy> {
  try {
    // pdf.js may transfer the buffer it is given; give it a copy.
    return await getDocument({
      data: new Uint8Array(bytes),
      ...(o.withoutImages ? { maxImageSize: 0 } : {}),
      standardFontDataUrl: STANDARD_FONTS,
      cMapUrl: CMAPS,
      cMapPacked: true,
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
    }).promise;
  } catch (e) {
    throw new InputError(`PDF could not be opened: ${(e as Error).message}`);
  }
}

/** Page images for the given 1-based pages (all pages when omitted). */
export async function pdfPageImages(
  bytes: Uint8Array,
  pages: number[] | undefined,
  opts: PageImageOptions = {},
): Promise<PageRaster[]> {
  const doc = await openPdf(bytes);
  try {
    const wanted = pages ?? Array.from({ length: doc.numPages }, (_, i) => i + 1);
    const out: PageRaster[] = [];
    for (const n of wanted) {
      if (!Number.isInteger(n) || n < 1 || n > doc.numPages) {
        throw new InputError(`page ${n} is not in this PDF (it has ${doc.numPages})`);
      }
      out.push(await pageImage(doc, n, opts));
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

export async function pageImage(doc: PDFDocumentProxy, n: number, opts: PageImageOptions = {}): Promise<PageRaster> {
  const page = await doc.getPage(n);
  try {
    const method = opts.method ?? 'auto';
    if (method !== 'render') {
      const got = await extractScan(page, n, opts.maxPixels);
      if (got) return got;
      if (method === 'extract') throw new InputError(`page ${n} is not a single scanned image`);
    }
    return await renderPage(page, n, opts.renderDpi ?? DEFAULT_RENDER_DPI, opts.maxPixels);
  } finally {
    page.cleanup();
  }
}

type Matrix = [number, number, number, number, number, number];
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5],
];

/** The stored scan of a page, or null when the page is not simply one
 * upright image covering at least 90% of it. */
async function extractScan(page: PDFPageProxy, n: number, maxPixels?: number): Promise<PageRaster | null> {
  if (page.rotate % 360 !== 0) return null;
  const [vx0, vy0, vx1, vy1] = page.view;
  const pw = vx1 - vx0;
  const ph = vy1 - vy0;
  const ops = await page.getOperatorList();
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  let found: { id: string; m: Matrix } | null = null;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = mul(ctm, args as Matrix);
    else if (fn === OPS.paintImageXObject) {
      if (found) return null; // more than one image: render instead
      found = { id: args[0] as string, m: ctm };
    } else if (fn === OPS.showText || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject
      || fn === OPS.paintFormXObjectBegin || fn === OPS.constructPath) {
      return null; // text, vector art or other images on the page
    }
  }
  if (!found) return null;
  const [a, b, c, d, e, f] = found.m;
  if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6 || a <= 0 || d <= 0) return null; // rotated or mirrored
  if (a * d < 0.9 * pw * ph) return null;
  const objs = found.id.startsWith('g_') ? page.commonObjs : page.objs;
  const img = objs.get(found.id) as { width: number; height: number; kind: number; data?: Uint8Array | Uint8ClampedArray } | null;
  if (!img?.data) return null;
  if (maxPixels && img.width * img.height > maxPixels) {
    throw new InputError(`page ${n} image is ${img.width} x ${img.height} pixels, over the limit`);
  }
  const gray = grayFromPdfImage(img as Required<typeof img>);
  if (!gray) return null;
  // The image fills the unit square mapped by [a 0 0 d e f]; PDF y grows upwards.
  gray.dpi = img.width / (a / 72);
  return {
    page: n, width: pw, height: ph, image: gray,
    offsetX: e - vx0, offsetY: vy1 - (f + d),
    rotation: 0,
    method: 'extract',
  };
}

/** A page's stored image read from its stream (stored-scans.ts), placed by the
 * page's operators read without images (a document opened `withoutImages`):
 * null unless the page is otherwise empty and upright, and exactly one of its
 * transforms maps the unit square to the image's size at poppler's ppi (the
 * placement pdf.js would have found at the image's Do). */
export async function placeStoredScan(doc: PDFDocumentProxy, n: number, scan: StoredScan): Promise<PageRaster | null> {
  const page = await doc.getPage(n);
  try {
    if (page.rotate % 360 !== 0) return null;
    const [vx0, vy0, vx1, vy1] = page.view;
    const pw = vx1 - vx0;
    const ph = vy1 - vy0;
    const ops = await page.getOperatorList();
    const w = (scan.image.width * 72) / scan.xppi;
    const h = (scan.image.height * 72) / scan.yppi;
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const stack: Matrix[] = [];
    const fits: Matrix[] = [];
    for (let i = 0; i < ops.fnArray.length; i++) {
      const fn = ops.fnArray[i];
      if (fn === OPS.save) stack.push(ctm);
      else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
      else if (fn === OPS.transform) {
        ctm = mul(ctm, ops.argsArray[i] as Matrix);
        const [a, b, c, d] = ctm;
        // whole-number ppi: within 1% of the size
        if (Math.abs(b) < 1e-6 && Math.abs(c) < 1e-6 && Math.abs(a - w) < 0.01 * w && Math.abs(d - h) < 0.01 * h
          && !fits.some((m) => m.every((v, k) => v === ctm[k]))) fits.push(ctm);
      } else if (DRAWS.has(fn)) return null;
    }
    if (fits.length !== 1) return null;
    const [a, , , d, e, f] = fits[0]!;
    if (a * d < 0.9 * pw * ph) return null;
    return {
      page: n, width: pw, height: ph, image: { ...scan.image, dpi: scan.image.width / (a / 72) },
      offsetX: e - vx0, offsetY: vy1 - (f + d),
      rotation: 0,
      method: 'extract',
    };
  } finally {
    page.cleanup();
  }
}

// anything drawn besides the page's one image
const DRAWS = new Set<number>([OPS.showText, OPS.showSpacedText, OPS.paintImageXObject, OPS.paintInlineImageXObject,
  OPS.paintImageMaskXObject, OPS.paintFormXObjectBegin, OPS.constructPath, OPS.shadingFill]);

function grayFromPdfImage(img: { width: number; height: number; kind: number; data: Uint8Array | Uint8ClampedArray }): GrayImage | null {
  const { width, height, kind, data: src } = img;
  const data = new Uint8Array(width * height);
  if (kind === 1) { // 1 bit a pixel, rows padded to bytes, 1 = white
    const stride = (width + 7) >> 3;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        data[y * width + x] = (src[y * stride + (x >> 3)] >> (7 - (x & 7))) & 1 ? 255 : 0;
      }
    }
  } else if (kind === 2) {
    for (let i = 0, j = 0; i < data.length; i++, j += 3) data[i] = (src[j] * 77 + src[j + 1] * 150 + src[j + 2] * 29) >> 8;
  } else if (kind === 3) {
    return grayFromRgba(src, width, height, 0);
  } else {
    return null;
  }
  return { width, height, data, dpi: 0 };
}

async function renderPage(page: PDFPageProxy, n: number, dpi: number, maxPixels?: number): Promise<PageRaster> {
  const viewport = page.getViewport({ scale: dpi / 72 });
  const w = Math.ceil(viewport.width);
  const h = Math.ceil(viewport.height);
  if (maxPixels && w * h > maxPixels) throw new InputError(`page ${n} at ${dpi} dpi is over the pixel limit`);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  await page.render({
    canvas: canvas as unknown as HTMLCanvasElement,
    canvasContext: ctx as unknown as CanvasRenderingContext2D,
    viewport,
  }).promise;
  const gray = grayFromRgba(ctx.getImageData(0, 0, w, h).data, w, h, dpi);
  // the viewport applies the page's /Rotate, so the image is upright and its
  // points are the rotated page's
  const pt = page.getViewport({ scale: 1 });
  return { page: n, width: pt.width, height: pt.height, rotation: page.rotate % 360, image: gray, offsetX: 0, offsetY: 0, method: 'render' };
}
