// One file, start to finish but without the database: detect, read, lay out,
// normalise, repair. Pure apart from reading its input, so it can run anywhere.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import { InputError, type Block, type NormalisedDocument, type SourceFile } from '../model.ts';
import { detectFormat } from '../readers/detect.ts';
import { readInput, type ReadOptions } from '../readers/index.ts';
import { normaliseBlocks } from '../normalise/document.ts';
import { repairDocument } from './repair.ts';

export interface ProcessOptions extends ReadOptions {
  repair?: boolean;
  maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;

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

function allTexts(blocks: Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.type === 'table') for (const c of b.grid.cells) out.push(c.text);
    else if (b.type === 'list') out.push(...b.items);
    else out.push(b.text);
  }
  return out;
}

export async function processBytes(bytes: Uint8Array, opts: ProcessOptions = {}, name?: string): Promise<NormalisedDocument> {
  const format = detectFormat(bytes, name);
  let inter;
  try {
    inter = await readInput(bytes, format, opts);
  } catch (err) {
    throw asInputError(err, 'read');
  }
  const { meta, records, notes } = normaliseBlocks(inter.blocks);
  if (opts.repair !== false) {
    repairDocument(meta, records, allTexts(inter.blocks), { ocr: inter.extractor.endsWith('ocr') });
  }
  return { ...meta, format: inter.format, extractor: inter.extractor, pageCount: inter.pageCount, records, notes: [...inter.notes, ...notes] };
}
