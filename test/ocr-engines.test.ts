// The two OCR engines: the installed tesseract binary (when there is one) and
// tesseract.js. Same model, same shape of result, and the document says which
// one read it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/model.ts';
import { closeOcr, ocrEngine, ocrPdf, readImage } from '../src/readers/ocr/index.ts';
import { nativeTesseract, wordsOfTsv } from '../src/readers/ocr/native.ts';
import { processBytes } from '../src/pipeline/process.ts';
import { goldPageWords, tokens, wordRecall } from './support/word-recall.ts';

const plan = 'tower-hamlets-third-sector-2009';
const dir = path.resolve('fixtures/corpus', plan);
const png = new Uint8Array(readFileSync(path.join(dir, 'page1.png')));

afterAll(async () => {
  await closeOcr();
});

describe('OCR engines', () => {
  it('the installed binary is found (CI installs tesseract-ocr) and chosen by default', () => {
    expect(nativeTesseract()?.version).toMatch(/^tesseract [45]\./);
    expect(ocrEngine()).toBe('native');
    expect(ocrEngine({ engine: 'wasm' })).toBe('wasm');
  });

  it('both read a page image to words with boxes and confidences, at the same accuracy', async () => {
    const gold = await goldPageWords(dir + '/', 1);
    const read = async (engine: 'native' | 'wasm') => (await readImage(png, { engine })).pages![0]!;
    const native = await read('native');
    const wasm = await read('wasm');
    for (const page of [native, wasm]) {
      expect(page.source).toBe('ocr');
      expect(page.words.length).toBeGreaterThan(300);
      for (const w of page.words) {
        expect(w.x1).toBeGreaterThan(w.x0);
        expect(w.y1).toBeGreaterThan(w.y0);
        expect(w.x1).toBeLessThanOrEqual(page.width);
        expect(w.conf).toBeGreaterThanOrEqual(0);
        expect(w.conf).toBeLessThanOrEqual(100);
        expect(w.size).toBeGreaterThan(0);
      }
    }
    const nativeRecall = wordRecall(gold, native.words.map((w) => w.text)).recall;
    const wasmRecall = wordRecall(gold, wasm.words.map((w) => w.text)).recall;
    // measured 0.998 both
    expect(nativeRecall).toBeGreaterThanOrEqual(0.95);
    expect(nativeRecall).toBeGreaterThanOrEqual(wasmRecall - 0.01);
    // the same model: nearly the same words in nearly the same places
    const a = new Set(native.words.flatMap((w) => tokens(w.text)));
    const b = wasm.words.flatMap((w) => tokens(w.text));
    expect(b.filter((t) => a.has(t)).length / b.length).toBeGreaterThan(0.97);
    const first = (p: typeof native) => p.words.find((w) => w.text.length > 6)!;
    expect(Math.abs(first(native).x0 - first(wasm).x0)).toBeLessThan(3);
    expect(Math.abs(first(native).y0 - first(wasm).y0)).toBeLessThan(3);
  }, 120_000);

  it('the document notes name the engine that read it', async () => {
    const doc = await processBytes(png, {}, 'page1.png');
    expect(doc.notes).toContain(`OCR engine: ${nativeTesseract()!.version} (installed binary)`);
    expect(doc.records.length).toBeGreaterThan(0);
    const prev = process.env.PLAN_INGEST_OCR_ENGINE;
    process.env.PLAN_INGEST_OCR_ENGINE = 'wasm';
    try {
      const wasm = await processBytes(png, {}, 'page1.png');
      expect(wasm.notes).toContain('OCR engine: tesseract.js (wasm)');
      expect(wasm.records.length).toBe(doc.records.length);
    } finally {
      if (prev === undefined) delete process.env.PLAN_INGEST_OCR_ENGINE;
      else process.env.PLAN_INGEST_OCR_ENGINE = prev;
    }
  }, 120_000);

  it('a tessdata folder the binary cannot read falls back to tesseract.js, or fails clearly when the binary was asked for', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'tessdata-'));
    try {
      expect(ocrEngine({ tessdata: empty })).toBe('wasm');
      expect(() => ocrEngine({ tessdata: empty, engine: 'native' })).toThrow(InputError);
      expect(() => ocrEngine({ tessdata: empty, engine: 'native' })).toThrow(/plain eng\.traineddata/);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  it('the pages of a scanned PDF read in one native process give the same words as one process a page', async () => {
    const scan = new Uint8Array(readFileSync(path.join(dir, 'scan.pdf')));
    // one worker: the file's pages in one run; pages: [n] alone is one process a page
    const together = await ocrPdf(scan, { workers: 1 });
    expect(together.length).toBeGreaterThan(1);
    for (const page of together) {
      const [alone] = await ocrPdf(scan, { workers: 1, pages: [page.page] });
      expect(page.words.length).toBeGreaterThan(100);
      expect(page.words).toEqual(alone!.words);
      expect(page.rulings).toEqual(alone!.rulings);
    }
  }, 240_000);

  it('reads tesseract TSV rows: words with their line height, empty and structural rows skipped', () => {
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '1\t1\t0\t0\t0\t0\t0\t0\t1754\t1241\t-1\t',
      '4\t1\t1\t1\t1\t0\t100\t50\t400\t22\t-1\t',
      '5\t1\t1\t1\t1\t1\t100\t52\t80\t18\t96.5\tAction',
      '5\t1\t1\t1\t1\t2\t190\t52\t10\t18\t12\t ',
    ].join('\n');
    expect(wordsOfTsv(tsv)).toEqual([{ text: 'Action', x0: 100, y0: 52, x1: 180, y1: 70, conf: 96.5, lineHeight: 22 }]);
  });
});
