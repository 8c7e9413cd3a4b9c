// First-pass timing of repair, themes, record validation and the store step
// (storeAndLink into a new SQLite database, and the run's end) over a folder's
// files, in one fresh process as the command runs them (dist/ modules: run
// `npm run build` first). Reading, layout and normalising are not timed.
// usage: node scripts/time-main-stages.mjs DIR [passes] (later passes: warm)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuMs, filesUnder, tuneLikeCommand } from './stage-timing.mjs';

await tuneLikeCommand();
const { readBlocks } = await import('../dist/pipeline/process.js');
const { forgetDocumentMemos } = await import('../dist/memo.js');
const { normaliseBlocks } = await import('../dist/normalise/document.js');
const { blockTexts } = await import('../dist/normalise/meta.js');
const { repairDocument } = await import('../dist/pipeline/repair.js');
const { themeDocument } = await import('../dist/pipeline/themes.js');
const { ActionRecordSchema } = await import('../dist/model.js');
const { loadSource } = await import('../dist/pipeline/source.js');
const { storeAndLink } = await import('../dist/pipeline/link.js');
const { openDatabase } = await import('../dist/store/db.js');
const { startBatchWrites, startRun } = await import('../dist/store/runs.js');

const dir = process.argv[2];
const files = filesUnder(dir);
const passes = Number(process.argv[3] ?? 1);
for (let pass = 1; pass <= passes; pass++) {
const ms = { repair: 0, themes: 0, validate: 0, store: 0, end: 0 };
const tmp = mkdtempSync(join(tmpdir(), 'stages-'));
const db = openDatabase(join(tmp, 'x.db'));
const runId = startRun(db, {});
const endBatch = startBatchWrites(db);
// process CPU time (user + system, V8's background threads included): wall
// time moves with the machine's load
const t = (key, fn) => {
  const s = cpuMs();
  fn();
  ms[key] += cpuMs() - s;
};
for (const f of files) {
  forgetDocumentMemos();
  const { file, bytes } = await loadSource(f);
  const inter = await readBlocks(bytes, {}, f);
  const { meta, records } = normaliseBlocks(inter.blocks);
  const ocrPages = new Set((inter.pages ?? []).filter((p) => p.source === 'ocr').map((p) => p.page));
  t('repair', () => repairDocument(meta, records, blockTexts(inter.blocks), { ocrPages, blocks: inter.blocks }));
  t('validate', () => { for (const r of records) if (!ActionRecordSchema.safeParse(r).success) throw new Error(f); });
  const doc = { ...meta, format: inter.format, extractor: inter.extractor, pageCount: inter.pageCount, records, notes: [...inter.notes] };
  t('themes', () => themeDocument(doc));
  t('store', () => storeAndLink(db, file, doc, runId));
}
t('end', endBatch);
db.close();
rmSync(tmp, { recursive: true, force: true });
console.log(`pass ${pass}, ${files.length} files, CPU ms: repair ${ms.repair.toFixed(0)}, themes ${ms.themes.toFixed(0)}, validate ${ms.validate.toFixed(0)}, store ${ms.store.toFixed(0)}, run end ${ms.end.toFixed(0)}`);
}
