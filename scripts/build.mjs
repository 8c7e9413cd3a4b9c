// npm run build (also run by npm ci / npm install through "prepare"): compiles
// src/ to dist/ so the command runs plain JavaScript (after generating the fast
// PDF reader's encoding tables from pdfjs-dist), and copies the files the
// code reads beside itself (word lists, the worker entry), and writes the
// prepared spell-check dictionary (src/repair/word-table.ts) and the OCR model
// unpacked for the installed tesseract binary. Plain JavaScript
// starts faster and takes far less memory per worker thread than tsx.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
// pdf.js's encoding tables for the fast PDF reader, from the installed pdfjs-dist
// (rewritten only when they differ: scripts/make-pdf-encodings.mjs)
execFileSync(process.execPath, [join(root, 'scripts/make-pdf-encodings.mjs')], { stdio: 'inherit' });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
const walk = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? walk(p) : [p];
});
for (const file of walk(src)) {
  if (/\.ts$/.test(file)) continue;
  cpSync(file, join(dist, relative(src, file)));
}
// the spell-check dictionary, prepared once here instead of on every start
const { prepareWordTable } = await import(join(dist, 'repair/word-table.js'));
const { WORD_TABLE_FILE } = await import(join(dist, 'repair/lexicon.js'));
writeFileSync(join(dist, 'repair', WORD_TABLE_FILE), prepareWordTable());
// the theme model, every weight checked once here, not on every start
const { checkThemeModelFile } = await import(join(dist, 'research/themes.js'));
checkThemeModelFile();
// the database a new file starts from, every migration applied (src/store/new-database.ts)
const { writeNewDatabase } = await import(join(dist, 'store/db.js'));
writeNewDatabase();
// the OCR model for the installed tesseract binary, which cannot read it gzipped
mkdirSync(join(dist, 'readers/ocr/tessdata'), { recursive: true });
const model = join(root, 'node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz');
writeFileSync(join(dist, 'readers/ocr/tessdata/eng.traineddata'), gunzipSync(readFileSync(model)));
// the command as bundles with code caches (scripts/bundle.mjs)
const { bundle, writeCodeCaches } = await import('./bundle.mjs');
// a Word file, a PDF the fast reader takes, and one it always leaves to pdf.js
// (encrypted, with an owner password only), so that pdf.js's bundle gets its
// code cache too
const warm = [...['plan.docx', 'plan.pdf'].map((f) => join(root, 'fixtures/corpus/norfolk-ni7-laa-action-plan', f)), join(root, 'fixtures/bad/owner-only.pdf')];
if ((await bundle()) && warm.every((f) => existsSync(f))) await writeCodeCaches(warm);
writeFileSync(join(dist, '.built'), new Date().toISOString() + '\n');
