import type { Command } from 'commander';

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
      const [{ closeReaders }, { fileTables }] = await Promise.all([import('../readers/index.ts'), import('./tables-json.ts')]);
      const wanted = o.pages ? new Set(parsePageRanges(o.pages)) : null;
      let json;
      try {
        json = await fileTables(file, { ocr: o.ocr, pages: wanted });
      } finally {
        await closeReaders();
      }
      process.stdout.write(JSON.stringify(json, null, 2) + '\n');
      setExit(0);
    });
}
