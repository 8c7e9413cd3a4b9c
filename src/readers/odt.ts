// OpenDocument text (.odt): zipped XML, read like a Word file. content.xml is
// parsed with the small XML parser (no DTDs, so no entity expansion) under the
// zip limits, turned into the same HTML-like tree the Word reader builds
// (headings, paragraphs, lists with their numbers, tables whose spanned cells
// cover others), and that tree into blocks by the Word reader's rules.
import { InputError } from '../model.ts';
import type { ReaderOutput } from './contract.ts';
import { ODT_MIME } from './sniff.ts';
import { toBlocks } from './docx/blocks.ts';
import { el, FORCE_NODE, simplify, text, type HElement, type HNode } from './docx/html.ts';
import { parseXml, XmlError, type El, type XmlNode } from './docx/xml.ts';
import { checkZip, listZip, readZipEntry } from './zip.ts';

const NS = {
  text: '{urn:oasis:names:tc:opendocument:xmlns:text:1.0}',
  table: '{urn:oasis:names:tc:opendocument:xmlns:table:1.0}',
  office: '{urn:oasis:names:tc:opendocument:xmlns:office:1.0}',
  style: '{urn:oasis:names:tc:opendocument:xmlns:style:1.0}',
  draw: '{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}',
};
const T = (n: string) => NS.text + n;
const TB = (n: string) => NS.table + n;

/** Most columns or repeated rows a spreadsheet-style repeat may stand for. */
const MAX_REPEAT = 1024;

const TEXT_IN = new Set([T('p'), T('h'), T('span'), T('a'), T('number'), T('ruby-base')]);
const SKIP = new Set([
  `${NS.office}annotation`, T('note-body'), T('tracked-changes'), T('sequence-decls'), `${NS.office}forms`,
  `${NS.draw}frame`, `${NS.draw}custom-shape`, T('table-of-content-source'), T('bookmark'), T('bookmark-start'), T('bookmark-end'),
]);

/** The package's content.xml (and styles.xml, for list styles), under the zip limits. */
export function readOdfParts(bytes: Uint8Array, mime: string, what: string): { content: El; styles: El | null } {
  const entries = listZip(bytes);
  checkZip(entries);
  const part = (name: string) => {
    const e = entries.find((x) => x.name === name);
    return e ? new TextDecoder().decode(readZipEntry(bytes, e)) : null;
  };
  const found = part('mimetype')?.trim();
  if (found !== mime) throw new InputError(`not an ${what} (its mimetype is ${found ?? 'missing'})`, 'read');
  const content = part('content.xml');
  if (!content) throw new InputError(`${what} without content.xml: the file is damaged`, 'read');
  try {
    const styles = part('styles.xml');
    return { content: parseXml(content, { textIn: TEXT_IN, skip: SKIP }), styles: styles ? parseXml(styles, { skip: new Set([`${NS.office}master-styles`, `${NS.office}font-face-decls`]) }) : null };
  } catch (err) {
    if (err instanceof XmlError) throw new InputError(`malformed XML in the ${what}: ${err.message}`, 'read');
    throw err;
  }
}

const elements = (e: El): El[] => e.children.filter((c): c is El => typeof c !== 'string');
const intAttr = (e: El, name: string, max = MAX_REPEAT) => Math.min(max, Math.max(1, Number.parseInt(e.attr(name) ?? '1', 10) || 1));

interface LevelStyle {
  numbered: boolean;
  format: string;
  prefix: string;
  suffix: string;
}

/** List styles by name: per level, numbered or bullets and how a number is written. */
function listStyles(roots: (El | null)[]): Map<string, LevelStyle[]> {
  const out = new Map<string, LevelStyle[]>();
  const visit = (e: El) => {
    if (e.name === T('list-style')) {
      const levels: LevelStyle[] = [];
      for (const l of elements(e)) {
        const level = intAttr(l, T('level'), 10) - 1;
        levels[level] = {
          numbered: l.name === T('list-level-style-number'),
          format: l.attr(`${NS.style}num-format`) ?? '1',
          prefix: l.attr(`${NS.style}num-prefix`) ?? '',
          suffix: l.attr(`${NS.style}num-suffix`) ?? '',
        };
      }
      const name = e.attr(`${NS.style}name`);
      if (name) out.set(name, levels);
      return;
    }
    for (const c of elements(e)) visit(c);
  };
  for (const r of roots) if (r) visit(r);
  return out;
}

function formatNumber(n: number, format: string): string {
  if (format === 'a' || format === 'A') {
    let s = '';
    for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
    return format === 'A' ? s.toUpperCase() : s;
  }
  if (format === 'i' || format === 'I') {
    const r: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
    let s = '';
    let k = n;
    for (const [v, sym] of r) while (k >= v) { s += sym; k -= v; }
    return format === 'I' ? s.toUpperCase() : s;
  }
  return String(n);
}

class Converter {
  /** the running count of each numbered list style and level, so a list split by other paragraphs continues */
  private counters = new Map<string, number[]>();
  constructor(private styles: Map<string, LevelStyle[]>) {}

  inline(nodes: XmlNode[], out: HNode[] = []): HNode[] {
    for (const n of nodes) {
      if (typeof n === 'string') out.push(text(n));
      else if (n.name === T('s')) out.push(text(' '.repeat(intAttr(n, T('c'), 64))));
      else if (n.name === T('tab')) out.push(text('\t'));
      else if (n.name === T('line-break')) out.push(el('br', true, []));
      else this.inline(n.children, out);
    }
    return out;
  }

  blocks(nodes: XmlNode[], out: HNode[] = []): HNode[] {
    for (const n of nodes) {
      if (typeof n === 'string') continue;
      if (n.name === T('h')) out.push(el(`h${Math.min(6, intAttr(n, T('outline-level'), 6))}`, true, this.inline(n.children)));
      else if (n.name === T('p')) out.push(el('p', true, this.inline(n.children)));
      else if (n.name === T('list')) out.push(this.list(n, n.attr(T('style-name')) ?? '', 0));
      else if (n.name === TB('table')) out.push(this.table(n));
      else this.blocks(n.children, out); // sections, frames' text, soft page breaks
    }
    return out;
  }

  private list(list: El, style: string, level: number): HElement {
    const own = list.attr(T('style-name'));
    if (own) style = own;
    const spec = this.styles.get(style)?.[level];
    const numbered = spec?.numbered ?? false;
    let counts = this.counters.get(style);
    if (!counts) this.counters.set(style, (counts = []));
    const items: HElement[] = [];
    for (const item of elements(list)) {
      if (item.name !== T('list-item') && item.name !== T('list-header')) continue;
      const children: HNode[] = [];
      for (const c of elements(item)) {
        if (c.name === T('list')) children.push(this.list(c, style, level + 1));
        else this.blocks([c], children);
      }
      const li = el('li', true, children);
      if (numbered && item.name === T('list-item')) {
        const start = item.attr(T('start-value'));
        counts[level] = start ? Number.parseInt(start, 10) || 1 : (counts[level] ?? 0) + 1;
        counts.length = level + 1;
        const marker = `${spec!.prefix}${formatNumber(counts[level], spec!.format)}${spec!.suffix}`;
        li.marker = marker;
        li.number = marker;
      }
      items.push(li);
    }
    return el(numbered ? 'ol' : 'ul', false, items);
  }

  private table(table: El): HElement {
    const head: HElement[] = [];
    const body: HElement[] = [];
    const rows = (parent: El, into: HElement[]) => {
      for (const r of elements(parent)) {
        if (r.name === TB('table-header-rows')) rows(r, head);
        else if (r.name === TB('table-rows') || r.name === TB('table-row-group')) rows(r, into);
        else if (r.name === TB('table-row')) {
          const tr = this.row(r);
          for (let k = intAttr(r, TB('number-rows-repeated')); k > 0; k--) into.push(tr);
        }
      }
    };
    rows(table, body);
    const children: HNode[] = [];
    if (head.length) children.push(el('thead', true, head));
    children.push(...body);
    return el('table', true, children);
  }

  private row(r: El): HElement {
    const cells: HNode[] = [];
    for (const c of elements(r)) {
      if (c.name !== TB('table-cell')) continue; // covered cells sit under a spanning one
      const td = el('td', true, [FORCE_NODE, ...this.blocks(c.children)]);
      td.colspan = intAttr(c, TB('number-columns-spanned'));
      td.rowspan = intAttr(c, TB('number-rows-spanned'));
      for (let k = intAttr(c, TB('number-columns-repeated')); k > 0; k--) cells.push(td);
    }
    return el('tr', true, [FORCE_NODE, ...cells]);
  }
}

export async function readOdt(bytes: Uint8Array): Promise<ReaderOutput<'odt'>> {
  const { content, styles } = readOdfParts(bytes, ODT_MIME, 'OpenDocument text file');
  const body = content.first(`${NS.office}body`)?.first(`${NS.office}text`);
  if (!body) throw new InputError('OpenDocument text file without a text body', 'read');
  const conv = new Converter(listStyles([styles, content]));
  return { kind: 'blocks', extractor: 'odt', blocks: toBlocks(simplify(conv.blocks(body.children))), pageCount: 1, notes: [] };
}
