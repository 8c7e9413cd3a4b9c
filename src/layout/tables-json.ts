// The plan-tables/1 JSON: every table with its cells, bbox in PDF points with
// PDF's own bottom-left origin (the layout works top-left).
import type { Block, ColumnMapping } from '../model.ts';

export interface TablesJson {
  schema: 'plan-tables/1';
  source: string;
  tables: {
    page: number;
    pages: number[];
    bbox: [number, number, number, number] | null;
    cells: { row: number; col: number; rowspan: number; colspan: number; text: string }[];
    /** each column's field and confidence when the table is a plan table
     * (present only when mappings are given) */
    columns?: ColumnMapping[] | null;
  }[];
}

/** `pageHeights` maps a 1-based page number to its height, needed to flip the
 * bbox; without it the bbox is left out (null). `columns`, when given, holds
 * each table block's column mapping in order (null for a table that is not a plan). */
export function gridsToTablesJson(
  source: string,
  blocks: Block[],
  pageHeights?: Map<number, number> | Record<number, number>,
  columns?: (ColumnMapping[] | null)[],
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
    const table: TablesJson['tables'][number] = { page: g.page, pages: [...g.pages], bbox, cells };
    if (columns) table.columns = columns[tables.length] ?? null;
    tables.push(table);
  }
  return { schema: 'plan-tables/1', source, tables };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
