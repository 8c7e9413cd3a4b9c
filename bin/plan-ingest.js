#!/usr/bin/env node
// Runs the compiled command (dist/, built by npm ci/install) when it is up to
// date with src/, else the TypeScript sources through tsx, so an edit is never
// run stale and a fresh clone works either way. CommonJS (bin/package.json):
// the usual run (the bundle) then starts without Node's ES module loader.
'use strict';
const { builtIsFresh } = require('./fresh.js');

async function start() {
  if (builtIsFresh()) {
    // the bundle with its code cache starts faster (bin/bundle.js);
    // PLAN_INGEST_NO_BUNDLE runs dist/'s modules one by one (for profiling)
    const { hasBundle, loadBundle, tuneJitFirst } = require('./bundle.js');
    // the ingest's V8 flags set before any code is loaded: a code cache is
    // accepted only under the flags it was made with (the build's warm-up ingest sets them)
    await tuneJitFirst();
    if (hasBundle() && !process.env.PLAN_INGEST_NO_BUNDLE) return loadBundle().exports.main;
    return (await import('../dist/cli/main.js')).main;
  }
  const { register } = await import('tsx/esm/api');
  const { preloadPdfJs } = await import('../src/preload.js');
  // commands that read documents load pdf.js before tsx (see src/preload.js)
  if (['ingest', 'tables', 'serve'].includes(process.argv[2])) await preloadPdfJs();
  register();
  return (await import('../src/cli/main.ts')).main;
}

start().then(async (main) => {
  process.exitCode = await main(process.argv);
});
