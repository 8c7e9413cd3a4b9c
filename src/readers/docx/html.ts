// The small tree the document is turned into before it becomes blocks. It
// follows the HTML a Word-to-HTML conversion gives (p, h1-6, ul/ol/li, table,
// strong/em/a ...), because the grouping rules live there: list paragraphs
// join the list before them, runs with the same formatting join, empty
// paragraphs vanish, and text split by formatting is seen as separate pieces.

export const TEXT = 0;
export const ELEMENT = 1;
export const FORCE = 2;

export interface HText {
  kind: typeof TEXT;
  value: string;
}

export interface HElement {
  kind: typeof ELEMENT;
  tag: string;
  /** other tag names this element joins with ("ul|ol") */
  alt?: string;
  /** attributes, as one comparable string */
  attrs: string;
  /** never joined with an equal element before it */
  fresh: boolean;
  children: HNode[];
  colspan?: number;
  rowspan?: number;
  /** Word's rendered number of a list item (li only) */
  number?: string | null;
  /** its marker as Word shows it ("5.", "b)") */
  marker?: string | null;
  /** a table row read from w:tr: a repeating header row */
  header?: boolean;
  /** a table row: grid columns skipped before its first cell (w:gridBefore) */
  gridBefore?: number;
  /** a table cell read from w:tc: its vertical merge (true: continues the cell above) */
  vmerge?: boolean | null;
}

/** Keeps an element that would otherwise be dropped as empty. */
export interface HForce {
  kind: typeof FORCE;
}

export type HNode = HText | HElement | HForce;

export const FORCE_NODE: HForce = { kind: FORCE };

export function text(value: string): HText {
  return { kind: TEXT, value };
}

export function el(tag: string, fresh: boolean, children: HNode[], attrs = ''): HElement {
  return { kind: ELEMENT, tag, attrs, fresh, children };
}

const VOID = new Set(['br', 'hr', 'img', 'input']);

function isVoid(e: HElement): boolean {
  return e.children.length === 0 && VOID.has(e.tag);
}

function joins(child: HElement, last: HElement): boolean {
  return (child.tag === last.tag || child.alt === last.tag) && child.attrs === last.attrs;
}

function removeEmpty(nodes: HNode[]): HNode[] {
  const out: HNode[] = [];
  for (const n of nodes) {
    if (n.kind === TEXT) {
      if (n.value.length) out.push(n);
    } else if (n.kind === FORCE) out.push(n);
    else {
      const children = removeEmpty(n.children);
      if (children.length === 0 && !VOID.has(n.tag)) continue;
      n.children = children; // the tree is ours: change it in place
      out.push(n);
    }
  }
  return out;
}

function append(children: HNode[], child: HNode): void {
  const last = children[children.length - 1];
  if (child.kind === ELEMENT && !child.fresh && last !== undefined && last.kind === ELEMENT && joins(child, last)) {
    for (const g of child.children) append(last.children, g);
  } else children.push(child);
}

function collapse(nodes: HNode[]): HNode[] {
  const out: HNode[] = [];
  for (const n of nodes) {
    if (n.kind === ELEMENT) n.children = collapse(n.children);
    append(out, n);
  }
  return out;
}

/** Drop empty elements, then join equal neighbours. */
export function simplify(nodes: HNode[]): HNode[] {
  return collapse(removeEmpty(nodes));
}

export { isVoid };
