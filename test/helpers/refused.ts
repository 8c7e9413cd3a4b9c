// A hostile or broken file through the real ingest: it must fail with the
// given reason and leave nothing in the database.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ingestPaths } from '../../src/pipeline.ts';
import { openDatabase } from '../../src/store/db.ts';
import { tempDir } from './cli.ts';

export async function expectRefused(name: string, bytes: Uint8Array, reason: RegExp): Promise<void> {
  const file = join(tempDir(), name);
  writeFileSync(file, bytes);
  const db = openDatabase(':memory:');
  try {
    const run = await ingestPaths(db, [file]);
    expect(run.files[0].status).toBe('failed');
    expect(run.files[0].reason).toMatch(reason);
    expect(db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(0);
  } finally {
    db.close();
  }
}
