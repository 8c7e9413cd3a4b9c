// One file, start to finish but without the database: detect, read, lay out,
// normalise, repair. Pure apart from reading its input, so it can run anywhere.
import { forgetDocumentMemos } from '../memo.ts';
import { ActionRecordSchema, InputError, TEXT_FIELDS, type ActionRecord, type Intermediate, type NormalisedDocument, type PositionedPage } from '../model.ts';
import { detectFormat } from '../readers/detect.ts';
import { readInput, type ReadOptions } from '../readers/index.ts';
import { normaliseBlocks } from '../normalise/document.ts';
import { blockTexts } from '../normalise/meta.ts';
import { buildBlocks } from '../layout/index.ts';
import { repairDocument } from './repair.ts';
import { loadOcr } from '../readers/ocr-loader.ts';
import { asInputError } from './source.ts';

export interface ProcessOptions extends ReadOptions {
  repair?: boolean;
  maxFileBytes?: number;
}

export { DEFAULT_MAX_FILE_BYTES } from './limits.ts';
export { asInputError, loadSource } from './source.ts';

/** OCR confidence below which a word is flagged in its record's provenance. */
export const LOW_CONFIDENCE = 60;

/** OCR words the engine was unsure of, listed on the records whose text holds them. */
function flagLowConfidence(records: ActionRecord[], pages: PositionedPage[]): void {
  const unsure = new Map<number, Set<string>>();
  for (const p of pages) {
    const set = new Set<string>();
    for (const w of p.words) if (w.conf !== undefined && w.conf < LOW_CONFIDENCE && /[\p{L}\p{N}]{2,}/u.test(w.text)) set.add(w.text);
    unsure.set(p.page, set);
  }
  for (const r of records) {
    const words = unsure.get(r.provenance.page);
    if (!words?.size) continue;
    const tokens = new Set(TEXT_FIELDS.flatMap((f) => (r[f] ?? '').split(/\s+/)));
    const hits = [...words].filter((w) => tokens.has(w));
    if (hits.length) r.provenance.low_confidence = hits;
  }
}

/** Detect, read and lay out: the blocks of a document, before normalisation. */
export async function readBlocks(bytes: Uint8Array, opts: ReadOptions = {}, name?: string): Promise<Intermediate> {
  const format = detectFormat(bytes, name);
  let inter: Intermediate;
  try {
    inter = await readInput(bytes, format, opts);
  } catch (err) {
    throw asInputError(err, 'read');
  }
  // paginated readers hand over positioned words: the layout stage builds the blocks
  if (inter.pages && inter.blocks.length === 0) {
    try {
      inter.blocks = buildBlocks(inter.pages);
    } catch (err) {
      throw asInputError(err, 'layout');
    }
  }
  return inter;
}

export async function processBytes(bytes: Uint8Array, opts: ProcessOptions = {}, name?: string): Promise<NormalisedDocument> {
  forgetDocumentMemos();
  const inter = await readBlocks(bytes, opts, name);
  const { meta, records, notes, columns } = normaliseBlocks(inter.blocks);
  const ocrNotes: string[] = [];
  if (inter.pages?.some((p) => p.source === 'ocr')) {
    flagLowConfidence(records, inter.pages);
    // which engine read the pages (the installed binary or tesseract.js)
    ocrNotes.push(`OCR engine: ${(await loadOcr()).ocrEngineLabel({ tessdata: opts.tessdata })}`);
  }
  if (opts.repair !== false) {
    const ocrPages = new Set((inter.pages ?? []).filter((p) => p.source === 'ocr').map((p) => p.page));
    repairDocument(meta, records, blockTexts(inter.blocks), { ocrPages, blocks: inter.blocks });
  }
  // the edge to the store: every record must have the contract's shape
  for (const r of records) {
    const check = ActionRecordSchema.safeParse(r);
    if (!check.success) throw new InputError(`internal: a record failed validation (${check.error.issues[0]?.path.join('.')}: ${check.error.issues[0]?.message})`, 'normalise');
  }
  return { ...meta, format: inter.format, extractor: inter.extractor, pageCount: inter.pageCount, records, notes: [...inter.notes, ...ocrNotes, ...notes], columns };
}
