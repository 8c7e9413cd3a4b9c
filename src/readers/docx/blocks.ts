// The HTML-like tree -> blocks: headings, paragraphs, lists and table grids.
// Cell and paragraph text is one line per paragraph or line break, list items
// as "• " or "n. " line starts, nested tables as one line per cell.
import type { Block, Grid } from '../../model.ts';
import { ELEMENT, TEXT, type HElement, type HNode } from './html.ts';
import { placeCells } from '../place-cells.ts';

const HEADING = /^h[1-6]$/;

/** Text of a cell or paragraph, one line per paragraph, list items as bullets. */
export function blockText(node: HElement): string {
  const lines: string[] = [];
  let current: string | null = null;
  // white space between two words set in different formatting (the space of
  // "Bold italic" in its own run): kept when more words follow on the line
  let pending = '';
  const startLine = (prefix: string | null) => {
    if (current !== null && current.trim()) lines.push(current);
    current = prefix;
    pending = '';
  };
  const appendInline = (t: string) => {
    current = (current ?? '') + pending + t;
    pending = '';
  };
  const walk = (parent: HElement) => {
    const kids = parent.children;
    for (let k = 0; k < kids.length; k++) {
      const child = kids[k];
      if (child.kind !== ELEMENT) {
        // neighbouring text with nothing but invisible markers between is one piece
        let t = '';
        while (k < kids.length && kids[k].kind !== ELEMENT) {
          const n = kids[k];
          if (n.kind === TEXT) t += n.value;
          k++;
        }
        k--;
        if (t.trim()) appendInline(t);
        else if (current !== null && current.trim()) pending += t;
        continue;
      }
      const tag = child.tag;
      if (tag === 'p' || HEADING.test(tag)) {
        startLine(null);
        walk(child);
        startLine(null);
      } else if (tag === 'ul' || tag === 'ol') {
        let n = 0;
        for (const li of child.children) {
          if (li.kind !== ELEMENT || li.tag !== 'li') continue;
          n++;
          // a numbered item starts with its number as Word shows it ("5.", "b)")
          startLine(tag === 'ul' ? '\u2022 ' : li.marker ? `${li.marker} ` : `${n}. `);
          walk(li);
          startLine(null);
        }
      } else if (tag === 'br') {
        startLine(null);
      } else if (tag === 'table') {
        // one line per cell; a table inside a cell is flattened by that cell's own text
        for (const cell of ownCells(child)) {
          startLine(null);
          appendInline(blockText(cell));
        }
        startLine(null);
      } else walk(child);
    }
  };
  walk(node);
  startLine(null);
  return lines.join('\n');
}

function ownCells(table: HElement): HElement[] {
  const out: HElement[] = [];
  for (const { tr } of tableRows(table)) for (const c of tr.children) if (c.kind === ELEMENT && (c.tag === 'td' || c.tag === 'th')) out.push(c);
  return out;
}

/** The rows of a table, with their header flag, not those of tables inside it. */
function tableRows(node: HElement, out: { tr: HElement; header: boolean }[] = [], inHead = false): { tr: HElement; header: boolean }[] {
  for (const c of node.children) {
    if (c.kind !== ELEMENT || c.tag === 'table') continue;
    if (c.tag === 'tr') out.push({ tr: c, header: inHead });
    tableRows(c, out, c.tag === 'thead');
  }
  return out;
}

function readTable(table: HElement, page: number): Grid {
  return placeCells(tableRows(table).map(({ tr, header }) => ({
    header,
    skip: tr.gridBefore ?? 0,
    cells: tr.children
      .filter((td): td is HElement => td.kind === ELEMENT && (td.tag === 'td' || td.tag === 'th'))
      .map((td) => ({ text: blockText(td), colspan: td.colspan || 1, rowspan: td.rowspan || 1 })),
  })), page);
}

export function toBlocks(nodes: HNode[]): Block[] {
  const blocks: Block[] = [];
  const page = 1;
  for (const node of nodes) {
    if (node.kind !== ELEMENT) continue;
    const tag = node.tag;
    if (tag === 'table') {
      blocks.push({ type: 'table', grid: readTable(node, page) });
    } else if (HEADING.test(tag)) {
      const text = blockText(node);
      if (text) blocks.push({ type: 'heading', text, page, level: Number(tag[1]) });
    } else if (tag === 'ul' || tag === 'ol') {
      const lis = node.children.filter((li): li is HElement => li.kind === ELEMENT && li.tag === 'li');
      if (!lis.length) continue;
      const items = lis.map((li) => blockText(li));
      const numbers = lis.map((li) => li.number ?? null);
      const numbered = tag === 'ol';
      blocks.push({ type: 'list', items, ...(numbered && numbers.some((x) => x !== null) ? { numbers } : {}), numbered, page });
    } else {
      const text = blockText(node);
      if (text) blocks.push({ type: 'paragraph', text, page });
    }
  }
  return blocks;
}
