// Repair recall and false repairs on every fixture's source.txt and export.tsv.
//   npx tsx scripts/repair-report.ts [--verbose]
import { corpusDirs, measureColumns, measureInput } from './repair-measure.ts';

const verbose = process.argv.includes('--verbose');
const root = new URL('../fixtures/corpus/', import.meta.url).pathname;
const totals: Record<string, { targets: number; found: number; falses: number; repairs: number; either: number; colFalses: number }> = {};

for (const dir of corpusDirs(root)) {
  for (const input of ['source.txt', 'export.tsv']) {
    const t0 = performance.now();
    const r = measureInput(dir, input);
    const ms = performance.now() - t0;
    const cols = measureColumns(dir, input);
    const either = new Set([...r.found, ...cols.found]);
    const tot = (totals[input] ??= { targets: 0, found: 0, falses: 0, repairs: 0, either: 0, colFalses: 0 });
    tot.either += either.size;
    tot.colFalses += cols.falseRepairs.length;
    tot.targets += r.targets.length;
    tot.found += r.found.length;
    tot.falses += r.falseRepairs.length;
    tot.repairs += r.repairs;
    console.log(
      `${r.plan.padEnd(36)} ${input.padEnd(11)} repairs ${r.found.length}/${r.targets.length}` +
        `  changes ${r.repairs}  false ${r.falseRepairs.length}  (${ms.toFixed(0)} ms)`,
    );
    if (r.missed.length) console.log(`    missed: ${r.missed.join(' ')}`);
    const colOnly = r.missed.filter((w) => either.has(w));
    if (colOnly.length) console.log(`    found reading columns down: ${colOnly.join(' ')}`);
    for (const f of cols.falseRepairs) console.log(`    FALSE (columns) ${f.rule}: ${JSON.stringify(f.from)} -> ${JSON.stringify(f.to)}`);
    for (const f of r.falseRepairs) console.log(`    FALSE ${f.rule}: ${JSON.stringify(f.from)} -> ${JSON.stringify(f.to)}`);
    if (verbose) {
      for (const c of r.all) console.log(`      ${c.rule} ${c.confidence.toFixed(2)}: ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`);
    }
  }
}
for (const [input, t] of Object.entries(totals)) {
  const recall = t.targets ? t.found / t.targets : 1;
  const est = t.targets ? t.either / t.targets : 1;
  console.log(
    `${input}: repairs ${recall.toFixed(3)} (${t.found}/${t.targets}) | changes ${t.repairs} | false ${t.falses}` +
      ` || lines+columns ${est.toFixed(3)} (${t.either}/${t.targets}) | false (columns) ${t.colFalses}`,
  );
}
