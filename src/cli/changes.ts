import type { Command } from 'commander';

const LABEL: Record<string, string> = { added: 'added', removed: 'removed', reworded: 'reworded', status: 'status', due: 'due date', lead: 'lead', cost: 'cost' };

export function changesCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('changes')
    .description('What changed between two documents (ids or paths); with one, against the previous version of its plan.')
    .argument('<a>', 'document id or path (the earlier one, or the only one)')
    .argument('[b]', 'document id or path (the later one)')
    .option('--db <file>', 'SQLite file, or a postgres:// URL', 'plans.db')
    .option('--json', 'print JSON')
    .action(async (a: string, b: string | undefined, o: { db: string; json?: boolean }) => {
      const { openForResearch } = await import('./db.ts');
      const { changesBetween, changesFromPrevious, resolveDocument } = await import('../identity/plans.ts');
      const { formatWordDiff, wordDiff } = await import('../identity/match.ts');
      const db = await openForResearch(o.db);
      try {
        const report = b === undefined ? changesFromPrevious(db, resolveDocument(db, a)) : changesBetween(db, resolveDocument(db, a), resolveDocument(db, b));
        if (o.json) {
          process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        } else {
          const path = (id: number | null) => (id === null ? '(gone)' : (db.prepare('SELECT path FROM documents WHERE id = ?').pluck().get(id) as string | undefined) ?? '(gone)');
          process.stdout.write(`from #${report.from ?? '-'} ${path(report.from)}\n  to #${report.to} ${path(report.to)}\n`);
          for (const c of report.changes) {
            const head = `${LABEL[c.kind].padEnd(9)} ${c.ref ?? '-'}`;
            const one = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
            if (c.kind === 'reworded') process.stdout.write(`${head}  ${formatWordDiff(wordDiff(one(c.before), one(c.after)))}\n`);
            else if (c.kind === 'added' || c.kind === 'removed') process.stdout.write(`${head}  ${one(c.action)}\n`);
            else process.stdout.write(`${head}  ${one(c.before)} -> ${one(c.after)}  (${one(c.action).slice(0, 70)})\n`);
          }
          process.stdout.write(`${report.changes.length} change${report.changes.length === 1 ? '' : 's'}\n`);
        }
      } finally {
        db.close();
      }
      setExit(0);
    });
}
