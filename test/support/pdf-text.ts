import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text layer of one page of a PDF, items joined by spaces (for comparing OCR with it). */
export async function pdfText(file: string, page: number): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0, isEvalSupported: false }).promise;
  const p = await doc.getPage(page);
  const text = (await p.getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join(' ');
  await doc.destroy();
  return text;
}
