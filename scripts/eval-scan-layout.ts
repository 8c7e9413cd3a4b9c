// Development metric for scans: per plan, how many gold table rows the grids
// built from OCR words reproduce exactly (compare scripts/eval-layout.ts for
// text-layer PDFs). Set PLAN_INGEST_OCR_CACHE to avoid repeating the OCR.
//   npx tsx scripts/eval-scan-layout.ts [corpus dirs] [--plans a,b] [-v] [--png]
import fs from 'node:fs';
import path from 'node:path';
import { readBlocks } from '../src/pipeline/process.ts';
import { closeOcr } from '../src/readers/ocr/index.ts';
import { goldRows, gridRows, scoreRows } from '../test/gold-tables.ts';
import { installOcrCacheFromEnv } from '../dev/ocr-cache.ts';

installOcrCacheFromEnv();

const args = process.argv.slice(2);
const verbose = args.includes('-v');
const png = args.includes('--png');
const plansArg = args.indexOf('--plans');
const only = plansArg >= 0 ? args[plansArg + 1].split(',') : null;
const sets = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '--plans');
const dirs = sets.length ? sets : ['fixtures/corpus', 'fixtures/unseen'];
try {
  for (const set of dirs) {
    let tg = 0;
    let tm = 0;
    for (const plan of fs.readdirSync(set).sort()) {
      if (only && !only.includes(plan)) continue;
      const file = path.join(set, plan, png ? 'page1.png' : 'scan.pdf');
      if (!fs.existsSync(file)) continue;
      const t0 = performance.now();
      const inter = await readBlocks(new Uint8Array(fs.readFileSync(file)), {}, path.basename(file));
      const ms = performance.now() - t0;
      const gold = goldRows(path.join(set, plan, 'gold.json'));
      const s = scoreRows(gold, inter.blocks);
      tg += s.gold;
      tm += s.matched;
      console.log(`${set}/${plan}: ${s.matched}/${s.gold} rows, ${inter.pageCount} pages in ${ms.toFixed(0)} ms`);
      if (verbose) {
        for (const m of s.missing) console.log('   MISSING', m.slice(0, 200));
        for (const b of inter.blocks) {
          if (b.type === 'table') for (const r of gridRows(b.grid)) console.log(`   GRID p${b.grid.page}`, r.slice(0, 200));
          else console.log(`   ${b.type.toUpperCase()}`, ('text' in b ? b.text : '').slice(0, 120).replace(/\n/g, ' / '));
        }
      }
    }
    console.log(`${set}: ${tm}/${tg} = ${((100 * tm) / Math.max(1, tg)).toFixed(1)}%`);
  }
} finally {
  await closeOcr();
}
