// The command as a user runs it (npm run bench -- --cli): bin/plan-ingest.js
// started afresh for every run, on folders of varied copies, a new database
// written each time, single-core runs pinned with taskset -c 0; the native
// tools on the same files in the same run, and the ratios. Wall clock is what
// a user waits; CPU time (user + system of the process and its threads) is the
// steadier figure on a shared machine, and the ratios use both.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { makeCopies } from './vary.ts';
import { builtIsFresh } from '../../bin/fresh.js';
import { pinned, ROOT } from './child.ts';
import { extractScanImages, pdfPages, referenceTools, timed, type ToolStatus } from './reference.ts';
import { machineInfo, round2, type MachineInfo } from './system.ts';
import { sampleThreads, type ThreadSplit } from './threads.ts';

const BIN = join(ROOT, 'bin/plan-ingest.js');
const GNU_TIME = '/usr/bin/time';

export interface CliRun {
  name: string;
  command: string;
  /** best of the repeats (lowest wall clock) */
  wallMs: number;
  cpuMs: number | null;
  maxRssMb: number | null;
  pages?: number;
  files?: number;
  repeats: number;
  /** CPU time per thread (runs with workers, Linux) */
  threads?: ThreadSplit;
}

export interface CliComparison {
  name: string;
  ours: string;
  reference: string;
  /** ours / reference: wall clock and CPU time (lower is better) */
  wallRatio: number | null;
  cpuRatio: number | null;
}

export interface CliResults {
  machine: MachineInfo;
  /** what bin/plan-ingest.js ran: the compiled dist/ (as after npm ci) or the sources through tsx */
  runtime: string;
  tools: ToolStatus[];
  runs: CliRun[];
  comparisons: CliComparison[];
  targets: { name: string; goal: string; measured: string; ok: boolean | null }[];
}

/** The groups of runs, picked with --runs: start-up (node -e 0, --help), one
 * .docx, the text-layer PDF folder, workers, the memory batch, OCR. */
export const CLI_RUNS = ['help', 'docx', 'pdf', 'workers', 'batch', 'legacy', 'ocr'] as const;
export type CliRunName = (typeof CLI_RUNS)[number];

export interface CliBenchOptions {
  corpus: string;
  work: string;
  repeat: number;
  ocr: boolean;
  /** files in the memory batch; 0 skips it */
  batch: number;
  /** which runs to make (CLI_RUNS); all when absent */
  runs?: CliRunName[];
  log: (line: string) => void;
}

function withEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

/** One run of a command: wall clock, CPU time of it and its children, peak
 * memory (GNU time, when installed). Fails on a non-zero exit. */
async function measure(cmd: string, args: string[], extraEnv?: NodeJS.ProcessEnv, workers?: number): Promise<{ wallMs: number; cpuMs: number | null; maxRssMb: number | null; threads?: ThreadSplit | null }> {
  // OCR is timed for real: never from the development cache
  const env = { ...extraEnv, PLAN_INGEST_OCR_CACHE: undefined };
  if (existsSync(GNU_TIME)) {
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn(GNU_TIME, ['-f', '@@%U %S %M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: withEnv(env) });
      const threads = workers === undefined ? null : sampleThreads(child.pid!, workers);
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err = (err + d.toString()).slice(-4000);
      });
      child.on('error', reject);
      child.on('close', (code) => {
        const wallMs = performance.now() - t0;
        const split = threads?.stop();
        const m = /@@([\d.]+) ([\d.]+) (\d+)\s*$/.exec(err);
        if (code !== 0 && code !== 1) return reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${err.trim()}`));
        resolve({ wallMs, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : null, maxRssMb: m ? Number(m[3]) / 1024 : null, ...(split ? { threads: split } : {}) });
      });
    });
  }
  const t = await timed(cmd, args, env);
  return { wallMs: t.ms, cpuMs: t.cpuMs, maxRssMb: null };
}

async function best(name: string, cmd: string, args: string[], repeat: number, before?: () => void, env?: NodeJS.ProcessEnv, workers?: number): Promise<CliRun> {
  let top: Awaited<ReturnType<typeof measure>> | null = null;
  for (let i = 0; i < repeat; i++) {
    before?.();
    const r = await measure(cmd, args, env, workers);
    if (!top || r.wallMs < top.wallMs) top = r;
  }
  return {
    name, command: [cmd, ...args].map((a) => (/[\s']/.test(a) ? quote(a) : a)).join(' '),
    wallMs: round2(top!.wallMs), cpuMs: top!.cpuMs === null ? null : round2(top!.cpuMs),
    maxRssMb: top!.maxRssMb === null ? null : round2(top!.maxRssMb), repeats: repeat,
    ...(top!.threads ? { threads: top!.threads } : {}),
  };
}

/** A shell loop of one tool over files, as one measured command. */
function loop(tool: string, files: string[], perFile: (f: string) => string): [string, string[]] {
  return ['bash', ['-c', files.map((f) => `${tool} ${perFile(quote(f))} >/dev/null || exit 1`).join('\n')]];
}

function plans(corpus: string): string[] {
  return readdirSync(corpus, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(corpus, d.name, 'gold.json')))
    .map((d) => join(corpus, d.name))
    .sort();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : round2(a / b));

/** The command runs dist/ only when it is newer than every source file
 * (bin/plan-ingest.js), else the sources through tsx, which start several
 * times slower: users run the build (npm ci runs it), so the bench builds
 * first when dist/ is stale, and says which ran. */
function ensureBuilt(log: (l: string) => void): string {
  if (builtIsFresh()) return 'compiled dist/';
  log('  dist/ is stale or absent: npm run build');
  const b = spawnSync('node', [join(ROOT, 'scripts/build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (b.status !== 0) throw new Error('npm run build failed: the bench would measure the sources through tsx');
  return 'compiled dist/ (built for this run)';
}

export async function runCliBench(o: CliBenchOptions): Promise<CliResults> {
  const { log, repeat } = o;
  const runtime = process.env.PLAN_INGEST_FROM_SOURCE ? 'the sources through tsx (PLAN_INGEST_FROM_SOURCE)' : ensureBuilt(log);
  log(`  the command runs ${runtime}`);
  const machine = machineInfo();
  const tools = referenceTools();
  const has = (t: string) => tools.find((x) => x.name === t)?.found ?? false;
  const dbPath = join(o.work, 'bench.db');
  const freshDb = () => {
    for (const s of ['', '-wal', '-shm']) spawnSync('rm', ['-f', dbPath + s]);
  };
  const ingest = (paths: string[], extra: string[] = []): [string, string[]] => ['node', [BIN, 'ingest', ...paths, '--db', dbPath, '--quiet', ...extra]];
  const one = (args: [string, string[]]) => pinned(args[0], args[1], 1);
  const runs: CliRun[] = [];
  const comparisons: CliComparison[] = [];
  const add = (r: CliRun) => {
    runs.push(r);
    log(`  ${r.name}: ${(r.wallMs / 1000).toFixed(2)} s wall, ${r.cpuMs === null ? '?' : (r.cpuMs / 1000).toFixed(2)} s CPU${r.maxRssMb ? `, ${r.maxRssMb.toFixed(0)} MB peak` : ''}${r.pages ? `, ${r.pages} pages` : ''}`);
    return r;
  };
  const compare = (name: string, ours: CliRun, ref: CliRun) => {
    comparisons.push({ name, ours: ours.name, reference: ref.name, wallRatio: ratio(ours.wallMs, ref.wallMs), cpuRatio: ratio(ours.cpuMs, ref.cpuMs) });
  };
  const planDirs = plans(o.corpus);
  const want = (r: CliRunName) => (o.runs ? o.runs.includes(r) : true) && (r !== 'ocr' || o.ocr) && (r !== 'batch' || o.batch > 0);
  let help: CliRun | undefined;
  let w1: CliRun | undefined;
  let w2: CliRun | undefined;
  let pdfs: string[] = [];

  // start-up
  if (want('help')) {
    const node0 = add(await best('node -e 0', ...pinned('node', ['-e', '0'], 1), repeat + 2));
    help = add(await best('plan-ingest --help', ...pinned('node', [BIN, '--help'], 1), repeat + 2));
    compare('--help beside node -e 0', help, node0);
  }

  // one Word file
  if (want('docx')) {
    const docxDir = join(o.work, 'docx1');
    if (!existsSync(docxDir)) await makeCopies([{ path: join(planDirs[0]!, 'plan.docx'), label: 'docx' }], docxDir, 1);
    add(await best('one .docx (ingest, new database)', ...one(ingest([docxDir])), repeat + 2, freshDb));
    // the same plan's tables as an Excel workbook (fixtures/converted)
    const xlsx = join(ROOT, 'fixtures/converted', basename(planDirs[0]!), 'plan.xlsx');
    if (existsSync(xlsx)) {
      const xlsxDir = join(o.work, 'xlsx1');
      mkdirSync(xlsxDir, { recursive: true });
      copyFileSync(xlsx, join(xlsxDir, 'plan.xlsx'));
      add(await best('one .xlsx (ingest, new database)', ...one(ingest([xlsxDir])), repeat + 2, freshDb));
    }
  }

  // a folder of text-layer plan PDFs, one core
  if (want('pdf')) {
    const pdfDir = join(o.work, 'pdf60');
    const pdfSources = planDirs.map((d) => ({ path: join(d, 'plan.pdf'), label: d.split('/').pop()! })).filter((f) => existsSync(f.path));
    if (!existsSync(pdfDir)) await makeCopies(pdfSources, pdfDir, Math.ceil(60 / pdfSources.length));
    pdfs = filesUnder(pdfDir).slice(0, 60);
    const pdfPagesTotal = pdfs.reduce((n, f) => n + pdfPages(f), 0);
    const ours = add({ ...(await best(`${pdfs.length} text-layer PDFs (ingest DIR, one core)`, ...one(ingest([pdfDir])), repeat, freshDb)), pages: pdfPagesTotal, files: pdfs.length });
    if (has('pdftotext')) {
      const ref = add({ ...(await best(`pdftotext -layout, same ${pdfs.length} PDFs, one core`, ...pinned(...loop('pdftotext', pdfs, (f) => `-layout ${f} -`), 1), repeat)), pages: pdfPagesTotal, files: pdfs.length });
      compare('text-layer PDFs beside pdftotext -layout', ours, ref);
    }
  }

  // 210 copies of the plans' Word files, PDFs and text exports
  const mixedDir = async () => {
    const mixDir = join(o.work, 'mixed200');
    if (!existsSync(mixDir)) {
      const mix = planDirs.flatMap((d) => ['plan.docx', 'plan.pdf', 'export.tsv'].map((f) => ({ path: join(d, f), label: `${d.split('/').pop()}-${f.replace(/\W/g, '')}` }))).filter((f) => existsSync(f.path));
      await makeCopies(mix, mixDir, Math.ceil(200 / mix.length));
    }
    return mixDir;
  };

  // two workers beside one on 200 non-OCR files (both cores)
  if (want('workers')) {
    const mixDir = await mixedDir();
    // every file the run ingests (copies come in whole sets: 210 of 15 plans)
    const mixed = filesUnder(mixDir);
    w1 = add({ ...(await best(`${mixed.length} non-OCR files, --jobs 1`, ...ingest([mixDir], ['--jobs', '1']), repeat, freshDb, undefined, 1)), files: mixed.length });
    w2 = add({ ...(await best(`${mixed.length} non-OCR files, --jobs 2`, ...ingest([mixDir], ['--jobs', '2']), repeat, freshDb, undefined, 2)), files: mixed.length });
    compare('two workers beside one (speed-up is the inverse)', w2, w1);
  }

  if (want('batch')) {
    const batchDir = join(o.work, `batch${o.batch}`);
    if (!existsSync(batchDir)) {
      const mix = planDirs.flatMap((d) => ['plan.docx', 'plan.pdf', 'export.tsv', 'source.txt'].map((f) => ({ path: join(d, f), label: `${d.split('/').pop()}-${f.replace(/\W/g, '')}` }))).filter((f) => existsSync(f.path));
      await makeCopies(mix, batchDir, Math.ceil(o.batch / mix.length));
    }
    add({ ...(await best(`${o.batch} files (batch, default jobs): peak memory`, ...ingest([batchDir]), 1, freshDb)), files: o.batch });
  }

  // Word 97-2003 files, converted by LibreOffice (both cores, as a user runs it)
  if (want('legacy') && has('soffice')) {
    const docs = readdirSync(join(ROOT, 'fixtures/converted')).map((d) => join(ROOT, 'fixtures/converted', d, 'plan.doc')).filter(existsSync).sort();
    const docDir = join(o.work, 'doc10');
    if (!existsSync(docDir)) await makeCopies(docs.map((p) => ({ path: p, label: p.split('/').slice(-2)[0]! })), docDir, Math.ceil(10 / docs.length));
    const files = filesUnder(docDir);
    const ours = add({ ...(await best(`${files.length} .doc files (ingest)`, ...ingest([docDir]), repeat, freshDb)), files: files.length });
    // the same conversions by hand: one soffice run a file, a fresh profile as the command makes one
    const profile = join(o.work, 'soffice-profile');
    const out = join(o.work, 'doc-out');
    const script = `rm -rf ${quote(profile)} ${quote(out)}; ` + files.map((f) =>
      `soffice -env:UserInstallation=file://${profile} --headless --norestore --nolockcheck --nodefault --convert-to odt --outdir ${quote(out)} ${quote(f)} >/dev/null || exit 1`).join('; ');
    const ref = add({ ...(await best(`soffice --convert-to odt, same ${files.length} files, one run a file`, 'bash', ['-c', script], repeat)), files: files.length });
    compare('.doc files beside soffice --convert-to, one run a file', ours, ref);
    // among other files: the workers read those, this thread converts the .doc files together
    const mixDir = await mixedDir();
    const n = filesUnder(mixDir).length + files.length;
    const auto = add({ ...(await best(`${n} files, ${files.length} of them .doc (ingest, default jobs)`, ...ingest([mixDir, docDir]), repeat, freshDb)), files: n });
    const here = add({ ...(await best(`the same ${n} files, --jobs 0`, ...ingest([mixDir, docDir], ['--jobs', '0']), repeat, freshDb)), files: n });
    compare('a mixed folder with .doc files: default jobs beside --jobs 0', auto, here);
  }

  if (want('ocr')) {
    const env = {};
    // one page image, end to end
    const png = join(planDirs[0]!, 'page1.png');
    const pngDir = join(o.work, 'png1');
    if (!existsSync(pngDir)) await makeCopies([{ path: png, label: 'png' }], pngDir, 1);
    const oursImg = add(await best('one page image (ingest, one core)', ...one(ingest([pngDir])), 1, freshDb, env));
    // the installed model (Debian's is the "fast" one), and the model
    // plan-ingest reads with (the package's best_int, unpacked by the build)
    const model = join(ROOT, 'dist/readers/ocr/tessdata');
    if (has('tesseract')) {
      const ref = add(await best('tesseract (one thread), same image', ...pinned('tesseract', [png, 'stdout', '--psm', '6'], 1), 1, undefined, { OMP_THREAD_LIMIT: '1' }));
      compare('a page image beside native tesseract', oursImg, ref);
      if (existsSync(model)) {
        const same = add(await best('tesseract (one thread), same image, same model', ...pinned('tesseract', [png, 'stdout', '--psm', '6', '--tessdata-dir', model], 1), 1, undefined, { OMP_THREAD_LIMIT: '1' }));
        compare('a page image beside native tesseract, same model', oursImg, same);
      }
    }
    // scanned plans
    const scans = planDirs.map((d) => join(d, 'scan.pdf')).filter(existsSync);
    const scanDir = join(o.work, 'scans');
    if (!existsSync(scanDir)) await makeCopies(scans.map((p) => ({ path: p, label: p.split('/').slice(-2)[0]! })), scanDir, 1);
    const scanPages = scans.reduce((n, f) => n + pdfPages(f), 0);
    const oursScan = add({ ...(await best(`${scans.length} scanned plans (ingest, one core)`, ...one(ingest([scanDir])), 1, freshDb, env)), pages: scanPages });
    if (has('pdfimages') && has('tesseract')) {
      const imgs = extractScanImages(scans, join(o.work, 'scan-images'));
      const script = `for f in ${scans.map(quote).join(' ')}; do pdfimages -png "$f" ${quote(join(o.work, 'scan-tmp', 'p'))} || exit 1; done\n` +
        imgs.map((i) => `tesseract ${quote(i)} stdout --psm 6 >/dev/null || exit 1`).join('\n');
      mkdirSync(join(o.work, 'scan-tmp'), { recursive: true });
      const ref = add({ ...(await best('pdfimages + tesseract (one thread), same scans', ...pinned('bash', ['-c', script], 1), 1, undefined, { OMP_THREAD_LIMIT: '1' })), pages: scanPages });
      compare('scanned plans beside pdfimages + tesseract', oursScan, ref);
      if (existsSync(model)) {
        const sameModel = script.replace(/--psm 6/g, `--psm 6 --tessdata-dir ${quote(model)}`);
        const same = add({ ...(await best('pdfimages + tesseract (one thread), same scans, same model', ...pinned('bash', ['-c', sameModel], 1), 1, undefined, { OMP_THREAD_LIMIT: '1' })), pages: scanPages });
        compare('scanned plans beside pdfimages + tesseract, same model', oursScan, same);
      }
    }
  }

  // commands as anyone can re-run them: paths relative to the repository, the copies under $WORK
  for (const r of runs) r.command = r.command.split(o.work).join('$WORK').split(ROOT).join('');
  const find = (prefix: string) => runs.find((r) => r.name.startsWith(prefix));
  const cmp = (prefix: string) => comparisons.find((c) => c.name.startsWith(prefix));
  const pdfRun = find(`${pdfs.length} text-layer`);
  const targets: CliResults['targets'] = [];
  const pps = (r?: CliRun, cpu = false) => (r?.pages ? r.pages / ((cpu ? r.cpuMs ?? r.wallMs : r.wallMs) / 1000) : null);
  const t = (name: string, goal: string, value: number | null, ok: (v: number) => boolean, fmt: (v: number) => string) =>
    targets.push({ name, goal, measured: value === null ? 'not measured' : fmt(value), ok: value === null ? null : ok(value) });
  t('text-layer PDFs through the command, one core (CPU time)', '>= 100 pages/s', pps(pdfRun, true), (v) => v >= 100, (v) => `${v.toFixed(0)} pages/s (wall ${pps(pdfRun)?.toFixed(0)})`);
  t('the same beside pdftotext -layout (CPU time)', '>= 0.5x', cmp('text-layer') ? 1 / cmp('text-layer')!.cpuRatio! : null, (v) => v >= 0.5, (v) => `${v.toFixed(2)}x`);
  t('one .docx, wall clock', '<= 0.3 s', find('one .docx')?.wallMs ?? null, (v) => v <= 300, (v) => `${(v / 1000).toFixed(2)} s (CPU ${((find('one .docx')!.cpuMs ?? 0) / 1000).toFixed(2)} s)`);
  t('--help, wall clock', '<= 0.15 s', help?.wallMs ?? null, (v) => v <= 150, (v) => `${(v / 1000).toFixed(2)} s (CPU ${((help?.cpuMs ?? 0) / 1000).toFixed(2)} s)`);
  t('two workers beside one, 200 non-OCR files', '>= 1.7x', w1 && w2?.wallMs ? w1.wallMs / w2.wallMs : null, (v) => v >= 1.7, (v) => `${v.toFixed(2)}x`);
  const batch = find(`${o.batch} files`);
  t(`peak memory, ${o.batch} files`, '< 400 MB', batch?.maxRssMb ?? null, (v) => v < 400, (v) => `${v.toFixed(0)} MB`);
  t('OCR: scanned plans beside pdfimages + tesseract (CPU)', '<= 1.0x', cmp('scanned')?.cpuRatio ?? null, (v) => v <= 1, (v) => `${v.toFixed(2)}x`);
  t('a page image beside native tesseract (wall)', '<= 1.5x', cmp('a page image')?.wallRatio ?? null, (v) => v <= 1.5, (v) => `${v.toFixed(2)}x`);
  return { machine: { ...machine, loadEnd: round2((await import('node:os')).loadavg()[0]!) }, runtime, tools, runs, comparisons, targets };
}

/** Where the worker runs' CPU went, thread by thread: the figure to judge
 * scaling by when the machine is not quiet. */
function threadLines(runs: CliRun[]): string[] {
  const rows = runs.filter((x) => x.threads);
  if (!rows.length) return [];
  const s = (ms: number) => (ms / 1000).toFixed(2);
  return [
    'CPU time per thread of the worker runs (`/proc/PID/task`, sampled every 20 ms): the main thread reads, hashes and stores; each worker parses; the rest is V8\'s compiler and GC threads and libuv\'s pool. On two free cores the wall clock is at least the larger of the busiest thread and half the total.',
    '',
    '| run | main s | workers s | background s | worker ms per file |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((x) => {
      const t = x.threads!;
      const work = t.workerMs.reduce((a, b) => a + b, 0);
      return `| ${x.name} | ${s(t.mainMs)} | ${t.workerMs.map(s).join(' + ')} | ${s(t.backgroundMs)} | ${x.files ? (work / x.files).toFixed(1) : '-'} |`;
    }),
    '',
  ];
}

export function cliMarkdown(r: CliResults): string {
  const rate = (v: number) => v.toFixed(v < 10 ? 1 : 0);
  const s = (ms: number | null) => (ms === null ? '-' : (ms / 1000).toFixed(2));
  const lines = [
    '# plan-ingest: the command, end to end',
    '',
    `${r.machine.date} · ${r.machine.cpu} · ${r.machine.cores} cores · node ${r.machine.node} · load ${r.machine.loadStart} at the start, ${r.machine.loadEnd} at the end (${r.machine.pinning})`,
    '',
    `The command ran ${r.runtime}. Every run starts \`node bin/plan-ingest.js\` afresh and writes a new database. Wall clock is what a user waits; CPU time (user + system, all threads) is what an unshared core would spend, and the steadier figure on a busy machine. Best of the repeats.`,
    '',
    '| run | wall s | CPU s | peak MB | pages/s (CPU) | command |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...r.runs.map((x) => `| ${x.name} | ${s(x.wallMs)} | ${s(x.cpuMs)} | ${x.maxRssMb?.toFixed(0) ?? '-'} | ${x.pages && x.cpuMs ? rate(x.pages / (x.cpuMs / 1000)) : ''} | \`${x.command.length > 90 ? x.command.slice(0, 87) + '...' : x.command}\` |`),
    '',
    '| comparison | ours / reference, wall | ours / reference, CPU |',
    '| --- | ---: | ---: |',
    ...r.comparisons.map((c) => `| ${c.name} | ${c.wallRatio ?? '-'} | ${c.cpuRatio ?? '-'} |`),
    '',
    ...threadLines(r.runs),
    '| target | goal | measured | met |',
    '| --- | --- | --- | --- |',
    ...r.targets.map((t) => `| ${t.name} | ${t.goal} | ${t.measured} | ${t.ok === null ? '-' : t.ok ? 'yes' : 'no'} |`),
    '',
  ];
  return lines.join('\n');
}
