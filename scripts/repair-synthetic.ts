// Damages clean gold sentences the ways extraction does (a word split at a
// cut, the glyph at the cut doubled, a line-break hyphen, an OCR glyph slip)
// with a fixed seed, then counts how many damaged words the repairer restores
// and how many other words it changes.
//   npx tsx scripts/repair-synthetic.ts
import { createRepairer } from '../src/repair/index.ts';
import { corpusDirs, goldStrings, readGold } from './repair-measure.ts';

let seed = 12345;
const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

const SLIPS: [RegExp, string][] = [[/m/, 'rn'], [/l/, 'I'], [/o/, '0'], [/e/, 'c']];

function damage(word: string): string | null {
  if (!/^[A-Za-z]{6,}$/.test(word)) return null;
  const cut = 2 + Math.floor(rand() * (word.length - 3));
  switch (Math.floor(rand() * 4)) {
    case 0: return word.slice(0, cut) + ' ' + word.slice(cut);
    case 1: return word.slice(0, cut) + ' ' + word.slice(cut - 1);
    case 2: return word.slice(0, cut) + '- ' + word.slice(cut);
    default: {
      const [re, to] = SLIPS[Math.floor(rand() * SLIPS.length)];
      return re.test(word.slice(1)) ? word[0] + word.slice(1).replace(re, to) : null;
    }
  }
}

const root = new URL('../fixtures/corpus/', import.meta.url).pathname;
let damaged = 0, restored = 0, falseChanges = 0;
const misses: string[] = [];
for (const dir of corpusDirs(root)) {
  const texts = [...new Set(goldStrings(readGold(dir)).filter((s) => /\p{L}{3}/u.test(s)))];
  const repairer = createRepairer(texts);
  for (const text of texts) {
    const words = text.split(' ');
    const i = Math.floor(rand() * words.length);
    const d = damage(words[i]);
    if (!d) continue;
    const input = [...words.slice(0, i), d, ...words.slice(i + 1)].join(' ');
    const out = repairer.repair(input, 'action').text;
    damaged++;
    if (out === text) restored++;
    else {
      const outWords = out.split(' ');
      if (outWords.length === words.length && outWords[i] === words[i]) falseChanges++;
      else if (!out.includes(words[i])) misses.push(`${d} (${words[i]})`);
      else falseChanges++;
    }
  }
}
console.log(`damaged ${damaged}, restored exactly ${restored} (${(restored / damaged).toFixed(3)}), other words changed ${falseChanges}`);
console.log(`not restored: ${misses.slice(0, 40).join(', ')}`);
