import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';

export function reportCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('Write one self-contained HTML page: charts by council and a filterable table of actions.')
    .option('--db <file>', 'SQLite database', 'plans.db')
    .requiredOption('--out <file>', 'HTML file to write')
    .option('--title <text>', 'page title')
    .action(async (o: { db: string; out: string; title?: string }) => {
      const [{ openExisting }, { ensureThemes }, { buildReport }] = await Promise.all([
        import('./db.ts'), import('../research/themes.ts'), import('../research/report.ts'),
      ]);
      const db = openExisting(o.db);
      try {
        ensureThemes(db);
        writeFileSync(o.out, buildReport(db, o.out, { title: o.title }));
      } finally {
        db.close();
      }
      process.stdout.write(`wrote ${o.out}\n`);
      setExit(0);
    });
}
