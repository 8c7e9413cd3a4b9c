// A PRED directory in run_corpus.sh's layout (<slug>/<format>.json, run.tsv) made
// of damaged gold exports, with a missing export, a file that is not an export and
// an export with two unknown documents among them.
//
//   npx tsx test/helpers/fake-pred.ts CORPUS_DIR PRED_DIR
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeExports, type Gold } from './fake-exports.ts';

const INPUTS = { docx: 'plan.docx', pdf: 'plan.pdf', scan: 'scan.pdf', png: 'page1.png', tsv: 'export.tsv', txt: 'source.txt' };

export function writeFakePred(corpus: string, pred: string): void {
  const plans = readdirSync(corpus).filter((d) => existsSync(path.join(corpus, d, 'gold.json'))).sort();
  let k = 0;
  for (const plan of plans) {
    const gold = JSON.parse(readFileSync(path.join(corpus, plan, 'gold.json'), 'utf8')) as Gold;
    const fakes = fakeExports(gold).filter((f) => !f.docSource);
    mkdirSync(path.join(pred, plan), { recursive: true });
    for (const [fmt, input] of Object.entries(INPUTS)) {
      if (!existsSync(path.join(corpus, plan, input))) continue;
      const fx = fakes[k++ % fakes.length]!;
      // documents named after the input, as the pipeline names them
      const exported = JSON.parse(JSON.stringify(fx.exported)) as { documents?: { source: string }[] };
      for (const d of exported.documents ?? []) d.source = input;
      const file = path.join(pred, plan, `${fmt}.json`);
      if (k % 11 === 5) continue; // missing
      if (k % 13 === 7) writeFileSync(file, JSON.stringify({ rows: [] })); // not an export
      else if (k % 17 === 3) {
        writeFileSync(file, JSON.stringify({ documents: [{ source: 'a.pdf', records: [] }, { source: 'b.pdf', records: [] }] }));
      } else writeFileSync(file, JSON.stringify(exported));
    }
  }
  writeFileSync(path.join(pred, 'run.tsv'), `slug\tformat\tstatus\tseconds\tdetail\n${plans[0]}\tpdf\tfail\t3.0\tingest exit 1\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [corpus, pred] = process.argv.slice(2);
  if (!corpus || !pred) {
    process.stderr.write('usage: fake-pred.ts CORPUS_DIR PRED_DIR\n');
    process.exit(2);
  }
  writeFakePred(corpus, pred);
}
