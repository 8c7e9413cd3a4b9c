// ms per Word document: the direct OOXML reader against the mammoth-based one,
// on the corpus plan.docx files, after a warm-up, each reader in turn; then
// the whole pipeline (read, normalise, repair; no store) with the direct one.
// Usage: npx tsx scripts/bench-docx.ts [iterations=50]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { readDocxDirect } from '../src/readers/docx/index.ts';
import { readDocxMammoth } from '../dev/reference/docx-mammoth.ts';
import { processBytes } from '../src/pipeline/process.ts';

const iterations = Number(process.argv[2] ?? 50);
const root = 'fixtures/corpus';
const files = fs.readdirSync(root).map((p) => path.join(root, p, 'plan.docx')).filter((f) => fs.existsSync(f)).sort();
const bytes = files.map((f) => new Uint8Array(fs.readFileSync(f)));

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

async function measure(name: string, read: (b: Uint8Array) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) for (const b of bytes) await read(b); // warm-up
  const perFile = files.map(() => [] as number[]);
  await new Promise((r) => setTimeout(r, 100)); // let the warm-up's GC entries arrive first
  gcMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < bytes.length; k++) {
      const s = performance.now();
      await read(bytes[k]);
      perFile[k].push(performance.now() - s);
    }
  }
  const total = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 100)); // GC entries are delivered asynchronously
  const n = iterations * files.length;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${name}: ${(total / n).toFixed(2)} ms/doc mean, GC ${((gcMs / total) * 100).toFixed(0)}% of the time`);
  files.forEach((f, k) => console.log(`  ${path.basename(path.dirname(f)).padEnd(36)} median ${median(perFile[k]).toFixed(2)} ms`));
  return total / n;
}

console.log(`node ${process.version}, ${os.cpus().length} cpus (${os.cpus()[0].model}), load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`${files.length} documents x ${iterations} iterations`);
const direct = await measure('direct', readDocxDirect);
const mammoth = await measure('mammoth', readDocxMammoth);
console.log(`speed-up: ${(mammoth / direct).toFixed(1)}x`);
const pipeline = await measure('pipeline (direct reader + normalise + repair)', (b) => processBytes(b));
console.log(`pipeline: ${(1000 / pipeline).toFixed(0)} documents/s on one core, before the store`);
console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
