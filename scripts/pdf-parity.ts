// npx tsx scripts/pdf-parity.ts --out base.json       (snapshot of the PDF reader)
// npx tsx scripts/pdf-parity.ts --against base.json   (compare the reader now with it)
// npx tsx scripts/pdf-parity.ts --readers              (the fast reader against pdf.js, file by file)
// [--dirs fixtures,../shared/corpus-dev,../shared/icdar2013-dev] [--tolerance 0.5]
//
// What the layout stage is given for every PDF under the folders: pages,
// words (text, box, size, bold), rulings and figures, and which pages are
// textless. A change to the reader (pdf.js options, another engine) should
// leave them alone: text equal, positions within the tolerance (points).
// Pages listed as textless are compared by their size only: OCR replaces them.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { PositionedPage, Ruling } from '../src/model.ts';
import { lastPdfReader, readPdfPages, type PdfPages } from '../src/readers/pdf.ts';

type Snapshot = Record<string, PdfPages | { error: string }>;

const { values: a } = parseArgs({
  options: {
    out: { type: 'string' },
    against: { type: 'string' },
    dirs: { type: 'string', default: 'fixtures,../shared/corpus-dev,../shared/icdar2013-dev' },
    tolerance: { type: 'string', default: '0.5' },
    readers: { type: 'boolean', default: false },
  },
});

const pdfsUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return pdfsUnder(p);
    return /\.pdf$/i.test(n) ? [p] : [];
  });

async function snapshot(dirs: string[]): Promise<{ snap: Snapshot; cpu: number }> {
  const files = dirs.flatMap(pdfsUnder).sort();
  const snap: Snapshot = {};
  const c0 = process.cpuUsage();
  for (const f of files) {
    try {
      snap[f] = await readPdfPages(new Uint8Array(readFileSync(f)));
    } catch (err) {
      snap[f] = { error: (err as Error).message };
    }
  }
  const c = process.cpuUsage(c0);
  return { snap, cpu: (c.user + c.system) / 1e6 };
}

const near = (x: number, y: number, tol: number) => Math.abs(x - y) <= tol;
const boxNear = (r: Ruling, s: Ruling, tol: number) =>
  near(r.x0, s.x0, tol) && near(r.y0, s.y0, tol) && near(r.x1, s.x1, tol) && near(r.y1, s.y1, tol);

/** The first difference between two readings of a page, or null. */
function pageDifference(p: PositionedPage, q: PositionedPage, textless: boolean, tol: number): string | null {
  if (p.width !== q.width || p.height !== q.height || p.rotation !== q.rotation) return 'page size or rotation';
  if (textless) return null;
  if (p.words.length !== q.words.length) return `${p.words.length} words against ${q.words.length}`;
  for (let i = 0; i < p.words.length; i++) {
    const w = p.words[i];
    const v = q.words[i];
    if (w.text !== v.text) return `word ${i}: "${w.text}" against "${v.text}"`;
    if (!boxNear(w, v, tol) || !near(w.size ?? 0, v.size ?? 0, tol)) return `word ${i} "${w.text}" moved`;
    if (!!w.bold !== !!v.bold || !!w.vertical !== !!v.vertical) return `word ${i} "${w.text}": bold or direction`;
  }
  for (const [name, xs, ys] of [['rulings', p.rulings, q.rulings], ['figures', p.figures ?? [], q.figures ?? []]] as const) {
    if (xs.length !== ys.length) return `${xs.length} ${name} against ${ys.length}`;
    for (let i = 0; i < xs.length; i++) if (!boxNear(xs[i], ys[i], tol)) return `${name} ${i} moved`;
  }
  return null;
}

function compare(base: Snapshot, now: Snapshot, tol: number): string[] {
  const out: string[] = [];
  for (const f of Object.keys(base)) {
    const x = base[f];
    const y = now[f];
    if (!y) out.push(`${f}: not read now`);
    else if ('error' in x || 'error' in y) {
      if (!('error' in x && 'error' in y)) out.push(`${f}: ${'error' in x ? 'failed before' : 'fails now'}`);
    } else if (x.pageCount !== y.pageCount || x.textless.join() !== y.textless.join()) out.push(`${f}: page count or textless pages`);
    else {
      for (let i = 0; i < x.pages.length; i++) {
        const d = pageDifference(x.pages[i], y.pages[i], x.textless.includes(x.pages[i].page), tol);
        if (d) {
          out.push(`${f} page ${x.pages[i].page}: ${d}`);
          break;
        }
      }
    }
  }
  return out;
}

/** Both readers on every PDF: how many take the fast path, and whether those
 * read exactly as pdf.js does (text equal, positions within 0.01 pt). */
async function readers(dirs: string[]): Promise<number> {
  const files = dirs.flatMap(pdfsUnder).sort();
  let fast = 0;
  const diffs: string[] = [];
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(f));
    const read = async (reader: 'lite' | 'pdf.js'): Promise<PdfPages | { error: string }> => {
      try {
        return await readPdfPages(bytes, { reader });
      } catch (err) {
        return { error: (err as Error).message };
      }
    };
    const lite = await read('lite');
    if (lastPdfReader !== 'lite') continue;
    fast++;
    const d = compare({ [f]: await read('pdf.js') }, { [f]: lite }, 0.01);
    diffs.push(...d);
  }
  process.stdout.write(`${files.length} PDFs: ${fast} take the fast reader, ${fast - diffs.length} of them read as pdf.js does\n${diffs.join('\n')}\n`);
  return diffs.length;
}

if (a.readers) {
  process.exitCode = (await readers(a.dirs!.split(','))) ? 1 : 0;
  process.exit();
}

const { snap, cpu } = await snapshot(a.dirs!.split(','));
process.stdout.write(`${Object.keys(snap).length} PDFs read in ${cpu.toFixed(2)} s of CPU\n`);
if (a.out) writeFileSync(a.out, JSON.stringify(snap));
if (a.against) {
  const diffs = compare(JSON.parse(readFileSync(a.against, 'utf8')) as Snapshot, snap, Number(a.tolerance));
  process.stdout.write(diffs.length ? `${diffs.length} PDFs differ:\n${diffs.join('\n')}\n` : 'every PDF reads the same\n');
  process.exitCode = diffs.length ? 1 : 0;
}
