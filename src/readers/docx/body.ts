// WordprocessingML body -> the small HTML-like tree (html.ts). The rules are
// those of mammoth's docx reader and its default style map, so that the blocks
// come out as the mammoth-based reader gives them (see docs/docx.md for where
// they deliberately differ): headings by style, list paragraphs by numbering,
// runs with their bold/italic/strike/sub/sup, hyperlinks, tables with gridSpan
// colspans and vMerge rowspans, text boxes after their paragraph.
import * as dingbats from 'dingbat-to-unicode';
import { el, ELEMENT, FORCE_NODE, TEXT, text, type HElement, type HNode } from './html.ts';
import { ListCounter, markerNumber, paragraphNumbering, type Numbering } from './numbering.ts';
import type { Styles } from './styles.ts';
import type { El, XmlNode } from './xml.ts';

export interface BodyContext {
  styles: Styles;
  numbering: Numbering;
  /** relationship id -> target, from word/_rels/document.xml.rels */
  rels: Map<string, string>;
  /** is there such a part in the package (for images) */
  hasPart: (name: string) => boolean;
  counter: ListCounter;
  /** footnote and endnote references met, in order */
  noteRefs: { type: 'footnote' | 'endnote'; id: string }[];
}

// elements read only for what they hold
const PASS = new Set([
  'w:customXml', 'w:ins', 'w:moveFromRangeEnd', 'w:moveFromRangeStart', 'w:moveTo', 'w:moveToRangeEnd',
  'w:moveToRangeStart', 'w:object', 'w:smartTag', 'w:drawing', 'v:roundrect', 'v:shape', 'v:textbox',
  'w:txbxContent', 'v:group', 'v:rect',
  // a simple field shows its last result, as Word does (mammoth leaves it out)
  'w:fldSimple',
]);

const HEADING_ID = /^Heading([1-6])$/;
const HEADING_NAME = /^heading ([1-6])$/i;
// paragraph styles the default style map sends to plain paragraphs before lists
const NOTE_STYLES = new Set(['FOOTNOTE TEXT', 'ENDNOTE TEXT', 'ANNOTATION TEXT', 'FOOTNOTE', 'ENDNOTE']);

type Field = { type: 'begin'; fldChar: El } | { type: 'hyperlink'; href: string } | { type: 'checkbox'; checked: boolean } | { type: 'unknown' };

function on(e: El | undefined): boolean {
  if (!e) return false;
  const v = e.attrs['w:val'];
  return v !== 'false' && v !== '0';
}

function children(e: El | undefined): El[] {
  const out: El[] = [];
  if (e) for (const c of e.children) if (typeof c !== 'string') out.push(c);
  return out;
}

/** The element a list paragraph becomes: "ul > li", "ul|ol > li > ol > li" ... */
function listPath(level: number, ordered: boolean, content: HNode[], marker: string | null): HElement {
  const li = el('li', true, content);
  li.marker = marker;
  li.number = markerNumber(marker);
  let node: HElement = el(ordered ? 'ol' : 'ul', false, [li]);
  for (let l = level; l > 0; l--) {
    const outer = el('ul', false, [el('li', false, [node])]);
    outer.alt = 'ol';
    node = outer;
  }
  return node;
}

export class BodyConverter {
  private fields: Field[] = [];
  private instr: string[] = [];
  private deleted: XmlNode[] = [];
  private extra: HNode[] = [];

  constructor(private ctx: BodyContext) {}

  convert(nodes: XmlNode[]): HNode[] {
    const out: HNode[] = [];
    for (const n of nodes) if (typeof n !== 'string') this.element(n, out);
    return out;
  }

  private element(e: El, out: HNode[]): void {
    const name = e.name;
    switch (name) {
      case 'w:p': return this.paragraph(e, out);
      case 'w:r': return this.run(e, out);
      case 'w:t': { const t = e.text(); if (t) out.push(text(t)); return; }
      case 'w:tab': out.push(text('\t')); return;
      case 'w:noBreakHyphen': out.push(text('\u2011')); return;
      case 'w:softHyphen': return; // an invisible hyphenation point: not text
      case 'w:sym': return this.symbol(e, out);
      case 'w:br': {
        const type = e.attrs['w:type'];
        if (type === undefined || type === 'textWrapping') out.push(el('br', true, []));
        return; // page and column breaks are not text
      }
      case 'w:cr': out.push(el('br', true, [])); return;
      case 'w:fldChar': return this.fldChar(e, out);
      case 'w:instrText': this.instr.push(e.text()); return;
      case 'w:hyperlink': return this.hyperlink(e, out);
      case 'w:tbl': return this.table(e, out);
      case 'w:tr': return this.row(e, out);
      case 'w:tc': return this.cell(e, out);
      case 'w:footnoteReference':
      case 'w:endnoteReference': {
        const type = name === 'w:footnoteReference' ? 'footnote' : 'endnote';
        this.ctx.noteRefs.push({ type, id: e.attrs['w:id'] });
        out.push(el('sup', true, [el('a', true, [text(`[${this.ctx.noteRefs.length}]`)], `note:${type}:${e.attrs['w:id']}`)]));
        return;
      }
      case 'w:bookmarkStart': {
        const bm = e.attrs['w:name'];
        if (bm !== '_GoBack') out.push(el('a', true, [FORCE_NODE], `id:${bm}`));
        return;
      }
      case 'w:sdt': return this.sdt(e, out);
      case 'w:pict': {
        // text boxes in VML pictures follow the paragraph that holds them
        for (const n of this.convert(e.children)) this.extra.push(n);
        return;
      }
      case 'wp:inline':
      case 'wp:anchor': return this.drawing(e, out);
      case 'v:imagedata': {
        const id = e.attrs['r:id'];
        if (id !== undefined && this.imageExists(this.ctx.rels.get(id))) out.push(el('img', true, []));
        return;
      }
      default:
        if (PASS.has(name)) for (const c of e.children) if (typeof c !== 'string') this.element(c, out);
    }
  }

  private paragraph(e: El, out: HNode[]): void {
    const pPr = e.first('w:pPr');
    if (pPr?.first('w:rPr')?.first('w:del')) {
      // a deleted paragraph mark: its content runs on into the next paragraph
      for (const c of e.children) this.deleted.push(c);
      return;
    }
    let xml = e.children;
    if (this.deleted.length) {
      xml = this.deleted.concat(xml);
      this.deleted = [];
    }
    const styleId = pPr?.first('w:pStyle')?.attrs['w:val'] ?? null;
    const style = styleId !== null ? this.ctx.styles.paragraph.get(styleId) : undefined;
    const styleName = style?.name ?? null;
    const numbering = paragraphNumbering(this.ctx.numbering, styleId, pPr?.first('w:numPr'));

    const savedExtra = this.extra;
    this.extra = [];
    const content = this.convert(xml);
    const extra = this.extra;
    this.extra = savedExtra;

    // every numbered paragraph counts, whatever it becomes (numbered headings too)
    const marker = numbering ? this.ctx.counter.next(numbering.numId, numbering.level) : null;
    const heading = this.headingLevel(styleId, styleName);
    const upper = styleName?.toUpperCase();
    const level = numbering ? Number(numbering.level.level) : -1;
    let node: HElement;
    if (heading) node = el(`h${heading}`, true, content);
    else if (upper !== undefined && NOTE_STYLES.has(upper)) node = el('p', true, content);
    // five list levels nest; deeper ones are plain paragraphs
    else if (numbering && Number.isInteger(level) && level >= 0 && level <= 4) node = listPath(level, numbering.level.ordered, content, marker);
    else node = el('p', true, content);
    out.push(node);
    for (const n of extra) out.push(n);
  }

  /** Heading level by style id "HeadingN" or name "Heading N" ("Heading" and "Title" are 1). */
  private ownHeadingLevel(styleId: string | null, styleName: string | null): number | null {
    if (styleId !== null) {
      const m = HEADING_ID.exec(styleId);
      if (m) return Number(m[1]);
    }
    if (styleName !== null) {
      const m = HEADING_NAME.exec(styleName);
      if (m) return Number(m[1]);
    }
    if (styleId === 'Heading' || styleName?.toUpperCase() === 'HEADING') return 1;
    if (styleId === 'Title' || styleName?.toUpperCase() === 'TITLE') return 1;
    return null;
  }

  /** The heading level of a paragraph style, or of the style it is based on (Word inherits the outline level). */
  private headingLevel(styleId: string | null, styleName: string | null): number | null {
    let id = styleId;
    let name = styleName;
    for (let depth = 0; depth < 10; depth++) {
      const level = this.ownHeadingLevel(id, name);
      if (level !== null || id === null) return level;
      const parent = this.ctx.styles.paragraph.get(id)?.basedOn;
      if (!parent) return null;
      id = parent;
      name = this.ctx.styles.paragraph.get(parent)?.name ?? null;
    }
    return null;
  }

  private run(e: El, out: HNode[]): void {
    const rPr = e.first('w:rPr');
    let nodes = this.convert(e.children);
    const link = this.fieldHyperlink();
    if (link !== null) nodes = [el('a', false, nodes, `href:${link}`)];
    if (rPr) {
      if (on(rPr.first('w:strike'))) nodes = [el('s', false, nodes)];
      const va = rPr.first('w:vertAlign')?.attrs['w:val'];
      if (va === 'subscript') nodes = [el('sub', false, nodes)];
      if (va === 'superscript') nodes = [el('sup', false, nodes)];
      if (on(rPr.first('w:i'))) nodes = [el('em', false, nodes)];
      if (on(rPr.first('w:b'))) nodes = [el('strong', false, nodes)];
      const rStyle = rPr.first('w:rStyle')?.attrs['w:val'];
      if (rStyle !== undefined && this.ctx.styles.character.get(rStyle)?.name?.toUpperCase() === 'STRONG') nodes = [el('strong', false, nodes)];
    }
    for (const n of nodes) out.push(n);
  }

  private symbol(e: El, out: HNode[]): void {
    const font = e.attrs['w:font'];
    const char = e.attrs['w:char'];
    if (font === undefined || char === undefined) return;
    let u = dingbats.hex(font, char);
    if (u === undefined && /^F0..$/.test(char)) u = dingbats.hex(font, char.substring(2));
    if (u !== undefined) out.push(text(u.string));
  }

  private fieldHyperlink(): string | null {
    for (let k = this.fields.length - 1; k >= 0; k--) {
      const f = this.fields[k];
      if (f.type === 'hyperlink') return f.href;
    }
    return null;
  }

  private fldChar(e: El, out: HNode[]): void {
    const type = e.attrs['w:fldCharType'];
    if (type === 'begin') {
      this.fields.push({ type: 'begin', fldChar: e });
      this.instr = [];
    } else if (type === 'end') {
      let f = this.fields.pop();
      if (f === undefined) return;
      if (f.type === 'begin') f = this.parseInstr(f.fldChar);
      if (f.type === 'checkbox') out.push(el('input', true, [], `checkbox:${f.checked}`));
    } else if (type === 'separate') {
      const f = this.fields.pop();
      if (f === undefined) return;
      this.fields.push(this.parseInstr(f.type === 'begin' ? f.fldChar : undefined));
    }
  }

  private parseInstr(fldChar: El | undefined): Field {
    const instr = this.instr.join('');
    const link = /^\s*HYPERLINK\s+(\\l\s+)?(?:"(.*)"|([^\\]\S*))/.exec(instr);
    if (link) {
      const location = link[2] === undefined ? link[3] : link[2];
      return { type: 'hyperlink', href: link[1] === undefined ? location : `#${location}` };
    }
    if (/\s*FORMCHECKBOX\s*/.test(instr)) {
      const box = fldChar?.first('w:ffData')?.first('w:checkBox');
      const checked = box?.first('w:checked');
      return { type: 'checkbox', checked: checked === undefined ? on(box?.first('w:default')) : on(checked) };
    }
    return { type: 'unknown' };
  }

  private hyperlink(e: El, out: HNode[]): void {
    const nodes = this.convert(e.children);
    const id = e.attrs['r:id'];
    const anchor = e.attrs['w:anchor'];
    let href: string | undefined;
    if (id !== undefined) {
      href = this.ctx.rels.get(id) ?? 'undefined';
      if (anchor !== undefined) {
        const hash = href.indexOf('#');
        href = `${hash >= 0 ? href.slice(0, hash) : href}#${anchor}`;
      }
    } else if (anchor !== undefined) href = `#${anchor}`;
    if (href === undefined) {
      for (const n of nodes) out.push(n);
      return;
    }
    const target = e.attrs['w:tgtFrame'];
    out.push(el('a', false, nodes, `href:${href}${target !== undefined ? `\u0000${target}` : ''}`));
  }

  private sdt(e: El, out: HNode[]): void {
    const content = this.convert(e.first('w:sdtContent')?.children ?? []);
    const box = e.first('w:sdtPr')?.first('wordml:checkbox');
    if (!box) {
      for (const n of content) out.push(n);
      return;
    }
    const checked = box.first('wordml:checked');
    const input = el('input', true, [], `checkbox:${!!checked && on2(checked.attrs['wordml:val'])}`);
    // the box's character becomes the checkbox
    let replaced = false;
    const swap = (nodes: HNode[]) => {
      for (let k = 0; k < nodes.length && !replaced; k++) {
        const n = nodes[k];
        if (n.kind === TEXT && n.value.length > 0) {
          nodes[k] = input;
          replaced = true;
        } else if (n.kind === ELEMENT) swap(n.children);
      }
    };
    swap(content);
    if (replaced) for (const n of content) out.push(n);
    else out.push(input);
  }

  private imageExists(target: string | undefined): boolean {
    if (target === undefined) return false;
    return this.ctx.hasPart(target.startsWith('/') ? target.slice(1) : `word/${target}`);
  }

  private drawing(e: El, out: HNode[]): void {
    const docPr = e.first('wp:docPr');
    for (const graphic of children(e)) {
      if (graphic.name !== 'a:graphic') continue;
      for (const data of children(graphic)) {
        if (data.name !== 'a:graphicData') continue;
        for (const pic of children(data)) {
          if (pic.name !== 'pic:pic') continue;
          for (const fill of children(pic)) {
            if (fill.name !== 'pic:blipFill') continue;
            for (const blip of children(fill)) {
              if (blip.name !== 'a:blip') continue;
              const embed = blip.attrs['r:embed'];
              if (embed === undefined || !this.imageExists(this.ctx.rels.get(embed))) continue;
              const img = el('img', true, []);
              const click = docPr?.first('a:hlinkClick')?.attrs['r:id'];
              out.push(click ? el('a', false, [img], `href:${this.ctx.rels.get(click)}`) : img);
            }
          }
        }
      }
    }
  }

  private table(e: El, out: HNode[]): void {
    const rows = this.convert(e.children);
    const isRow = (n: HNode): n is HElement => n.kind === ELEMENT && n.tag === 'tr' && n.header !== undefined;
    const isCell = (n: HNode): n is HElement => n.kind === ELEMENT && n.tag === 'td' && n.vmerge !== undefined;
    const merges = rows.every(isRow) && rows.every((r) => (r as HElement).children.slice(1).every(isCell));
    if (merges) {
      // vMerge "continue" cells lengthen the cell above in the same grid column
      const columns = new Map<number, HElement>();
      for (const row of rows as HElement[]) {
        let col = row.gridBefore ?? 0;
        for (const cell of row.children.slice(1) as HElement[]) {
          const above = columns.get(col);
          if (cell.vmerge && above) above.rowspan = (above.rowspan ?? 1) + 1;
          else {
            columns.set(col, cell);
            cell.vmerge = false;
          }
          col += cell.colspan ?? 1;
        }
      }
      for (const row of rows as HElement[]) row.children = row.children.filter((c) => !(c.kind === ELEMENT && c.vmerge));
    }
    let bodyIndex = rows.findIndex((r) => !(r.kind === ELEMENT && r.header));
    if (bodyIndex < 0) bodyIndex = rows.length;
    let content: HNode[];
    if (bodyIndex === 0) content = rows;
    else {
      for (const r of rows.slice(0, bodyIndex) as HElement[]) for (const c of r.children) if (c.kind === ELEMENT && c.tag === 'td' && c.vmerge !== undefined) c.tag = 'th';
      content = [el('thead', true, rows.slice(0, bodyIndex)), el('tbody', true, rows.slice(bodyIndex))];
    }
    out.push(el('table', true, [FORCE_NODE, ...content]));
  }

  private row(e: El, out: HNode[]): void {
    const trPr = e.first('w:trPr');
    if (trPr?.first('w:del')) return; // a deleted row
    const r = el('tr', true, [FORCE_NODE, ...this.convert(e.children)]);
    r.header = !!trPr?.first('w:tblHeader');
    // grid columns left empty before the first cell (gridAfter ones hold no cell either)
    const before = Number.parseInt(trPr?.first('w:gridBefore')?.attrs['w:val'] ?? '', 10);
    if (before > 0) r.gridBefore = before;
    out.push(r);
  }

  private cell(e: El, out: HNode[]): void {
    const content = this.convert(e.children);
    const tcPr = e.first('w:tcPr');
    const span = tcPr?.first('w:gridSpan')?.attrs['w:val'];
    const c = el('td', true, [FORCE_NODE, ...content]);
    c.colspan = span ? Number.parseInt(span, 10) : 1;
    const vm = tcPr?.first('w:vMerge');
    c.vmerge = vm ? vm.attrs['w:val'] === 'continue' || !vm.attrs['w:val'] : null;
    out.push(c);
  }

  /** Paragraphs left waiting on a deleted paragraph mark at the end are dropped, as Word shows them. */
  finish(): void {
    this.deleted = [];
  }
}

function on2(v: string | undefined): boolean {
  return v !== 'false' && v !== '0';
}
