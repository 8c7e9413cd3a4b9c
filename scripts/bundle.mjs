// The command as one CommonJS file (dist/plan-ingest.cjs) and V8's code cache
// for it (dist/plan-ingest.cjs.cache), made by npm run build after tsc. Node
// 20 resolves, reads and compiles each of the ~250 modules a run loads, and
// compiles every function again on its first call, in every process: one file
// started from a code cache made after a warm-up run skips most of that
// (bin/bundle.js loads it). Packages with native parts, ESM-only packages
// loaded on demand (pdf.js) and the heavy optional ones stay outside.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const BUNDLE = join(dist, 'plan-ingest.cjs');

const EXTERNAL = [
  'better-sqlite3', 'pdfjs-dist', 'pdfjs-dist/*', 'tesseract.js', '@napi-rs/canvas', 'pg', 'pg-boss', 'fastify', '@fastify/*',
  'exceljs', 'natural', 'natural/*', 'utif2', 'playwright-core', 'dictionary-en-gb',
];

// Files the modules find beside themselves (word lists, migrations, worker
// entries) stay where tsc put them: each module's import.meta becomes its own
// place in dist/, relative to the bundle.
const keepPlaces = {
  name: 'keep-module-places',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(dist)) return undefined;
      const rel = JSON.stringify(relative(dist, args.path));
      const text = readFileSync(args.path, 'utf8')
        .replace(/import\.meta\.url/g, `__placeUrl(${rel})`)
        .replace(/import\.meta\.resolve\(/g, '__resolveUrl(');
      return { contents: text, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

const banner = [
  "const __placeUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, rel)).href;",
  "const __resolveUrl = (s) => require('node:url').pathToFileURL(require.resolve(s)).href;",
].join('\n');

/** Writes the bundle; false when esbuild (installed with tsx) is missing,
 * and the command then runs dist/'s modules as they are. */
export async function bundle() {
  let build;
  try {
    ({ build } = await import('esbuild'));
  } catch {
    return false;
  }
  await build({
    entryPoints: [join(dist, 'cli/main.js')], outfile: BUNDLE, bundle: true, format: 'cjs', platform: 'node', target: 'node20',
    external: EXTERNAL, plugins: [keepPlaces], banner: { js: banner }, logLevel: 'warning',
  });
  // a script's own import() needs an experimental vm option in Node 20: the
  // packages loaded on demand come through the loader's import instead
  const code = readFileSync(BUNDLE, 'utf8').replace(/(?<![\w.$])import\((?=["'])/g, '__import(');
  writeFileSync(BUNDLE, code);
  return true;
}

/** V8's code cache for the bundle, made after a warm-up run over a Word file
 * and a text-layer PDF (into a database in memory), so it holds the functions
 * an ingest compiles as well as the top level. */
export async function writeCodeCache(warmUpFiles) {
  const { loadBundle, CODE_CACHE } = await import('../bin/bundle.js');
  const { exports, script } = loadBundle({ useCache: false });
  const code = await exports.main(['node', 'plan-ingest', 'ingest', ...warmUpFiles, '--db', ':memory:', '--jobs', '0', '--quiet']);
  if (code !== 0) throw new Error(`the bundled command failed its warm-up run (exit ${code})`);
  writeFileSync(CODE_CACHE, script.createCachedData());
  return CODE_CACHE;
}
