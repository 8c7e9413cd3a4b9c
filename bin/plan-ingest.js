#!/usr/bin/env node
// Runs the compiled command (dist/, built by npm ci/install) when it is up to
// date with src/, else the TypeScript sources through tsx, so an edit is never
// run stale and a fresh clone works either way.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function builtIsFresh() {
  const stamp = join(root, 'dist/.built');
  if (process.env.PLAN_INGEST_FROM_SOURCE || !existsSync(stamp)) return false;
  return statSync(stamp).mtimeMs >= newestMtime(join(root, 'src'));
}

let main;
if (builtIsFresh()) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  const { preloadPdfJs } = await import('../src/preload.js');
  // commands that read documents load pdf.js before tsx (see src/preload.js)
  if (['ingest', 'tables', 'serve'].includes(process.argv[2])) await preloadPdfJs();
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
