import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { defaultJobs, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_MEGAPIXELS, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT_MS } from '../pipeline/limits.ts';
import { Reporter, type LogFormat } from './progress.ts';

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

function jobsOption(v: string): number | 'auto' {
  if (v === 'auto') return 'auto';
  return positiveInt(v);
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number (0 or more)');
  return n;
}

interface IngestCliOptions {
  db: string;
  force?: boolean;
  repair: boolean;
  ocr: boolean;
  json?: boolean;
  quiet?: boolean;
  jobs: number | 'auto';
  timeout: number;
  maxFileMb: number;
  maxPages: number;
  maxMegapixels: number;
  tessdata?: string;
  logFormat: LogFormat;
}

export function ingestCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('ingest')
    .description('Import plan files or folders (recursively) into the database.')
    .argument('<paths...>', 'files or folders')
    .option('--db <file>', 'SQLite file, or a postgres:// URL', 'plans.db')
    .option('--force', 're-import files already imported with the same bytes')
    .option('--no-repair', 'store text as extracted, without word repair')
    .option('--no-ocr', 'do not OCR scanned pages and images')
    .option('--tessdata <dir>', 'folder with eng.traineddata (default: the bundled @tesseract.js-data/eng)')
    .option('-j, --jobs <n>', `parallel workers (0: in this process, no time limit; auto: in this process for a batch of a few seconds' work, else one per core, here ${defaultJobs()})`, jobsOption, 'auto')
    .option('--timeout <seconds>', 'time limit per file (needs --jobs 1 or more)', positiveNumber, DEFAULT_TIMEOUT_MS / 1000)
    .option('--max-file-mb <n>', 'largest file to read', positiveInt, DEFAULT_MAX_FILE_BYTES / 1048576)
    .option('--max-pages <n>', 'most pages to read from one file', positiveInt, DEFAULT_MAX_PAGES)
    .option('--max-megapixels <n>', 'largest image to decode', positiveInt, DEFAULT_MAX_MEGAPIXELS)
    .option('--json', 'print a machine-readable run summary on standard output')
    .option('--quiet', 'print nothing but failures')
    .option('--log-format <format>', 'text, or json (one JSON object per file on standard error)', 'text')
    .addHelpText('after', '\nExit codes: 0 all imported or skipped, 1 some files failed, 2 usage or fatal error.')
    .action(async (paths: string[], o: IngestCliOptions, cmd: Command) => {
      if (o.logFormat !== 'text' && o.logFormat !== 'json') throw new Error('--log-format must be text or json');
      const [{ openDatabase }, { ingestPaths }] = await Promise.all([import('../store/db.ts'), import('../pipeline.ts')]);
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
          timeoutMs: o.timeout * 1000, requireTimeLimit: cmd.getOptionValueSource('timeout') === 'cli', maxFileBytes: o.maxFileMb * 1048576, maxPages: o.maxPages,
          maxPixels: o.maxMegapixels * 1e6,
          onEvent: reporter.onEvent,
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
