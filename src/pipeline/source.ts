// Reading a file's bytes and naming what went wrong: all the main thread needs
// of a file when workers do the parsing, so it loads nothing else.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { readFileSync, statSync } from 'node:fs';
import { InputError, type SourceFile } from '../model.ts';
import { DEFAULT_MAX_FILE_BYTES } from './limits.ts';

// Synchronous reads: through libuv's pool a file cost the main thread (which
// every worker waits on) about four times the CPU of reading it here, and a
// file of the size limit reads in a fraction of a second.
export async function loadSource(path: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<{ file: SourceFile; bytes: Uint8Array; mtime: number }> {
  let size: number, mtime: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new InputError('not a regular file', 'read');
    size = st.size;
    mtime = st.mtimeMs;
  } catch (err) {
    throw asInputError(err, 'read');
  }
  if (size > maxBytes) throw new InputError(`file is ${Math.round(size / 1048576)} MB, over the ${Math.round(maxBytes / 1048576)} MB limit`, 'read');
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw asInputError(err, 'read');
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { file: { path, source: basename(path), sha256, size: bytes.length }, bytes, mtime };
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
