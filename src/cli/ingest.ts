import type { Command } from 'commander';
import { openDatabase } from '../store/db.ts';
import { ingestPaths, type FileResult } from '../pipeline.ts';

function line(r: FileResult): string {
  if (r.status === 'imported') return `imported  ${r.path}  (${r.format}/${r.extractor}, ${r.records} actions, ${r.repairs} repairs, ${r.ms} ms)`;
  if (r.status === 'skipped') return `skipped   ${r.path}  (${r.reason})`;
  return `FAILED    ${r.path}  [${r.stage}] ${r.reason}`;
}

export function ingestCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('ingest')
    .description('Import plan files or folders (recursively) into the database.')
    .argument('<paths...>', 'files or folders')
    .option('--db <file>', 'SQLite database', 'plans.db')
    .option('--force', 're-import files already imported with the same bytes')
    .option('--no-repair', 'store text as extracted, without word repair')
    .option('--json', 'print a machine-readable run summary')
    .option('--quiet', 'print nothing but errors')
    .action(async (paths: string[], o: { db: string; force?: boolean; repair: boolean; json?: boolean; quiet?: boolean }) => {
      const db = openDatabase(o.db);
      try {
        const summary = await ingestPaths(db, paths, {
          force: o.force,
          repair: o.repair,
          onEvent: (e) => {
            if (e.type !== 'file' || o.json) return;
            if (e.result.status === 'failed') process.stderr.write(line(e.result) + '\n');
            else if (!o.quiet) process.stdout.write(line(e.result) + '\n');
          },
        });
        const c = summary.counts;
        if (o.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
        else if (!o.quiet) process.stdout.write(`run ${summary.runId}: ${c.files_seen} files, ${c.imported} imported, ${c.skipped} skipped, ${c.failed} failed\n`);
        setExit(c.failed > 0 ? 1 : 0);
      } finally {
        db.close();
      }
    });
}
