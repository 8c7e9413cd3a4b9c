// OCR page preparation, stage by stage: CPU ms a page for the first pass over
// the scans (cold: the JIT still compiling) and the best of three more, and a
// digest of what each page's preparation gave (skew, rulings, a hash of the
// image tesseract reads) to check that a change to the code keeps them.
//   npx tsx scripts/bench-ocr-prepare.ts [--corpus DIR]... [--digest out.json] [--against before.json]
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { estimateSkew, rotateGray } from '../src/readers/ocr/deskew.ts';
import { eraseRulings, findRulings } from '../src/readers/ocr/rulings.ts';
import { openPdf, pageImage } from '../src/readers/ocr/pdf-pages.ts';
import type { GrayImage } from '../src/readers/ocr/gray.ts';

const args = process.argv.slice(2);
const opt = (name: string) => args.flatMap((a, i) => (a === name && args[i + 1] ? [args[i + 1]!] : []));
const corpora = opt('--corpus').length ? opt('--corpus') : ['fixtures/corpus'];
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

const pages: { id: string; image: GrayImage }[] = [];
let t = cpuMs();
for (const c of corpora) {
  for (const plan of readdirSync(c).filter((d) => existsSync(path.join(c, d, 'scan.pdf'))).sort()) {
    const doc = await openPdf(new Uint8Array(readFileSync(path.join(c, plan, 'scan.pdf'))));
    for (let n = 1; n <= doc.numPages; n++) pages.push({ id: `${plan}/${n}`, image: (await pageImage(doc, n, {})).image });
    await doc.destroy();
  }
}
console.log(`${pages.length} scanned pages; page images ${((cpuMs() - t) / pages.length).toFixed(0)} ms a page`);

const digest: Record<string, string> = {};
const best: Record<string, number> = {};
for (let pass = 0; pass < 4; pass++) {
  const spent: Record<string, number> = {};
  const lap = (k: string) => { const now = cpuMs(); spent[k] = (spent[k] ?? 0) + now - t; t = now; };
  for (const p of pages) {
    t = cpuMs();
    const skew = estimateSkew(p.image); lap('skew');
    const img = Math.abs(skew) >= 0.05 ? rotateGray(p.image, skew) : p.image; lap('rotate');
    const found = findRulings(img); lap('rulings');
    const out = eraseRulings(img, found); lap('erase');
    if (pass === 0) {
      const rulings = found.rulings.map((r) => `${r.dir}${r.x0},${r.y0},${r.x1},${r.y1}`).join(' ');
      digest[p.id] = `${skew} ${createHash('md5').update(rulings).digest('hex').slice(0, 8)} ${createHash('md5').update(out.data).digest('hex').slice(0, 8)}`;
    }
  }
  for (const k in spent) best[k] = Math.min(best[k] ?? Infinity, spent[k]!);
  const line = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${k} ${(v / pages.length).toFixed(0)}`).join(', ');
  if (pass === 0) console.log(`first pass, CPU ms a page: ${line(spent)}`);
  if (pass === 3) console.log(`best of three more:      ${line(best)}`);
}
const out = opt('--digest')[0];
if (out) writeFileSync(out, `${JSON.stringify(digest, null, 1)}\n`);
const against = opt('--against')[0];
if (against) {
  const before = JSON.parse(readFileSync(against, 'utf8')) as Record<string, string>;
  const field = (k: string, i: number) => [digest[k], before[k]].map((d) => d?.split(' ')[i]);
  const differ = (i: number) => Object.keys(before).filter((k) => { const [a, b] = field(k, i); return a !== b; }).length;
  console.log(`against ${against}: skew differs on ${differ(0)}, rulings on ${differ(1)}, the image read on ${differ(2)} of ${Object.keys(before).length} pages`);
}
