// The stored images of scanned pages decoded by poppler's `pdfimages` (libjpeg
// and zlib, native) instead of pdf.js's JavaScript JPEG decoder, which costs
// ~90 ms a 150 dpi page while pdf.js builds the operator list. Only for a PDF
// whose wanted pages each hold one 8-bit grey or RGB image; anything else is
// left to pdf.js (null). Where each image sits is checked against the page's
// operators by pdf-pages.ts (placeStoredScan).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GrayImage } from './gray.ts';

/** A page's one stored image: its pixels, and its resolution as placed on the
 * page (poppler's whole-number ppi: enough to find the placement, not to use). */
export interface StoredScan {
  image: GrayImage;
  xppi: number;
  yppi: number;
}

let missing = false;

function pdfimages(args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('pdfimages', args, { maxBuffer: 16 << 20, encoding: 'utf8' }, (err, stdout) => {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') missing = true;
      resolve(err ? null : stdout);
    });
  });
}

interface ListRow { page: number; type: string; width: number; height: number; color: string; bpc: number; xppi: number; yppi: number }

/** `pdfimages -list` rows: page num type width height color comp bpc enc
 * interp object ID x-ppi y-ppi size ratio. */
export function parseImageList(text: string): ListRow[] {
  const rows: ListRow[] = [];
  for (const line of text.split('\n')) {
    const c = line.trim().split(/\s+/);
    if (c.length < 14 || !/^\d+$/.test(c[0]!)) continue;
    rows.push({ page: +c[0]!, type: c[2]!, width: +c[3]!, height: +c[4]!, color: c[5]!, bpc: +c[7]!, xppi: +c[12]!, yppi: +c[13]! });
  }
  return rows;
}

/** Decoded stored images of the given pages, or null when pdfimages is not
 * installed or the pages are not all plain one-image scans. */
export async function storedScans(bytes: Uint8Array, pages: number[], maxPixels?: number): Promise<Map<number, StoredScan> | null> {
  if (missing || pages.length === 0) return null;
  const first = Math.min(...pages);
  const last = Math.max(...pages);
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-ingest-scan-'));
  try {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, bytes);
    const range = ['-f', String(first), '-l', String(last)];
    const list = await pdfimages(['-list', ...range, file]);
    if (list === null) return null;
    const rows = parseImageList(list);
    const wanted = new Set(pages);
    // every image in the range is written, in list order: all must be plain
    // 8-bit grey or RGB images, one on each wanted page
    if (rows.some((r) => r.type !== 'image' || r.bpc !== 8 || (r.color !== 'gray' && r.color !== 'rgb') || !(r.xppi > 0 && r.yppi > 0))) return null;
    if (pages.some((p) => rows.filter((r) => r.page === p).length !== 1)) return null;
    if (maxPixels && rows.some((r) => r.width * r.height > maxPixels)) return null;
    if ((await pdfimages([...range, file, path.join(dir, 'p')])) === null) return null;
    const files = readdirSync(dir).filter((f) => f.startsWith('p-')).sort();
    if (files.length !== rows.length) return null;
    const out = new Map<number, StoredScan>();
    rows.forEach((r, i) => {
      if (!wanted.has(r.page)) return;
      const image = grayFromPnm(readFileSync(path.join(dir, files[i]!)));
      if (image && image.width === r.width && image.height === r.height) out.set(r.page, { image, xppi: r.xppi, yppi: r.yppi });
    });
    return out.size === pages.length ? out : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Binary PGM (P5) or PPM (P6), 8 bits, to grey (RGB weighted as pdf-pages.ts
 * does for pdf.js's RGB; equal channels give the same value). dpi left 0. */
export function grayFromPnm(b: Uint8Array): GrayImage | null {
  const head = /^P([56])\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(new TextDecoder('latin1').decode(b.subarray(0, 64)));
  if (!head || head[4] !== '255') return null;
  const width = +head[2]!;
  const height = +head[3]!;
  const start = head[0].length;
  const n = width * height;
  const comps = head[1] === '5' ? 1 : 3;
  if (b.length < start + n * comps) return null;
  if (comps === 1) return { width, height, data: b.slice(start, start + n), dpi: 0 };
  const data = new Uint8Array(n);
  for (let i = 0, j = start; i < n; i++, j += 3) data[i] = (b[j]! * 77 + b[j + 1]! * 150 + b[j + 2]! * 29) >> 8;
  return { width, height, data, dpi: 0 };
}
