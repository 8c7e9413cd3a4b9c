// Reader for plain-text exports (.txt, .tsv): decode the bytes, recognise the
// export's shape from its content, and hand back blocks (headings,
// paragraphs, lists, tables as grids). Words inside cells may still be
// damaged; repair comes later.
import type { Block, Intermediate } from '../../model.ts';
import { countMarkup } from './clean.ts';
import { decodeText, type TextEncoding } from './decode.ts';
import { readFlat, looksFlat } from './flat.ts';
import { readIndented, looksIndented } from './indented.ts';
import { findJoinedHeader, findParaHeader, readJoined, readParagraphCells } from './joined.ts';
import { proseBlocks } from './prose.ts';
import { toTextLine, type TextLine } from './rows.ts';
import { readTabbed } from './tabbed.ts';

export { decodeText, decodeWindows1252 } from './decode.ts';
export type { TextEncoding } from './decode.ts';

export type TextLayout = 'tabbed' | 'indented' | 'flat' | 'joined' | 'paragraph-cells' | 'prose';

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
  if (multiTab >= nonBlank.length * 0.3) return 'tabbed';
  if (looksIndented(lines)) return 'indented';
  if (looksFlat(lines)) return 'flat';
  if (findJoinedHeader(lines)) return 'joined';
  if (findParaHeader(lines)) return 'paragraph-cells';
  return 'prose';
}

export function readText(bytes: Uint8Array, opts: ReadTextOptions = {}): Intermediate & { encoding: TextEncoding } {
  const decoded = decodeText(bytes);
  const lines = splitLines(decoded.text);
  const layout = opts.layout ?? detectLayout(lines);
  const notes: string[] = [];
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
    case 'indented':
      blocks = readIndented(lines);
      break;
    case 'flat': {
      const r = readFlat(lines);
      blocks = r.blocks;
      notes.push(...r.notes);
      break;
    }
    case 'joined': {
      const reading = findJoinedHeader(lines);
      if (!reading) throw new Error('text reader: no table header joined by " / ", " | " or line-end marks');
      const r = readJoined(lines, reading);
      blocks = r.blocks;
      notes.push(...r.notes);
      break;
    }
    case 'paragraph-cells': {
      const reading = findParaHeader(lines);
      if (!reading) throw new Error('text reader: no table header copied one cell per paragraph');
      const r = readParagraphCells(lines, reading);
      blocks = r.blocks;
      notes.push(...r.notes);
      break;
    }
    default:
      blocks = proseBlocks(lines.map((l) => ({ text: l.raw, no: l.no, page: l.page })));
  }
  const pageCount = lines.reduce((m, l) => Math.max(m, l.page), 1);
  return { format: 'text', extractor: 'text', pageCount, blocks, notes, encoding: decoded.encoding };
}
