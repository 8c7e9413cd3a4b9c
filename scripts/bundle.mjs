// The command as two CommonJS files with V8 code caches, made by npm run
// build after tsc: dist/plan-ingest.cjs (the command and its pure-JavaScript
// packages) and dist/pdfjs.cjs (pdf.js, loaded only by runs that read a PDF).
// Node 20 resolves, reads and compiles each of the ~250 modules a run loads,
// and compiles every function again on its first call, in every process; one
// file started from a code cache made after a warm-up run skips most of that
// (bin/bundle.js loads them). Packages with native parts and the optional
// heavy ones stay outside.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

const EXTERNAL = [
  'better-sqlite3', 'tesseract.js', '@napi-rs/canvas', 'pg', 'pg-boss', 'fastify', '@fastify/*',
  'natural', 'natural/*', 'utif2', 'playwright-core', 'dictionary-en-gb',
];
/** served from dist/pdfjs.cjs by the loader (bin/bundle.js) */
const PDFJS = ['pdfjs-dist/legacy/build/pdf.worker.mjs', 'pdfjs-dist/legacy/build/pdf.mjs'];

// Files the modules find beside themselves (word lists, migrations, worker
// entries, pdf.js's own packages) stay where they are: each module's
// import.meta becomes its own place, relative to dist/ where the bundles are.
const keepPlaces = {
  name: 'keep-module-places',
  setup(b) {
    b.onLoad({ filter: /\.m?js$/ }, (args) => {
      if (!args.path.startsWith(dist) && !/[\\/]pdfjs-dist[\\/]/.test(args.path)) return undefined;
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

// Node 20 has Unicode property escapes (\p{L}); esbuild's node20 target would
// turn each such literal into a new RegExp(...) built on every call of its function.
const common = {
  bundle: true, format: 'cjs', platform: 'node', target: 'node20', supported: { 'regexp-unicode-property-escapes': true },
  plugins: [keepPlaces], banner: { js: banner }, logLevel: 'warning',
};

/** Writes the bundles; false when esbuild (installed with tsx) is missing,
 * and the command then runs dist/'s modules as they are. */
export async function bundle() {
  let build;
  try {
    ({ build } = await import('esbuild'));
  } catch {
    return false;
  }
  const { BUNDLE, PDFJS_BUNDLE } = await import('../bin/bundle.js');
  await build({ ...common, entryPoints: [join(dist, 'cli/main.js')], outfile: BUNDLE, external: [...EXTERNAL, 'pdfjs-dist', 'pdfjs-dist/*'] });
  // the V8 flag settings, for bin/ to set before it compiles the bundles
  await build({ ...common, entryPoints: [join(dist, 'pipeline/jit.js')], outfile: join(dist, 'jit.cjs') });
  // the worker half first: loading it registers the handler pdf.js then runs
  // on the main thread (src/preload.js)
  await build({
    ...common, outfile: PDFJS_BUNDLE, external: EXTERNAL,
    stdin: { contents: `export * as worker from '${PDFJS[0]}';\nexport * as pdf from '${PDFJS[1]}';\n`, resolveDir: root, loader: 'js' },
  });
  // a script's own import() needs an experimental vm option in Node 20: the
  // packages loaded on demand come through the loader's import instead
  const code = readFileSync(BUNDLE, 'utf8').replace(/(?<![\w.$])import\((?=["'])/g, '__import(');
  writeFileSync(BUNDLE, await asciiOnly(code));
  return true;
}

/** The bundle with every character over U+007F written as an escape, so
 * that the loader reads it as one-byte text (bin/bundle.js): a single such
 * character (a bullet in a pattern, a dash in a comment) made all 2 MB a
 * two-byte string, decoded from UTF-8 and compiled as such at every start
 * (about 7 ms). esbuild escapes strings but not patterns or comments. Where
 * an escape would change the program (the raw text of a tagged template
 * other than String.raw's) the code is left as it is. */
export async function asciiOnly(code) {
  if (!/[^\x00-\x7f]/.test(code)) return code;
  let ts;
  try {
    ts = (await import('typescript')).default;
  } catch {
    return code;
  }
  // the raw text parts of tagged templates: String.raw's take a character as
  // a substitution (the same string), any other tag's are left alone
  const raw = [];
  let otherTag = false;
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node)) {
      const t = node.template;
      const parts = ts.isNoSubstitutionTemplateLiteral(t) ? [t] : [t.head, ...t.templateSpans.map((s) => s.literal)];
      const isRaw = node.tag.getText() === 'String.raw';
      for (const p of parts) {
        const text = code.slice(p.getStart(), p.end);
        if (/[^\x00-\x7f]/.test(text)) {
          if (isRaw) raw.push([p.getStart(), p.end]);
          else otherTag = true;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('bundle.cjs', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS));
  if (otherTag) return code;
  const hex = (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  let kept = false;
  const out = code.replace(/(\\*)([^\x00-\x7f])/g, (m, slashes, c, at) => {
    const odd = slashes.length % 2 === 1;
    if (raw.some(([a, b]) => at + slashes.length >= a && at < b)) {
      // String.raw keeps a backslash before it: no substitution can follow one
      if (odd) kept = true;
      return `${slashes}\${"${hex(c)}"}`;
    }
    // a backslash before it (in a pattern or a string) only escaped it
    return (odd ? slashes.slice(1) : slashes) + hex(c);
  });
  return kept ? code : out;
}

/** V8's code caches for the bundles, made after a warm-up run over a Word
 * file and a text-layer PDF (into a database in memory), so they hold the
 * functions an ingest compiles as well as the top level. */
export async function writeCodeCaches(warmUpFiles) {
  const { loadBundle, loadedScripts } = await import('../bin/bundle.js');
  const { exports } = loadBundle({ useCache: false });
  const code = await exports.main(['node', 'plan-ingest', 'ingest', ...warmUpFiles, '--db', ':memory:', '--jobs', '0', '--quiet']);
  if (code !== 0) throw new Error(`the bundled command failed its warm-up run (exit ${code})`);
  for (const { script, cache } of loadedScripts()) writeFileSync(cache, script.createCachedData());
}
