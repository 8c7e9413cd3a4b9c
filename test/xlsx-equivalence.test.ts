// The direct Excel reader against the exceljs-based reference reader
// (dev/reference): on every workbook fixture, on workbooks exceljs writes with
// every kind of cell a plan holds, and on the same workbooks as LibreOffice
// writes them, the blocks must be equal. Where exceljs is wrong and the direct
// reader is right, the difference is asserted on its own below.
import { readdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ReaderOutput } from '../src/readers/contract.ts';
import { convertWithLibreOffice } from '../src/readers/libreoffice.ts';
import { readXlsx } from '../src/readers/xlsx.ts';
import { readXlsxExcelJs } from '../dev/reference/xlsx-exceljs.ts';
import { fixture } from './helpers/fixtures.ts';

async function book(fill: (wb: ExcelJS.Workbook) => void, opts: Partial<ExcelJS.XlsxWriteOptions> = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer(opts));
}

/** A plan sheet with every kind of cell: shared and rich text, dates with and
 * without a time, money, percentages, booleans, errors, formulas (cached,
 * shared, never calculated), merges, hidden sheets, a second named sheet. */
function everyCell(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet('Plan');
  ws.addRow(['Compact Action Plan']);
  ws.addRow([]);
  ws.addRow(['Ref', 'Action', 'Due', 'Cost', 'Share', 'Done', 'When', 'Err', 'Sum']);
  ws.addRow(['1.1', { richText: [{ text: 'Review ' }, { text: 'grants & <loans>', font: { bold: true } }] }, new Date(Date.UTC(2010, 2, 31)), 12500.456, 0.125, true, new Date(Date.UTC(2011, 5, 1, 9, 30)), { error: '#N/A' }, { formula: 'D4*2', result: 25000.912 }]);
  ws.getCell('D4').numFmt = '"£"#,##0.00';
  ws.getCell('E4').numFmt = '0.0%';
  ws.getCell('G4').numFmt = 'dd/mm/yyyy hh:mm';
  ws.addRow(['1.2', 'Line one\nLine two', 'March 2011', -3, 0.1 + 0.2, false, 40000, '', { formula: 'A1', result: undefined } as never]);
  ws.getCell('G5').numFmt = 'DD/MM/YYYY';
  ws.addRow(['1.3', 'Tab\there', '0042', 1e21, 123456789.125, null, 40000.5, 'x', { sharedFormula: 'I4', result: 7 } as never]);
  ws.getCell('G6').numFmt = '[$-809]dd mmmm yyyy;@';
  ws.getCell('D6').numFmt = '#,##0';
  ws.mergeCells('A7:C7');
  ws.getCell('A7').value = 'MERGED SECTION';
  ws.mergeCells('I5:I6');
  ws.getCell('B8').value = 'after a blank row';
  ws.getCell('C8').value = 'A_x000D_B & more';
  wb.addWorksheet('Lookups', { state: 'hidden' }).addRow(['R', 'A', 'G']);
  wb.addWorksheet('Codes', { state: 'veryHidden' }).addRow(['a', 'b']);
  const second = wb.addWorksheet('Volunteering');
  second.addRow(['Action', 'Lead']);
  second.addRow(['Recruit volunteers', 'CVS']);
}

function cellsOf(out: ReaderOutput<'xlsx'>): string[] {
  if (out.kind !== 'blocks') throw new Error('the xlsx reader returns blocks');
  return out.blocks.flatMap((b) => (b.type === 'table' ? b.grid.cells.map((c) => c.text) : b.type === 'list' ? b.items : [b.text]));
}

describe('xlsx reader against the exceljs reference', () => {
  const fixtures = readdirSync(fixture('converted')).map((d) => fixture('converted', d, 'plan.xlsx')).filter((p) => {
    try {
      return readFileSync(p).length > 0;
    } catch {
      return false;
    }
  });

  it.each(fixtures)('%s: the same blocks', async (path) => {
    const bytes = new Uint8Array(readFileSync(path));
    expect(await readXlsx(bytes)).toEqual(await readXlsxExcelJs(bytes));
  });

  it('every kind of cell, shared and inline strings: the same blocks, and what each cell shows', async () => {
    for (const opts of [{}, { useSharedStrings: false }]) {
      const bytes = await book(everyCell, opts);
      const ours = await readXlsx(bytes);
      expect(ours).toEqual(await readXlsxExcelJs(bytes));
      const cells = cellsOf(ours);
      for (const shown of ['Review grants & <loans>', '31/03/2010', '£12,500.46', '12.5%', 'true', '2011-06-01 09:30', '25000.912',
        'Line one\nLine two', '0.30000000000000004', 'false', '06/07/2009', '0042', '1e+21', '2009-07-06 12:00', 'MERGED SECTION', 'A\nB & more']) {
        expect(cells).toContain(shown);
      }
      expect(cells).not.toContain('#N/A');
      expect(cells.join(' ')).not.toMatch(/Lookups|Codes|\bR\b/);
    }
  });

  it('the same workbook as LibreOffice writes it: equal but where exceljs misreads it', async () => {
    const written = await book((wb) => {
      everyCell(wb);
      wb.properties.date1904 = true;
    });
    // through .ods and back: asked for .xlsx from .xlsx, LibreOffice hands back the file as it was
    const ods = await convertWithLibreOffice(written, 'xlsx', 'ods', { what: 'workbook' });
    const lo = await convertWithLibreOffice(ods, 'ods', 'xlsx', { what: 'workbook' });
    const ours = await readXlsx(lo);
    const ref = await readXlsxExcelJs(lo);
    // LibreOffice keeps the 1904 date system (date1904="true") with every serial
    // counted from 1904; exceljs reads the flag but counts from 1900, four years early
    expect(cellsOf(ref)).toContain('30/03/2006');
    expect(cellsOf(ours)).toContain('31/03/2010');
    expect(cellsOf(ours)).toContain('2011-06-01 09:30');
    // a boolean is written as a formula, =FALSE() with its cached 0; exceljs shows nothing
    expect(cellsOf(ours)).toContain('false');
    const shift = (s: string) => s.replace(/^(\d\d)\/(\d\d)\/(\d{4})$/, (_, d, m, y) => {
      const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)) + 1462 * 86_400_000);
      return `${String(t.getUTCDate()).padStart(2, '0')}/${String(t.getUTCMonth() + 1).padStart(2, '0')}/${t.getUTCFullYear()}`;
    }).replace(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d)$/, (_, day, time) => `${new Date(Date.parse(`${day}T00:00:00Z`) + 1462 * 86_400_000).toISOString().slice(0, 10)} ${time}`);
    // apart from those two, cell for cell the same
    const refFixed = cellsOf(ref).map(shift);
    expect(cellsOf(ours).map((c, i) => (c === 'false' && refFixed[i] === '' ? '' : c))).toEqual(refFixed);
  }, 120_000);
});
