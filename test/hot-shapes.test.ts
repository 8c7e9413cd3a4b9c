// The helpers that keep hot code on one object shape: map() results built by
// push, and a run's readers prepared before its first file.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyArray, mapped } from '../src/arrays.ts';
import { fixture, plans, ROOT } from './helpers/fixtures.ts';
import { prepareReaders } from '../src/readers/index.ts';
import { pdfWorker } from '../src/preload.js';

describe('mapped', () => {
  it('gives what map() gives, values and positions', () => {
    const words = ['Action', 'plan', '', 'lead'];
    expect(mapped(words, (w, i) => `${i}:${w.toLowerCase()}`)).toEqual(words.map((w, i) => `${i}:${w.toLowerCase()}`));
    expect(mapped([] as number[], (n) => n * 2)).toEqual([]);
  });
});

describe('emptyArray', () => {
  it('is empty and takes strings and objects', () => {
    const a = emptyArray<string>();
    expect(a).toEqual([]);
    a.push('x', 'y');
    expect(a).toEqual(['x', 'y']);
  });
});

describe("the fast PDF reader's numbers and arrays", () => {
  it('are of one kind from their creation, and every item of the corpus plans has one shape', () => {
    // V8's own view of the objects (a child process with its natives syntax):
    // a matrix of whole numbers holds doubles as one of fractions does, and
    // the arrays items and characters are pushed to start general, not as
    // small integers, so optimised code never meets a second kind of either
    const files = plans().map((p) => fixture('corpus', p, 'plan.pdf'));
    const src = (f: string) => JSON.stringify(join(ROOT, 'src/readers/pdf-lite', f));
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', `
      import { readFileSync } from 'node:fs';
      const { openLite } = await import(${src('index.ts')});
      const { matrix, transform, TextState } = await import(${src('text-items.ts')});
      const { PageInterpreter } = await import(${src('content.ts')});
      const s = new TextState();
      const fresh = [s.ctm, s.textMatrix, s.textLineMatrix, matrix(1, 0, 0, 1, 0, 0), transform(s.ctm, [2, 0, 0, 2, 10, 20])]
        .every((m) => %HasDoubleElements(m));
      const general = %HasObjectElements(new PageInterpreter(null, [0, 0, 1, 1], new Map()).items);
      let first = null, items = 0, alike = true;
      for (const f of ${JSON.stringify(files)}) {
        const doc = openLite(new Uint8Array(readFileSync(f)));
        for (let n = 1; n <= doc.pageCount; n++) {
          for (const it of doc.page(n).items) {
            first ??= it;
            items++;
            alike &&= %HaveSameMap(it, first) && %HasDoubleElements(it.transform);
          }
        }
      }
      console.log(JSON.stringify({ fresh, general, items, alike }));`], { encoding: 'utf8', cwd: ROOT });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { fresh: boolean; general: boolean; items: number; alike: boolean };
    expect(out).toEqual({ fresh: true, general: true, items: out.items, alike: true });
    expect(out.items).toBeGreaterThan(500);
  });
});

describe('prepareReaders', () => {
  it('loads pdf.js only for a run with PDFs', async () => {
    await prepareReaders({ pdf: false });
    expect(() => pdfWorker()).toThrow(/not loaded/);
    await prepareReaders({ pdf: true });
    expect(pdfWorker()).toBeDefined();
  });
});
