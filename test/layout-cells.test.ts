// Ruled cells: text drawn over a column line is cut there, glyph by glyph;
// a table ruled inside a cell is a table of its own, its text not the cell's.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileTables } from '../src/cli/tables-json.ts';
import { cutAt } from '../src/glyphs.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('text over a ruled column line', () => {
  it('a word running out of its cell is cut at the line, the rest in the cell beside it', async () => {
    const json = await fileTables(path.join(ROOT, 'fixtures/ruled-cells/overflow.pdf'));
    expect(json.tables.length).toBe(1);
    const row = json.tables[0].cells.filter((c) => c.row === 1).sort((a, b) => a.col - b.col);
    expect(row.map((c) => c.col)).toEqual([0, 1, 2, 3]);
    expect(row[0].text).toBe('1.1');
    expect(row[3].text).toBe('June 2010');
    // the line is drawn through "development" (poppler: "deve|lopment"); glyph
    // widths are estimated, so the cut may fall a glyph either side
    expect(row[1].text).toMatch(/^www\.volunteeringdev(e|el)?$/);
    expect(row[1].text + row[2].text).toBe('www.volunteeringdevelopment.org.uk/plan');
    // the other rows keep their words whole
    expect(json.tables[0].cells.find((c) => c.row === 2 && c.col === 2)?.text).toBe('Ann Hale');
  });

  it('a glyph goes to the side that holds its centre', () => {
    // "MW" over 0..2 (two glyphs of equal width, centres 0.5 and 1.5): a
    // line between the centres cuts between the glyphs, wherever it falls
    expect(cutAt('MW', 0, 2, 0.6)).toEqual(['M', 'W', 1]);
    expect(cutAt('MW', 0, 2, 1.4)).toEqual(['M', 'W', 1]);
    // a line short of the first centre or past the last leaves the word whole
    expect(cutAt('MW', 0, 2, 0.4)).toBeNull();
    expect(cutAt('MW', 0, 2, 1.6)).toBeNull();
  });
});

describe('a ruled table inside a ruled cell', () => {
  it('is read as its own table and its text is not left in the cell round it', async () => {
    const json = await fileTables(path.join(ROOT, 'fixtures/ruled-cells/nested.pdf'));
    expect(json.tables.length).toBe(2);
    const grid = (t: (typeof json.tables)[number]) => {
      const rows: string[][] = [];
      for (const c of t.cells) (rows[c.row] ??= [])[c.col] = c.text;
      return rows;
    };
    const [outer, inner] = [...json.tables].sort((a, b) => b.cells.length - a.cells.length);
    expect(grid(outer)).toEqual([
      ['Ref', 'Action', 'Budget'],
      ['2.1', 'Run a funding fair for member groups', ''],
      ['2.2', 'Publish a grants guide', '£1,200'],
    ]);
    expect(grid(inner)).toEqual([
      ['Year', 'Amount'],
      ['2010', '£4,000'],
      ['2011', '£5,500'],
    ]);
  });
});
