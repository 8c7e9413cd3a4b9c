import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number (0 picks a free one)');
  return n;
}

export function serveCommand(program: Command, _setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('Review and correct in the browser: documents, records beside their source pages, corrections that survive re-imports.')
    .option('--db <file>', 'SQLite file, or a postgres:// URL', 'plans.db')
    .option('--port <n>', 'port (0: any free port)', port, 8080)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--read-only', 'refuse every change')
    .option('--user <name>', 'name recorded with corrections (default: the OS user)')
    .addHelpText('after', '\nSource files are opened at the paths they were imported from (relative paths from the current folder).')
    .action(async (o: { db: string; port: number; host: string; readOnly?: boolean; user?: string }) => {
      if (!/^postgres(ql)?:\/\//i.test(o.db) && !existsSync(o.db)) throw new Error(`no database at ${o.db}`);
      const { startServer } = await import('../server/index.ts');
      const { defaultAuthor } = await import('../server/edit.ts');
      const server = await startServer({ db: o.db, host: o.host, port: o.port, readOnly: Boolean(o.readOnly), user: o.user ?? defaultAuthor() });
      process.stdout.write(`plan-ingest review at ${server.url}${o.readOnly ? ' (read-only)' : ''}  (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
