// The Excel reader: grids with merged cells, what cells show, sheets as
// sections, and damaged or hostile workbooks refused with a reason.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Block } from '../src/model.ts';
import { processBytes, readBlocks } from '../src/pipeline/process.ts';
import { expectRefused } from './helpers/refused.ts';
import { BILLION_LAUGHS, makeZip } from './helpers/zip-writer.ts';

async function book(fill: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
const tables = (blocks: Block[]) => blocks.filter((b): b is Block & { type: 'table' } => b.type === 'table');

describe('xlsx reader', () => {
  it('reads the used range as a grid: title lines, merged cells as spans, what each cell shows', async () => {
    const bytes = await book((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['Compact Action Plan 2010']);
      ws.addRow([]);
      ws.addRow(['Ref', 'Action', 'Due', 'Cost']);
      ws.addRow(['GRANTS']);
      ws.mergeCells('A4:D4');
      ws.addRow(['1.1', { richText: [{ text: 'Review ' }, { text: 'grants', font: { bold: true } }] }, new Date(Date.UTC(2010, 2, 31)), 12500]);
      ws.getCell('D5').numFmt = '"£"#,##0';
      ws.addRow([null, 'Publish results', null, { formula: 'D5*2', result: 25000 }]);
      ws.mergeCells('A5:A6');
    });
    const inter = await readBlocks(bytes, {}, 'plan.xlsx');
    expect(inter.format).toBe('xlsx');
    expect(inter.blocks[0]).toMatchObject({ type: 'paragraph', text: 'Compact Action Plan 2010' });
    const [t] = tables(inter.blocks);
    expect(t.grid.nrows).toBe(4);
    expect(t.grid.cells).toContainEqual({ row: 1, col: 0, rowspan: 1, colspan: 4, text: 'GRANTS' });
    expect(t.grid.cells).toContainEqual({ row: 2, col: 0, rowspan: 2, colspan: 1, text: '1.1' });
    expect(t.grid.cells).toContainEqual({ row: 2, col: 1, rowspan: 1, colspan: 1, text: 'Review grants' });
    expect(t.grid.cells).toContainEqual({ row: 2, col: 2, rowspan: 1, colspan: 1, text: '31/03/2010' });
    expect(t.grid.cells).toContainEqual({ row: 2, col: 3, rowspan: 1, colspan: 1, text: '£12,500' });
    expect(t.grid.cells).toContainEqual({ row: 3, col: 3, rowspan: 1, colspan: 1, text: '25000' });
    expect(t.grid.rows.map((r) => r.sourceRow)).toEqual([3, 4, 5, 6]);
  });

  it('a plan split over named sheets: each sheet name is the section of its rows; hidden sheets are left out', async () => {
    const bytes = await book((wb) => {
      for (const name of ['Funding', 'Volunteering']) {
        const ws = wb.addWorksheet(name);
        ws.addRow(['Action', 'Lead', 'Due']);
        ws.addRow([`${name} action one`, 'CVS', 'March 2011']);
        ws.addRow([`${name} action two`, 'Council', 'June 2011']);
      }
      const hidden = wb.addWorksheet('Lookups', { state: 'hidden' });
      hidden.addRow(['R', 'A', 'G']);
    });
    const doc = await processBytes(bytes, {}, 'plan.xlsx');
    expect(doc.pageCount).toBe(2);
    expect(doc.records.map((r) => [r.section, r.action, r.provenance.page])).toEqual([
      ['Funding', 'Funding action one', 1], ['Funding', 'Funding action two', 1],
      ['Volunteering', 'Volunteering action one', 2], ['Volunteering', 'Volunteering action two', 2],
    ]);
  });

  const good = () => book((wb) => wb.addWorksheet('Sheet1').addRow(['a', 'b']));
  it.each([
    ['a corrupt workbook', async () => makeZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.xml', data: 'not xml at all <<<' }]), /Excel workbook could not be read|corrupt/],
    ['a zip bomb', async () => makeZip([{ name: 'xl/workbook.xml', data: '<workbook/>' }, { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(40 * 1024 * 1024) }]), /zip bomb/],
    ['billion laughs', async () => makeZip([{ name: 'xl/workbook.xml', data: `${BILLION_LAUGHS}<workbook>&lol4;</workbook>` }]), /declares a DTD/],
    ['a truncated workbook', async () => (await good()).subarray(0, 300), /truncated|not a zip/],
    ['a data dump (more than 200,000 filled cells)', async () => {
      const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
      const row = `<row>${'<c><v>1</v></c>'.repeat(10)}</row>`;
      return makeZip([
        { name: 'xl/workbook.xml', data: `<workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>` },
        { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
        { name: 'xl/worksheets/sheet1.xml', data: `<worksheet ${ns}><sheetData>${row.repeat(20_001)}</sheetData></worksheet>`, store: true },
      ]);
    }, /more than 200000 filled cells/],
    ['an encrypted workbook', async () => {
      const b = new Uint8Array(1024);
      b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
      const name = 'EncryptedPackage';
      for (let i = 0; i < name.length; i++) b[512 + i * 2] = name.charCodeAt(i);
      new DataView(b.buffer).setUint16(512 + 64, (name.length + 1) * 2, true);
      b[512 + 66] = 2;
      return b;
    }, /encrypted \(password-protected\)/],
  ])('refuses %s with a reason and stores nothing', async (_, make, reason) => {
    await expectRefused('plan.xlsx', await make(), reason);
  });
});
