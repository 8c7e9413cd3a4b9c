import type { Command } from 'commander';
import { basename } from 'node:path';

/** "1-3,5" -> [1, 2, 3, 5] */
export function parsePageRanges(spec: string): number[] {
  const pages = new Set<number>();
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new Error(`bad page range "${part}" (e.g. 1-3,5)`);
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    if (from < 1 || to < from) throw new Error(`bad page range "${part}"`);
    for (let p = from; p <= to; p++) pages.add(p);
  }
  return [...pages].sort((a, b) => a - b);
}

export function tablesCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('tables')
    .description('Print the raw table grids of a file, before normalisation (plan-tables/1 JSON).')
    .argument('<file>', 'any supported input')
    .option('--pages <ranges>', 'only tables on these pages, e.g. 1-3,5')
    .option('--no-ocr', 'do not OCR scanned pages and images')
    .action(async (file: string, o: { pages?: string; ocr: boolean }) => {
      const wanted = o.pages ? new Set(parsePageRanges(o.pages)) : null;
      const [{ gridsToTablesJson }, { loadSource, readBlocks }, { closeReaders }] = await Promise.all([
        import('../layout/index.ts'), import('../pipeline/process.ts'), import('../readers/index.ts'),
      ]);
      const { bytes } = await loadSource(file);
      let inter;
      try {
        inter = await readBlocks(bytes, { ocr: o.ocr }, basename(file));
      } finally {
        await closeReaders();
      }
      const heights = new Map((inter.pages ?? []).map((p) => [p.page, p.height]));
      const blocks = wanted
        ? inter.blocks.filter((b) => b.type === 'table' && b.grid.pages.some((p) => wanted.has(p)))
        : inter.blocks;
      process.stdout.write(JSON.stringify(gridsToTablesJson(basename(file), blocks, heights), null, 2) + '\n');
      setExit(0);
    });
}
