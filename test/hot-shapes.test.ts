// The helpers that keep hot code on one object shape: map() results built by
// push, and a run's readers prepared before its first file.
import { describe, expect, it } from 'vitest';
import { mapped } from '../src/arrays.ts';
import { prepareReaders } from '../src/readers/index.ts';
import { pdfWorker } from '../src/preload.js';

describe('mapped', () => {
  it('gives what map() gives, values and positions', () => {
    const words = ['Action', 'plan', '', 'lead'];
    expect(mapped(words, (w, i) => `${i}:${w.toLowerCase()}`)).toEqual(words.map((w, i) => `${i}:${w.toLowerCase()}`));
    expect(mapped([] as number[], (n) => n * 2)).toEqual([]);
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
