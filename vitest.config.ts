import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // whole-corpora runs (every format, OCR included) take longer than CI allows: npm run test:corpora
    exclude: process.env.PLAN_INGEST_CORPORA ? [] : ['test/corpora/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
