// node scripts/time-pdf-reader.mjs [DIR] [PASSES]   (after npm run build)
// CPU time of the built PDF reader (dist/readers/pdf.js) over every PDF under
// DIR, pass by pass in one fresh process: the first pass is the one the
// command pays (code not yet optimised), the later ones the steady state.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [dir = '/tmp/pb/pdf60', passes = '3'] = process.argv.slice(2);
const pdfsUnder = (d) => readdirSync(d).sort().flatMap((n) => {
  const p = join(d, n);
  return statSync(p).isDirectory() ? pdfsUnder(p) : /\.pdf$/i.test(n) ? [p] : [];
});
const files = pdfsUnder(dir).map((f) => new Uint8Array(readFileSync(f)));
// the command's V8 flags (bin/plan-ingest.js sets them before loading)
(await import('../dist/pipeline/jit.js')).tuneJit();
const c0 = process.cpuUsage();
const { readPdfPages } = await import('../dist/readers/pdf.js');
const load = process.cpuUsage(c0);
console.log(`${files.length} files; module load ${((load.user + load.system) / 1000).toFixed(0)} ms CPU`);
for (let r = 0; r < Number(passes); r++) {
  const c = process.cpuUsage();
  let pages = 0;
  for (const b of files) pages += (await readPdfPages(b)).pages.length;
  const u = process.cpuUsage(c);
  console.log(`pass ${r + 1}: ${pages} pages, ${((u.user + u.system) / 1000).toFixed(0)} ms CPU`);
}
