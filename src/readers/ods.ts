// OpenDocument spreadsheets (.ods): content.xml read like the .odt reader reads
// it (zip limits, no DTDs), each table:table a sheet. Repeated rows and
// columns (how ODF writes runs of empty cells, up to the sheet's last row) only
// advance the position; spanned cells become merges (sheets.ts).
import { InputError } from '../model.ts';
import type { ReaderOutput } from './contract.ts';
import { ODS_MIME } from './sniff.ts';
import { readOdfParts } from './odt.ts';
import { MAX_SHEET_CELLS, sheetsToBlocks, type Merge, type Sheet } from './sheets.ts';
import type { El, XmlNode } from './docx/xml.ts';

const TEXT = '{urn:oasis:names:tc:opendocument:xmlns:text:1.0}';
const TABLE = '{urn:oasis:names:tc:opendocument:xmlns:table:1.0}';
const OFFICE = '{urn:oasis:names:tc:opendocument:xmlns:office:1.0}';

/** A filled row or cell repeated more than this is a fill, not a plan: it counts once per this many. */
const MAX_FILLED_REPEAT = 1000;

const elements = (e: El): El[] => e.children.filter((c): c is El => typeof c !== 'string');
const repeat = (e: El, name: string) => Math.max(1, Number.parseInt(e.attr(TABLE + name) ?? '1', 10) || 1);

function inlineText(nodes: XmlNode[]): string {
  let s = '';
  for (const n of nodes) {
    if (typeof n === 'string') s += n;
    else if (n.name === TEXT + 's') s += ' '.repeat(Math.min(64, Number.parseInt(n.attr(TEXT + 'c') ?? '1', 10) || 1));
    else if (n.name === TEXT + 'tab') s += '\t';
    else if (n.name === TEXT + 'line-break') s += '\n';
    else s += inlineText(n.children);
  }
  return s;
}

/** A cell's text: its paragraphs, one line each (lists included). */
function cellText(cell: El): string {
  const lines: string[] = [];
  const walk = (e: El) => {
    for (const c of elements(e)) {
      if (c.name === TEXT + 'p' || c.name === TEXT + 'h') lines.push(inlineText(c.children));
      else walk(c);
    }
  };
  walk(cell);
  return lines.join('\n').trim();
}

function readSheet(table: El): Sheet {
  const rows: string[][] = [];
  const merges: Merge[] = [];
  let r = 0;
  let cellsSeen = 0;
  const visitRows = (parent: El) => {
    for (const row of elements(parent)) {
      if (row.name === TABLE + 'table-header-rows' || row.name === TABLE + 'table-row-group' || row.name === TABLE + 'table-rows') {
        visitRows(row);
        continue;
      }
      if (row.name !== TABLE + 'table-row') continue;
      const cells: { c: number; text: string; cols: number; rows: number }[] = [];
      let c = 0;
      for (const cell of elements(row)) {
        if (cell.name !== TABLE + 'table-cell' && cell.name !== TABLE + 'covered-table-cell') continue;
        const n = repeat(cell, 'number-columns-repeated');
        const text = cell.name === TABLE + 'table-cell' ? cellText(cell) : '';
        if (text) {
          for (let k = 0; k < Math.min(n, MAX_FILLED_REPEAT); k++) {
            cells.push({ c: c + k, text, cols: repeat(cell, 'number-columns-spanned'), rows: repeat(cell, 'number-rows-spanned') });
          }
        } else if (cell.name === TABLE + 'table-cell' && (cell.attr(TABLE + 'number-columns-spanned') || cell.attr(TABLE + 'number-rows-spanned'))) {
          cells.push({ c, text: '', cols: repeat(cell, 'number-columns-spanned'), rows: repeat(cell, 'number-rows-spanned') });
        }
        c += n;
      }
      const times = repeat(row, 'number-rows-repeated');
      if (cells.length) {
        for (let k = 0; k < Math.min(times, MAX_FILLED_REPEAT); k++) {
          const out: string[] = (rows[r + k] = []);
          for (const x of cells) {
            out[x.c] = x.text;
            if ((x.cols > 1 || x.rows > 1) && k === 0) merges.push({ r0: r, c0: x.c, r1: r + x.rows - 1, c1: x.c + x.cols - 1 });
          }
          cellsSeen += cells.length;
          if (cellsSeen > MAX_SHEET_CELLS) throw new InputError(`spreadsheet holds more than ${MAX_SHEET_CELLS} filled cells: refused`, 'read');
        }
      }
      r += times;
    }
  };
  visitRows(table);
  return { name: table.attr(TABLE + 'name') ?? '', rows, merges };
}

export async function readOds(bytes: Uint8Array): Promise<ReaderOutput<'ods'>> {
  const { content } = readOdfParts(bytes, ODS_MIME, 'OpenDocument spreadsheet');
  const body = content.first(`${OFFICE}body`)?.first(`${OFFICE}spreadsheet`);
  if (!body) throw new InputError('OpenDocument spreadsheet without a spreadsheet body', 'read');
  const sheets = elements(body).filter((e) => e.name === TABLE + 'table').map(readSheet);
  return { kind: 'blocks', extractor: 'ods', blocks: sheetsToBlocks(sheets), pageCount: Math.max(1, sheets.length), notes: [] };
}
