// Worker threads start here. Built (dist/): the compiled worker, plain
// JavaScript. From the sources (src/): pdf.js first (see ../preload.js), then
// TypeScript through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('./worker.js', import.meta.url);
if (existsSync(fileURLToPath(compiled))) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  const { preloadPdfJs } = await import('../preload.js');
  await preloadPdfJs();
  register();
  await import('./worker.ts');
}
