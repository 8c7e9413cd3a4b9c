import type { Command } from 'commander';
import { defaultJobs } from '../pipeline/limits.ts';
import { fileLimitOptions, fileLimits, wholeNumber, type FileLimitOptions } from './options.ts';
import { Reporter, type LogFormat } from './progress.ts';

function jobsOption(v: string): number | 'auto' {
  if (v === 'auto') return 'auto';
  return wholeNumber(v);
}

interface IngestCliOptions extends FileLimitOptions {
  db: string;
  force?: boolean;
  repair: boolean;
  ocr: boolean;
  json?: boolean;
  quiet?: boolean;
  jobs: number | 'auto';
  tessdata?: string;
  logFormat: LogFormat;
}

export function ingestCommand(program: Command, setExit: (code: number) => void): void {
  const command = program
    .command('ingest')
    .description('Import plan files or folders (recursively) into the database.')
    .argument('<paths...>', 'files or folders')
    .option('--db <file>', 'SQLite file, or a postgres:// URL', 'plans.db')
    .option('--force', 're-import files already imported with the same bytes')
    .option('--no-repair', 'store text as extracted, without word repair')
    .option('--no-ocr', 'do not OCR scanned pages and images')
    .option('--tessdata <dir>', 'folder with eng.traineddata (default: the bundled @tesseract.js-data/eng)')
    .option('-j, --jobs <n>', `parallel workers (0: in this process, no time limit; auto: in this process for a batch of a few seconds' work, else one per core, here ${defaultJobs()})`, jobsOption, 'auto');
  fileLimitOptions(command, 'time limit per file (needs --jobs 1 or more)')
    .option('--json', 'print a machine-readable run summary on standard output')
    .option('--quiet', 'print nothing but failures')
    .option('--log-format <format>', 'text, or json (one JSON object per file on standard error)', 'text')
    .addHelpText('after', '\nExit codes: 0 all imported or skipped, 1 some files failed, 2 usage or fatal error.')
    .action(async (paths: string[], o: IngestCliOptions, cmd: Command) => {
      if (o.logFormat !== 'text' && o.logFormat !== 'json') throw new Error('--log-format must be text or json');
      const [{ openDatabase }, { ingestPaths }, { jitForOneRun }] = await Promise.all([import('../store/db.ts'), import('../pipeline.ts'), import('../pipeline/jit.ts')]);
      jitForOneRun.start(o.jobs);
      const db = openDatabase(o.db);
      const reporter = new Reporter({ tty: Boolean(process.stderr.isTTY) && o.logFormat === 'text', quiet: Boolean(o.quiet), format: o.logFormat, summaryJson: Boolean(o.json) });
      let stopping = false;
      const onSigint = () => {
        if (stopping) process.exit(130);
        stopping = true;
        process.stderr.write('\nstopping after the files in progress (Ctrl-C again to quit at once)\n');
      };
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      try {
        const summary = await ingestPaths(db, paths, {
          force: o.force, repair: o.repair, ocr: o.ocr, tessdata: o.tessdata, jobs: o.jobs,
          ...fileLimits(o), requireTimeLimit: cmd.getOptionValueSource('timeout') === 'cli',
          onEvent: (e) => {
            // this process ends with the run: its size picks the JIT's tiers
            if (e.type === 'planned') jitForOneRun.planned(e.pages);
            reporter.onEvent(e);
          },
          shouldStop: () => stopping,
        });
        reporter.finish();
        const c = summary.counts;
        if (o.json) {
          process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
        } else if (!o.quiet) {
          const unchanged = c.imported === 0 && c.failed === 0 && c.skipped > 0 ? ' (nothing changed)' : '';
          process.stdout.write(`run ${summary.runId} ${summary.status}: ${c.files_seen} files, ${c.imported} imported, ${c.skipped} skipped, ${c.failed} failed, ${summary.pages} pages in ${(summary.ms / 1000).toFixed(1)} s${unchanged}\n`);
        }
        setExit(summary.status === 'interrupted' ? 1 : c.failed > 0 ? 1 : 0);
      } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
        db.close();
      }
    });
}
