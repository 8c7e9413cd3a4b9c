// Columns of running text are not a table: a page set in two columns (made by
// Chromium from the HTML in fixtures/prose) gives no table grid where the
// columns run side by side.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileTables } from '../src/cli/tables-json.ts';
import { ROOT } from './helpers/fixtures.ts';

describe('two-column prose', () => {
  for (const name of ['two-column-ragged', 'two-column-justified']) {
    it(`${name}: the full page of columns is not read as a table`, async () => {
      const json = await fileTables(path.join(ROOT, 'fixtures/prose', `${name}.pdf`));
      expect(json.tables.filter((t) => t.page === 1)).toEqual([]);
      // what is left is at most the columns' last lines on the last page
      for (const t of json.tables) expect(Math.max(...t.cells.map((c) => c.row)) + 1).toBeLessThanOrEqual(2);
    });
  }
});
