// The native tools the pipeline is compared with, on the same inputs:
// poppler's `pdftotext -layout` for text-layer PDFs and the `tesseract` command
// (one thread) for page images. Each is timed per file, pinned like the
// pipeline's own single-core runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pinned } from './child.ts';

export interface ToolStatus {
  name: string;
  found: boolean;
  version: string | null;
  /** how to get it when missing */
  install: string;
}

function version(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status === null) return null;
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  return text.split('\n')[0] ?? '';
}

export function referenceTools(): ToolStatus[] {
  const poppler = 'apt-get install -y poppler-utils (Debian/Ubuntu)';
  return [
    { name: 'pdftotext', found: false, version: version('pdftotext', ['-v']), install: poppler },
    { name: 'pdfimages', found: false, version: version('pdfimages', ['-v']), install: poppler },
    { name: 'tesseract', found: false, version: version('tesseract', ['--version']), install: 'apt-get install -y tesseract-ocr (Debian/Ubuntu; brings the English model)' },
    { name: 'soffice', found: false, version: version('soffice', ['--version']), install: 'apt-get install -y libreoffice-writer-nogui (Debian/Ubuntu)' },
  ].map((t) => ({ ...t, found: t.version !== null }));
}

const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

/** Runs a command to completion: ms from spawn to exit, and its CPU time
 * (user + system) read with bash's `times`, so figures taken on a busy
 * machine can be compared with the pipeline's own CPU time. */
export function timed(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ ms: number; cpuMs: number | null }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const script = `${[cmd, ...args].map(quote).join(' ')} >/dev/null || exit $?; times >&3`;
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    let times = '';
    child.stderr!.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-2000);
    });
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => {
      times += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${err.trim()}`));
      // second line: the children's user and system time, e.g. "0m1.234s 0m0.056s"
      const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s\s*$/.exec(times.trim().split('\n').pop() ?? '');
      const cpuMs = m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000 : null;
      resolve({ ms: performance.now() - t0, cpuMs });
    });
  });
}

export interface ReferenceRun {
  tool: string;
  files: number;
  pages: number;
  ms: number;
  msPerPage: number;
  pagesPerSec: number;
  /** CPU time of the tool's processes, when bash could report it */
  cpuMs: number | null;
  cpuMsPerPage: number | null;
  note?: string;
}

function run(tool: string, files: number, pages: number, ms: number, cpuMs: number | null, note?: string): ReferenceRun {
  return {
    tool, files, pages, ms, msPerPage: ms / pages, pagesPerSec: (pages * 1000) / ms,
    cpuMs, cpuMsPerPage: cpuMs === null ? null : cpuMs / pages, ...(note ? { note } : {}),
  };
}

/** `pdftotext -layout` on each PDF, one after another on one core. The
 * figure includes pdftotext's own process start for every file. */
export async function runPdftotext(pdfs: string[], pagesOf: (pdf: string) => number): Promise<ReferenceRun> {
  let ms = 0;
  let cpu: number | null = 0;
  let pages = 0;
  for (const pdf of pdfs) {
    const [cmd, args] = pinned('pdftotext', ['-layout', pdf, '-'], 1);
    const t = await timed(cmd, args);
    ms += t.ms;
    cpu = cpu === null || t.cpuMs === null ? null : cpu + t.cpuMs;
    pages += pagesOf(pdf);
  }
  return run('pdftotext -layout', pdfs.length, pages, ms, cpu);
}

/** Page count from `pdfinfo`, 0 when unknown. */
export function pdfPages(pdf: string): number {
  const r = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const m = /^Pages:\s+(\d+)/m.exec(r.stdout ?? '');
  return m ? Number(m[1]) : 0;
}

/** The page images stored in scanned PDFs, as PNG (`pdfimages -png`): the same
 * images the OCR reader takes out of the PDF, at their native resolution. */
export function extractScanImages(pdfs: string[], outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const out: string[] = [];
  pdfs.forEach((pdf, i) => {
    const prefix = join(outDir, `scan${i}`);
    const r = spawnSync('pdfimages', ['-png', pdf, prefix]);
    if (r.status !== 0) throw new Error(`pdfimages failed on ${pdf}`);
  });
  for (const f of readdirSync(outDir).sort()) if (f.endsWith('.png')) out.push(join(outDir, f));
  return out;
}

/** A tessdata folder holding the model the OCR reader uses (the gzipped LSTM
 * model from @tesseract.js-data/eng, unpacked), so native tesseract runs the
 * same network; null when the package is missing. */
export function sameModelTessdata(outDir: string): string | null {
  try {
    const require = createRequire(import.meta.url);
    const pkg = dirname(require.resolve('@tesseract.js-data/eng/package.json'));
    const gz = join(pkg, '4.0.0_best_int', 'eng.traineddata.gz');
    if (!existsSync(gz)) return null;
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'eng.traineddata'), gunzipSync(readFileSync(gz)));
    return outDir;
  } catch {
    return null;
  }
}

/** Native `tesseract IMAGE stdout --psm 6` per image on one core and one
 * thread (OMP_THREAD_LIMIT=1), with the given tessdata folder or the
 * system's model. */
export async function runTesseract(images: string[], tessdata: string | null): Promise<ReferenceRun> {
  let ms = 0;
  let cpu: number | null = 0;
  for (const img of images) {
    const args = [img, 'stdout', '--psm', '6', '-l', 'eng', ...(tessdata ? ['--tessdata-dir', tessdata, '--oem', '1'] : [])];
    const [cmd, a] = pinned('tesseract', args, 1);
    const t = await timed(cmd, a, { OMP_THREAD_LIMIT: '1' });
    ms += t.ms;
    cpu = cpu === null || t.cpuMs === null ? null : cpu + t.cpuMs;
  }
  return run(
    tessdata ? 'tesseract (same model as the OCR reader: 4.0.0_best_int)' : 'tesseract (system model)',
    images.length, images.length, ms, cpu,
    `images: ${[...new Set(images.map((i) => basename(i).replace(/\d+.*$/, '')))].join(', ')}`,
  );
}
