// Pages per second of the text-layer PDF path (read + layout) on the corpus.
import fs from 'node:fs';
import path from 'node:path';
import { buildBlocks } from '../src/layout/blocks.ts';
import { readPdfPages } from '../src/readers/pdf.ts';

const root = process.argv[2] ?? 'fixtures/corpus';
const rounds = Number(process.argv[3] ?? 5);
const files = fs.readdirSync(root).map((p) => path.join(root, p, 'plan.pdf')).filter((f) => fs.existsSync(f));
const bytes = files.map((f) => new Uint8Array(fs.readFileSync(f)));
await readPdfPages(bytes[0]); // load pdf.js once, as a long run would
let pages = 0;
let readMs = 0;
let layoutMs = 0;
for (let r = 0; r < rounds; r++) {
  for (const b of bytes) {
    const t0 = performance.now();
    const res = await readPdfPages(b);
    const t1 = performance.now();
    buildBlocks(res.pages);
    layoutMs += performance.now() - t1;
    readMs += t1 - t0;
    pages += res.pages.length;
  }
}
const total = readMs + layoutMs;
console.log(`${pages} pages: read ${readMs.toFixed(0)} ms, layout ${layoutMs.toFixed(0)} ms, ${(pages / (total / 1000)).toFixed(1)} pages/s`);
