// Starts the bench runner the way bin/plan-ingest.js starts the CLI: tsx
// registered from code, then the TypeScript entry. BENCH_PRELOAD (comma-separated
// module specifiers) are imported before tsx is registered, so they load as
// plain node modules: this measures what skipping tsx's loader saves.
// BENCH_V8_FLAGS are set from code at start-up (v8.setFlagsFromString), as a
// program could do for itself without command-line flags.
if (process.env.BENCH_V8_FLAGS) {
  const { setFlagsFromString } = await import('node:v8');
  for (const flag of process.env.BENCH_V8_FLAGS.split(' ').filter(Boolean)) setFlagsFromString(flag);
}
// Measure what the command runs: the compiled code when dist/ is up to date
// with src/ (as bin/plan-ingest.js decides), else the sources through tsx.
const { existsSync, readdirSync, statSync } = await import('node:fs');
const { fileURLToPath } = await import('node:url');
const { join } = await import('node:path');
const root = fileURLToPath(new URL('../..', import.meta.url));
const newest = (dir) => readdirSync(dir, { withFileTypes: true })
  .reduce((m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
const stamp = join(root, 'dist/.built');
const fresh = !process.env.PLAN_INGEST_FROM_SOURCE && existsSync(stamp) && statSync(stamp).mtimeMs >= newest(join(root, 'src'));
const preload = (process.env.BENCH_PRELOAD ?? '').split(',').filter(Boolean);
for (const spec of preload) await import(spec);
if (fresh) {
  // the runner is dev code (TypeScript); it loads the compiled product modules
  process.env.BENCH_COMPILED = '1';
  const { register } = await import('tsx/esm/api');
  register();
  await import('./runner.ts');
} else {
  // pdf.js first, as the command itself loads it (src/preload.js)
  const { preloadPdfJs } = await import('../../src/preload.js');
  await preloadPdfJs();
  const { register } = await import('tsx/esm/api');
  register();
  await import('./runner.ts');
}
