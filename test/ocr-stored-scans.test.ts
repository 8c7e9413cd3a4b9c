// A scan's grey JPEGs read from their streams (stored-scans.ts) and placed from
// the page's operators read without images: exactly the page pdf.js extracts.
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPdf, pdfPageImages, placeStoredScan } from '../src/readers/ocr/pdf-pages.ts';
import { parseImageList, storedScans } from '../src/readers/ocr/stored-scans.ts';

const corpus = path.resolve('fixtures/corpus');
const scans = readdirSync(corpus).filter((d) => existsSync(path.join(corpus, d, 'scan.pdf'))).sort();

describe('stored scans', () => {
  it('gives every corpus scan page the bytes, resolution and place pdf.js gives it', async () => {
    expect(scans.length).toBe(5);
    let pages = 0;
    for (const plan of scans) {
      const scan = new Uint8Array(readFileSync(path.join(corpus, plan, 'scan.pdf')));
      const viaPdfjs = await pdfPageImages(scan, undefined, { method: 'extract' });
      const stored = await storedScans(scan, viaPdfjs.map((p) => p.page));
      expect(stored, plan).not.toBeNull();
      const light = await openPdf(scan, { withoutImages: true });
      try {
        for (const p of viaPdfjs) {
          const q = (await placeStoredScan(light, p.page, stored!.get(p.page)!))!;
          expect(q, `${plan} ${p.page}`).not.toBeNull();
          expect([q.width, q.height, q.offsetX, q.offsetY, q.rotation, q.image.dpi, q.image.width, q.image.height])
            .toEqual([p.width, p.height, p.offsetX, p.offsetY, p.rotation, p.image.dpi, p.image.width, p.image.height]);
          expect(Buffer.compare(Buffer.from(q.image.data), Buffer.from(p.image.data)), `${plan} ${p.page}`).toBe(0);
          pages++;
        }
      } finally {
        await light.destroy();
      }
    }
    expect(pages).toBe(13);
  });

  it('leaves to pdf.js a text-layer page and an image with a /Decode array', async () => {
    const plan = new Uint8Array(readFileSync(path.join(corpus, scans[0]!, 'plan.pdf')));
    expect(await storedScans(plan, [1])).toBeNull();
    // the same scan with a /Decode array added to its image dictionaries
    const scan = Buffer.from(readFileSync(path.join(corpus, scans[0]!, 'scan.pdf'))).toString('latin1');
    expect(scan).toMatch(/\/Subtype\s*\/Image/);
    const decoded = new Uint8Array(Buffer.from(scan.replace(/\/Subtype\s*\/Image/g, '/Subtype /Image /Decode [1 0]'), 'latin1'));
    expect(await storedScans(decoded, [1])).toBeNull();
  });

  it('reads pdfimages -list rows', () => {
    const rows = parseImageList('page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio\n'
      + '--------------------------------------------------------------------------------------------\n'
      + '   2     1 image    1754  1241  gray    1   8  jpeg   no         9  0   150   150  181K 8.5%\n');
    expect(rows).toEqual([{ page: 2, type: 'image', width: 1754, height: 1241, color: 'gray', comps: 1, bpc: 8, enc: 'jpeg', xppi: 150, yppi: 150 }]);
  });
});
