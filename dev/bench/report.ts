// bench/results.md: the benchmark's figures as markdown tables.
import { oneCoreMs, speedUp, type BenchResults, type Measurement } from './suite.ts';

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const table = (head: string[], rows: (string | number)[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row)];
const f1 = (v: number) => (Math.round(v * 10) / 10).toString();

function runRow(m: Measurement): (string | number)[] {
  return [
    m.label, m.jobs === 0 ? '0 (in-process)' : m.jobs, `${m.imported}/${m.files}${m.failed ? ` (${m.failed} failed)` : ''}`, m.pages, m.records,
    f1(m.ingestMs / 1000), f1(m.pagesPerSec), f1(m.docsPerSec), f1(m.msPerPage), f1(m.cpuMs / 1000), f1(m.cpuPagesPerSec), f1(m.cpuDocsPerSec), f1(m.cpuMsPerPage), Math.round(m.startupMs), Math.round(m.maxRssMb), m.load,
  ];
}

export function resultsMarkdown(r: BenchResults, extra: string[] = []): string {
  const m = r.machine;
  const out: string[] = [];
  out.push('# Benchmark results', '');
  out.push(`Written by \`npm run bench\` (scripts/bench.ts). ${m.date}.`, '');
  out.push(`- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}`);
  out.push(`- Node ${m.node}; one-core runs pinned with ${m.pinning}; pinned, \`os.availableParallelism()\` is 1, so anything sized to the cores (the OCR engine's pool) has one worker`);
  out.push(`- load average (1 min) at start ${m.loadStart}, at end ${m.loadEnd ?? '-'}: the machine is shared, so figures taken under load are pessimistic`);
  out.push(`- options: formats ${r.options.formats.join(',')}; sizes ${r.options.sizes.join(',')}x; OCR sizes ${r.options.ocr ? r.options.ocrSizes.join(',') + 'x' : 'off (--no-ocr)'}; workers ${r.options.jobs}; batch ${r.options.batch ? `${r.options.batch} files, ${r.options.batchJobs} workers` : 'off'}; repeat ${r.options.repeat}`);
  out.push('');
  out.push('Every figure is end to end through `ingestPaths` into a fresh SQLite file database, in a child process of its own.');
  out.push('Rates and per-page cost cover the ingest only; "start-up" is everything else in that process');
  out.push('(node and module loading; warm-up files ingested into an in-memory database first: two more copies of every fixture of the format,');
  out.push('or for OCR one file plus restarting the engine; opening the database; exit). Runs with workers have no warm-up.');
  out.push('Peak memory is the child\'s peak resident set (`process.resourceUsage().maxRSS`, all threads).', '');

  out.push('## Targets', '');
  out.push(...table(['target', 'goal', 'measured', 'met'], r.targets.map((t) => [t.name, t.goal, t.measured, t.ok === null ? '-' : t.ok ? 'yes' : '**no**'])), '');

  if (r.unsupported.length) {
    out.push('## Formats not measured', '');
    for (const u of r.unsupported) out.push(`- ${u.format}: ${u.reason}`);
    out.push('');
  }

  out.push('## Runs', '');
  out.push('Wall-clock columns, then the same by CPU time of the ingest (all threads of the process: what an unshared core would take;');
  out.push('with workers, CPU time adds up over the cores, so use the wall-clock rate for parallel throughput).', '');
  out.push(...table(['run', 'workers', 'docs', 'pages', 'records', 'wall s', 'pages/s', 'docs/s', 'ms/page', 'CPU s', 'pages/s (CPU)', 'docs/s (CPU)', 'ms/page (CPU)', 'start-up ms', 'peak MB', 'load'], r.runs.map(runRow)), '');
  const failures = r.runs.filter((x) => x.failed);
  if (failures.length) {
    out.push('Failures:', '');
    for (const x of failures) out.push(`- ${x.label}: ${x.failures.join('; ')}`);
    out.push('');
  }

  const pairs = r.runs.filter((x) => x.jobs > 0 && !x.variant).map((par) => ({ par, one: r.runs.find((x) => x.jobs === 0 && !x.variant && x.format === par.format && x.size === par.size) })).filter((p) => p.one);
  if (pairs.length) {
    out.push('## Workers against one core', '');
    out.push('Same copies. Speed-up = one-core time / workers\' wall-clock time, where one-core time is the lower of its wall clock and its CPU time');
    out.push('(the one-core run may have met a busier moment). "Extra CPU" is what the worker runs spent beyond the in-process run:');
    out.push('each worker starting (a thread, tsx, the readers\' modules) plus copying documents between threads; the in-process run had its start-up outside the measurement.', '');
    out.push('"Cores free" is how many cores two busy threads got just before the run: the ceiling on the speed-up on this shared machine.', '');
    out.push('"Cores used" is the parallel run\'s CPU time over its wall clock: how many cores it actually had on average.', '');
    out.push(...table(['batch', 'workers', 'cores free', 'cores used', 'one core s', 'workers s', 'speed-up', 'extra CPU s', 'peak MB one core -> workers'], pairs.map(({ par, one }) => [
      `${par.format} ${par.size}x`, par.jobs, par.coresFree ?? '-', par.ingestMs ? (Math.round((par.cpuMs / par.ingestMs) * 100) / 100).toString() : '-', f1(oneCoreMs(one!) / 1000), f1(par.ingestMs / 1000), `${speedUp(one!, par)}x`,
      f1((par.cpuMs - one!.cpuMs) / 1000), `${Math.round(one!.maxRssMb)} -> ${Math.round(par.maxRssMb)}`,
    ])), '');
  }

  out.push('## Reference tools', '');
  for (const t of r.tools) out.push(`- ${t.name}: ${t.found ? t.version : `**missing**: install with \`${t.install}\``}`);
  out.push('');
  if (r.comparisons.length) {
    out.push('Same 1x inputs, one core each, run right after our own 1x run of the format. Native tools are timed per file including their');
    out.push('own process start (CPU time from bash\'s `times`); ours excludes start-up. Scan pages for tesseract are the images stored in');
    out.push('scan.pdf (`pdfimages -png`), which is what the OCR reader takes out of the PDF; tesseract runs with `--psm 6`, one thread.', '');
    out.push(...table(['format', 'reference', 'pages', 'reference ms/page', 'ours ms/page', 'ours / reference', 'reference CPU ms/page', 'ours CPU ms/page', 'ours / reference (CPU)'], r.comparisons.map((c) => [
      c.format, c.reference.tool, c.reference.pages, f1(c.reference.msPerPage), c.oursMsPerPage ?? '-', c.ratio ?? '-',
      c.reference.cpuMsPerPage === null ? '-' : f1(c.reference.cpuMsPerPage), c.oursCpuMsPerPage ?? '-', c.cpuRatio ?? '-',
    ])), '');
  }

  if (r.batch) {
    const b = r.batch;
    out.push(`## ${b.files}-file batch`, '');
    out.push(`${b.files} varied copies of the non-OCR fixtures, ${b.first.jobs ? `${b.first.jobs} workers (the CLI's default here)` : 'in-process'}, one database; then the same again on that database.`, '');
    out.push(...table(['run', 'imported', 'skipped', 'failed', 'time s', 'peak MB'], [b.first, b.second].map((x) => [x.label, x.imported, x.skipped, x.failed, f1(x.ingestMs / 1000), Math.round(x.maxRssMb)])), '');
    out.push(`Re-run skipped all ${b.files}: ${b.allSkipped ? 'yes' : '**no**'}.`, '');
  }

  const variants = r.runs.filter((x) => x.variant && x.variant !== 'cpu profile');
  if (variants.length) {
    out.push('## Experiments (before -> after)', '');
    out.push('Each variant against the same run as shipped (same copies, one core, fresh database).', '');
    const rows: (string | number)[][] = [];
    for (const v of variants) {
      const base = r.runs.find((x) => !x.variant && x.format === v.format && x.size === v.size && x.jobs === v.jobs);
      if (!base) continue;
      const arrow = (a: number, b: number, unit: string) => `${f1(a)} -> ${f1(b)} ${unit} (${b <= a ? '' : '+'}${Math.round(((b - a) / a) * 100)}%)`;
      rows.push([`${v.format} ${v.size}x`, v.variant!, arrow(base.cpuMsPerPage, v.cpuMsPerPage, 'ms/page'), arrow(base.msPerPage, v.msPerPage, 'ms/page'), arrow(base.startupMs, v.startupMs, 'ms'), arrow(base.maxRssMb, v.maxRssMb, 'MB')]);
    }
    out.push(...table(['batch', 'variant', 'per page (CPU)', 'per page (wall)', 'start-up', 'peak memory'], rows), '');
  }

  if (r.profiles.length) {
    out.push('## CPU profiles', '');
    out.push('The inspector\'s CPU profiler around the measured ingest only (after start-up and warm-up), on the largest one-core batch of each');
    out.push('format; the .cpuprofile files are in bench/profiles/ (not committed; open them in Chrome DevTools). Shares are of the busy time.');
    out.push('Work continued after an `await` (mammoth, pdf.js) is not counted under its caller, so inclusive shares of project functions are lower bounds.', '');
    for (const p of r.profiles) {
      out.push(`### ${p.label} (${p.run.imported} docs, ${f1(p.summary.totalMs / 1000)} s sampled)`, '');
      out.push(...table(['where (self time)', 'share'], p.summary.places.slice(0, 10).map((x) => [x.where, `${f1(x.share * 100)}%`])), '');
      out.push(...table(['function (self time)', 'self', 'inclusive'], p.summary.functions.slice(0, 12).map((x) => [x.name, `${f1(x.selfShare * 100)}%`, `${f1(x.totalShare * 100)}%`])), '');
      if (p.summary.stages.length) {
        out.push(...table(['project function (inclusive)', 'inclusive', 'self'], p.summary.stages.slice(0, 10).map((x) => [x.name, `${f1(x.totalShare * 100)}%`, `${f1(x.selfShare * 100)}%`])), '');
      }
    }
  }
  out.push(...extra);
  return out.join('\n') + '\n';
}
