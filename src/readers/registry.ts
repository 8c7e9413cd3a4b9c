// Every format plan-ingest reads, in the order detection tries them. A format
// is one entry here plus its reader file; the format and extractor lists, the
// export enum and the README's format table all come from this list.
//
// Readers are loaded when a file of their format is read, not with the list:
// a run pays for the readers (and their packages) its files need.
import { InputError } from '../model.ts';
import { defineFormat, type FormatEntry, type Probe } from './contract.ts';
import { loadOcr } from './ocr-loader.ts';
import { imageKind, looksLikeHtml, ODS_MIME, ODT_MIME, zipHas } from './sniff.ts';

const pdf = defineFormat({
  id: 'pdf',
  label: 'PDF: text layer read directly, pages without one by OCR',
  extensions: ['pdf'],
  extractors: ['pdf-text', 'pdf-ocr'],
  sniff: (p) => {
    const head = p.bytes.subarray(0, 1024);
    for (let i = 0; i + 5 <= head.length; i++) {
      if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
    }
    return false;
  },
  read: async (bytes, opts) => (await import('./pdf-document.ts')).readPdfDocument(bytes, opts),
});

const image = defineFormat({
  id: 'image',
  label: 'Images (PNG, JPEG, TIFF): OCR',
  extensions: ['png', 'jpg', 'jpeg', 'tif', 'tiff'],
  extractors: ['image-ocr'],
  sniff: (p) => imageKind(p.bytes) !== null,
  read: async (bytes, opts) => {
    if (opts.ocr === false) throw new InputError('an image can only be read by OCR, which is turned off (--no-ocr)', 'read');
    const r = await (await loadOcr()).readImage(bytes, { tessdata: opts.tessdata, workers: opts.ocrWorkers, maxPixels: opts.maxPixels, onPages: opts.onPages, onWait: opts.onWait });
    const { orientationOf } = await import('./pdf-document.ts');
    return { kind: 'pages', extractor: 'image-ocr', pages: r.pages ?? [], pageCount: r.pageCount, orientation: orientationOf(r.pages ?? []), notes: r.notes };
  },
});

const docx = defineFormat({
  id: 'docx',
  label: 'Word (.docx, .docm): the OOXML read directly',
  extensions: ['docx', 'docm'],
  container: 'zip',
  extractors: ['docx'],
  sniff: (p) => zipHas(p, 'word/document.xml'),
  read: async (bytes) => {
    const r = await (await import('./docx.ts')).readDocx(bytes);
    return { kind: 'blocks', extractor: 'docx', blocks: r.blocks, pageCount: r.pageCount, notes: r.notes };
  },
});

const odt = defineFormat({
  id: 'odt',
  label: 'OpenDocument text (.odt): content.xml read directly',
  extensions: ['odt'],
  container: 'zip',
  extractors: ['odt'],
  sniff: (p) => p.zipText('mimetype') === ODT_MIME,
  read: async (bytes) => (await import('./odt.ts')).readOdt(bytes),
});

const xlsx = defineFormat({
  id: 'xlsx',
  label: 'Excel workbooks (.xlsx, .xlsm): each sheet a grid, merged cells as spans',
  extensions: ['xlsx', 'xlsm'],
  container: 'zip',
  extractors: ['xlsx'],
  sniff: (p) => zipHas(p, 'xl/workbook.xml'),
  read: async (bytes) => (await import('./xlsx.ts')).readXlsx(bytes),
});

const ods = defineFormat({
  id: 'ods',
  label: 'OpenDocument spreadsheets (.ods): each sheet a grid, spanned cells as spans',
  extensions: ['ods'],
  container: 'zip',
  extractors: ['ods'],
  sniff: (p) => p.zipText('mimetype') === ODS_MIME,
  read: async (bytes) => (await import('./ods.ts')).readOds(bytes),
});

const html = defineFormat({
  id: 'html',
  label: 'Web pages and HTML exports (.html, .htm): parsed by htmlparser2, scripts and styles ignored',
  extensions: ['html', 'htm', 'xhtml'],
  extractors: ['html'],
  sniff: looksLikeHtml,
  read: async (bytes) => (await import('./html.ts')).readHtml(bytes),
});

const cfbHas = (p: Probe, ...streams: string[]) => streams.some((s) => p.cfb()?.has(s));

const doc = defineFormat({
  id: 'doc',
  label: 'Word 97-2003 (.doc): converted by LibreOffice to .odt',
  extensions: ['doc', 'dot'],
  container: 'cfb',
  extractors: ['libreoffice-odt'],
  sniff: (p) => cfbHas(p, 'WordDocument'),
  read: async (bytes, opts, ctx) => (await import('./legacy.ts')).DOC(bytes, opts, ctx),
});

const xls = defineFormat({
  id: 'xls',
  label: 'Excel 97-2003 (.xls): converted by LibreOffice to .xlsx',
  extensions: ['xls', 'xlt'],
  container: 'cfb',
  extractors: ['libreoffice-xlsx'],
  sniff: (p) => cfbHas(p, 'Workbook', 'Book'),
  read: async (bytes, opts, ctx) => (await import('./legacy.ts')).XLS(bytes, opts, ctx),
});

const ppt = defineFormat({
  id: 'ppt',
  label: 'PowerPoint 97-2003 (.ppt): converted by LibreOffice to PDF',
  extensions: ['ppt', 'pps'],
  container: 'cfb',
  extractors: ['libreoffice-pdf'],
  sniff: (p) => cfbHas(p, 'PowerPoint Document'),
  read: async (bytes, opts, ctx) => (await import('./legacy.ts')).PPT(bytes, opts, ctx),
});

const rtf = defineFormat({
  id: 'rtf',
  label: 'Rich Text Format (.rtf): converted by LibreOffice to .odt',
  extensions: ['rtf'],
  extractors: ['libreoffice-odt'],
  sniff: (p) => /^\{\\rtf/.test(p.text() ?? ''),
  read: async (bytes, opts, ctx) => (await import('./legacy.ts')).RTF(bytes, opts, ctx),
});

const text = defineFormat({
  id: 'text',
  label: 'Text exports (.txt, .tsv, .csv): encodings and layouts recognised from the content',
  extensions: ['txt', 'tsv', 'csv', 'text'],
  extractors: ['text'],
  sniff: (p) => p.text() !== null,
  read: async (bytes) => {
    const r = (await import('./text/index.ts')).readText(bytes);
    return { kind: 'blocks', extractor: 'text', blocks: r.blocks, pageCount: r.pageCount, notes: r.notes };
  },
});

/** In detection order: containers and signatures first, plain text last. */
export const REGISTRY = [pdf, image, docx, xlsx, odt, ods, doc, xls, ppt, rtf, html, text] as const;

export type FormatId = (typeof REGISTRY)[number]['id'];
export type ExtractorId = (typeof REGISTRY)[number]['extractors'][number];

export const FORMAT_IDS = REGISTRY.map((e) => e.id) as [FormatId, ...FormatId[]];
export const EXTRACTOR_IDS = [...new Set(REGISTRY.flatMap((e) => e.extractors))] as [ExtractorId, ...ExtractorId[]];

/** Zips no entry claims go to this reader, which explains what is wrong with them. */
export const ZIP_FALLBACK: FormatId = 'docx';

export function formatEntry(id: string): FormatEntry | undefined {
  return (REGISTRY as readonly FormatEntry[]).find((e) => e.id === id);
}

