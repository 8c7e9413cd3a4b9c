// The prepared dictionary must answer exactly as nspell does on the Hunspell
// files it was made from: every form nspell knows, its case variants, real
// text from the fixtures, and near-misses of real words.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { openWordTable, prepareWordTable } from '../src/repair/word-table.ts';
import { repairLexicon } from '../src/repair/lexicon.ts';

const require = createRequire(import.meta.url);

async function realNspell() {
  const nspell = require('nspell') as (d: { aff: Buffer; dic: Buffer }) => { correct(w: string): boolean; data: Record<string, unknown> };
  const dir = new URL('./', import.meta.resolve('dictionary-en-gb'));
  return nspell({ aff: readFileSync(new URL('index.aff', dir)), dic: readFileSync(new URL('index.dic', dir)) });
}

function fixtureWords(): string[] {
  const words = new Set<string>();
  const root = new URL('../fixtures/', import.meta.url);
  const texts = [readFileSync(new URL('repair/clean-sentences.txt', root), 'utf8')];
  for (const corpus of ['corpus', 'unseen']) {
    for (const plan of readdirSync(new URL(`${corpus}/`, root), { withFileTypes: true })) {
      if (plan.isDirectory()) texts.push(readFileSync(new URL(`${corpus}/${plan.name}/source.txt`, root), 'utf8'));
    }
  }
  for (const t of texts) for (const w of t.split(/[\s,.;:()"“”]+/)) if (w) words.add(w);
  return [...words];
}

describe('prepared word table', () => {
  const bytes = prepareWordTable();
  const table = openWordTable(bytes);

  it('answers as nspell on every known form, its case variants, fixture text and near-misses', async () => {
    const spell = await realNspell();
    const forms = Object.keys(spell.data);
    expect(forms.length).toBeGreaterThan(100_000);
    const probes = new Set<string>();
    forms.forEach((w, i) => {
      probes.add(w);
      if (i % 7 === 0) {
        probes.add(w.toUpperCase());
        probes.add(w.charAt(0).toUpperCase() + w.slice(1));
        probes.add(w.toLowerCase());
      }
      if (i % 11 === 0 && w.length > 3) {
        probes.add(w.slice(1)); // near-misses: a letter lost, two swapped
        probes.add(w.slice(0, 2) + w[3] + w[2] + w.slice(4));
      }
    });
    for (const w of fixtureWords()) {
      probes.add(w);
      probes.add(w.replace(/’/g, "'"));
      probes.add(w.toUpperCase());
      if (w.length > 4) probes.add(w.slice(0, -1));
    }
    for (const w of ['21st', '112th', '3rd', '11th', '2ND', ' walk ', '', 'Thurrock’s', 'co-ordinate', 'ÉCLAIR', 'naïve']) probes.add(w);
    const differ: string[] = [];
    let accepted = 0;
    for (const w of probes) {
      const want = spell.correct(w);
      if (want) accepted++;
      if (table.correct(w) !== want) differ.push(w);
    }
    expect(differ.slice(0, 20)).toEqual([]);
    expect(probes.size).toBeGreaterThan(150_000);
    // both answers occur in numbers: the probes test something
    expect(accepted).toBeGreaterThan(100_000);
    expect(probes.size - accepted).toBeGreaterThan(10_000);
  }, 120_000);

  it('keeps the letter trigrams of the dictionary stems', () => {
    expect(table.trigrams.has('^th')).toBe(true);
    expect(table.trigrams.has('ing')).toBe(true);
    expect(table.trigrams.has('gc$')).toBe(false);
  });

  it('refuses a table made from another dictionary version, and bytes that are not a table', () => {
    const text = Buffer.from(bytes).toString('latin1');
    const stale = Buffer.from(text.replace(/"dictionary-en-gb":"[^"]+"/, '"dictionary-en-gb":"0.0.1"'), 'latin1');
    expect(() => openWordTable(stale)).toThrow(/made from dictionary-en-gb 0\.0\.1/);
    expect(() => openWordTable(Buffer.from('PK\u0003\u0004 not a table'))).toThrow(/not a prepared word table/);
  });

  it('is what repair uses', () => {
    const lex = repairLexicon();
    expect(lex.isWord('Commissioning')).toBe(true);
    expect(lex.isWord('Commissio')).toBe(false);
    expect(lex.oddEnding('Ngagc')).toBe(true);
  });
});
