// A PDF whose first page has a text layer and whose second is a scan: read page
// by page, the text layer where there is one and OCR where there is not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processBytes } from '../src/pipeline/process.ts';
import { closeReaders } from '../src/readers/index.ts';
import { fixture, gold, norm, sharedDir } from './helpers/fixtures.ts';
import { blankPages } from '../src/readers/pdf-lite/page-images.ts';

afterAll(() => closeReaders());

describe('mixed PDFs', () => {
  it('reads the text page from its text layer and OCRs the scanned page, one table across both', async () => {
    // fixtures/pdf/mixed-text-and-scan.pdf: page 1 of thurrock-ni7-action-plan/plan.pdf + page 2 of its scan.pdf
    const doc = await processBytes(readFileSync(fixture('pdf', 'mixed-text-and-scan.pdf')));
    expect(doc.pageCount).toBe(2);
    expect(doc.extractor).toBe('pdf-text'); // most pages have text
    expect(doc.notes.join(' ')).toMatch(/pages 2 have no text layer: read by OCR/);
    const g = gold('thurrock-ni7-action-plan');
    expect(doc.records).toHaveLength(g.records.length);
    const onPage2 = doc.records.filter((r) => r.provenance.page === 2);
    expect(onPage2.length).toBeGreaterThan(5);
    const goldActions = new Set(g.records.map((r) => norm(r.action)));
    const exact = doc.records.filter((r) => goldActions.has(norm(r.action))).length;
    expect(exact / g.records.length).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('with OCR turned off, says the scanned page was not read', async () => {
    const doc = await processBytes(readFileSync(fixture('pdf', 'mixed-text-and-scan.pdf')), { ocr: false });
    expect(doc.notes.join(' ')).toMatch(/1 of 2 pages have no text layer and were not read \(OCR turned off\)/);
    expect(doc.records.every((r) => r.provenance.page === 1)).toBe(true);
    expect(doc.records.length).toBeGreaterThan(5);
  });

  it('a page that paints nothing (a blank last page) is not sent to OCR', async () => {
    // a digital plan of four landscape pages, the last one empty (a clip path, nothing drawn)
    const bytes = new Uint8Array(readFileSync(join(sharedDir('corpus-dev'), '04-hollinsworth-ni7-action-plan', 'plan.pdf')));
    expect(blankPages(bytes, [1, 2, 3, 4])).toEqual([4]);
    const doc = await processBytes(bytes, { onPages: () => expect.unreachable('no page goes to OCR') });
    expect(doc.pageCount).toBe(4);
    expect(doc.extractor).toBe('pdf-text');
    expect(doc.notes).toContain('page 4 is blank');
    expect(doc.notes.join(' ')).not.toMatch(/OCR/);
    expect(doc.records).toHaveLength(23);
    // a scan's pages paint their images: never blank
    expect(blankPages(new Uint8Array(readFileSync(fixture('corpus', 'norfolk-ni7-laa-action-plan', 'scan.pdf'))), [1, 2])).toEqual([]);
  });
});
