// One file, start to finish but without the database: detect, read, lay out,
// normalise, repair. Pure apart from reading its input, so it can run anywhere.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import { ActionRecordSchema, InputError, TEXT_FIELDS, type ActionRecord, type Intermediate, type NormalisedDocument, type PositionedPage, type SourceFile } from '../model.ts';
import { detectFormat } from '../readers/detect.ts';
import { readInput, type ReadOptions } from '../readers/index.ts';
import { normaliseBlocks } from '../normalise/document.ts';
import { blockTexts } from '../normalise/meta.ts';
import { buildBlocks } from '../layout/index.ts';
import { repairDocument } from './repair.ts';
import { DEFAULT_MAX_FILE_BYTES } from './limits.ts';

export interface ProcessOptions extends ReadOptions {
  repair?: boolean;
  maxFileBytes?: number;
}

export { DEFAULT_MAX_FILE_BYTES } from './limits.ts';

export async function loadSource(path: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<{ file: SourceFile; bytes: Uint8Array }> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new InputError('not a regular file', 'read');
    size = st.size;
  } catch (err) {
    throw asInputError(err, 'read');
  }
  if (size > maxBytes) throw new InputError(`file is ${Math.round(size / 1048576)} MB, over the ${Math.round(maxBytes / 1048576)} MB limit`, 'read');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw asInputError(err, 'read');
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { file: { path, source: basename(path), sha256, size: bytes.length }, bytes };
}

export function asInputError(err: unknown, stage: InputError['stage']): InputError {
  if (err instanceof InputError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return new InputError('file not found (deleted or moved before it could be read)', stage);
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return new InputError('permission denied: the file cannot be read', stage);
  if (e?.code === 'EISDIR') return new InputError('is a directory', stage);
  if (e?.code === 'ELOOP') return new InputError('symbolic link loop', stage);
  return new InputError(e?.message ?? String(err), stage);
}

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
  const inter = await readBlocks(bytes, opts, name);
  const { meta, records, notes } = normaliseBlocks(inter.blocks);
  if (inter.pages?.some((p) => p.source === 'ocr')) flagLowConfidence(records, inter.pages);
  if (opts.repair !== false) {
    repairDocument(meta, records, blockTexts(inter.blocks), { ocr: inter.extractor.endsWith('ocr') });
  }
  // the edge to the store: every record must have the contract's shape
  for (const r of records) {
    const check = ActionRecordSchema.safeParse(r);
    if (!check.success) throw new InputError(`internal: a record failed validation (${check.error.issues[0]?.path.join('.')}: ${check.error.issues[0]?.message})`, 'normalise');
  }
  return { ...meta, format: inter.format, extractor: inter.extractor, pageCount: inter.pageCount, records, notes: [...inter.notes, ...notes] };
}
