// A page image to a PositionedPage: deskew, find rulings, clean, OCR, and
// convert pixel boxes to PDF points with a top-left origin.
import type { PositionedPage, PositionedWord, Ruling } from '../../model.ts';
import { binarise, histogram } from './binarise.ts';
import { estimateSkew, rotateGray } from './deskew.ts';
import type { EngineOptions } from './engine.ts';
import { scaleGray, type GrayImage } from './gray.ts';
import { recogniseImage, type PixelWord } from './recognise.ts';
import { tidyWords } from './tidy-words.ts';
import { eraseRulings, findRulings, type PixelRuling } from './rulings.ts';

export interface PreprocessOptions {
  /** straighten tilted scans (default true) */
  deskew?: boolean;
  /** paint ruling lines out before OCR (default true) */
  removeRulings?: boolean;
  /** hand tesseract a black-and-white image (default false) */
  binarise?: boolean;
  /** upsample images below this resolution to it before OCR (default 150;
   * 0 = never). 150 dpi scans read better as they are than upsampled to 300. */
  ocrDpi?: number;
}

export interface PagePlacement {
  page: number;
  /** page size in points */
  width: number;
  height: number;
  /** image's top-left corner on the page, in points */
  offsetX: number;
  offsetY: number;
  /** page rotation already applied to the image */
  rotation?: number;
}

export interface PageOcrResult extends PositionedPage {
  /** tilt that was removed, in degrees */
  skew: number;
}

export const PREPROCESS_DEFAULTS: Required<PreprocessOptions> = {
  deskew: true,
  removeRulings: true,
  binarise: false,
  ocrDpi: 150,
};

/** A page image made ready for OCR. */
export interface PreparedPage {
  /** deskewed image, at its own resolution (the rulings' pixel places are
   * in it; when it was rotated, they are painted out of it as of forOcr) */
  image: GrayImage;
  /** what tesseract gets: rulings painted out, maybe upsampled */
  forOcr: GrayImage;
  rulings: PixelRuling[];
  skew: number;
}

export function preparePage(image: GrayImage, opts: PreprocessOptions = {}): PreparedPage {
  const pre = { ...PREPROCESS_DEFAULTS, ...definedOnly(opts) };
  let img = image;
  let skew = 0;
  // counted once for the skew estimate and, on a page left as it is, the ruling search
  const hist = histogram(img);
  if (pre.deskew) {
    skew = estimateSkew(img, {}, hist);
    if (Math.abs(skew) >= 0.05) img = rotateGray(img, skew);
    else skew = 0;
  }
  const found = findRulings(img, {}, img === image ? hist : undefined);
  // a rotated copy is ours: painted in place (it is already the PGM tesseract gets)
  let forOcr = pre.removeRulings && found.rulings.length > 0 ? eraseRulings(img, found, img !== image) : img;
  if (pre.binarise) forOcr = binarise(forOcr);
  const factor = pre.ocrDpi > 0 && img.dpi < pre.ocrDpi * 0.9 ? pre.ocrDpi / img.dpi : 1;
  if (factor !== 1) forOcr = scaleGray(forOcr, factor);
  return { image: img, forOcr, rulings: found.rulings, skew };
}

export async function ocrPageImage(
  image: GrayImage,
  place: PagePlacement,
  opts: PreprocessOptions & EngineOptions = {},
): Promise<PageOcrResult> {
  const prep = preparePage(image, opts);
  return pageOfWords(prep, place, await recogniseImage(prep.forOcr, opts));
}

/** What a page needs of its preparation once tesseract has read it. */
export interface PreparedFacts {
  image: { dpi: number };
  forOcr: { dpi: number };
  rulings: PixelRuling[];
  skew: number;
}

/** Recognised words (pixels of the image tesseract read) and the page's
 * rulings to a page in points. */
export function pageOfWords(prep: PreparedFacts, place: PagePlacement, recognised: PixelWord[]): PageOcrResult {
  const { rulings: pixelRulings, skew } = prep;
  const pixelWords = tidyWords(recognised);

  // pixels (of the scaled image) -> points
  const k = 72 / prep.forOcr.dpi;
  const kr = 72 / prep.image.dpi;
  const px = (x: number, kk: number) => round2(place.offsetX + x * kk);
  const py = (y: number, kk: number) => round2(place.offsetY + y * kk);
  const words: PositionedWord[] = pixelWords.map((w) => ({
    text: w.text,
    x0: px(w.x0, k), y0: py(w.y0, k), x1: px(w.x1, k), y1: py(w.y1, k),
    conf: Math.round(w.conf * 10) / 10,
    size: round2(w.lineHeight * k),
  }));
  const rulings: Ruling[] = pixelRulings.map((r) => (r.dir === 'h'
    ? { x0: px(r.x0, kr), x1: px(r.x1 + 1, kr), y0: py((r.y0 + r.y1 + 1) / 2, kr), y1: py((r.y0 + r.y1 + 1) / 2, kr) }
    : { y0: py(r.y0, kr), y1: py(r.y1 + 1, kr), x0: px((r.x0 + r.x1 + 1) / 2, kr), x1: px((r.x0 + r.x1 + 1) / 2, kr) }));
  return {
    page: place.page, width: place.width, height: place.height,
    ...(place.rotation ? { rotation: place.rotation } : {}),
    words, rulings, source: 'ocr', skew,
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
