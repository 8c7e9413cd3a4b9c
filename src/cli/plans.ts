import type { Command } from 'commander';

export function plansCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('plans')
    .description('List plans: the files of each (same content in another format or copy) and its versions.')
    .option('--db <file>', 'SQLite file, or a postgres:// URL', 'plans.db')
    .option('--json', 'print JSON')
    .action(async (o: { db: string; json?: boolean }) => {
      const { openForResearch } = await import('./db.ts');
      const { listPlans, plansJson } = await import('../identity/plans.ts');
      const db = await openForResearch(o.db);
      try {
        const plans = listPlans(db);
        if (o.json) {
          process.stdout.write(JSON.stringify(plansJson(plans), null, 2) + '\n');
        } else {
          for (const p of plans) {
            const who = [p.organisation, p.area].filter(Boolean).join(', ');
            process.stdout.write(`plan ${p.id}  ${p.title ?? '(untitled)'}${who ? `  (${who})` : ''}  ${p.versions} version${p.versions === 1 ? '' : 's'}, ${p.files.length} file${p.files.length === 1 ? '' : 's'}\n`);
            for (const f of p.files) {
              const best = f.id === p.best_document_id ? '  best' : '';
              process.stdout.write(`  v${f.version}  ${f.link.padEnd(7)} ${f.similarity.toFixed(3)}  #${f.id} ${f.path}  (${f.extractor}, ${f.records} actions)${best}\n`);
            }
          }
          process.stdout.write(`${plans.length} plan${plans.length === 1 ? '' : 's'}\n`);
        }
      } finally {
        db.close();
      }
      setExit(0);
    });
}
