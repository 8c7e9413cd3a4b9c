import type { Command } from 'commander';

export function runsCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('runs')
    .description('List import runs, newest first.')
    .option('--db <file>', 'SQLite file, or a postgres:// URL', 'plans.db')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON (the runs, as a list, on either engine)')
    .option('--queue', 'PostgreSQL: the queue\'s counts only ({queued, active, done, failed} with --json)')
    .action(async (o: { db: string; limit: string; json?: boolean; queue?: boolean }) => {
      const [{ openExisting }, { listRuns }] = await Promise.all([import('./db.ts'), import('../store/runs.ts')]);
      const db = openExisting(o.db);
      try {
        const runs = listRuns(db, Number(o.limit) || 20);
        const postgres = /^postgres(ql)?:\/\//i.test(o.db);
        if (o.queue && !postgres) throw new Error('--queue needs a postgres:// --db (SQLite has no queue)');
        // the JSON list is the same on both engines (scripts read it); the queue's counts are asked for apart
        const queue = postgres && (o.queue || !o.json) ? await (await import('../queue/queue.ts')).countsAt(o.db) : null;
        if (o.queue && o.json) process.stdout.write(JSON.stringify(queue, null, 2) + '\n');
        else if (o.queue) process.stdout.write(`queue: ${queue!.queued} queued, ${queue!.active} active, ${queue!.done} done, ${queue!.failed} failed\n`);
        else if (o.json) process.stdout.write(JSON.stringify(runs, null, 2) + '\n');
        else {
          if (queue) process.stdout.write(`queue: ${queue.queued} queued, ${queue.active} active, ${queue.done} done, ${queue.failed} failed\n`);
          for (const r of runs) {
            process.stdout.write(`run ${r.id}  ${r.started_at}  ${r.status.padEnd(11)} seen ${r.files_seen}, imported ${r.imported}, skipped ${r.skipped}, failed ${r.failed}\n`);
          }
        }
      } finally {
        db.close();
      }
      setExit(0);
    });
}

export function failuresCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('failures')
    .description('List files that failed to import, with the stage and the reason.')
    .option('--db <file>', 'SQLite file, or a postgres:// URL', 'plans.db')
    .option('--run <n>', 'only this run')
    .option('--json', 'print JSON')
    .action(async (o: { db: string; run?: string; json?: boolean }) => {
      const [{ openExisting }, { listFailures }] = await Promise.all([import('./db.ts'), import('../store/runs.ts')]);
      const db = openExisting(o.db);
      try {
        const rows = listFailures(db, o.run !== undefined ? Number(o.run) : undefined);
        if (o.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        else for (const f of rows) process.stdout.write(`run ${f.run_id}  ${f.path}  [${f.stage}] ${f.reason}\n`);
      } finally {
        db.close();
      }
      setExit(0);
    });
}
