// What kind of file a path holds, from its first bytes (and, for a PDF, the
// markers any PDF carries uncompressed): enough to plan a run (count files and
// pages by kind, estimate time) without parsing. The readers decide the real
// format later, from all the bytes.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isCfb, startsWith } from '../readers/sniff.ts';

// RTF's signature, as the registry's sniff reads it
const RTF = [0x7b, 0x5c, 0x72, 0x74, 0x66]; // {\rtf

/** 'scan': a PDF of page images and no fonts (OCR, a hundred times a text page);
 * 'legacy': read by way of LibreOffice (Word, Excel and PowerPoint 97-2003, RTF) */
export type FileKind = 'docx' | 'pdf' | 'scan' | 'image' | 'text' | 'legacy' | 'other';

export interface FilePlan {
  kind: FileKind;
  /** pages, where the file shows them cheaply; else 1 */
  pages: number;
  /** a scan: whether some page needs pdf.js (the fast reader places the
   * rest, readers/ocr/lite-scans.ts) */
  pdfjs?: boolean;
}

/** PDFs read whole for planning up to this size; larger ones count as one text page each. */
const PLAN_READ_MAX_BYTES = 64 * 1024 * 1024;

/** A PDF's kind and pages from its uncompressed markers. Image streams are
 * never inside object streams, so a visible image with no visible font and no
 * object stream (where font dictionaries could hide) is a scan. Pages are the
 * /Type /Page objects, when they are not hidden in object streams. (sniffFile
 * also asks the fast reader whether a scan needs pdf.js: a millisecond.) */
export function planPdf(bytes: Uint8Array): FilePlan {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const hidden = s.includes('/ObjStm');
  const scan = !hidden && !/\/Font\b/.test(s) && /\/Subtype\s*\/Image\b/.test(s);
  const pages = hidden ? 0 : (s.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0);
  return { kind: scan ? 'scan' : 'pdf', pages: Math.max(1, pages) };
}

/** Whether a scan needs pdf.js: some page the fast reader cannot place
 * (readers/ocr/lite-scans.ts, loaded only when a run has scans). */
export async function scanNeedsPdfJs(bytes: Uint8Array): Promise<boolean> {
  const { liteScans } = await import('../readers/ocr/lite-scans.ts');
  const lite = liteScans(bytes, undefined);
  return !lite || lite.scans.size < lite.pageCount;
}

export function kindOfHead(head: Uint8Array): FileKind {
  const b = head;
  if (b.length === 0) return 'other';
  if (b[0] === 0x50 && b[1] === 0x4b) return 'docx';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image';
  if (b[0] === 0xff && b[1] === 0xd8) return 'image';
  if ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a)) return 'image';
  if (Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf('%PDF-', 0, 'latin1') >= 0) return 'pdf';
  // an OLE compound file (.doc, .xls, .ppt) or RTF: converted by LibreOffice first
  if (isCfb(b) || startsWith(b, RTF)) return 'legacy';
  return 'text';
}

/** Kind and pages of a file (see planPdf); 'other' when it cannot be read.
 * Synchronous reads inside: a run plans every file before it starts, and one
 * open-read-close costs microseconds where three awaited calls through libuv's
 * pool cost a round trip each (a 210-file walk took about 0.5 s of waiting). */
export async function sniffFile(path: string): Promise<FilePlan> {
  let scan: Uint8Array | null = null;
  const plan = withFile<FilePlan>(path, { kind: 'other', pages: 1 }, (fd) => {
    const kind = headKind(fd);
    if (kind !== 'pdf') return { kind, pages: 1 };
    try {
      const size = fstatSync(fd).size;
      if (size > PLAN_READ_MAX_BYTES) return { kind, pages: 1 };
      const bytes = Buffer.allocUnsafe(size);
      let got = 0;
      for (let n = 1; got < size && n > 0; got += n) n = readSync(fd, bytes, got, size - got, got);
      const p = planPdf(bytes.subarray(0, got));
      if (p.kind === 'scan') scan = bytes.subarray(0, got);
      return p;
    } catch {
      return { kind, pages: 1 };
    }
  });
  return scan ? { ...plan, pdfjs: await scanNeedsPdfJs(scan) } : plan;
}

/** The kind of a file from its first kilobyte ('pdf' for every PDF); 'other' when it cannot be read. */
export async function sniffKind(path: string): Promise<FileKind> {
  return withFile<FileKind>(path, 'other', headKind);
}

function headKind(fd: number): FileKind {
  const buf = Buffer.alloc(1024);
  return kindOfHead(buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)));
}

function withFile<T>(path: string, unreadable: T, use: (fd: number) => T): T {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return use(fd);
  } catch {
    return unreadable;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
