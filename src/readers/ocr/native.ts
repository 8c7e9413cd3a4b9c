// The native tesseract binary (Debian's tesseract-ocr) as the OCR engine when
// it is installed: the same LSTM recogniser as tesseract.js without the wasm
// overhead. One process per page image (PGM on stdin, TSV on stdout), or per
// run of pages (PGM files listed on stdin: the model is loaded once, ~0.1 s a
// page saved; gather.ts puts several files' runs in one), one thread each, as
// many at once as the pool would have workers.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../../model.ts';
import { findOnPath } from '../on-path.ts';
import type { PixelWord } from './recognise.ts';

export interface NativeTesseract {
  /** e.g. "tesseract 5.3.0" */
  version: string;
}

let found: NativeTesseract | null | undefined;

/** The installed tesseract binary and its languages, or null (looked up once). */
export function nativeTesseract(): NativeTesseract | null {
  if (found !== undefined) return found;
  const v = spawnSync('tesseract', ['--version'], { encoding: 'utf8', timeout: 60_000 });
  // a probe that timed out or could not start (a busy machine) says nothing: asked again
  // next time, so a thread does not read its files with the other engine for good
  const err = (v.error as NodeJS.ErrnoException | undefined)?.code;
  if (err && err !== 'ENOENT') return null;
  found = null;
  if (v.status !== 0) return found;
  const version = /tesseract\s+v?([\d.]+)/i.exec(`${v.stdout}${v.stderr}`)?.[1];
  const major = Number(version?.split('.')[0]);
  // the LSTM engine and TSV output with line boxes came with tesseract 4
  if (!version || !(major >= 4)) return found;
  found = { version: `tesseract ${version}` };
  return found;
}

/** Whether the native binary can read `lang`: from `tessdata` (plain
 * files; gzipped ones are for tesseract.js only), else English from the
 * package's model (below). */
export function nativeCanRead(lang: string, tessdata?: string): boolean {
  if (!nativeTesseract()) return false;
  if (tessdata) return lang.split('+').every((c) => existsSync(path.join(path.resolve(tessdata), `${c}.traineddata`)));
  return lang === 'eng';
}

// The English model both engines read by default: @tesseract.js-data/eng's
// LSTM-only best_int (the installed binary's own model is the "fast" one,
// which reads the corpus scans worse). The binary cannot read it gzipped:
// the build writes it plainly beside this module; run from the sources, it
// is unpacked once into the temp folder.
const BUILT_TESSDATA = fileURLToPath(new URL('./tessdata/', import.meta.url));
let bundled: string | null = null;

export function bundledTessdata(): string {
  if (bundled) return bundled;
  if (existsSync(path.join(BUILT_TESSDATA, 'eng.traineddata'))) return (bundled = BUILT_TESSDATA);
  const gz = path.join(path.dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int', 'eng.traineddata.gz');
  const packed = readFileSync(gz);
  const dir = path.join(tmpdir(), `plan-ingest-tessdata-${packed.length}`);
  const file = path.join(dir, 'eng.traineddata');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const part = `${file}.${process.pid}.part`;
    writeFileSync(part, gunzipSync(packed));
    renameSync(part, file);
  }
  return (bundled = dir);
}

export interface NativeOptions {
  lang: string;
  tessdata?: string;
  psm: number;
  dpi: number;
  /** processes at once */
  workers: number;
}

// processes running now, and those waiting for a turn
let running = 0;
const queue: (() => void)[] = [];

async function turn(limit: number): Promise<() => void> {
  if (running >= limit) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  return () => {
    running--;
    queue.shift()?.();
  };
}

export async function recogniseNative(pgm: Uint8Array, o: NativeOptions): Promise<PixelWord[]> {
  const done = await turn(Math.max(1, o.workers));
  try {
    return wordsOfTsv(await run(argsFor(o), pgm));
  } finally {
    done();
  }
}

/** Several page images (PGM) of the same resolution in one process: the
 * images go through a temp folder, their list on stdin. Words per image;
 * `onImage` is called as each is read. */
export async function recogniseNativeBatch(pgms: Uint8Array[], o: NativeOptions, onImage?: () => void): Promise<PixelWord[][]> {
  if (pgms.length === 1) {
    const words = await recogniseNative(pgms[0]!, o);
    onImage?.();
    return [words];
  }
  const out: PixelWord[][] = [];
  await recogniseNativeList(pgms, o, (i, words) => {
    out[i] = words;
    onImage?.();
  });
  return out;
}

/** The images listed in one process, each image's words handed to `onImage`
 * as soon as tesseract has written them. Its TSV comes page by page, each
 * page's rows at once when the page is read, and is followed by the page's
 * plain text: the first line that is not a TSV row (or a row of image i + 1)
 * means image i is complete. Line-buffered where coreutils' stdbuf is there,
 * else the end of a page shows only as more output comes. Rejects when the
 * process fails, after the images it completed. */
export async function recogniseNativeList(pgms: Uint8Array[], o: NativeOptions, onImage: (i: number, words: PixelWord[]) => void): Promise<void> {
  const done = await turn(Math.max(1, o.workers));
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-ingest-ocr-'));
  try {
    const files = pgms.map((pgm, i) => {
      const f = path.join(dir, `${i + 1}.pgm`);
      writeFileSync(f, pgm);
      return f;
    });
    let rows: string[] = [];
    let page = 1;
    const complete = (upTo: number) => {
      for (; page < upTo && page <= pgms.length; page++, rows = []) onImage(page - 1, wordsOfRows(rows));
    };
    const onRow = (row: string) => {
      // the page's text (no tabs) after its rows: the page is done
      if (isTextLine(row)) {
        if (rows.length > 0) complete(page + 1);
        return;
      }
      // TSV rows carry their 1-based place in the list (page_num)
      const t = row.indexOf('\t');
      const n = Number(row.slice(t + 1, row.indexOf('\t', t + 1)));
      if (!(n >= 1 && n <= pgms.length)) return;
      if (n > page) complete(n);
      if (n === page) rows.push(row);
    };
    await run(argsFor(o, true), new TextEncoder().encode(`${files.join('\n')}\n`), onRow);
    complete(pgms.length + 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    done();
  }
}

/** A line of tesseract's plain text among its TSV rows (which have 12 fields). */
function isTextLine(row: string): boolean {
  let tabs = 0;
  for (let i = row.indexOf('\t'); i >= 0 && tabs < 11; i = row.indexOf('\t', i + 1)) tabs++;
  return tabs < 11;
}

function argsFor(o: NativeOptions, pageText = false): string[] {
  const args = ['stdin', 'stdout', '-l', o.lang, '--psm', String(o.psm), '--oem', '1'];
  args.push('--tessdata-dir', o.tessdata ? path.resolve(o.tessdata) : bundledTessdata());
  if (o.dpi > 0) args.push('--dpi', String(o.dpi));
  // as the tesseract.js engine is set up (engine.ts)
  // TSV by its variable, not the 'tsv' config file, which a --tessdata-dir may lack
  args.push('-c', 'preserve_interword_spaces=1', '-c', 'tessedit_create_tsv=1', '-c', `tessedit_create_txt=${pageText ? 1 : 0}`);
  return args;
}

let hasStdbuf: boolean | undefined;
/** Whether coreutils' stdbuf is on the PATH (looked for once). */
const stdbuf = (): boolean => (hasStdbuf ??= findOnPath(['stdbuf']) !== null);

/** Tesseract with `input` on stdin: its stdout, or with `onRow` each line of
 * it as it comes (and '' returned). */
function run(args: string[], input: Uint8Array, onRow?: (row: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    // one thread per process: pages run side by side instead; rows taken as
    // they come are line-buffered, so a page's last rows are not held back
    const [cmd, argv] = onRow && stdbuf() ? ['stdbuf', ['-oL', 'tesseract', ...args]] : ['tesseract', args];
    const child = spawn(cmd, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    const out: Buffer[] = [];
    let partial = '';
    let err = '';
    if (onRow) {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => {
        const lines = (partial + d).split('\n');
        partial = lines.pop()!;
        for (const line of lines) onRow(line);
      });
    } else child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-2000);
    });
    child.on('error', (e) => reject(new InputError(`tesseract could not start: ${e.message}`, 'read')));
    child.on('close', (code) => {
      if (code !== 0) return reject(new InputError(`tesseract failed (exit ${code}): ${err.trim().split('\n').pop() ?? ''}`, 'read'));
      if (onRow && partial) onRow(partial);
      resolve(onRow ? '' : Buffer.concat(out).toString('utf8'));
    });
    child.stdin.on('error', () => undefined); // a failed start is reported above
    child.stdin.end(input);
  });
}

/** Tesseract's TSV (level, page, block, par, line, word, left, top, width,
 * height, conf, text) to words, each with its line's height. */
export const wordsOfTsv = (tsv: string): PixelWord[] => wordsOfRows(tsv.split('\n'));

function wordsOfRows(rows: string[]): PixelWord[] {
  const out: PixelWord[] = [];
  let lineHeight = 0;
  for (const row of rows) {
    const c = row.split('\t');
    if (c.length < 12) continue;
    const level = c[0];
    if (level === '4') lineHeight = Number(c[9]);
    if (level !== '5') continue;
    const text = c.slice(11).join('\t').trim();
    if (!text) continue;
    const x0 = Number(c[6]);
    const y0 = Number(c[7]);
    out.push({ text, x0, y0, x1: x0 + Number(c[8]), y1: y0 + Number(c[9]), conf: Number(c[10]), lineHeight });
  }
  return out;
}
