// What kind of file a path holds, from its first bytes (and, for a PDF, the
// markers any PDF carries uncompressed): enough to plan a run (count files and
// pages by kind, estimate time) without parsing. The readers decide the real
// format later, from all the bytes.
import { open, readFile } from 'node:fs/promises';

/** 'scan': a PDF of page images and no fonts (OCR, a hundred times a text page) */
export type FileKind = 'docx' | 'pdf' | 'scan' | 'image' | 'text' | 'other';

export interface FilePlan {
  kind: FileKind;
  /** pages, where the file shows them cheaply; else 1 */
  pages: number;
}

/** PDFs read whole for planning up to this size; larger ones count as one text page each. */
const PLAN_READ_MAX_BYTES = 64 * 1024 * 1024;

/** A PDF's kind and pages from its uncompressed markers. Image streams are
 * never inside object streams, so a visible image with no visible font and no
 * object stream (where font dictionaries could hide) is a scan. Pages are the
 * /Type /Page objects, when they are not hidden in object streams. */
export function planPdf(bytes: Uint8Array): FilePlan {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const hidden = s.includes('/ObjStm');
  const scan = !hidden && !/\/Font\b/.test(s) && /\/Subtype\s*\/Image\b/.test(s);
  const pages = hidden ? 0 : (s.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0);
  return { kind: scan ? 'scan' : 'pdf', pages: Math.max(1, pages) };
}

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

/** Kind and pages of a file (see planPdf); 'other' when it cannot be read. */
export async function sniffFile(path: string): Promise<FilePlan> {
  const kind = await sniffKind(path);
  if (kind !== 'pdf') return { kind, pages: 1 };
  try {
    const fh = await open(path, 'r');
    const size = (await fh.stat().finally(() => fh.close())).size;
    if (size > PLAN_READ_MAX_BYTES) return { kind, pages: 1 };
    return planPdf(await readFile(path));
  } catch {
    return { kind, pages: 1 };
  }
}

/** The kind of a file from its first kilobyte ('pdf' for every PDF); 'other' when it cannot be read. */
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
