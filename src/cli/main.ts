// The plan-ingest command line. Exit codes: 0 everything imported or skipped,
// 1 some files failed, 2 usage or fatal error.
import { Command, CommanderError } from 'commander';
import { ingestCommand } from './ingest.ts';
import { exportCommand } from './export.ts';
import { runsCommand, failuresCommand } from './runs.ts';
import { tablesCommand } from './tables.ts';
import { searchCommand } from './search.ts';
import { compareCommand } from './compare.ts';
import { reportCommand } from './report.ts';
import { correctCommand, correctionsCommand } from './correct.ts';
import { serveCommand } from './serve.ts';
import { plansCommand } from './plans.ts';
import { changesCommand } from './changes.ts';
import { enqueueCommand, workerCommand } from './queue.ts';

export const EXIT_OK = 0;
export const EXIT_SOME_FAILED = 1;
export const EXIT_FATAL = 2;

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('plan-ingest')
    .description('Turns council action plans (Word, PDF, scans, text exports) into normalised SQLite records.')
    .showHelpAfterError()
    .exitOverride();
  ingestCommand(program, setExit);
  exportCommand(program, setExit);
  tablesCommand(program, setExit);
  runsCommand(program, setExit);
  failuresCommand(program, setExit);
  searchCommand(program, setExit);
  compareCommand(program, setExit);
  reportCommand(program, setExit);
  correctCommand(program, setExit);
  correctionsCommand(program, setExit);
  serveCommand(program, setExit);
  plansCommand(program, setExit);
  changesCommand(program, setExit);
  enqueueCommand(program, setExit);
  workerCommand(program, setExit);
  return program;
}

// A reader that stops early (`| head`, quitting `less`) closes the pipe: the
// rest of the output is not wanted, which is not an error (as SIGPIPE ends a
// C program quietly). Every stored document is whole: each is one transaction.
const isClosedPipe = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code === 'EPIPE';
let pipeWatched = false;

export async function main(argv: string[]): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram((c) => {
    code = Math.max(code, c);
  });
  if (!pipeWatched) {
    pipeWatched = true;
    process.stdout.on('error', (err) => {
      if (!isClosedPipe(err)) throw err;
      process.exit(code);
    });
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT_OK : EXIT_FATAL;
    }
    if (isClosedPipe(err)) return code;
    process.stderr.write(`plan-ingest: ${(err as Error).message}\n`);
    return EXIT_FATAL;
  }
  return code;
}

/** A processing worker's start (src/pipeline/worker-entry.js). Exported here
 * because this module is the bundle's entry: a worker then loads the bundle
 * with its code cache, as the command does. Loaded lazily, so --help does not
 * pay for the pipeline. */
export async function serveWork(): Promise<void> {
  (await import('../pipeline/worker.ts')).serveWork();
}
