// Worker threads start here, the way the command itself started (bin/):
// built (dist/), from the bundle with its V8 code cache (bin/bundle.js), so a
// worker neither resolves nor compiles ~250 modules one by one, or from
// dist/'s modules with PLAN_INGEST_NO_BUNDLE; from the sources (src/), pdf.js
// first (see ../preload.js), then TypeScript through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('./worker.js', import.meta.url);
if (existsSync(fileURLToPath(compiled))) {
  const { hasBundle, loadBundle } = await import('../../bin/bundle.js');
  if (hasBundle() && !process.env.PLAN_INGEST_NO_BUNDLE) await loadBundle().exports.serveWork();
  else (await import(compiled.href)).serveWork();
} else {
  const { register } = await import('tsx/esm/api');
  const { preloadPdfJs } = await import('../preload.js');
  await preloadPdfJs();
  register();
  (await import('./worker.ts')).serveWork();
}
