import type { Command } from 'commander';

export function compareCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description('Compare councils: themes (counts and shares), due dates by year and RAG status.')
    .option('--db <file>', 'SQLite file, or a postgres:// URL', 'plans.db')
    .option('--by <what>', 'area or organisation', 'area')
    .option('--all-files', 'count every stored file (default: each plan once, its best file of the latest version)')
    .option('--json', 'print JSON')
    .action(async (o: { db: string; by: string; json?: boolean; allFiles?: boolean }) => {
      const [{ openForResearch }, { compareCouncils, formatComparison }] = await Promise.all([
        import('./db.ts'), import('../research/compare.ts'),
      ]);
      if (o.by !== 'area' && o.by !== 'organisation') throw new Error(`--by must be area or organisation, not "${o.by}"`);
      const db = await openForResearch(o.db);
      try {
        const c = compareCouncils(db, o.by, { allFiles: o.allFiles });
        process.stdout.write(o.json ? JSON.stringify(c, null, 2) + '\n' : formatComparison(c));
      } finally {
        db.close();
      }
      setExit(0);
    });
}
