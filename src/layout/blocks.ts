// Positioned pages -> blocks in reading order: tables (ruled or borderless,
// joined over page breaks) and the headings and paragraphs around them.
import type { Block, PositionedPage, PositionedWord } from '../model.ts';
import { findTextTables } from './borderless.ts';
import { removeFurniture } from './furniture.ts';
import { type Line, groupLines, lineText, median, wordHeight } from './lines.ts';
import { ruledTable, rulingRegions, tolerance } from './ruled.ts';
import { TABLE_SETTINGS } from './settings.ts';
import { flatMapped } from '../arrays.ts';
import { sameColumns, stitchTables } from './stitch.ts';
import type { PageTable } from './types.ts';

type Item =
  | { kind: 'table'; y0: number; table: PageTable }
  | { kind: 'text'; y0: number; block: Exclude<Block, { type: 'table' }> };

export function buildBlocks(pages: PositionedPage[]): Block[] {
  const clean = removeFurniture(pages);
  const bodySize = median(wordHeights(clean)) || 10;
  // a borderless table ending a page lends its columns to the page after
  const perPage: Item[][] = [];
  clean.forEach((p, i) => {
    const before = perPage[i - 1]?.[perPage[i - 1].length - 1];
    const hint = before?.kind === 'table' && !before.table.ruled && before.table.page === p.page - 1 ? before.table : undefined;
    perPage.push(pageItems(p, bodySize, hint));
  });
  return joinPages(perPage, clean);
}

// (its own function: the loop over every word made buildBlocks hot, and V8
// compiled it whole, with all it inlines, for one call a document)
function wordHeights(pages: PositionedPage[]): number[] {
  const sizes: number[] = [];
  for (const p of pages) for (const w of p.words) sizes.push(wordHeight(w));
  return sizes;
}

function pageItems(page: PositionedPage, bodySize: number, hint?: PageTable): Item[] {
  const size = median(page.words.map(wordHeight)) || bodySize;
  const tol = tolerance(size);
  const items: Item[] = [];
  // plots and diagrams the reader saw drawn; their labels lie around them
  const fm = TABLE_SETTINGS.figureMargin * size;
  const figures: [number, number, number, number][] = (page.figures ?? []).map((f) => [f.x0 - fm, f.y0 - fm, f.x1 + fm, f.y1 + fm]);
  let words = page.words;
  // smallest first: a table ruled inside another's cell takes its own words
  // before the table round it does
  const area = (b: [number, number, number, number]) => (b[2] - b[0]) * (b[3] - b[1]);
  const regions = rulingRegions(page.rulings, tol).sort((a, b) => area(a.bbox) - area(b.bbox));
  for (const region of regions) {
    if (region.hs.length < 2 || region.vs.length < 2) continue;
    const [x0, y0, x1, y1] = region.bbox;
    const inside = (w: PositionedWord) => {
      const cx = (w.x0 + w.x1) / 2;
      const cy = (w.y0 + w.y1) / 2;
      return cx >= x0 - tol && cx <= x1 + tol && cy >= y0 - tol && cy <= y1 + tol;
    };
    const table = ruledTable(region, words.filter(inside), page.page, tol);
    if (table === 'figure' || table === 'box') {
      // a chart's axis labels lie around its grid; a box's text inside it
      const m = table === 'figure' ? TABLE_SETTINGS.figureMargin * size : tol;
      figures.push([x0 - m, y0 - m, x1 + m, y1 + m]);
      continue;
    }
    if (!table) continue;
    items.push({ kind: 'table', y0: table.bbox[1], table });
    words = words.filter((w) => !inside(w));
  }
  // a chart's words (its axis labels around the grid too) are text, not table
  // so are words set across the lines (an axis title up the side), where
  // they are a few on the page
  const fewVertical = page.words.filter((w) => w.vertical).length < 0.5 * page.words.length;
  const inFigure = (w: PositionedWord) => {
    if (w.vertical && fewVertical) return true;
    const cx = (w.x0 + w.x1) / 2;
    const cy = (w.y0 + w.y1) / 2;
    return figures.some(([x0, y0, x1, y1]) => cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1);
  };
  const figureWords = words.filter(inFigure);
  const lines = groupLines(figureWords.length ? words.filter((w) => !inFigure(w)) : words);
  const used = new Set<number>();
  for (const t of findTextTables(lines, page.page, hint)) {
    items.push({ kind: 'table', y0: t.table.bbox[1], table: t.table });
    for (const i of t.used) used.add(i);
  }
  const rest = lines.filter((_, i) => !used.has(i));
  if (figureWords.length) rest.push(...groupLines(figureWords));
  rest.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  for (const b of textBlocks(rest, page.page, bodySize)) items.push(b);
  return items.sort((a, b) => a.y0 - b.y0);
}

const BULLET = /^[•●▪◦·\-–*]$/;
const NUMBERED = /^\(?\d{1,3}[.)]$/;

/** Lines -> headings and paragraphs. A paragraph ends at a wider gap, a change
 * of left edge back to the margin after an indented run, or a bullet. */
function textBlocks(lines: Line[], page: number, bodySize: number): Item[] {
  const out: Item[] = [];
  let cur: Line[] = [];
  const flush = () => {
    if (!cur.length) return;
    const text = cur.map(lineText).join('\n');
    const words = flatMapped(cur, (l) => l.words);
    const bold = words.every((w) => w.bold);
    const big = median(words.map(wordHeight)) >= bodySize * 1.2;
    const heading = (bold || big) && cur.length <= 3 && text.length <= 200;
    out.push({
      kind: 'text',
      y0: cur[0].y0,
      block: heading ? { type: 'heading', text: text.replace(/\n/g, ' '), page } : { type: 'paragraph', text, page },
    });
    cur = [];
  };
  for (const l of lines) {
    const prev = cur[cur.length - 1];
    if (prev) {
      const gap = lineGap(prev, l);
      const first = l.words[0]?.text ?? '';
      const styleChange = !!prev.words.every((w) => w.bold) !== !!l.words.every((w) => w.bold);
      if (gap > 0.6 * Math.max(prev.size, l.size) || BULLET.test(first) || NUMBERED.test(first) || styleChange) flush();
    }
    cur.push(l);
  }
  flush();
  return groupLists(out);
}

/** White space between two lines, from their centres and text sizes: the
 * same for a text layer, whose boxes are one text size tall, and for OCR
 * words, whose boxes reach from ascender to descender and overlap between
 * lines of a paragraph. */
function lineGap(a: Line, b: Line): number {
  return (b.y0 + b.y1) / 2 - (a.y0 + a.y1) / 2 - (a.size + b.size) / 2;
}

/** Runs of paragraphs that open with a number ("1.", "2)") or a bullet become
 * one list block, the markers taken off the items. */
function groupLists(items: Item[]): Item[] {
  const out: Item[] = [];
  let run: { y0: number; marker: string; text: string; page: number }[] = [];
  let kind: 'numbered' | 'bullet' | null = null;
  const flush = () => {
    if (run.length >= 2 || (run.length === 1 && kind === 'bullet')) {
      out.push({
        kind: 'text',
        y0: run[0].y0,
        block: {
          type: 'list',
          items: run.map((r) => r.text),
          ...(kind === 'numbered' ? { numbers: run.map((r) => r.marker.replace(/^\(|[.)]$/g, '')) } : {}),
          numbered: kind === 'numbered',
          page: run[0].page,
        },
      });
    } else {
      for (const r of run) out.push({ kind: 'text', y0: r.y0, block: { type: 'paragraph', text: `${r.marker} ${r.text}`, page: r.page } });
    }
    run = [];
    kind = null;
  };
  for (const it of items) {
    const b = it.kind === 'text' && it.block.type === 'paragraph' ? it.block : null;
    const m = b ? LIST_ITEM.exec(b.text) : null;
    const k = m ? (NUMBERED.test(m[1]) ? 'numbered' : 'bullet') : null;
    if (!b || !m || (kind && k !== kind)) flush();
    if (b && m && k) {
      kind = k;
      run.push({ y0: it.y0, marker: m[1], text: m[2], page: b.page });
    } else out.push(it);
  }
  flush();
  return out;
}

const LIST_ITEM = /^(\(?\d{1,3}[.)]|[•●▪◦·\-–*])\s+([\s\S]+)$/;

function joinPages(perPage: Item[][], pages: PositionedPage[]): Block[] {
  const blocks: Block[] = [];
  let chain: PageTable[] = [];
  const endChain = () => {
    if (chain.length) blocks.push({ type: 'table', grid: stitchTables(chain) });
    chain = [];
  };
  perPage.forEach((items, pi) => {
    items.forEach((item, ii) => {
      if (item.kind === 'text') {
        endChain();
        blocks.push(item.block);
        return;
      }
      const last = chain[chain.length - 1];
      const continues =
        last !== undefined &&
        ii === 0 &&
        last.page === pages[pi].page - 1 &&
        isLastOnPage(perPage[pi - 1], last) &&
        sameColumns(last, item.table);
      if (!continues) endChain();
      chain.push(item.table);
    });
  });
  endChain();
  return blocks;
}

function isLastOnPage(items: Item[] | undefined, t: PageTable): boolean {
  if (!items?.length) return false;
  const last = items[items.length - 1];
  return last.kind === 'table' && last.table === t;
}
