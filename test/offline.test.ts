// OCR must work with no network at all: language data, worker and wasm come
// from node_modules. Run the real CLI inside an empty network namespace.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/cli.ts';
import { fixture, ROOT } from './helpers/fixtures.ts';

const probe = spawnSync('unshare', ['-n', 'true']);
const canCutNetwork = probe.status === 0;
if (!canCutNetwork) console.warn('offline test skipped: unshare -n is not permitted on this machine');

describe('offline', () => {
  it.skipIf(!canCutNetwork)('ingests a page image and a scanned PDF with the network cut (unshare -n)', () => {
    const dir = tempDir();
    const db = join(dir, 'plans.db');
    const r = spawnSync('unshare', ['-n', process.execPath, join(ROOT, 'bin/plan-ingest.js'), 'ingest',
      fixture('corpus', 'norfolk-ni7-laa-action-plan', 'page1.png'), fixture('corpus', 'thurrock-cvs-ni7-report', 'scan.pdf'),
      '--db', db, '--json'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.files.map((f: { extractor: string }) => f.extractor).sort()).toEqual(['image-ocr', 'pdf-ocr']);
    expect(summary.files.every((f: { records: number }) => f.records > 0)).toBe(true);
    // nothing cached beside the database
    expect(readdirSync(dir).filter((f) => !f.startsWith('plans.db'))).toEqual([]);
  });
});
