import type { Command } from 'commander';

export function compareCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description('Compare councils: themes (counts and shares), due dates by year and RAG status.')
    .option('--db <file>', 'SQLite database', 'plans.db')
    .option('--by <what>', 'area or organisation', 'area')
    .option('--json', 'print JSON')
    .action(async (o: { db: string; by: string; json?: boolean }) => {
      if (o.by !== 'area' && o.by !== 'organisation') throw new Error(`--by must be area or organisation, not "${o.by}"`);
      const [{ openExisting }, { ensureThemes }, { compareCouncils, formatComparison }] = await Promise.all([
        import('./db.ts'), import('../research/themes.ts'), import('../research/compare.ts'),
      ]);
      const db = openExisting(o.db);
      try {
        ensureThemes(db);
        const c = compareCouncils(db, o.by);
        process.stdout.write(o.json ? JSON.stringify(c, null, 2) + '\n' : formatComparison(c));
      } finally {
        db.close();
      }
      setExit(0);
    });
}
