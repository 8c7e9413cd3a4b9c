// Repair recall and false repairs on every fixture's source.txt and export.tsv.
//   npx tsx scripts/repair-report.ts [--verbose]
import { corpusDirs, measureInput } from './repair-measure.ts';

const verbose = process.argv.includes('--verbose');
const root = new URL('../fixtures/corpus/', import.meta.url).pathname;
const totals: Record<string, { targets: number; found: number; falses: number; repairs: number }> = {};

for (const dir of corpusDirs(root)) {
  for (const input of ['source.txt', 'export.tsv']) {
    const t0 = performance.now();
    const r = measureInput(dir, input);
    const ms = performance.now() - t0;
    const tot = (totals[input] ??= { targets: 0, found: 0, falses: 0, repairs: 0 });
    tot.targets += r.targets.length;
    tot.found += r.found.length;
    tot.falses += r.falseRepairs.length;
    tot.repairs += r.repairs;
    console.log(
      `${r.plan.padEnd(36)} ${input.padEnd(11)} repairs ${r.found.length}/${r.targets.length}` +
        `  changes ${r.repairs}  false ${r.falseRepairs.length}  (${ms.toFixed(0)} ms)`,
    );
    if (r.missed.length) console.log(`    missed: ${r.missed.join(' ')}`);
    for (const f of r.falseRepairs) console.log(`    FALSE ${f.rule}: ${JSON.stringify(f.from)} -> ${JSON.stringify(f.to)}`);
    if (verbose) {
      for (const c of r.all) console.log(`      ${c.rule} ${c.confidence.toFixed(2)}: ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`);
    }
  }
}
for (const [input, t] of Object.entries(totals)) {
  const recall = t.targets ? t.found / t.targets : 1;
  console.log(`${input}: repairs ${recall.toFixed(3)} (${t.found}/${t.targets}) | changes ${t.repairs} | false ${t.falses}`);
}
