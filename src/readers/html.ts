// Saved web pages and HTML exports (.html, .htm): parsed by htmlparser2 into a
// DOM (nothing is run or fetched: scripts, styles, forms and embedded objects
// are dropped), turned into the same HTML-like tree the Word reader builds
// (headings, paragraphs, lists, tables with colspan/rowspan), and that tree
// into blocks by the Word reader's rules.
import { parseDocument } from 'htmlparser2';
import { InputError } from '../model.ts';
import type { ReaderOutput } from './contract.ts';
import { toBlocks } from './docx/blocks.ts';
import { el, FORCE_NODE, simplify, text, TEXT, type HElement, type HNode } from './docx/html.ts';

/** The parts of htmlparser2's DOM used here. */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object', 'embed', 'svg', 'math', 'form', 'select', 'button', 'textarea', 'canvas', 'audio', 'video', 'img', 'map', 'nav']);
const HEADING = /^h([1-6])$/;
const BLOCK = new Set(['p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'blockquote', 'center', 'body', 'html', 'dl', 'dt', 'dd', 'address', 'figure', 'figcaption', 'pre', 'hr', 'table', 'ul', 'ol', 'li', 'caption']);
const MAX_SPAN = 1000;


/** UTF-8 unless a BOM or the page's own charset says otherwise; Windows-1252 when UTF-8 does not decode. */
function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const declared = head.match(/<meta[^>]+charset\s*=\s*["']?([\w-]+)/i)?.[1]?.toLowerCase();
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // an unknown label: fall through
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const spanOf = (e: DomNode, name: string) => Math.min(MAX_SPAN, Math.max(1, Number.parseInt(e.attribs?.[name] ?? '1', 10) || 1));
const isTag = (n: DomNode) => n.type === 'tag' || n.type === 'script' || n.type === 'style';

class Converter {
  /** inline content: text with white space collapsed as a browser shows it; br as a line break */
  inline(nodes: DomNode[], out: HNode[] = [], pre = false): HNode[] {
    for (const n of nodes) {
      if (n.type === 'text') out.push(text(pre ? n.data ?? '' : (n.data ?? '').replace(/[ \t\r\n\f]+/g, ' ')));
      else if (!isTag(n) || DROPPED.has(n.name!)) continue;
      else if (n.name === 'br') out.push(el('br', true, []));
      else this.inline(n.children ?? [], out, pre || n.name === 'pre');
    }
    return out;
  }

  /** block content: consecutive inline nodes make one paragraph */
  blocks(nodes: DomNode[], out: HNode[] = []): HNode[] {
    let run: DomNode[] = [];
    const flush = () => {
      const inl = this.inline(run);
      run = [];
      if (inl.some((x) => x.kind !== TEXT || x.value.trim() !== '')) out.push(el('p', true, inl));
    };
    for (const n of nodes) {
      if (!isTag(n)) {
        if (n.type === 'text') run.push(n);
        continue;
      }
      const name = n.name!;
      if (DROPPED.has(name)) continue;
      const h = HEADING.exec(name);
      if (!h && !BLOCK.has(name)) {
        run.push(n);
        continue;
      }
      flush();
      if (h) out.push(el(`h${h[1]}`, true, this.inline(n.children ?? [])));
      else if (name === 'p' || name === 'pre' || name === 'dt' || name === 'caption') out.push(el('p', true, this.inline(n.children ?? [], [], name === 'pre')));
      else if (name === 'ul' || name === 'ol') out.push(this.list(n));
      else if (name === 'table') out.push(this.table(n));
      else if (name === 'li') out.push(el('ul', false, [el('li', true, this.blocks(n.children ?? []))]));
      else if (name !== 'hr') this.blocks(n.children ?? [], out);
    }
    flush();
    return out;
  }

  private list(list: DomNode): HElement {
    const numbered = list.name === 'ol';
    let n = Number.parseInt(list.attribs?.start ?? '1', 10);
    if (!Number.isFinite(n)) n = 1;
    const items: HElement[] = [];
    for (const c of list.children ?? []) {
      if (!isTag(c) || DROPPED.has(c.name!)) continue;
      if (c.name !== 'li') {
        // a list nested straight in a list belongs to the item before it
        const last = items[items.length - 1];
        if (last) this.blocks([c], last.children);
        continue;
      }
      const li = el('li', true, this.blocks(c.children ?? []));
      if (numbered) {
        const value = Number.parseInt(c.attribs?.value ?? '', 10);
        if (Number.isFinite(value)) n = value;
        li.marker = li.number = `${n}.`;
        n++;
      }
      items.push(li);
    }
    return el(numbered ? 'ol' : 'ul', false, items);
  }

  private table(table: DomNode): HElement {
    const head: HElement[] = [];
    const body: HElement[] = [];
    const rows = (parent: DomNode, into: HElement[], inHead: boolean) => {
      for (const c of parent.children ?? []) {
        if (!isTag(c)) continue;
        if (c.name === 'thead') rows(c, head, true);
        else if (c.name === 'tbody' || c.name === 'tfoot') rows(c, into, false);
        else if (c.name === 'tr') {
          const cells = (c.children ?? []).filter((d) => isTag(d) && (d.name === 'td' || d.name === 'th'));
          // a first row of th cells is the header, as browsers and screen readers take it
          const header = inHead || (into === body && body.length === 0 && head.length === 0 && cells.length > 0 && cells.every((d) => d.name === 'th'));
          const tr = el('tr', true, [FORCE_NODE, ...cells.map((d) => {
            const td = el('td', true, [FORCE_NODE, ...this.blocks(d.children ?? [])]);
            td.colspan = spanOf(d, 'colspan');
            td.rowspan = spanOf(d, 'rowspan');
            return td;
          })]);
          (header ? head : into).push(tr);
        }
      }
    };
    rows(table, body, false);
    const children: HNode[] = [];
    if (head.length) children.push(el('thead', true, head));
    children.push(...body);
    return el('table', true, children);
  }
}

export async function readHtml(bytes: Uint8Array): Promise<ReaderOutput<'html'>> {
  let dom: DomNode;
  try {
    dom = parseDocument(decodeHtml(bytes), { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }) as unknown as DomNode;
  } catch (err) {
    throw new InputError(`HTML could not be parsed: ${(err as Error).message}`, 'read');
  }
  const blocks = toBlocks(simplify(new Converter().blocks(dom.children ?? [])));
  const notes = blocks.length ? [] : ['the page holds no text'];
  return { kind: 'blocks', extractor: 'html', blocks, pageCount: 1, notes };
}
