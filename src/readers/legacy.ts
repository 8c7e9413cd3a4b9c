// Formats read by way of LibreOffice: Word 97-2003 (.doc), Excel 97-2003
// (.xls), PowerPoint 97-2003 (.ppt) and RTF are converted (libreoffice.ts)
// into a format a reader here reads, and read by that reader.
import type { ReadContext, ReaderOutput, ReadOptions } from './contract.ts';
import { convertWithLibreOffice } from './libreoffice.ts';

export interface Conversion<X extends string> {
  /** extension LibreOffice is told the input has */
  ext: string;
  /** LibreOffice's --convert-to target */
  target: string;
  /** the registered format that reads the result */
  via: string;
  extractor: X;
  what: string;
}

export function viaLibreOffice<X extends string>(c: Conversion<X>) {
  return async (bytes: Uint8Array, opts: ReadOptions, ctx: ReadContext): Promise<ReaderOutput<X>> => {
    const converted = await convertWithLibreOffice(bytes, c.ext, c.target, { what: c.what, timeoutMs: opts.convertTimeoutMs, onWait: opts.onWait });
    const out = await ctx.readAs(c.via, converted, opts);
    return { ...out, extractor: c.extractor, notes: [`converted by LibreOffice to .${c.via} before reading`, ...out.notes] };
  };
}

// Text documents go to LibreOffice's own format: its .docx export splits a
// list whose first item carries a start value into two lists (1, 1, 2, ...).
export const DOC = viaLibreOffice({ ext: 'doc', target: 'odt', via: 'odt', extractor: 'libreoffice-odt', what: 'Word 97-2003 document (.doc)' });
export const RTF = viaLibreOffice({ ext: 'rtf', target: 'odt', via: 'odt', extractor: 'libreoffice-odt', what: 'RTF document' });
export const XLS = viaLibreOffice({ ext: 'xls', target: 'xlsx', via: 'xlsx', extractor: 'libreoffice-xlsx', what: 'Excel 97-2003 workbook (.xls)' });
export const PPT = viaLibreOffice({ ext: 'ppt', target: 'pdf', via: 'pdf', extractor: 'libreoffice-pdf', what: 'PowerPoint 97-2003 presentation (.ppt)' });
