// The bundled command (dist/plan-ingest.cjs and dist/pdfjs.cjs with their code
// caches, made by npm run build) stores exactly what dist/'s modules store, OCR
// included, and starts from its caches: a rejected cache would silently cost
// the start-up it exists to save.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtIsFresh } from '../bin/fresh.js';
import { BUNDLE, cacheOf, hasBundle, PDFJS_BUNDLE } from '../bin/bundle.js';
import { cli, tempDir } from './helpers/cli.ts';
import { processBytes } from '../src/pipeline/process.ts';
import { fixture, plans, ROOT, sharedDir } from './helpers/fixtures.ts';

describe('the bundled command', () => {
  beforeAll(() => {
    if (!builtIsFresh() || !hasBundle()) execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'ignore' });
  }, 300_000);

  it('is built with code caches that V8 accepts, pdf.js loaded only for a PDF the fast reader leaves to it', () => {
    for (const f of [BUNDLE, PDFJS_BUNDLE]) expect(existsSync(cacheOf(f))).toBe(true);
    const run = (file: string) => {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
        const { loadBundle, loadedScripts, tuneJitFirst } = await import(${JSON.stringify(join(ROOT, 'bin/bundle.js'))});
        await tuneJitFirst(); // as bin/plan-ingest.js does (dist/jit.cjs)
        const code = await loadBundle().exports.main(['node', 'plan-ingest', 'ingest', ${JSON.stringify(file)}, '--db', ':memory:', '--quiet']);
        const native = [Array.prototype.push, JSON.parse, JSON.stringify].every((f) => /\\{\\s*\\[native code\\]\\s*\\}/.test(Function.prototype.toString.call(f)));
        console.log(JSON.stringify({ code, native, scripts: loadedScripts().map((s) => [s.file, s.script.cachedDataRejected]) }));`], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as { code: number; native: boolean; scripts: [string, boolean][] };
    };
    expect(run(fixture('corpus', plans()[0], 'plan.docx'))).toEqual({ code: 0, native: true, scripts: [[BUNDLE, false]] });
    // a text-layer plan is read by the fast reader: pdf.js is not loaded
    expect(run(fixture('corpus', plans()[1], 'plan.pdf'))).toEqual({ code: 0, native: true, scripts: [[BUNDLE, false]] });
    // a PDF the fast reader leaves to pdf.js (encrypted, owner password only);
    // its polyfills of the built-ins are undone in the bundle too (src/preload.js)
    expect(run(join(ROOT, 'fixtures/bad/owner-only.pdf'))).toEqual({ code: 0, native: true, scripts: [[BUNDLE, false], [PDFJS_BUNDLE, false]] });
  });

  it('is ASCII, its escapes keeping what the program does', async () => {
    expect(/[^\x00-\x7f]/.test(readFileSync(BUNDLE, 'utf8'))).toBe(false);
    const { asciiOnly } = (await import(join(ROOT, 'scripts/bundle.mjs'))) as { asciiOnly: (code: string) => Promise<string> };
    // a pattern's class and a character escaped in one, String.raw, a string, a comment
    const src = [
      "const a = /^[\u2022\u00b7]x$/u.test('\u2022x') && !/^[\u2022]$/u.test('x');",
      "const b = /^\\\u2022$/.test('\u2022');",
      'const c = String.raw`\u00a3\\d${1}\u2013`;',
      "// a comment \u2014 with a dash",
      "module.exports = [a, b, c, '\u20ac'];",
    ].join('\n');
    const out = await asciiOnly(src);
    expect(/[^\x00-\x7f]/.test(out)).toBe(false);
    const run = (code: string) => {
      const m = { exports: null as unknown };
      new Function('module', code)(m);
      return m.exports;
    };
    expect(run(out)).toEqual(run(src));
    expect(run(src)).toEqual([true, true, '\u00a3\\d1\u2013', '\u20ac']);
  });

  it('starts worker threads from the bundle and its code cache, as the command', async () => {
    // the pool's entry in a worker, as the pool starts it; one Word file through it
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import { Worker } from 'node:worker_threads';
      import { readFileSync } from 'node:fs';
      (await import(${JSON.stringify(join(ROOT, 'dist/pipeline/jit.js'))})).tuneJit();
      const w = new Worker(\`
        const { parentPort } = await import('node:worker_threads');
        await import(${JSON.stringify(join(ROOT, 'dist/pipeline/worker-entry.js'))});
        const { loadedScripts } = await import(${JSON.stringify(join(ROOT, 'bin/bundle.js'))});
        parentPort.postMessage({ scripts: loadedScripts().map((s) => [s.file, s.script.cachedDataRejected]) });\`, { eval: true });
      const out = {};
      w.on('message', (m) => {
        if (m.scripts) out.scripts = m.scripts;
        else out.records = m.doc.records.length;
        if (out.scripts && out.records !== undefined) { console.log(JSON.stringify(out)); process.exit(0); }
      });
      w.postMessage({ id: 1, bytes: new Uint8Array(readFileSync(${JSON.stringify(fixture('corpus', plans()[0], 'plan.docx'))})), name: 'plan.docx', opts: {} });`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { scripts: [string, boolean][]; records: number };
    expect(out.scripts).toEqual([[BUNDLE, false]]);
    // the records the pipeline gives in this thread
    const docx = readFileSync(fixture('corpus', plans()[0], 'plan.docx'));
    expect(out.records).toBe((await processBytes(new Uint8Array(docx), {}, 'plan.docx')).records.length);
    expect(out.records).toBeGreaterThan(0);
  });

  it('stores the same records as the unbundled modules, Word, PDF, scan and text, with nothing on standard error', () => {
    const files = [
      ...plans().flatMap((p) => ['plan.docx', 'plan.pdf'].map((f) => fixture('corpus', p, f))),
      ...['scan.pdf', 'export.tsv', 'source.txt'].map((f) => fixture('corpus', plans()[0], f)),
    ];
    const dir = tempDir();
    const exported = (env: NodeJS.ProcessEnv, name: string) => {
      const db = join(dir, name);
      const ingest = cli(['ingest', ...files, '--db', db, '--quiet'], { env });
      expect(ingest.status).toBe(0);
      expect(ingest.stderr).toBe('');
      const out = cli(['export', '--db', db, '--format', 'json'], { env });
      expect(out.status).toBe(0);
      // row ids follow the order files finish in, which workers do not fix
      const json = JSON.parse(out.stdout, (k, v: unknown) => (k === 'action_id' ? undefined : v)) as { documents: { path: string; records: unknown[] }[] };
      return json.documents.map((d) => ({ path: d.path, records: d.records })).sort((a, b) => a.path.localeCompare(b.path));
    };
    const bundled = exported({}, 'bundled.db');
    expect(bundled).toHaveLength(files.length);
    expect(bundled.reduce((n, d) => n + d.records.length, 0)).toBeGreaterThan(20);
    expect(bundled).toEqual(exported({ PLAN_INGEST_NO_BUNDLE: '1' }, 'modules.db'));
  });
  it('reads each real text export alone, as a short run, without crashing V8 (flags switched at run time)', () => {
    // a one-file text run is short: the command turns the optimising compiler
    // off for it after start (src/pipeline/jit.ts). Switching how regular
    // expressions are compiled as well made V8 call a null code address on one
    // of these (woodhouse's); which input did depended on the code's layout,
    // so this is a smoke check of the short path, not a sure reproduction
    const dir = sharedDir('corpus-real');
    const files = readdirSync(dir).map((p) => join(dir, p, 'source.txt')).filter((f) => existsSync(f));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const r = cli(['ingest', f, '--db', join(tempDir(), 'x.db'), '--quiet']);
      expect({ file: f, status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({ file: f, status: 0, signal: null, stderr: '' });
    }
  }, 120_000);
});
