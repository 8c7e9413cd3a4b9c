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
  ].map((t) => ({ ...t, found: t.version !== null }));
}

/** Runs a command to completion; ms from spawn to exit. */
export function timed(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-2000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(performance.now() - t0);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${err.trim()}`));
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
  note?: string;
}

/** `pdftotext -layout` on each PDF, one after another on one core. The
 * figure includes pdftotext's own process start for every file. */
export async function runPdftotext(pdfs: string[], pagesOf: (pdf: string) => number): Promise<ReferenceRun> {
  let ms = 0;
  let pages = 0;
  for (const pdf of pdfs) {
    const [cmd, args] = pinned('pdftotext', ['-layout', pdf, '-'], 1);
    ms += await timed(cmd, args);
    pages += pagesOf(pdf);
  }
  return { tool: 'pdftotext -layout', files: pdfs.length, pages, ms, msPerPage: ms / pages, pagesPerSec: (pages * 1000) / ms };
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
  for (const img of images) {
    const args = [img, 'stdout', '--psm', '6', '-l', 'eng', ...(tessdata ? ['--tessdata-dir', tessdata, '--oem', '1'] : [])];
    const [cmd, a] = pinned('tesseract', args, 1);
    ms += await timed(cmd, a, { OMP_THREAD_LIMIT: '1' });
  }
  const pages = images.length;
  return {
    tool: tessdata ? 'tesseract (same model as the OCR reader: 4.0.0_best_int)' : 'tesseract (system model)',
    files: pages, pages, ms, msPerPage: ms / pages, pagesPerSec: (pages * 1000) / ms,
    note: `images: ${[...new Set(images.map((i) => basename(i).replace(/\d+.*$/, '')))].join(', ')}`,
  };
}
