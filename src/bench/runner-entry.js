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
const preload = (process.env.BENCH_PRELOAD ?? '').split(',').filter(Boolean);
for (const spec of preload) await import(spec);
const { register } = await import('tsx/esm/api');
register();
await import('./runner.ts');
