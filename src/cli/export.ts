import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

async function writeChunks(chunks: Iterable<string>, out?: string): Promise<void> {
  const stream = out ? createWriteStream(out) : process.stdout;
  for (const c of chunks) {
    if (!stream.write(c)) await once(stream, 'drain');
  }
  if (out) {
    (stream as NodeJS.WritableStream).end();
    await once(stream, 'finish');
  }
}

export function exportCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('export')
    .description('Write every record as JSON (plan-records/1) or CSV.')
    .option('--db <file>', 'SQLite file, or a postgres:// URL', 'plans.db')
    .option('--format <format>', 'json or csv', 'json')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (o: { db: string; format: string; out?: string }) => {
      if (o.format !== 'json' && o.format !== 'csv') throw new Error(`unknown export format "${o.format}" (json or csv)`);
      const [{ openExisting }, { exportRecordsJsonChunks }, { exportCsvChunks }] = await Promise.all([
        import('./db.ts'), import('../export/records.ts'), import('../export/csv.ts'),
      ]);
      const db = openExisting(o.db);
      try {
        await writeChunks(o.format === 'json' ? exportRecordsJsonChunks(db) : exportCsvChunks(db), o.out);
      } finally {
        db.close();
      }
      setExit(0);
    });
}
