import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { InputError, type PositionedPage } from '../src/model.ts';
import { closeOcr, ocrImage, ocrPdf, readImage } from '../src/readers/ocr/index.ts';
import { decodeImage } from '../src/readers/ocr/decode-image.ts';
import { readImageInfo } from '../src/readers/ocr/image-info.ts';
import { estimateSkew, rotateGray } from '../src/readers/ocr/deskew.ts';
import { pdfPageImages } from '../src/readers/ocr/pdf-pages.ts';
import { goldPageWords, wordRecall } from './support/word-recall.ts';
import { goldRows, scoreRows } from './gold-tables.ts';
import { buildBlocks } from '../src/layout/blocks.ts';
import { writeTiff } from './support/tiff.ts';
import { pdfText } from './support/pdf-text.ts';

const corpus = path.resolve('fixtures/corpus');
const fixture = (plan: string, file: string) => path.join(corpus, plan, file);
const bytes = (plan: string, file: string) => new Uint8Array(readFileSync(fixture(plan, file)));

interface GoldTable { type: string; columns?: unknown[] }
const goldColumns = (plan: string): number => {
  const gold = JSON.parse(readFileSync(fixture(plan, 'gold.json'), 'utf8')) as { blocks: GoldTable[] };
  return gold.blocks.find((b) => b.type === 'table')!.columns!.length;
};

/** Distinct positions of vertical rulings (table column borders). */
const verticalLines = (page: PositionedPage): number[] => {
  const xs = page.rulings.filter((r) => r.x0 === r.x1 && r.y1 - r.y0 > 20).map((r) => r.x0).sort((a, b) => a - b);
  const out: number[] = [];
  for (const x of xs) if (!out.length || x - out[out.length - 1] > 4) out.push(x);
  return out;
};

function expectInsidePage(page: PositionedPage) {
  for (const w of page.words) {
    expect(w.x0).toBeGreaterThanOrEqual(0);
    expect(w.y0).toBeGreaterThanOrEqual(0);
    expect(w.x1).toBeLessThanOrEqual(page.width);
    expect(w.y1).toBeLessThanOrEqual(page.height);
    expect(w.x1).toBeGreaterThan(w.x0);
    expect(w.conf).toBeGreaterThanOrEqual(0);
    expect(w.conf).toBeLessThanOrEqual(100);
  }
  for (const r of page.rulings) {
    expect(Math.min(r.x0, r.y0)).toBeGreaterThanOrEqual(0);
    expect(r.x1).toBeLessThanOrEqual(page.width);
    expect(r.y1).toBeLessThanOrEqual(page.height);
  }
}

/** Where the text-layer PDF the scan was made from starts its runs whose
 * first word occurs once on the page: word -> [left x, baseline y]
 * (top-left origin). */
async function textLayerWords(plan: string, page: number): Promise<Map<string, [number, number]>> {
  const doc = await getDocument({ data: bytes(plan, 'plan.pdf'), verbosity: 0, isEvalSupported: false }).promise;
  const p = await doc.getPage(page);
  const height = p.view[3] - p.view[1];
  const items = (await p.getTextContent()).items.flatMap((it) => ('str' in it ? [it] : []));
  const seen = new Map<string, number>();
  for (const it of items) for (const w of it.str.split(/\s+/)) seen.set(w, (seen.get(w) ?? 0) + 1);
  const out = new Map<string, [number, number]>();
  for (const it of items) {
    const first = it.str.trim().split(/\s+/)[0];
    if (/^[A-Za-z]{4,}$/.test(first) && seen.get(first) === 1 && it.str.startsWith(first)) {
      out.set(first, [it.transform[4], height - it.transform[5]]);
    }
  }
  await doc.destroy();
  return out;
}

afterAll(async () => {
  await closeOcr();
});

describe('ocrPdf on a scanned PDF', () => {
  const plan = 'thurrock-ni7-action-plan';
  let page: PositionedPage;

  it('reads page 1 with most of the gold words, as points on the page', async () => {
    const pages = await ocrPdf(bytes(plan, 'scan.pdf'), { pages: [1] });
    expect(pages).toHaveLength(1);
    page = pages[0];
    expect(page.page).toBe(1);
    expect(page.source).toBe('ocr');
    // landscape A4 as the PDF's MediaBox has it
    expect(page.width).toBeCloseTo(841.92, 1);
    expect(page.height).toBeCloseTo(595.68, 1);
    const { recall, total } = wordRecall(await goldPageWords(fixture(plan, ''), 1), page.words.map((w) => w.text));
    expect(total).toBeGreaterThan(150);
    // measured 0.996 (docs/ocr.md)
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expectInsidePage(page);
  });

  it('finds the table borders: one vertical line per column edge', () => {
    const xs = verticalLines(page);
    expect(xs).toHaveLength(goldColumns(plan) + 1);
    expect(page.rulings.filter((r) => r.y0 === r.y1).length).toBeGreaterThan(10);
  });

  it('puts words where the text-layer PDF has them, up to the scanner shift', async () => {
    // The scan is the text-layer PDF printed and scanned: tilted ~0.7 degrees
    // and shifted by a few points. After deskew and pixel -> point conversion
    // every word must sit at the same offset from its text-layer place; a
    // wrong scale or rotation would spread the offsets across the page.
    const truth = await textLayerWords(plan, 1);
    const dx: number[] = [];
    const dy: number[] = [];
    for (const w of page.words) {
      const t = truth.get(w.text);
      if (!t) continue;
      dx.push(w.x0 - t[0]);
      dy.push(w.y1 - t[1]); // OCR box bottom vs baseline (descenders add a little)
    }
    expect(dx.length).toBeGreaterThan(10);
    const q = (a: number[], f: number) => [...a].sort((p, r) => p - r)[Math.floor(f * (a.length - 1))];
    expect(q(dx, 0.9) - q(dx, 0.1)).toBeLessThan(3);
    expect(q(dy, 0.9) - q(dy, 0.1)).toBeLessThan(5);
    expect(Math.abs(q(dx, 0.5))).toBeLessThan(10);
    expect(Math.abs(q(dy, 0.5))).toBeLessThan(10);
  });

  it('goes through the layout stage into the gold table shape', () => {
    const tables = buildBlocks([page]).filter((b) => b.type === 'table');
    expect(tables.length).toBeGreaterThanOrEqual(1);
    for (const t of tables) expect(t.grid.ncols).toBe(goldColumns(plan));
    const gold = goldRows(fixture(plan, 'gold.json'));
    const { matched } = scoreRows(gold, tables);
    if (process.env.DEBUG_OCR) console.log('rows matched', matched, 'of', gold.length);
    // the text layer of plan.pdf page 1 reproduces 17 of the plan's 34 gold
    // rows this way; OCR of the scan, before any repair, measured 16
    expect(matched).toBeGreaterThanOrEqual(14);
  });

  it('renders the page to the same picture it extracts (the fallback for non-scan pages)', async () => {
    const [extracted, rendered] = await Promise.all([
      pdfPageImages(bytes(plan, 'scan.pdf'), [2], { method: 'extract' }),
      pdfPageImages(bytes(plan, 'scan.pdf'), [2], { method: 'render', renderDpi: 150 }),
    ]);
    const a = extracted[0];
    const b = rendered[0];
    expect([a.method, b.method]).toEqual(['extract', 'render']);
    expect([b.width, b.height]).toEqual([a.width, a.height]);
    expect(Math.abs(b.image.width - a.image.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(b.image.height - a.image.height)).toBeLessThanOrEqual(1);
    let diff = 0;
    for (let y = 0; y < a.image.height - 1; y++) {
      for (let x = 0; x < a.image.width - 1; x++) diff += Math.abs(a.image.data[y * a.image.width + x] - b.image.data[y * b.image.width + x]);
    }
    // at the scan's own 150 dpi the canvas draws the image pixel for pixel
    // (measured mean difference 0): any shift or scaling would show here
    expect(diff / (a.image.width * a.image.height)).toBeLessThan(1);
  });

  it('refuses a page the PDF does not have', async () => {
    await expect(ocrPdf(bytes(plan, 'scan.pdf'), { pages: [3] })).rejects.toBeInstanceOf(InputError);
  });
});

describe('deskew', () => {
  it('measures a known tilt added to a straightened scan', async () => {
    const [img] = await decodeImage(bytes('thurrock-ni7-action-plan', 'page1.png'));
    const straight = rotateGray(img, estimateSkew(img));
    expect(Math.abs(estimateSkew(straight))).toBeLessThanOrEqual(0.04);
    for (const angle of [1.3, -0.6]) {
      // rotateGray(img, a) undoes a tilt of a, so -a adds one
      expect(estimateSkew(rotateGray(straight, -angle))).toBeCloseTo(angle, 1);
    }
  });
});

describe('ocrImage', () => {
  const plan = 'tower-hamlets-third-sector-2009';

  it('reads a PNG page at its recorded 150 dpi', async () => {
    const png = bytes(plan, 'page1.png');
    expect(readImageInfo(png).frames[0]).toEqual({ width: 1754, height: 1241, dpi: 150 });
    const doc = await readImage(png);
    expect(doc).toMatchObject({ format: 'image', extractor: 'image-ocr', pageCount: 1, blocks: [], notes: [] });
    const gold = JSON.parse(readFileSync(fixture(plan, 'gold.json'), 'utf8')) as { page: { orientation: string } };
    expect(doc.orientation).toBe(gold.page.orientation);
    const page = doc.pages![0];
    expect(page.source).toBe('ocr');
    // 1754 px at 150 dpi = 841.92 pt
    expect(page.width).toBeCloseTo(841.92, 1);
    expect(page.height).toBeCloseTo(595.68, 1);
    const { recall } = wordRecall(await goldPageWords(fixture(plan, ''), 1), page.words.map((w) => w.text));
    // measured 0.998
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(verticalLines(page)).toHaveLength(goldColumns(plan) + 1);
    expectInsidePage(page);

    // list bullets come back as '•' (tesseract reads the dot as '«', '*' or '+')
    const bullets = page.words.filter((w) => w.text === '•').length;
    const textLayer = (await pdfText(fixture(plan, 'plan.pdf'), 1)).match(/•/g)!.length;
    expect(bullets).toBeGreaterThanOrEqual(Math.floor(0.8 * textLayer));
    expect(bullets).toBeLessThanOrEqual(textLayer);
  });

  it('reads every page of a multi-page TIFF, at 300 dpi when none is recorded', async () => {
    const [img] = await decodeImage(bytes(plan, 'page1.png'));
    // two strips of the page as two TIFF pages; the second records no dpi
    const strip = (y0: number, h: number) => img.data.slice(y0 * img.width, (y0 + h) * img.width);
    const tiff = writeTiff([
      { width: img.width, height: 160, data: strip(60, 160), dpi: 150 },
      { width: img.width, height: 120, data: strip(60, 120) },
    ]);
    const frames = await decodeImage(tiff);
    expect(frames.map((f) => [f.width, f.height, f.dpi])).toEqual([[1754, 160, 150], [1754, 120, 300]]);
    expect(Buffer.from(frames[1].data).equals(Buffer.from(strip(60, 120)))).toBe(true);

    const doc = await readImage(tiff);
    expect(doc.notes.join(' ')).toMatch(/records no resolution; 300 dpi assumed/);
    const pages = doc.pages!;
    expect(pages.map((p) => p.page)).toEqual([1, 2]);
    expect(pages[0].width).toBeCloseTo(841.92, 1);
    expect(pages[1].width).toBeCloseTo((1754 * 72) / 300, 1);
    const words = pages[0].words.map((w) => w.text.toLowerCase());
    // the page's title row, as the gold heading has it
    const gold = JSON.parse(readFileSync(fixture(plan, 'gold.json'), 'utf8')) as { blocks: { type: string; text?: string }[] };
    const heading = gold.blocks.find((b) => b.type === 'heading')!.text!.toLowerCase().split(/\s+/);
    const found = heading.filter((h) => words.includes(h)).length;
    expect(found / heading.length).toBeGreaterThanOrEqual(0.8);
  });

  it('decodes a JPEG (the scan stored in a PDF) to the pixels pdf.js extracts', async () => {
    // the scan.pdf page image is a baseline JPEG stream (/DCTDecode)
    const pdf = bytes('thurrock-ni7-action-plan', 'scan.pdf');
    const text = Buffer.from(pdf).toString('latin1');
    const dict = text.indexOf('/DCTDecode');
    const length = Number(/\/Length (\d+)/.exec(text.slice(text.lastIndexOf('<<', dict), dict + 200))![1]);
    const start = text.indexOf('stream', dict) + 'stream'.length + 1;
    const jpeg = pdf.slice(start, start + length);
    expect(readImageInfo(jpeg)).toMatchObject({ format: 'jpeg', frames: [{ width: 1754, height: 1241 }] });
    const [img] = await decodeImage(jpeg, { assumeDpi: 150 });
    const [raster] = await pdfPageImages(pdf, [1], { method: 'extract' });
    expect(raster.image.dpi).toBeCloseTo(150, 3);
    expect([img.width, img.height]).toEqual([raster.image.width, raster.image.height]);
    let diff = 0;
    for (let i = 0; i < img.data.length; i++) diff += Math.abs(img.data[i] - raster.image.data[i]);
    // two JPEG decoders (libjpeg-turbo in canvas, pdf.js's own) differ by rounding only
    expect(diff / img.data.length).toBeLessThan(2);
  });

  it('refuses an image whose header claims too many pixels, before decoding it', async () => {
    // a PNG signature and IHDR claiming 60000 x 60000, and nothing else
    const png = new Uint8Array(33);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(png.buffer).setUint32(16, 60000);
    new DataView(png.buffer).setUint32(20, 60000);
    await expect(ocrImage(png)).rejects.toThrow(/60000 x 60000 pixels \(3600\.0 MP\), over the limit of 100\.0 MP/);
    await expect(ocrImage(bytes(plan, 'page1.png'), { maxPixels: 1_000_000 })).rejects.toBeInstanceOf(InputError);
  });

  it('refuses what is not an image', async () => {
    await expect(ocrImage(bytes(plan, 'source.txt'))).rejects.toBeInstanceOf(InputError);
  });
});
