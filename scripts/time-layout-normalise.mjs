// The layout and normalise stages' first pass over a folder of files, in a
// fresh process as the command runs them (V8's flags as the command sets
// them, code not yet optimised): every file is read first, then each is laid
// out and normalised in turn, and the two stages' wall and CPU time summed.
//   node scripts/time-layout-normalise.mjs [FOLDER] [DIST]   (default /tmp/pb/pdf60, ./dist; run npm run build first)
import { readFileSync } from 'node:fs';
import { cpuMs, filesUnder, fromDist, tuneLikeCommand } from './stage-timing.mjs';

const folder = process.argv[2] ?? '/tmp/pb/pdf60';
const dist = process.argv[3] ?? 'dist';
const load = (p) => fromDist(p, dist);
await tuneLikeCommand(dist);
const { detectFormat } = await load('readers/detect.js');
const { readInput } = await load('readers/index.js');
const { buildBlocks } = await load('layout/index.js');
const { normaliseBlocks } = await load('normalise/document.js');
const { forgetDocumentMemos } = await load('memo.js');

// the main thread's own CPU time (V8's background compiling aside), in ns
const mainCpu = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
const files = filesUnder(folder);
const docs = [];
for (const f of files) {
  const bytes = new Uint8Array(readFileSync(f));
  docs.push(await readInput(bytes, detectFormat(bytes, f), {}));
}
// (a line to find the stages' part of a --trace-opt log by)
if (process.env.MARK) console.log('--- layout and normalise');
// a second pass (PASSES=2) shows the same work once the code is optimised
for (let pass = 0; pass < Number(process.env.PASSES ?? 1); pass++) {
  let layoutMs = 0;
  let normaliseMs = 0;
  let records = 0;
  const cpu0 = cpuMs();
  const main0 = mainCpu();
  for (const d of docs) {
    forgetDocumentMemos();
    const t0 = performance.now();
    const blocks = d.pages && d.blocks.length === 0 ? buildBlocks(d.pages) : d.blocks;
    const t1 = performance.now();
    records += normaliseBlocks(blocks).records.length;
    normaliseMs += performance.now() - t1;
    layoutMs += t1 - t0;
  }
  const main = (mainCpu() - main0) / 1e6;
  console.log(`${docs.length} files, ${records} records: layout ${layoutMs.toFixed(0)} ms, normalise ${normaliseMs.toFixed(0)} ms, CPU (all threads) ${(cpuMs() - cpu0).toFixed(0)} ms, main thread ${main.toFixed(0)} ms`);
}
