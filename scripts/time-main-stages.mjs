// First-pass timing of repair, themes and record validation over a folder's
// files, in one fresh process as the command runs them (dist/ modules: run
// `npm run build` first). Reading, layout and normalising are not timed.
// usage: node scripts/time-main-stages.mjs DIR [passes] (later passes: warm)
import { readFileSync } from 'node:fs';
import { cpuMs, filesUnder, tuneLikeCommand } from './stage-timing.mjs';

await tuneLikeCommand();
const { readBlocks } = await import('../dist/pipeline/process.js');
const { forgetDocumentMemos } = await import('../dist/memo.js');
const { normaliseBlocks } = await import('../dist/normalise/document.js');
const { blockTexts } = await import('../dist/normalise/meta.js');
const { repairDocument } = await import('../dist/pipeline/repair.js');
const { themeDocument } = await import('../dist/pipeline/themes.js');
const { ActionRecordSchema } = await import('../dist/model.js');

const dir = process.argv[2];
const files = filesUnder(dir);
const passes = Number(process.argv[3] ?? 1);
for (let pass = 1; pass <= passes; pass++) {
const ms = { repair: 0, themes: 0, validate: 0 };
// process CPU time (user + system, V8's background threads included): wall
// time moves with the machine's load
const t = (key, fn) => {
  const s = cpuMs();
  fn();
  ms[key] += cpuMs() - s;
};
for (const f of files) {
  forgetDocumentMemos();
  const inter = await readBlocks(readFileSync(f), {}, f);
  const { meta, records } = normaliseBlocks(inter.blocks);
  const ocrPages = new Set((inter.pages ?? []).filter((p) => p.source === 'ocr').map((p) => p.page));
  t('repair', () => repairDocument(meta, records, blockTexts(inter.blocks), { ocrPages, blocks: inter.blocks }));
  t('validate', () => { for (const r of records) if (!ActionRecordSchema.safeParse(r).success) throw new Error(f); });
  t('themes', () => themeDocument({ ...meta, records }));
}
console.log(`pass ${pass}, ${files.length} files, CPU ms: repair ${ms.repair.toFixed(0)}, themes ${ms.themes.toFixed(0)}, validate ${ms.validate.toFixed(0)}`);
}
