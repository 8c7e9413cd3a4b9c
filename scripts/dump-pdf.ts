// Prints what the PDF reader sees on each page: words by line and rulings.
import fs from 'node:fs';
import { readPdfPages } from '../src/readers/pdf.ts';

const file = process.argv[2];
const { pages, pageCount, textless } = await readPdfPages(new Uint8Array(fs.readFileSync(file)));
console.log(`${file}: ${pageCount} pages, textless ${JSON.stringify(textless)}`);
for (const p of pages) {
  console.log(`--- page ${p.page} ${p.width.toFixed(0)}x${p.height.toFixed(0)} rot ${p.rotation} words ${p.words.length} rulings ${p.rulings.length}`);
  const hs = p.rulings.filter((r) => r.y0 === r.y1).map((r) => `${r.y0.toFixed(1)}:${r.x0.toFixed(0)}-${r.x1.toFixed(0)}`);
  const vs = p.rulings.filter((r) => r.x0 === r.x1).map((r) => `${r.x0.toFixed(1)}:${r.y0.toFixed(0)}-${r.y1.toFixed(0)}`);
  console.log('H', hs.join(' '));
  console.log('V', vs.join(' '));
  if (process.argv[3] === 'words') for (const w of p.words) console.log(`${w.x0.toFixed(1)},${w.y0.toFixed(1)}-${w.x1.toFixed(1)},${w.y1.toFixed(1)} ${w.bold ? 'B' : ' '} ${w.text}`);
}
