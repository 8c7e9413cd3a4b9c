// Small readers of the blocks a text reader gives, shared by the text tests.
import type { Block, Grid } from '../../src/model.ts';

export const bytes = (text: string) => new TextEncoder().encode(text);

export function tables(blocks: Block[]): Grid[] {
  return blocks.flatMap((b) => (b.type === 'table' ? [b.grid] : []));
}

/** Each row's cell texts, in column order as stored. */
export function rowTexts(g: Grid): string[][] {
  const rows: string[][] = [];
  for (let r = 0; r < g.nrows; r++) rows.push(g.cells.filter((c) => c.row === r).map((c) => c.text));
  return rows;
}
