// Loads the bundled command (dist/plan-ingest.cjs, and dist/pdfjs.cjs when a
// run reads a PDF; scripts/bundle.mjs) through V8 code caches made at build
// time: no module resolving and little compiling at start-up. A cache from
// another Node version is rejected by V8 and the command runs as fast as
// without one.
'use strict';
const { isAscii } = require('node:buffer');
const { existsSync, readFileSync, statSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const BUNDLE = join(__dirname, '../dist/plan-ingest.cjs');
const PDFJS_BUNDLE = join(__dirname, '../dist/pdfjs.cjs');
/** the command's V8 flag settings (src/pipeline/jit.ts) as CommonJS (scripts/bundle.mjs) */
const JIT = join(__dirname, '../dist/jit.cjs');
const cacheOf = (file) => `${file}.cache`;

/** the bundles, when the build made them after its sources */
function hasBundle() {
  const main = statSync(join(__dirname, '../dist/cli/main.js')).mtimeMs;
  return [BUNDLE, PDFJS_BUNDLE].every((f) => existsSync(f) && statSync(f).mtimeMs >= main);
}

const loaded = [];

/** the scripts run so far, with where their code caches go */
function loadedScripts() {
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
function loadBundle({ useCache = true } = {}) {
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

/** The ingest's V8 flags (tuneJit), set before any bundle is compiled: from
 * the build's CommonJS copy, else dist/'s module (an ES module: it starts
 * Node's ES module loader, about 10 ms). */
async function tuneJitFirst() {
  const jit = existsSync(JIT) && statSync(JIT).mtimeMs >= statSync(join(__dirname, '../dist/pipeline/jit.js')).mtimeMs ? require(JIT) : await import('../dist/pipeline/jit.js');
  jit.tuneJit();
}

exports.BUNDLE = BUNDLE;
exports.PDFJS_BUNDLE = PDFJS_BUNDLE;
exports.cacheOf = cacheOf;
exports.hasBundle = hasBundle;
exports.loadedScripts = loadedScripts;
exports.loadBundle = loadBundle;
exports.tuneJitFirst = tuneJitFirst;
