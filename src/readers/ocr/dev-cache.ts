// Development aid: with PLAN_INGEST_OCR_CACHE=<folder> set, recognition
// results are kept on disk, keyed by the exact image handed to tesseract and
// the engine settings, so evaluation runs that change only later stages do not
// pay for OCR again. Off unless the variable is set; never used in tests.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.PLAN_INGEST_OCR_CACHE;

export function cacheKey(image: Uint8Array, settings: string): string | null {
  if (!dir) return null;
  return createHash('sha256').update(settings).update(image).digest('hex');
}

export function cacheGet<T>(key: string | null): T | null {
  if (!key || !dir) return null;
  const f = path.join(dir, `${key}.json`);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as T) : null;
}

export function cachePut(key: string | null, value: unknown): void {
  if (!key || !dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${key}.json`), JSON.stringify(value));
}
