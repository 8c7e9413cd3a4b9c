// Word reader, straight from the OOXML: inflate only the parts the text needs
// (document, styles, numbering, relationships, notes when referenced), parse
// them with the small XML parser and turn the body into blocks. It gives the
// blocks the mammoth-based reader (../docx-mammoth.ts) gives, several times
// faster; docs/docx.md has the figures and the few deliberate differences.
import { InputError, type Intermediate } from '../../model.ts';
import { checkZip, DEFAULT_MAX_PART_BYTES, DEFAULT_ZIP_LIMITS, listZip, readZipEntry, type ZipEntry, type ZipLimits } from '../zip.ts';
import { BodyConverter, type BodyContext } from './body.ts';
import { toBlocks } from './blocks.ts';
import { el, simplify, text, type HNode } from './html.ts';
import { emptyNumbering, ListCounter, readNumbering } from './numbering.ts';
import { NO_STYLES, readStyles } from './styles.ts';
import { parseXml, XmlError, type El } from './xml.ts';

export interface DocxOptions {
  zipLimits?: ZipLimits;
  /** largest single part inflated */
  maxPartBytes?: number;
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const REL_STRICT = 'http://purl.oclc.org/ooxml/officeDocument/relationships/';

// formatting the text does not depend on: dropped while parsing, never allocated
const DOCUMENT_SKIP = new Set([
  'mc:Choice', 'w:sectPr', 'w:tblGrid', 'w:rPrChange', 'w:pPrChange', 'w:tblPrChange', 'w:trPrChange', 'w:tcPrChange',
  'w:rFonts', 'w:sz', 'w:szCs', 'w:lang', 'w:color', 'w:noProof', 'w:bCs', 'w:iCs', 'w:spacing', 'w:jc', 'w:ind',
  'w:tcW', 'w:shd', 'w:tblW', 'w:tblBorders', 'w:tcBorders', 'w:tblLook', 'w:tblCellMar', 'w:tblLayout', 'w:tblInd',
  'w:kern', 'w:vAlign', 'w:cantSplit', 'w:tabs', 'w:keepNext', 'w:keepLines', 'w:widowControl', 'w:contextualSpacing',
  'w:u', 'w:highlight', 'w:caps', 'w:smallCaps', 'w:position', 'w:w', 'w:trHeight', 'w:tblStyle', 'w:tcMar',
  'w:pBdr', 'w:outlineLvl', 'w:snapToGrid', 'w:adjustRightInd', 'w:autoSpaceDE', 'w:autoSpaceDN', 'w:textAlignment',
  'w:proofErr', 'w:lastRenderedPageBreak', 'w:bookmarkEnd', 'w:commentRangeStart', 'w:commentRangeEnd', 'w:noWrap',
  'w:suppressAutoHyphens', 'w:vanish', 'w:webHidden', 'w:effect', 'w:emboss', 'w:imprint', 'w:outline', 'w:shadow',
  'w:fitText', 'w:eastAsianLayout', 'w:hideMark', 'w:tblCellSpacing', 'w:tblpPr', 'w:tblOverlap', 'w:jc',
  'w:docGrid', 'w:pgSz', 'w:pgMar', 'w:cols', 'w:framePr', 'w:suppressLineNumbers', 'w:mirrorIndents',
  'wp:extent', 'wp:effectExtent', 'wp:simplePos', 'wp:positionH', 'wp:positionV', 'wp:wrapSquare', 'wp:wrapNone',
  'wp:wrapTight', 'wp:wrapTopAndBottom', 'wp:cNvGraphicFramePr', 'pic:nvPicPr', 'pic:spPr', 'a:stretch',
]);
const DOCUMENT_TEXT = new Set(['w:t', 'w:instrText']);
const NOTES_SKIP = DOCUMENT_SKIP;

function readError(err: unknown): never {
  if (err instanceof InputError) throw err;
  if (err instanceof XmlError) throw new InputError(`malformed XML in the Word document: ${err.message}`, 'read');
  throw new InputError(`Word document could not be read: ${(err as Error).message}`, 'read');
}

/** The parts of a package, inflated on demand, each under the size cap. */
class Package {
  private entries = new Map<string, ZipEntry>();
  private decoder = new TextDecoder('utf-8');
  constructor(private bytes: Uint8Array, list: ZipEntry[], private maxPartBytes: number) {
    for (const e of list) if (!this.entries.has(e.name)) this.entries.set(e.name, e);
  }
  has(name: string): boolean {
    return this.entries.has(name);
  }
  text(name: string): string | null {
    const e = this.entries.get(name);
    return e ? this.decoder.decode(readZipEntry(this.bytes, e, this.maxPartBytes)) : null;
  }
}

/** Relationship id -> target, and the first target of each relationship type. */
function readRels(xml: string | null): { targets: Map<string, string>; byType: Map<string, string> } {
  const targets = new Map<string, string>();
  const byType = new Map<string, string>();
  if (xml === null) return { targets, byType };
  for (const r of parseXml(xml).children) {
    if (typeof r === 'string' || r.name !== 'relationships:Relationship') continue;
    targets.set(r.attrs.Id, r.attrs.Target);
    const type = (r.attrs.Type ?? '').replace(REL, '').replace(REL_STRICT, '');
    if (!byType.has(type)) byType.set(type, r.attrs.Target);
  }
  return { targets, byType };
}

function partPath(target: string | undefined, fallback: string): string {
  if (target === undefined) return fallback;
  return target.startsWith('/') ? target.slice(1) : `word/${target}`;
}

/** Footnote and endnote bodies by "type:id" (separators left out). */
function readNotes(pkg: Package, path: string, type: 'footnote' | 'endnote'): Map<string, El> {
  const notes = new Map<string, El>();
  const xml = pkg.text(path);
  if (xml === null) return notes;
  for (const n of parseXml(xml, { textIn: DOCUMENT_TEXT, skip: NOTES_SKIP }).children) {
    if (typeof n === 'string' || n.name !== `w:${type}`) continue;
    const t = n.attrs['w:type'];
    if (t === 'separator' || t === 'continuationSeparator') continue;
    notes.set(`${type}:${n.attrs['w:id']}`, n);
  }
  return notes;
}

export async function readDocxDirect(bytes: Uint8Array, opts: DocxOptions = {}): Promise<Intermediate> {
  const entries = listZip(bytes);
  if (!entries.some((e) => e.name === 'word/document.xml')) {
    throw new InputError('zip archive without word/document.xml: not a Word document', 'read');
  }
  checkZip(entries, opts.zipLimits ?? DEFAULT_ZIP_LIMITS);
  const pkg = new Package(bytes, entries, opts.maxPartBytes ?? DEFAULT_MAX_PART_BYTES);
  try {
    const rels = readRels(pkg.text('word/_rels/document.xml.rels'));
    const stylesXml = pkg.text(partPath(rels.byType.get('styles'), 'word/styles.xml'));
    const styles = stylesXml !== null ? readStyles(stylesXml) : NO_STYLES;
    const numberingXml = pkg.text(partPath(rels.byType.get('numbering'), 'word/numbering.xml'));
    const numbering = numberingXml !== null ? readNumbering(numberingXml, styles) : emptyNumbering(styles);
    const root = parseXml(pkg.text('word/document.xml')!, { textIn: DOCUMENT_TEXT, skip: DOCUMENT_SKIP });
    const body = root.first('w:body');
    if (!body) throw new Error('Could not find the body element: are you sure this is a docx file?');
    const ctx: BodyContext = {
      styles,
      numbering,
      rels: rels.targets,
      hasPart: (name) => pkg.has(name),
      counter: new ListCounter(numbering),
      noteRefs: [],
    };
    const nodes: HNode[] = new BodyConverter(ctx).convert(body.children);
    if (ctx.noteRefs.length) nodes.push(notesList(pkg, rels.byType, ctx));
    return { format: 'docx', extractor: 'docx', pageCount: 1, blocks: toBlocks(simplify(nodes)), notes: [] };
  } catch (err) {
    readError(err);
  }
}

/** Referenced footnotes and endnotes, as a numbered list after the body. */
function notesList(pkg: Package, relTypes: Map<string, string>, ctx: BodyContext): HNode {
  const refs = ctx.noteRefs.slice();
  const notes = new Map([
    ...readNotes(pkg, partPath(relTypes.get('footnotes'), 'word/footnotes.xml'), 'footnote'),
    ...readNotes(pkg, partPath(relTypes.get('endnotes'), 'word/endnotes.xml'), 'endnote'),
  ]);
  const items: HNode[] = [];
  for (const ref of refs) {
    const note = notes.get(`${ref.type}:${ref.id}`);
    if (!note) continue;
    const body = new BodyConverter({ ...ctx, noteRefs: [] }).convert(note.children);
    body.push(el('p', false, [text(' '), el('a', true, [text('\u2191')], `backlink:${ref.type}:${ref.id}`)]));
    items.push(el('li', true, body, `note:${ref.type}:${ref.id}`));
  }
  return el('ol', true, items);
}
