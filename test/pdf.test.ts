import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/model.ts';
import { pdfWorker } from '../src/preload.js';
import { readPdfPages } from '../src/readers/pdf.ts';

const load = (p: string) => new Uint8Array(fs.readFileSync(p));
const NI7 = 'fixtures/corpus/thurrock-ni7-action-plan';

describe('readPdfPages', () => {
  it('reads words and rulings of a landscape text-layer PDF, top-left origin', async () => {
    const gold = JSON.parse(fs.readFileSync(`${NI7}/gold.json`, 'utf8'));
    const { pages, pageCount, textless } = await readPdfPages(load(`${NI7}/plan.pdf`));
    expect(pageCount).toBe(2);
    expect(textless).toEqual([]);
    expect(gold.page.orientation).toBe('landscape');
    const p1 = pages[0];
    expect(p1.width).toBeGreaterThan(p1.height);
    expect(p1.source).toBe('text');
    // the first gold header is the first word on the page, near the top
    const firstHeader = gold.blocks.find((b: { type: string }) => b.type === 'table').columns[0].header;
    const w = p1.words.find((x) => x.text === firstHeader)!;
    expect(w).toBeDefined();
    expect(w.y0).toBeLessThan(p1.height * 0.15);
    expect(w.x0).toBeLessThan(p1.width * 0.1);
    expect(w.bold).toBe(true);
    expect(w.size).toBeCloseTo(9, 0);
    // words of a line keep their reading order
    const line = p1.words.filter((x) => Math.abs(x.y0 - w.y0) < 1).map((x) => x.text);
    expect(line.slice(0, 2)).toEqual([firstHeader, gold.blocks.find((b: { type: string }) => b.type === 'table').columns[1].header]);
    const hs = p1.rulings.filter((r) => r.y0 === r.y1);
    const vs = p1.rulings.filter((r) => r.x0 === r.x1);
    expect(hs.length).toBeGreaterThan(10);
    expect(vs.length).toBeGreaterThan(6);
    for (const r of p1.rulings) {
      expect(r.x0).toBeGreaterThanOrEqual(0);
      expect(r.y1).toBeLessThanOrEqual(p1.height);
    }
  });

  it('reads only the pages asked for', async () => {
    const { pages, pageCount } = await readPdfPages(load(`${NI7}/plan.pdf`), { pages: [2, 9] });
    expect(pageCount).toBe(2);
    expect(pages.map((p) => p.page)).toEqual([2]);
  });

  it('lists the pages of a scan as textless', async () => {
    const { pages, pageCount, textless } = await readPdfPages(load(`${NI7}/scan.pdf`));
    expect(pages).toHaveLength(pageCount);
    expect(textless).toEqual(pages.map((p) => p.page));
  });

  it('applies the page rotation as a viewer shows it, and turns text left running down the page upright', async () => {
    // the same file with /Rotate 90 on its pages: pdf.js rebuilds the offsets
    const bytes = load(`${NI7}/plan.pdf`);
    const text = Buffer.from(bytes).toString('latin1');
    const rotated = text.replace(/\/Type\s*\/Page(?![s\w])/g, '/Type/Page/Rotate 90');
    expect(rotated).not.toBe(text);
    const { pages } = await readPdfPages(new Uint8Array(Buffer.from(rotated, 'latin1')));
    const p = pages[0];
    const plain = (await readPdfPages(bytes)).pages[0];
    // a viewer shows the text running down the page; the reader turns it
    // back a quarter (90 + 270), so the words read across as in the file
    expect(p.rotation).toBe(0);
    expect([p.width, p.height]).toEqual([plain.width, plain.height]);
    expect(p.words.map((w) => w.text)).toEqual(plain.words.map((w) => w.text));
    expect(p.words[0].x0).toBeCloseTo(plain.words[0].x0, 1);
    expect(p.words[0].y0).toBeCloseTo(plain.words[0].y0, 1);
    expect(p.words.some((w) => w.vertical)).toBe(false);
  });

  it('rejects a password-protected PDF with an InputError', async () => {
    await expect(readPdfPages(load('fixtures/pdf/encrypted.pdf'))).rejects.toThrow(InputError);
    await expect(readPdfPages(load('fixtures/pdf/encrypted.pdf'))).rejects.toThrow(/password/);
  });

  it('rejects a file that is no PDF with an InputError', async () => {
    await expect(readPdfPages(new TextEncoder().encode('not a pdf at all'))).rejects.toThrow(InputError);
    const cut = load(`${NI7}/plan.pdf`).slice(0, 2000);
    await expect(readPdfPages(cut)).rejects.toThrow(InputError);
  });

  it('reads documents side by side on its one pdf.js worker as it reads them one at a time', async () => {
    const files = [`${NI7}/plan.pdf`, 'fixtures/corpus/tower-hamlets-third-sector-2009/plan.pdf', `${NI7}/scan.pdf`, 'fixtures/pdf/mixed-text-and-scan.pdf'];
    const alone = [];
    for (const f of files) alone.push(await readPdfPages(load(f)));
    const together = await Promise.all(files.map((f) => readPdfPages(load(f))));
    expect(together).toEqual(alone);
    // the operator lists' arrays reach the reader whole: rulings and bold
    const [ni7, tower] = together;
    for (const doc of [ni7, tower]) {
      expect(doc.pages.every((p) => p.rulings.length > 0)).toBe(true);
      expect(doc.pages.some((p) => p.words.some((w) => w.bold))).toBe(true);
    }
    // a scan's pages are listed for OCR, their drawing left unread
    expect(together[2].textless).toEqual([1, 2]);
    expect(together[2].pages.every((p) => p.rulings.length === 0 && !p.figures?.length)).toBe(true);
  });

  it("leaves Node's Response as it was once pdf.js is loaded", async () => {
    await readPdfPages(load(`${NI7}/plan.pdf`), { pages: [1] });
    expect(await new Response('plan').text()).toBe('plan');
    expect(typeof Response.prototype.bytes).toBe('function');
  });

  it('lets go of each document once read: the one worker keeps no listener per document', async () => {
    await readPdfPages(load(`${NI7}/plan.pdf`), { pages: [1] });
    const port = pdfWorker().port as unknown as { listenerCount: number };
    const settled = port.listenerCount;
    for (let i = 0; i < 3; i++) await readPdfPages(load(`${NI7}/plan.pdf`), { pages: [1] });
    await Promise.all([1, 2].map(() => readPdfPages(load(`${NI7}/plan.pdf`), { pages: [1] })));
    expect(port.listenerCount).toBe(settled);
  });
});
