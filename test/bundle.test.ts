// The bundled command (dist/plan-ingest.cjs with its code cache, made by npm
// run build) stores exactly what dist/'s modules store, and starts from its
// cache: a rejected cache would silently cost the start-up it exists to save.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtIsFresh } from '../bin/fresh.js';
import { BUNDLE, CODE_CACHE, hasBundle } from '../bin/bundle.js';
import { cli, tempDir } from './helpers/cli.ts';
import { fixture, plans, ROOT } from './helpers/fixtures.ts';

describe('the bundled command', () => {
  beforeAll(() => {
    if (!builtIsFresh() || !hasBundle()) execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'ignore' });
  }, 300_000);

  it('is built with a code cache that V8 accepts', () => {
    expect(existsSync(BUNDLE)).toBe(true);
    expect(existsSync(CODE_CACHE)).toBe(true);
    const r = spawnSync(process.execPath, ['--input-type=module', '-e',
      `const { loadBundle } = await import(${JSON.stringify(join(ROOT, 'bin/bundle.js'))}); const { script, exports } = loadBundle(); console.log(JSON.stringify({ rejected: script.cachedDataRejected, main: typeof exports.main }));`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ rejected: false, main: 'function' });
  });

  it('stores the same records as the unbundled modules, Word and PDF, with nothing on standard error', () => {
    const files = plans().flatMap((p) => ['plan.docx', 'plan.pdf'].map((f) => fixture('corpus', p, f)));
    const dir = tempDir();
    const exported = (env: NodeJS.ProcessEnv, name: string) => {
      const db = join(dir, name);
      const ingest = cli(['ingest', ...files, '--db', db, '--quiet'], { env });
      expect(ingest.status).toBe(0);
      expect(ingest.stderr).toBe('');
      const out = cli(['export', '--db', db, '--format', 'json'], { env });
      expect(out.status).toBe(0);
      const json = JSON.parse(out.stdout) as { documents: { path: string; records: unknown[] }[] };
      return json.documents.map((d) => ({ path: d.path, records: d.records }));
    };
    const bundled = exported({}, 'bundled.db');
    expect(bundled).toHaveLength(files.length);
    expect(bundled.reduce((n, d) => n + d.records.length, 0)).toBeGreaterThan(20);
    expect(bundled).toEqual(exported({ PLAN_INGEST_NO_BUNDLE: '1' }, 'modules.db'));
  });
});
