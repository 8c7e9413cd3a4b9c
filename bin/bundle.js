// Loads the bundled command (dist/plan-ingest.cjs, scripts/bundle.mjs) through
// V8's code cache made at build time: no module resolving and little
// compiling at start-up. A cache from another Node version is rejected by V8
// and the command runs as fast as without one.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const BUNDLE = fileURLToPath(new URL('../dist/plan-ingest.cjs', import.meta.url));
export const CODE_CACHE = `${BUNDLE}.cache`;

/** the bundle, when the build made one after its sources */
export function hasBundle() {
  return existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= statSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))).mtimeMs;
}

/** Runs the bundle's top level and returns its exports and the compiled
 * script (whose code cache the build writes after a warm-up run). */
export function loadBundle({ useCache = true } = {}) {
  const code = readFileSync(BUNDLE, 'utf8');
  const cachedData = useCache && existsSync(CODE_CACHE) ? readFileSync(CODE_CACHE) : undefined;
  // the same wrapper as Node's own for CommonJS, on the first line
  // Node's CommonJS wrapper, on the first line, and an import() for the
  // packages the bundle loads on demand (scripts/bundle.mjs)
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __import) {${code}\n})`, { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE), (specifier) => import(specifier));
  return { exports: module.exports, script };
}
