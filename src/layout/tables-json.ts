// The plan-tables/1 JSON: every table with its cells, bbox in PDF points with
// PDF's own bottom-left origin (the layout works top-left).
import type { Block } from '../model.ts';

export interface TablesJson {
  schema: 'plan-tables/1';
  source: string;
  tables: {
    page: number;
    pages: number[];
    bbox: [number, number, number, number] | null;
    cells: { row: number; col: number; rowspan: number; colspan: number; text: string }[];
  }[];
}

/** `pageHeights` maps a 1-based page number to its height, needed to flip the
 * bbox; without it the bbox is left out (null). */
export function gridsToTablesJson(
  source: string,
  blocks: Block[],
  pageHeights?: Map<number, number> | Record<number, number>,
): TablesJson {
  const heightOf = (page: number): number | undefined =>
    pageHeights instanceof Map ? pageHeights.get(page) : pageHeights?.[page];
  const tables: TablesJson['tables'] = [];
  for (const b of blocks) {
    if (b.type !== 'table') continue;
    const g = b.grid;
    const h = heightOf(g.page);
    let bbox: [number, number, number, number] | null = null;
    if (g.bbox && h !== undefined) {
      const [x0, y0, x1, y1] = g.bbox;
      bbox = [round(x0), round(h - y1), round(x1), round(h - y0)];
    }
    const cells = [...g.cells]
      .sort((a, c) => a.row - c.row || a.col - c.col)
      .map((c) => ({ row: c.row, col: c.col, rowspan: c.rowspan, colspan: c.colspan, text: c.text }));
    tables.push({ page: g.page, pages: [...g.pages], bbox, cells });
  }
  return { schema: 'plan-tables/1', source, tables };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
