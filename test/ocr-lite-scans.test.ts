// Scanned pages placed by the fast PDF reader (lite-scans.ts): the place,
// resolution and pixels pdf.js's page image has, with neither pdf.js nor
// pdfimages; a page that is anything but one upright grey JPEG over the page
// is left to them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { histogram } from '../src/readers/ocr/binarise.ts';
import { liteScans } from '../src/readers/ocr/lite-scans.ts';
import { pdfPageImages } from '../src/readers/ocr/pdf-pages.ts';
import { decodeGrayJpeg } from '../src/readers/ocr/stored-scans.ts';

const corpus = path.resolve('fixtures/corpus');
const plans = readdirSync(corpus).filter((d) => existsSync(path.join(corpus, d, 'scan.pdf'))).sort();
const read = (plan: string, file: string) => new Uint8Array(readFileSync(path.join(corpus, plan, file)));
/** the file with `from` replaced by `to`, of the same length (offsets kept) */
const edited = (bytes: Uint8Array, from: string, to: string) => {
  expect(to.length).toBe(from.length);
  const text = Buffer.from(bytes).toString('latin1');
  expect(text).toContain(from);
  return new Uint8Array(Buffer.from(text.split(from).join(to), 'latin1'));
};

describe('scans placed by the fast PDF reader', () => {
  it('gives every corpus scan page the bytes, resolution and place pdf.js gives it', async () => {
    expect(plans.length).toBe(5);
    let pages = 0;
    for (const plan of plans) {
      const scan = read(plan, 'scan.pdf');
      const viaPdfjs = await pdfPageImages(scan, undefined, { method: 'extract' });
      const lite = liteScans(scan, undefined);
      expect(lite?.pageCount, plan).toBe(viaPdfjs.length);
      for (const p of viaPdfjs) {
        const q = lite!.scans.get(p.page)!;
        expect(q, `${plan} ${p.page}`).toBeDefined();
        expect([q.place.width, q.place.height, q.place.offsetX, q.place.offsetY, q.place.rotation, q.dpi, q.width, q.height])
          .toEqual([p.width, p.height, p.offsetX, p.offsetY, p.rotation, p.image.dpi, p.image.width, p.image.height]);
        const data = await decodeGrayJpeg(q.jpeg, q.width, q.height);
        expect(Buffer.compare(Buffer.from(data!), Buffer.from(p.image.data)), `${plan} ${p.page}`).toBe(0);
        pages++;
      }
    }
    expect(pages).toBe(13);
  });

  it('takes only the pages asked for', () => {
    const scan = read('thurrock-community-engagement-2011', 'scan.pdf');
    expect([...liteScans(scan, [2, 4, 9])!.scans.keys()]).toEqual([2, 4]);
  });

  it('leaves to pdf.js a text page, a drawn path, a small image, a /Decode array, a rotated page and an image over the limit', () => {
    const plan = 'norfolk-ni7-laa-action-plan';
    const scan = read(plan, 'scan.pdf');
    expect(liteScans(scan, undefined)!.scans.size).toBe(2);
    expect(liteScans(read(plan, 'plan.pdf'), [1])!.scans.size).toBe(0);
    const place = '595.6800 0 0 841.9200 0.0000 0.0000 cm';
    expect(liteScans(edited(scan, place, '0 0 m 9 9 l S 595.68 0 0 841.92 0 0 cm'), undefined)!.scans.size).toBe(0);
    expect(liteScans(edited(scan, place, '297.8400 0 0 420.9600 0.0000 0.0000 cm'), undefined)!.scans.size).toBe(0);
    expect(liteScans(edited(scan, '/Type /XObject', '/Decode [1 0] '), undefined)!.scans.size).toBe(0);
    expect(liteScans(edited(scan, '/Parent 3 0 R', '/Rotate 90   '), undefined)!.scans.size).toBe(0);
    expect(liteScans(scan, undefined, 1241 * 1754 - 1)!.scans.size).toBe(0);
    expect(liteScans(scan, undefined, 1241 * 1754)!.scans.size).toBe(2);
  });

  it('counts a decoded page\'s grey levels as one pixel at a time does, the view at any byte offset', async () => {
    const s = liteScans(read('thurrock-ni7-action-plan', 'scan.pdf'), [1])!.scans.get(1)!;
    const data = (await decodeGrayJpeg(s.jpeg, s.width, s.height))!;
    const plain = new Uint32Array(256);
    for (const v of data) plain[v]++;
    expect(plain.filter((c) => c > 0).length).toBeGreaterThan(100);
    for (let at = 0; at < 4; at++) {
      for (const cut of [0, 1, 2, 3]) {
        const buf = new Uint8Array(data.length + 8);
        buf.set(data, at);
        const view = buf.subarray(at, at + data.length - cut);
        const want = new Uint32Array(256);
        for (const v of view) want[v]++;
        expect([...histogram({ width: 1, height: view.length, dpi: 150, data: view })], `offset ${at}, ${cut} short`).toEqual([...want]);
      }
    }
  });
});
