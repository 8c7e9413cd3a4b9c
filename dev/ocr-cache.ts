// Development aid: with PLAN_INGEST_OCR_CACHE=<folder> set, recognition
// results are kept on disk, keyed by the exact image handed to tesseract and
// the engine settings, so evaluation runs that change only later stages do not
// pay for OCR again. Evaluation scripts call installOcrCacheFromEnv(); the
// product never does, and tests never set the variable.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setRecognitionCache, type PixelWord } from '../src/readers/ocr/recognise.ts';

export function installOcrCacheFromEnv(dir = process.env.PLAN_INGEST_OCR_CACHE): void {
  if (!dir) return;
  const file = (image: Uint8Array, settings: string) => path.join(dir, `${createHash('sha256').update(settings).update(image).digest('hex')}.json`);
  setRecognitionCache({
    get(image, settings) {
      const f = file(image, settings);
      return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as PixelWord[]) : null;
    },
    put(image, settings, words) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file(image, settings), JSON.stringify(words));
    },
  });
}
