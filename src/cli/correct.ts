import type { Command } from 'commander';

export function correctCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('correct')
    .description('Correct one field of one action (its id as in the database and the export); the correction survives re-imports.')
    .argument('<action-id>', 'the action\'s id')
    .argument('<field>', 'section, ref, action, output, outcome, milestone, due, lead, resources, funding, status or progress')
    .argument('<value>', 'the right value ("" clears the field)')
    .option('--db <file>', 'SQLite file, or a postgres:// URL', 'plans.db')
    .option('--user <name>', 'who makes the correction (default: the OS user)')
    .option('--json', 'print the stored correction as JSON')
    .action(async (id: string, field: string, value: string, o: { db: string; user?: string; json?: boolean }) => {
      const { openExisting } = await import('./db.ts');
      const { correctField, defaultAuthor } = await import('../server/edit.ts');
      if (!/^\d+$/.test(id)) throw new Error(`action id must be a number, not "${id}"`);
      const db = openExisting(o.db, { write: true });
      try {
        const c = correctField(db, { actionId: Number(id), field: field as never, value, author: o.user ?? defaultAuthor() });
        if (o.json) process.stdout.write(JSON.stringify(c, null, 2) + '\n');
        else if (c.status === 'reverted') process.stdout.write(`action ${id} ${field}: back to the extracted value (correction ${c.id} reverted)\n`);
        else process.stdout.write(`action ${id} ${field}: ${JSON.stringify(c.old_value)} -> ${JSON.stringify(c.new_value)} (correction ${c.id})\n`);
      } finally {
        db.close();
      }
      setExit(0);
    });
}

export function correctionsCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('corrections')
    .description('List corrections: applied, orphaned (their record is gone from the latest import), superseded, reverted.')
    .option('--db <file>', 'SQLite file, or a postgres:// URL', 'plans.db')
    .option('--status <status>', 'only applied, orphaned, superseded or reverted')
    .option('--revert <id>', 'revert this correction (the field gets its extracted value back)')
    .option('--user <name>', 'who reverts (default: the OS user)')
    .option('--json', 'print JSON')
    .action(async (o: { db: string; status?: string; revert?: string; user?: string; json?: boolean }) => {
      const { openExisting } = await import('./db.ts');
      const { listCorrections } = await import('../store/corrections.ts');
      const { defaultAuthor, revertField } = await import('../server/edit.ts');
      const statuses = ['applied', 'orphaned', 'superseded', 'reverted'];
      if (o.status && !statuses.includes(o.status)) throw new Error(`--status must be one of ${statuses.join(', ')}`);
      const db = openExisting(o.db, { write: o.revert !== undefined });
      try {
        if (o.revert !== undefined) {
          if (!/^\d+$/.test(o.revert)) throw new Error(`--revert needs a correction id, not "${o.revert}"`);
          const c = revertField(db, Number(o.revert), o.user ?? defaultAuthor());
          process.stdout.write(`correction ${c.id} reverted: ${c.field} is ${JSON.stringify(c.old_value)} again\n`);
        } else {
          const rows = listCorrections(db, { status: o.status as never });
          if (o.json) process.stdout.write(JSON.stringify(rows.map((r) => ({ ...r, record_fields: JSON.parse(r.record_fields), derived: r.derived ? JSON.parse(r.derived) : null })), null, 2) + '\n');
          else {
            for (const c of rows) {
              const where = c.action_id !== null ? `action ${c.action_id}` : `was ref ${c.record_ref ?? '-'} #${c.record_position + 1}`;
              process.stdout.write(`${String(c.id).padStart(4)}  ${c.status.padEnd(10)} ${c.document_path}  ${where}  ${c.field}: ${JSON.stringify(c.old_value)} -> ${JSON.stringify(c.new_value)}  (${c.author}, ${c.created_at})${c.status_reason ? `  [${c.status_reason}]` : ''}\n`);
            }
            process.stdout.write(`${rows.length} correction${rows.length === 1 ? '' : 's'}\n`);
          }
        }
      } finally {
        db.close();
      }
      setExit(0);
    });
}
