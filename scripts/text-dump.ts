// Print what the text reader makes of a file: blocks, and table rows one per line.
import { readFileSync } from 'node:fs';
import { readText } from '../src/readers/text/index.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: tsx scripts/text-dump.ts <file>');
const doc = readText(readFileSync(file));
console.log('notes:', doc.notes.join('; '));
for (const b of doc.blocks) {
  if (b.type !== 'table') {
    console.log(b.type.toUpperCase(), JSON.stringify(b.type === 'list' ? b.items : b.text).slice(0, 160));
    continue;
  }
  const g = b.grid;
  console.log(`TABLE ${g.nrows}x${g.ncols}`);
  for (let r = 0; r < g.nrows; r++) {
    const cells = g.cells.filter((c) => c.row === r).map((c) => (c.colspan > 1 ? `[span${c.colspan}]` : '') + (c.rowspan > 1 ? `[rows${c.rowspan}]` : '') + c.text.replace(/\n/g, ' ⏎ ').slice(0, 40));
    console.log(`  ${g.rows[r].header ? 'H' : ' '} L${g.rows[r].sourceRow}: ${cells.join(' | ')}`);
  }
}
