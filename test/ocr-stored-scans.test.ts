// A scan's stored image decoded by poppler (stored-scans.ts) and placed from
// the page's operators read without images: the same page as pdf.js extracts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPdf, pdfPageImages, placeStoredScan } from '../src/readers/ocr/pdf-pages.ts';
import { grayFromPnm, parseImageList, storedScans } from '../src/readers/ocr/stored-scans.ts';

const scan = new Uint8Array(readFileSync('fixtures/corpus/thurrock-ni7-action-plan/scan.pdf'));

describe('stored scans', () => {
  it('places each page image where pdf.js finds it, within one grey level of its pixels', async () => {
    const viaPdfjs = await pdfPageImages(scan, undefined, { method: 'extract' });
    const stored = await storedScans(scan, [1, 2]);
    expect(stored).not.toBeNull();
    const light = await openPdf(scan, { withoutImages: true });
    try {
      for (const p of viaPdfjs) {
        const q = (await placeStoredScan(light, p.page, stored!.get(p.page)!))!;
        expect(q).not.toBeNull();
        expect([q.width, q.height, q.offsetX, q.offsetY, q.rotation, q.image.dpi]).toEqual([p.width, p.height, p.offsetX, p.offsetY, p.rotation, p.image.dpi]);
        expect([q.image.width, q.image.height]).toEqual([1754, 1241]);
        let off = 0;
        let max = 0;
        for (let i = 0; i < p.image.data.length; i++) {
          const d = Math.abs(p.image.data[i]! - q.image.data[i]!);
          if (d) off++;
          max = Math.max(max, d);
        }
        // two JPEG decoders' rounding: a few percent of pixels one level apart
        expect(max).toBeLessThanOrEqual(1);
        expect(off / p.image.data.length).toBeLessThan(0.1);
      }
    } finally {
      await light.destroy();
    }
  });

  it('leaves a text-layer page to pdf.js', async () => {
    const plan = new Uint8Array(readFileSync('fixtures/corpus/thurrock-ni7-action-plan/plan.pdf'));
    expect(await storedScans(plan, [1])).toBeNull();
  });

  it('reads pdfimages -list rows and PNM pixels', () => {
    const rows = parseImageList('page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio\n'
      + '--------------------------------------------------------------------------------------------\n'
      + '   2     1 image    1754  1241  gray    1   8  jpeg   no         9  0   150   150  181K 8.5%\n');
    expect(rows).toEqual([{ page: 2, type: 'image', width: 1754, height: 1241, color: 'gray', bpc: 8, xppi: 150, yppi: 150 }]);
    const ppm = new Uint8Array([...new TextEncoder().encode('P6\n2 1\n255\n'), 10, 10, 10, 255, 0, 0]);
    expect(grayFromPnm(ppm)).toEqual({ width: 2, height: 1, data: new Uint8Array([10, 76]), dpi: 0 });
    const pgm = new Uint8Array([...new TextEncoder().encode('P5 1 1 255\n'), 42]);
    expect(grayFromPnm(pgm)?.data).toEqual(new Uint8Array([42]));
  });
});
