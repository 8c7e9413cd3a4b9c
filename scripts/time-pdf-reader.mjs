// node scripts/time-pdf-reader.mjs [DIR] [PASSES]   (after npm run build)
// CPU time of the built PDF reader (dist/readers/pdf.js) over every PDF under
// DIR, pass by pass in one fresh process: the first pass is the one the
// command pays (code not yet optimised), the later ones the steady state.
import { readFileSync } from 'node:fs';
import { cpuMs, filesUnder, fromDist, tuneLikeCommand } from './stage-timing.mjs';

const [dir = '/tmp/pb/pdf60', passes = '3'] = process.argv.slice(2);
const files = filesUnder(dir, (p) => /\.pdf$/i.test(p)).map((f) => new Uint8Array(readFileSync(f)));
await tuneLikeCommand();
const c0 = cpuMs();
const { readPdfPages } = await fromDist('readers/pdf.js');
console.log(`${files.length} files; module load ${(cpuMs() - c0).toFixed(0)} ms CPU`);
for (let r = 0; r < Number(passes); r++) {
  const c = cpuMs();
  let pages = 0;
  for (const b of files) pages += (await readPdfPages(b)).pages.length;
  console.log(`pass ${r + 1}: ${pages} pages, ${(cpuMs() - c).toFixed(0)} ms CPU`);
}
