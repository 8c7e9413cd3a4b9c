// The `tables` command's work without the command line: a file's table grids
// as plan-tables/1 JSON. The table evaluation runs this same code.
import { basename } from 'node:path';
import { gridsToTablesJson, type TablesJson } from '../layout/index.ts';
import { tableColumnMappings } from '../normalise/document.ts';
import { loadSource, readBlocks } from '../pipeline/process.ts';

export async function fileTables(file: string, opts: { ocr?: boolean; pages?: Set<number> | null } = {}): Promise<TablesJson> {
  const { bytes } = await loadSource(file);
  const inter = await readBlocks(bytes, { ocr: opts.ocr ?? true }, basename(file));
  const heights = new Map((inter.pages ?? []).map((p) => [p.page, p.height]));
  const wanted = opts.pages;
  // each table's column mapping, made over the whole document (a table
  // continuing an earlier one keeps that one's columns)
  const mappings = tableColumnMappings(inter.blocks);
  const tables = inter.blocks.filter((b) => b.type === 'table');
  const keep = tables.map((b) => b.type === 'table' && (!wanted || b.grid.pages.some((p) => wanted.has(p))));
  const blocks = wanted ? tables.filter((_, i) => keep[i]) : inter.blocks;
  const columns = mappings.filter((_, i) => keep[i]);
  return gridsToTablesJson(basename(file), blocks, heights, columns);
}
