// Loads the bundled command (dist/plan-ingest.cjs, and dist/pdfjs.cjs when a
// run reads a PDF; scripts/bundle.mjs) through V8 code caches made at build
// time: no module resolving and little compiling at start-up. A cache from
// another Node version is rejected by V8 and the command runs as fast as
// without one.
import { isAscii } from 'node:buffer';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const BUNDLE = fileURLToPath(new URL('../dist/plan-ingest.cjs', import.meta.url));
export const PDFJS_BUNDLE = fileURLToPath(new URL('../dist/pdfjs.cjs', import.meta.url));
export const cacheOf = (file) => `${file}.cache`;

/** the bundles, when the build made them after its sources */
export function hasBundle() {
  const main = statSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))).mtimeMs;
  return [BUNDLE, PDFJS_BUNDLE].every((f) => existsSync(f) && statSync(f).mtimeMs >= main);
}

const loaded = [];

/** the scripts run so far, with where their code caches go */
export function loadedScripts() {
  return loaded.map(({ script, file }) => ({ script, file, cache: cacheOf(file) }));
}

function run(file, useCache, require, importer) {
  // an ASCII file (the build escapes the rest: scripts/bundle.mjs) is read as
  // one-byte text, without UTF-8 decoding, and compiles as such
  const bytes = readFileSync(file);
  const code = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const cache = cacheOf(file);
  const cachedData = useCache && existsSync(cache) ? readFileSync(cache) : undefined;
  // Node's CommonJS wrapper, on the first line, and an import() for the
  // packages the bundle loads on demand (scripts/bundle.mjs)
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __import) {${code}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, dirname(file), importer);
  loaded.push({ script, file });
  return { exports: module.exports, script };
}

/** Built-in modules the bundle's top level asks for (commander, OCR, the
 * converters, worker threads) but most runs never use: child_process alone
 * loads net, dgram and streams (about 7 ms of every start). Each is loaded
 * at the first use of one of its exports (the bundle reads them off the
 * module object when it calls them). */
const LAZY_BUILTINS = new Set(['node:child_process', 'child_process', 'node:worker_threads', 'worker_threads']);

function lazyBuiltin(seen, id, require) {
  let mod = seen.get(id);
  if (mod) return mod;
  let real;
  const get = () => (real ??= require(id));
  mod = new Proxy({}, {
    get: (_, key) => get()[key],
    has: (_, key) => key in get(),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(get(), key);
      return d && { ...d, configurable: true };
    },
  });
  seen.set(id, mod);
  return mod;
}

/** Runs the command bundle's top level and returns its exports and script. */
export function loadBundle({ useCache = true } = {}) {
  let pdfjs;
  const pdfjsPart = (id) => {
    pdfjs ??= run(PDFJS_BUNDLE, useCache, createRequire(PDFJS_BUNDLE), (s) => import(s)).exports;
    return id.endsWith('pdf.worker.mjs') ? pdfjs.worker : pdfjs.pdf;
  };
  const isPdfjs = (id) => id.startsWith('pdfjs-dist/legacy/build/pdf');
  const plain = createRequire(BUNDLE);
  const lazy = new Map();
  const load = (id) => (isPdfjs(id) ? pdfjsPart(id) : LAZY_BUILTINS.has(id) ? lazyBuiltin(lazy, id, plain) : plain(id));
  const require = Object.assign(load, { resolve: plain.resolve, cache: plain.cache });
  const importer = (id) => (isPdfjs(id) ? Promise.resolve().then(() => pdfjsPart(id)) : import(id));
  return run(BUNDLE, useCache, require, importer);
}
