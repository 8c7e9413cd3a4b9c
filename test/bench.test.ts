// The benchmark's varied copies: every copy of every fixture format has its own
// sha256, and the real pipeline reads it exactly as it reads the original.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCopies, variedCopy, withZipComment } from '../dev/bench/vary.ts';
import { FORMAT_FILES, OCR_FORMATS, type BenchFormat } from '../dev/bench/suite.ts';
import { openDatabase } from '../src/store/db.ts';
import { ingestPaths } from '../src/pipeline.ts';
import { CORPUS, gold } from './helpers/fixtures.ts';

// the one-page plan keeps the OCR formats quick
const PLAN = 'thurrock-cvs-ni7-report';
const work = mkdtempSync(join(tmpdir(), 'bench-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('varied copies', () => {
  for (const [format, names] of Object.entries(FORMAT_FILES) as [BenchFormat, string[]][]) {
    for (const name of names) {
      it(`${format}: ${name} copies differ in sha256 and ingest like the original`, async () => {
        const original = join(CORPUS, PLAN, name);
        const copies = await makeCopies([{ path: original, label: format }], join(work, name), OCR_FORMATS.includes(format) ? 1 : 3);
        const hashes = new Set([original, ...copies].map(sha));
        expect(hashes.size).toBe(copies.length + 1);

        const db = openDatabase(':memory:');
        try {
          const run = await ingestPaths(db, [original, ...copies], { jobs: 0 });
          // distinct bytes: nothing is skipped as already stored
          expect(run.counts.skipped).toBe(0);
          const [first, ...rest] = run.files;
          expect(first!.status).toBe('imported');
          expect(first!.records).toBeGreaterThan(0);
          for (const f of rest) {
            expect(f.status).toBe(first!.status);
            expect(f.records).toBe(first!.records);
            expect(f.reason).toBe(first!.reason);
          }
          // the readers without OCR find every action of this plan
          if (!OCR_FORMATS.includes(format)) expect(first!.records).toBe(gold(PLAN).records.length);
        } finally {
          db.close();
        }
      });
    }
  }

  it('a docx copy replaces an existing zip comment rather than stacking them', () => {
    const bytes = readFileSync(join(CORPUS, PLAN, 'plan.docx'));
    const once = variedCopy(bytes, 7);
    const again = withZipComment(once, 'copy 7');
    expect(Buffer.from(again).equals(Buffer.from(once))).toBe(true);
    expect(Buffer.from(once.subarray(-6)).toString('latin1')).toBe('copy 7');
  });

  it('text copies add only white space after the last line', () => {
    const bytes = readFileSync(join(CORPUS, PLAN, 'source.txt'));
    const seen = new Set<string>();
    for (let n = 0; n < 1000; n++) {
      const tail = Buffer.from(variedCopy(bytes, n).subarray(bytes.length)).toString('latin1');
      expect(tail).toMatch(/^\n[\n ]+$/);
      seen.add(tail);
    }
    expect(seen.size).toBe(1000);
  });
});

describe('CPU time per thread', () => {
  it('tells a busy worker thread from the main thread of a node process started under GNU time', async () => {
    const { spawn } = await import('node:child_process');
    const { existsSync } = await import('node:fs');
    const { sampleThreads } = await import('../dev/bench/threads.ts');
    // a worker that spins until its own thread has used 600 ms of CPU (a loaded
    // machine may take longer), while the main thread waits
    const spin = `const fs = require('node:fs');
      const cpu = () => { const f = fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' '); return (+f[11] + +f[12]) * 10; };
      let x = 0; while (cpu() < 600) for (let i = 0; i < 1e6; i++) x += i;`;
    const code = `new (require('node:worker_threads').Worker)(${JSON.stringify(spin)}, { eval: true })`;
    const args = ['-e', code];
    const child = existsSync('/usr/bin/time') ? spawn('/usr/bin/time', ['-f', '', 'node', ...args], { stdio: 'ignore' }) : spawn('node', args, { stdio: 'ignore' });
    const sampler = sampleThreads(child.pid!, 1, 10);
    await new Promise((r) => child.on('close', r));
    const split = sampler.stop()!;
    expect(split.workerMs).toHaveLength(1);
    expect(split.workerMs[0]).toBeGreaterThan(400);
    expect(split.mainMs).toBeLessThan(split.workerMs[0]!);
    expect(split.backgroundMs).toBeLessThan(split.workerMs[0]!);
  });
});
