// What kind of file a path holds, from its first bytes: enough to plan a run
// (count files by kind, estimate time) without reading whole files. The
// readers decide the real format later, from all the bytes.
import { open } from 'node:fs/promises';

export type FileKind = 'docx' | 'pdf' | 'image' | 'text' | 'other';

export function kindOfHead(head: Uint8Array): FileKind {
  const b = head;
  if (b.length === 0) return 'other';
  if (b[0] === 0x50 && b[1] === 0x4b) return 'docx';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image';
  if (b[0] === 0xff && b[1] === 0xd8) return 'image';
  if ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a)) return 'image';
  if (Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf('%PDF-', 0, 'latin1') >= 0) return 'pdf';
  return 'text';
}

/** The kind of a file from its first kilobyte; 'other' when it cannot be read. */
export async function sniffKind(path: string): Promise<FileKind> {
  let fh;
  try {
    fh = await open(path, 'r');
    const buf = Buffer.alloc(1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return kindOfHead(buf.subarray(0, bytesRead));
  } catch {
    return 'other';
  } finally {
    await fh?.close();
  }
}
