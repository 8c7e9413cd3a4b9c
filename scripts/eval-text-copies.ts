// Score text copies of a corpus's plans made the ways real copies are made
// (see dev/text-copies.ts), one table row per kind of copy. The copies go to a
// temp folder (printed with --keep) and are never part of the project.
//
//   npx tsx scripts/eval-text-copies.ts [--corpus DIR] [--kinds a,b] [--plans a,b] [-v] [--keep]
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AGGREGATE_HEADER, aggregateRow, pairTable } from '../dev/eval/corpus.ts';
import { ALL_KINDS, makeCopies, scoreCopies, type CopyKind } from '../dev/text-copies.ts';

const { values: a } = parseArgs({
  options: {
    corpus: { type: 'string', default: '../shared/corpus-dev' },
    kinds: { type: 'string' },
    plans: { type: 'string' },
    verbose: { type: 'boolean', short: 'v', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);
const kinds = (list(a.kinds) ?? ALL_KINDS) as CopyKind[];
for (const k of kinds) if (!ALL_KINDS.includes(k)) throw new Error(`unknown kind ${k}; kinds: ${ALL_KINDS.join(', ')}`);

const { root, dirs, skipped } = makeCopies(a.corpus!, kinds, list(a.plans));
const rows: string[] = [];
for (const kind of kinds) {
  if (skipped.has(kind)) {
    rows.push(`${kind.padEnd(20)}skipped: ${skipped.get(kind)}`);
    continue;
  }
  const { aggregate, pairs } = await scoreCopies(dirs.get(kind)!);
  if (a.verbose) {
    console.log(`== ${kind}`);
    for (const l of pairTable(pairs)) console.log(l);
    for (const p of pairs) for (const l of p.problems) console.log(l);
  }
  rows.push(aggregateRow(kind, aggregate).replace(/^(\S+)\s*/, (_, k: string) => k.padEnd(20)));
}
console.log('kind'.padEnd(20) + AGGREGATE_HEADER.replace(/^format\s*/, ''));
for (const r of rows) console.log(r);
if (a.keep) console.log(`copies kept in ${root}`);
else rmSync(root, { recursive: true, force: true });
