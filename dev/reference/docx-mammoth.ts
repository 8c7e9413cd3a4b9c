// Word reader. mammoth turns the OOXML into HTML and keeps what plan tables
// need: colspan (gridSpan), rowspan (vMerge), header rows (tblHeader -> thead),
// numbered lists and headings. That HTML is walked into blocks and grids.
import mammoth from 'mammoth';
import { parse, type HTMLElement, NodeType, type Node } from 'node-html-parser';
import { InputError, type Block, type Grid, type Intermediate } from '../../src/model.ts';
import { checkZip, listZip, type ZipLimits, DEFAULT_ZIP_LIMITS } from '../../src/readers/zip.ts';
import { placeCells } from '../../src/readers/place-cells.ts';

export interface DocxOptions {
  zipLimits?: ZipLimits;
}

function isElement(n: Node): n is HTMLElement {
  return n.nodeType === NodeType.ELEMENT_NODE;
}

/** Text of a cell or paragraph, one line per paragraph, list items as bullets. */
function blockText(el: HTMLElement): string {
  const lines: string[] = [];
  const walk = (node: HTMLElement, prefix: string | null) => {
    for (const child of node.childNodes) {
      if (!isElement(child)) {
        const t = child.text;
        if (t.trim()) appendInline(t);
        continue;
      }
      const tag = child.tagName?.toLowerCase();
      if (tag === 'p' || /^h[1-6]$/.test(tag)) {
        startLine(prefix);
        walk(child, null);
        prefix = null;
        startLine(null);
      } else if (tag === 'ul' || tag === 'ol') {
        let n = 0;
        for (const li of child.childNodes) {
          if (!isElement(li) || li.tagName.toLowerCase() !== 'li') continue;
          n++;
          startLine(tag === 'ul' ? '\u2022 ' : `${n}. `);
          walk(li, null);
          startLine(null);
        }
      } else if (tag === 'br') {
        startLine(null);
      } else if (tag === 'table') {
        for (const cell of child.querySelectorAll('td, th')) {
          startLine(null);
          appendInline(blockText(cell));
        }
        startLine(null);
      } else {
        walk(child, prefix);
      }
    }
  };
  let current: string | null = null;
  function startLine(prefix: string | null) {
    if (current !== null && current.trim()) lines.push(current);
    current = prefix;
  }
  function appendInline(t: string) {
    current = (current ?? '') + t;
  }
  walk(el, null);
  startLine(null);
  return lines.join('\n');
}

function readTable(table: HTMLElement, page: number): Grid {
  const rows: HTMLElement[] = table.querySelectorAll('tr').filter((tr) => tr.closest('table') === table);
  return placeCells(rows.map((tr) => ({
    header: Boolean(tr.parentNode && isElement(tr.parentNode) && tr.parentNode.tagName.toLowerCase() === 'thead'),
    cells: tr.childNodes
      .filter(isElement)
      .filter((td) => ['td', 'th'].includes(td.tagName.toLowerCase()))
      .map((td) => ({
        text: blockText(td),
        colspan: Number(td.getAttribute('colspan') ?? 1) || 1,
        rowspan: Number(td.getAttribute('rowspan') ?? 1) || 1,
      })),
  })), page);
}

export async function readDocxMammoth(bytes: Uint8Array, opts: DocxOptions = {}): Promise<Intermediate> {
  const entries = listZip(bytes);
  if (!entries.some((e) => e.name === 'word/document.xml')) {
    throw new InputError('zip archive without word/document.xml: not a Word document', 'read');
  }
  checkZip(entries, opts.zipLimits ?? DEFAULT_ZIP_LIMITS);
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    html = result.value;
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0].replace(/^(?:warning|error):\s*/i, '').replace(/\[xmldom[^\]]*\]\s*/g, '').trim();
    const xml = /xml|tag|attribute|entity|unclosed|parse/i.test(detail);
    throw new InputError(`${xml ? 'malformed XML in the Word document' : 'Word document could not be read'}: ${detail}`, 'read');
  }
  const root = parse(html);
  const blocks: Block[] = [];
  const page = 1;
  for (const node of root.childNodes) {
    if (!isElement(node)) continue;
    const tag = node.tagName.toLowerCase();
    if (tag === 'table') {
      blocks.push({ type: 'table', grid: readTable(node, page) });
    } else if (/^h[1-6]$/.test(tag)) {
      const text = blockText(node);
      if (text) blocks.push({ type: 'heading', text, page, level: Number(tag[1]) });
    } else if (tag === 'ul' || tag === 'ol') {
      const items = node.childNodes.filter(isElement).filter((li) => li.tagName.toLowerCase() === 'li').map((li) => blockText(li));
      if (items.length) blocks.push({ type: 'list', items, numbered: tag === 'ol', page });
    } else {
      const text = blockText(node);
      if (text) blocks.push({ type: 'paragraph', text, page });
    }
  }
  return { format: 'docx', extractor: 'docx', pageCount: 1, blocks, notes: [] };
}
