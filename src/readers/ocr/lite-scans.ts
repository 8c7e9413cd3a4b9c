// Scanned pages placed by the fast PDF reader (pdf-lite/page-images.ts),
// without pdf.js or pdfimages: a page that is upright, draws one 8-bit grey
// JPEG and nothing else, the image unrotated and covering at least 90% of
// the page, is placed by the transform at its Do (the numbers pdf-pages.ts's
// extractScan reads from pdf.js's operator list), and its stream as stored is
// what stored-scans.ts decodes. Any other page is left out of the map and goes
// the way it went before.
import { openLiteImages, type PageImages } from '../pdf-lite/page-images.ts';
import type { PageRaster } from './pdf-pages.ts';

export interface LiteScan {
  /** where the image sits, as pdf.js's page image would say (image aside) */
  place: Omit<PageRaster, 'image'>;
  dpi: number;
  width: number;
  height: number;
  /** the JPEG stream as stored */
  jpeg: Uint8Array;
}

/** The wanted pages (all when omitted) that are such scans; null when the
 * fast reader cannot read the file. */
export function liteScans(bytes: Uint8Array, pages: number[] | undefined, maxPixels?: number): { pageCount: number; scans: Map<number, LiteScan> } | null {
  let doc: ReturnType<typeof openLiteImages>;
  try {
    doc = openLiteImages(bytes);
  } catch {
    return null;
  }
  const scans = new Map<number, LiteScan>();
  for (const n of pages ?? Array.from({ length: doc.pageCount }, (_, i) => i + 1)) {
    if (!Number.isInteger(n) || n < 1 || n > doc.pageCount) continue;
    let p: PageImages;
    try {
      p = doc.page(n);
    } catch {
      continue;
    }
    const scan = scanOf(p, n, maxPixels);
    if (scan) scans.set(n, scan);
  }
  return { pageCount: doc.pageCount, scans };
}

function scanOf(p: PageImages, n: number, maxPixels?: number): LiteScan | null {
  if (p.rotate !== 0 || p.drawsOther || p.images.length !== 1) return null;
  const img = p.images[0]!;
  if (img.filters.length !== 1 || img.filters[0] !== 'DCTDecode' || img.colorSpace !== 'DeviceGray'
    || img.bitsPerComponent !== 8 || img.alters.length > 0) return null;
  const { width, height } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) return null;
  // over the limit: pdf.js's way says so
  if (maxPixels && width * height > maxPixels) return null;
  const [a, b, c, d, e, f] = img.ctm as [number, number, number, number, number, number];
  if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6 || a <= 0 || d <= 0) return null;
  const [vx0, vy0, vx1, vy1] = p.view as [number, number, number, number];
  const pw = vx1 - vx0;
  const ph = vy1 - vy0;
  if (a * d < 0.9 * pw * ph) return null;
  // the image fills the unit square mapped by [a 0 0 d e f]; PDF y grows upwards
  return {
    place: { page: n, width: pw, height: ph, offsetX: e - vx0, offsetY: vy1 - (f + d), rotation: 0, method: 'extract' },
    dpi: width / (a / 72),
    width, height,
    jpeg: img.raw,
  };
}
