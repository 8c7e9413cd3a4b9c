// Spanning header cells in tables read from PDFs: kept as one cell with a
// colspan, the columns under it kept apart.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileTables } from '../src/cli/tables-json.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('spanning header cells', () => {
  it('a borderless label over two columns is one cell spanning both', async () => {
    const json = await fileTables(path.join(ROOT, 'fixtures/spans/header-span.pdf'));
    expect(json.tables.length).toBe(1);
    const t = json.tables[0];
    const row = (r: number) => t.cells.filter((c) => c.row === r).sort((a, b) => a.col - b.col);
    expect(row(0).map((c) => [c.text.replace(/\s+/g, ' '), c.col, c.colspan])).toEqual([
      ['Action', 0, 1],
      ['Lead officer', 1, 1],
      ['Funding agreed for each year', 2, 2],
      ['Due', 4, 1],
    ]);
    expect(row(1).map((c) => c.text)).toEqual(['', '', '2009/10', '2010/11', '']);
    // the body keeps five columns, one cell each
    expect(row(2).map((c) => c.text)).toEqual(['Train volunteer drivers', 'Lee Moss', '£2,500', '£6,500', 'Sept 2010']);
    expect(t.cells.filter((c) => c.row >= 1).every((c) => c.colspan === 1)).toBe(true);
  });
});
