import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';

export function reportCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('Write one self-contained HTML page: charts by council and a filterable table of actions.')
    .option('--db <file>', 'SQLite file, or a postgres:// URL', 'plans.db')
    .requiredOption('--out <file>', 'HTML file to write')
    .option('--title <text>', 'page title')
    .option('--all-files', 'every stored file (default: each plan once, its best file of the latest version)')
    .action(async (o: { db: string; out: string; title?: string; allFiles?: boolean }) => {
      const [{ openForResearch }, { buildReport }] = await Promise.all([
        import('./db.ts'), import('../research/report.ts'),
      ]);
      const db = await openForResearch(o.db);
      try {
        writeFileSync(o.out, buildReport(db, o.out, { title: o.title, allFiles: o.allFiles }));
      } finally {
        db.close();
      }
      process.stdout.write(`wrote ${o.out}\n`);
      setExit(0);
    });
}
