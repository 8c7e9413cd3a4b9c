// Sideways tables: one small borderless table (fixtures/rotated, written by
// scripts/make-rotated-pdfs.mjs) stored upright, on a page turned by
// /Rotate, drawn reading up or down the page by its text matrix, and ruled
// and set sideways by the page transform. Every copy must give the same grid.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileTables } from '../src/cli/tables-json.ts';
import { readPdfPages } from '../src/readers/pdf.ts';
import { readFileSync } from 'node:fs';
import { ROOT } from './helpers/fixtures.ts';

const DIR = path.join(ROOT, 'fixtures/rotated');

const EXPECTED = [
  ['Ref', 'Action', 'Lead', 'Due'],
  ['1.1', 'Map local groups', 'CVS', 'March 2010'],
  ['1.2', 'Agree the compact', 'Council', 'June 2010'],
  ['2.1', 'Train volunteers', 'Volunteer Centre', 'Sept 2010'],
];

async function grid(file: string): Promise<string[][]> {
  const json = await fileTables(path.join(DIR, file));
  expect(json.tables).toHaveLength(1);
  const cells = json.tables[0].cells;
  const rows = Math.max(...cells.map((c) => c.row)) + 1;
  return Array.from({ length: rows }, (_, r) =>
    cells
      .filter((c) => c.row === r)
      .sort((a, b) => a.col - b.col)
      .map((c) => c.text.replace(/\n/g, ' ')),
  );
}

describe('tables on sideways pages', () => {
  for (const file of ['upright.pdf', 'rotate-90.pdf', 'text-up.pdf', 'text-down.pdf', 'ruled-up.pdf']) {
    it(`${file}: the table reads across, row by row`, async () => {
      expect(await grid(file)).toEqual(EXPECTED);
    });
  }

  it('a page turned for its sideways text is landscape and says so', async () => {
    const up = await readPdfPages(new Uint8Array(readFileSync(path.join(DIR, 'text-up.pdf'))));
    const down = await readPdfPages(new Uint8Array(readFileSync(path.join(DIR, 'text-down.pdf'))));
    expect([up.pages[0].width, up.pages[0].height, up.pages[0].rotation]).toEqual([842, 595, 90]);
    expect([down.pages[0].width, down.pages[0].height, down.pages[0].rotation]).toEqual([842, 595, 270]);
    expect(up.pages[0].words.some((w) => w.vertical)).toBe(false);
  });

  it('the ruled copy keeps its rules: the grid comes from them', async () => {
    const json = await fileTables(path.join(DIR, 'ruled-up.pdf'));
    expect(json.tables[0].bbox).toEqual([95, 370, 540, 466]);
  });
});
