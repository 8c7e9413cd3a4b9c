// Reader for plain-text exports (.txt, .tsv): decode the bytes, recognise the
// export's shape from its content, and hand back blocks (headings,
// paragraphs, lists, tables as grids). Words inside cells may still be
// damaged; repair comes later.
import { dropPageFurniture } from './chrome.ts';
import type { Block, Intermediate } from '../../model.ts';
import { countMarkup } from './clean.ts';
import { decodeText, type TextEncoding } from './decode.ts';
import { findFixedHeader, fixedToTabs, type FixedReading } from './fixed.ts';
import { readFlat, looksFlat } from './flat.ts';
import { readIndented, looksIndented } from './indented.ts';
import { findContentHeader } from './content-header.ts';
import { readContent } from './content.ts';
import { pieceKind } from './kinds.ts';
import { findJoinedHeader, readJoined } from './joined.ts';
import { findParaHeader, readParagraphCells } from './paragraphs.ts';
import { findSpacedHeader, readSpaced } from './spaced.ts';
import { proseBlocks } from './prose.ts';
import { toTextLine, type TextLine } from './rows.ts';
import { findSplitRows } from './tab-paragraphs.ts';
import { readTabbed } from './tabbed.ts';

export { decodeText, decodeWindows1252 } from './decode.ts';
export type { TextEncoding } from './decode.ts';

export type TextLayout = 'tabbed' | 'fixed' | 'indented' | 'flat' | 'joined' | 'paragraph-cells' | 'spaced' | 'content' | 'prose';

/** below this share of the rows found, a copy's layout is reported as uncertain */
const COPY_CONFIDENCE = 0.75;
/** a cell fits its column when this share of the column's cells are of its kind */
const KIND_SHARE = 0.3;

export interface ReadTextOptions {
  /** force a layout instead of detecting it */
  layout?: TextLayout;
}

/** Split decoded text into lines; a form feed starts a new page. */
export function splitLines(text: string): TextLine[] {
  const out: TextLine[] = [];
  let page = 1;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const ff = raw.split('\f');
    page += ff.length - 1;
    out.push(toTextLine(ff.join(''), i + 1, page));
  });
  return out;
}

export function detectLayout(lines: TextLine[]): TextLayout {
  const nonBlank = lines.filter((l) => l.raw.trim());
  if (nonBlank.length === 0) return 'prose';
  const multiTab = nonBlank.filter((l) => (l.raw.match(/\t/g) ?? []).length >= 2).length;
  if (multiTab >= nonBlank.length * 0.3 || findSplitRows(lines)) return 'tabbed';
  if (findFixedHeader(lines)) return 'fixed';
  if (looksIndented(lines)) return 'indented';
  return bestCopyReading(lines).layout;
}

/** Rows of a reading's tables that hold two cells or more, each cell of a
 * kind its column often holds (refs under refs, dates under dates): how much
 * of the file the reading explains as table rows. */
function rowsRead(blocks: Block[]): number {
  let n = 0;
  for (const b of blocks) {
    if (b.type !== 'table') continue;
    const rows: string[][] = [];
    for (let r = 0; r < b.grid.nrows; r++) {
      if (b.grid.rows[r]?.header) continue;
      const cells = b.grid.cells.filter((c) => c.row === r && c.colspan === 1);
      if (cells.filter((c) => c.text.trim()).length < 2) continue;
      const row: string[] = Array(b.grid.ncols).fill('');
      for (const c of cells) row[c.col] = c.text;
      rows.push(row);
    }
    const kinds = rows.map((row) => row.map((t) => (t.trim() ? pieceKind(t.split('\n')[0]) : '')));
    const share = (col: number, kind: string) => kinds.filter((k) => k[col] === kind).length / Math.max(1, kinds.filter((k) => k[col]).length);
    n += kinds.filter((k) => k.every((kind, col) => !kind || share(col, kind) >= KIND_SHARE)).length;
  }
  return n;
}

interface Reading {
  layout: TextLayout;
  blocks: Block[];
  notes: string[];
  /** the best reading's rows against the runner-up's: 1 when no other reading finds rows */
  confidence: number;
}

/** A fixed-width reading: each table's pieces put in tab-separated columns, read as a tab grid. */
function readFixed(lines: TextLine[], reading: FixedReading): { blocks: Block[]; notes: string[] } {
  const fixed = fixedToTabs(lines, reading);
  const r = readTabbed(fixed.lines);
  const notes = ['text copy: columns at fixed character positions (two spaces or more apart) read as a tab grid', ...r.notes];
  if (fixed.pageNumbers) notes.push(`text copy: ${fixed.pageNumbers} page number line(s) removed`);
  return { blocks: r.blocks, notes };
}

/** Text copies without tabs: read the file each way whose header is found
 * (joined cells, one cell per paragraph, cells separated by spaces) and keep the reading that explains
 * the most rows, with how far it beats the next. */
function bestCopyReading(lines: TextLine[]): Reading {
  let r = copyReadings.get(lines);
  if (!r) copyReadings.set(lines, (r = readCopies(lines)));
  return r;
}

// detectLayout and readText ask for the same file's readings: made once
const copyReadings = new WeakMap<TextLine[], Reading>();

function readCopies(lines: TextLine[]): Reading {
  const readings: Omit<Reading, 'confidence'>[] = [];
  const joined = findJoinedHeader(lines);
  if (joined) readings.push({ layout: 'joined', ...readJoined(lines, joined) });
  const para = findParaHeader(lines);
  if (para) readings.push({ layout: 'paragraph-cells', ...readParagraphCells(lines, para) });
  const spaced = findSpacedHeader(lines);
  if (spaced) readings.push({ layout: 'spaced', ...readSpaced(lines, spaced) });
  if (looksFlat(lines)) readings.push({ layout: 'flat', ...readFlat(lines) });
  const content = findContentHeader(lines);
  if (content) readings.push({ layout: 'content', ...readContent(lines, content) });
  // a fixed-width table among prose (the file as a whole too little split for
  // detectLayout to take it as one)
  const fixed = findFixedHeader(lines, 0, true);
  if (fixed) readings.push({ layout: 'fixed', ...readFixed(lines, fixed) });
  const scored = readings.map((r) => ({ r, rows: rowsRead(r.blocks) })).sort((a, b) => b.rows - a.rows);
  const best = scored[0];
  if (!best || best.rows === 0) return { layout: 'prose', blocks: [], notes: [], confidence: 1 };
  const second = scored[1]?.rows ?? 0;
  return { ...best.r, confidence: best.rows / (best.rows + second) };
}

export function readText(bytes: Uint8Array, opts: ReadTextOptions = {}): Intermediate & { encoding: TextEncoding } {
  const decoded = decodeText(bytes);
  const furniture = dropPageFurniture(splitLines(decoded.text));
  const lines = furniture.lines;
  const layout = opts.layout ?? detectLayout(lines);
  const notes: string[] = [];
  if (furniture.removed) notes.push(`text copy: ${furniture.removed} page number line(s) or running header line(s) removed`);
  if (decoded.encoding !== 'utf-8') notes.push(`text decoded as ${decoded.encoding}`);
  const tags = countMarkup(decoded.text);
  if (tags) notes.push(`text export: ${tags} stray markup tag(s) removed`);
  let blocks: Block[];
  switch (layout) {
    case 'tabbed': {
      const r = readTabbed(lines);
      blocks = r.blocks;
      notes.push(...r.notes);
      break;
    }
    case 'fixed': {
      // the whole file split at columns, or a table among prose that explained
      // the most rows of the copy readings
      const reading = findFixedHeader(lines);
      const r = reading ? readFixed(lines, reading) : bestCopyReading(lines);
      if (!reading && (r as Reading).layout !== 'fixed') throw new Error('text reader: the text does not read as a fixed-width table');
      blocks = r.blocks;
      notes.push(...r.notes);
      break;
    }
    case 'indented':
      blocks = readIndented(lines);
      break;
    case 'joined':
    case 'paragraph-cells':
    case 'spaced':
    case 'flat':
    case 'content': {
      const r = bestCopyReading(lines);
      if (r.layout !== layout) throw new Error(`text reader: the text does not read as a ${layout} table`);
      blocks = r.blocks;
      notes.push(...r.notes);
      if (r.confidence < COPY_CONFIDENCE) notes.push(`text copy: layout uncertain (${layout} explains ${Math.round(r.confidence * 100)}% of the rows the readings found)`);
      break;
    }
    default:
      blocks = proseBlocks(lines.map((l) => ({ text: l.raw, no: l.no, page: l.page })));
  }
  const pageCount = lines.reduce((m, l) => Math.max(m, l.page), 1);
  return { format: 'text', extractor: 'text', pageCount, blocks, notes, encoding: decoded.encoding };
}
