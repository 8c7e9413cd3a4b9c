// Development metric for the PDF layout: per plan, how many gold table rows the
// grids reproduce exactly, and the reading speed.
import fs from 'node:fs';
import path from 'node:path';
import { buildBlocks } from '../src/layout/blocks.ts';
import { readPdfPages } from '../src/readers/pdf.ts';
import { goldRows, gridRows, scoreRows } from '../test/gold-tables.ts';

const sets = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const verbose = process.argv.includes('-v');
const dirs = sets.length ? sets : ['fixtures/corpus', 'fixtures/borderless'];
for (const set of dirs) {
  let tg = 0;
  let tm = 0;
  for (const plan of fs.readdirSync(set).sort()) {
    const pdf = path.join(set, plan, 'plan.pdf');
    if (!fs.existsSync(pdf)) continue;
    const t0 = performance.now();
    const { pages } = await readPdfPages(new Uint8Array(fs.readFileSync(pdf)));
    const blocks = buildBlocks(pages);
    const ms = performance.now() - t0;
    const gold = goldRows(path.join(set, plan, 'gold.json'));
    const s = scoreRows(gold, blocks);
    tg += s.gold;
    tm += s.matched;
    console.log(`${set}/${plan}: ${s.matched}/${s.gold} rows, ${pages.length} pages in ${ms.toFixed(0)} ms`);
    if (verbose) {
      for (const m of s.missing) console.log('   MISSING', m.slice(0, 200));
      for (const b of blocks) {
        if (b.type === 'table') for (const r of gridRows(b.grid)) console.log(`   GRID p${b.grid.page}`, r.slice(0, 200));
        else console.log(`   ${b.type.toUpperCase()}`, ('text' in b ? b.text : '').slice(0, 120).replace(/\n/g, ' / '));
      }
    }
  }
  console.log(`${set}: ${tm}/${tg} = ${((100 * tm) / Math.max(1, tg)).toFixed(1)}%`);
}
