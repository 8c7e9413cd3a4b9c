// Normalisation of table grids shaped like other councils' plans.
import { describe, expect, it } from 'vitest';
import type { Grid, GridCell } from '../src/model.ts';
import { normaliseBlocks } from '../src/normalise/document.ts';

/** A grid from rows of cells: a string is a cell, null is covered by the cell
 * above (merged), [text, colspan] spans columns. */
function grid(rows: Array<Array<string | null | [string, number]>>, explicitMerges = true, headerRows = 0): Grid {
  const cells: GridCell[] = [];
  const ncols = Math.max(...rows.map((r) => r.reduce<number>((n, c) => n + (Array.isArray(c) ? c[1] : 1), 0)));
  rows.forEach((row, r) => {
    let col = 0;
    for (const c of row) {
      if (c === null) {
        col++;
        continue;
      }
      const [text, colspan] = Array.isArray(c) ? c : [c, 1];
      let rowspan = 1;
      while (rows[r + rowspan]?.[row.indexOf(c)] === null && !Array.isArray(c)) rowspan++;
      cells.push({ row: r, col, rowspan, colspan, text });
      col += colspan;
    }
  });
  return {
    page: 1, pages: [1], nrows: rows.length, ncols, cells, explicitMerges,
    rows: rows.map((_, i) => ({ page: 1, sourceRow: i + 1, ...(i < headerRows ? { header: true } : {}) })),
  };
}

const records = (g: Grid) => normaliseBlocks([{ type: 'table', grid: g }]).records;

describe('tables from other councils', () => {
  it('reads a two-row header: a spanning label over sub-labels', () => {
    const g = grid([
      ['Ref', 'Action', 'Lead', ['Progress', 2]],
      ['', '', '', 'R/A/G', 'Comments'],
      ['1', 'Publish a grants prospectus', 'Grants Officer', 'G', 'Published in May'],
    ], true, 2);
    const [r] = records(g);
    expect(r).toMatchObject({ ref: '1', action: 'Publish a grants prospectus', lead: 'Grants Officer', status: 'G', progress: 'Published in May' });
  });

  it('fills empty ref and action down when the source cannot mark merges (text exports)', () => {
    const g = grid([
      ['No.', 'Key task', 'Timescale', 'Who'],
      ['2.', 'Review the Compact', 'March 2011', 'CVS'],
      ['', '', 'June 2011', 'Council'],
      ['3 (cont.)', '', 'Sept 2011', 'LSP'],
    ], false);
    const rs = records(g);
    expect(rs.map((r) => [r.ref, r.action, r.due_date, r.lead])).toEqual([
      ['2', 'Review the Compact', '2011-03', 'CVS'],
      ['2', 'Review the Compact', '2011-06', 'Council'],
      ['3', null, '2011-09', 'LSP'],
    ]);
  });

  it('does not fill down other fields, and keeps empty cells empty where merges are explicit', () => {
    const g = grid([
      ['Action', 'Lead', 'By when'],
      ['Set up a volunteering forum', 'Volunteer Centre', 'April 2010'],
      ['Run two recruitment fairs', '', ''],
    ]);
    expect(records(g).map((r) => [r.action, r.lead, r.due])).toEqual([
      ['Set up a volunteering forum', 'Volunteer Centre', 'April 2010'],
      ['Run two recruitment fairs', null, null],
    ]);
  });

  it('nests an ordinary-case section under an upper-case one and adds the theme column', () => {
    const g = grid([
      ['Theme', 'Activity', 'Outcome'],
      [['SUPPORTING THE SECTOR', 3]],
      [['Infrastructure', 3]],
      ['Capacity building', 'Fund a development worker', 'Stronger groups'],
      [null, 'Offer governance training', 'Better run groups'],
      [['FUNDING', 3]],
      ['Grants', 'Simplify grant forms', 'Less paperwork'],
    ]);
    expect(records(g).map((r) => r.section)).toEqual([
      'SUPPORTING THE SECTOR > Infrastructure > Capacity building',
      'SUPPORTING THE SECTOR > Infrastructure > Capacity building',
      'FUNDING > Grants',
    ]);
  });

  it('nests unnumbered section rows under a numbered one, and "1.2" under "1."', () => {
    const g = grid([
      ['No.', 'What we will do', 'Who'],
      [['Theme 1: More people volunteering', 3]],
      [['Reaching new volunteers', 3]],
      ['1.1', 'Run a volunteering fair', 'Volunteer Centre'],
      [['Young people', 3]],
      ['1.2', 'Offer accredited placements', 'Youth Service'],
      [['Theme 2: Better support for groups', 3]],
      ['2.1', 'Train volunteer managers', 'Volunteer Centre'],
      [['3. Council staff as volunteers', 3]],
      [['3.1 Employer supported volunteering', 3]],
      ['3.1.1', 'Give staff two days a year', 'Head of HR'],
    ]);
    expect(records(g).map((r) => r.section)).toEqual([
      'Theme 1: More people volunteering > Reaching new volunteers',
      'Theme 1: More people volunteering > Young people',
      'Theme 2: Better support for groups',
      '3. Council staff as volunteers > 3.1 Employer supported volunteering',
    ]);
  });

  it('reads each column of a two-row header by its own sub-label, even when the sub-labels look like a header', () => {
    const g = grid([
      ['Ref', 'Key action', ['Responsibility', 2], 'Target date', ['Resources', 2], 'RAG'],
      [null, null, 'Lead', 'Partners', null, 'Budget', 'Source', null],
      ['1.2', 'Set up a third sector assembly', 'Voluntary Action', 'Council; PCT', 'July 2009', '£4.5k', 'LAA Reward Grant', 'G'],
    ], true, 2);
    const [r] = records(g);
    expect([r.lead, r.resources, r.cost_gbp, r.funding, r.status]).toEqual(['Voluntary Action', '£4.5k', 4500, 'LAA Reward Grant', 'G']);
  });

  it('takes sub-labels under spanning header labels as part of the header when the source does not mark header rows', () => {
    const g = grid([
      ['Ref', 'Key action', ['Responsibility', 2], 'Target date', ['Resources', 2]],
      ['', '', 'Lead', 'Partners', '', 'Budget', 'Source'],
      ['2.1', 'Launch a loan fund for social enterprises', 'Head of Economic Development', 'Local banks', 'Q2 2009/10', '£250,000', 'Working Neighbourhoods Fund'],
    ], true, 0);
    expect(records(g).map((r) => [r.ref, r.lead, r.due_date, r.cost_gbp, r.funding])).toEqual([
      ['2.1', 'Head of Economic Development', '2009', 250000, 'Working Neighbourhoods Fund'],
    ]);
  });

  it('skips repeated header rows and continues a table split into two', () => {
    const head = ['Action No', 'Action', 'Lead Officer', 'Target Date'];
    const first = grid([head, ['1', 'Agree a commissioning framework', 'Head of Procurement', '31/03/2011']]);
    const second = grid([['2', 'Train staff on the Compact', 'Policy Officer', 'Q2 2011']]);
    const repeat = grid([head, ['3', 'Publish a VCS directory', 'CVS', 'Dec 2010']]);
    const rs = normaliseBlocks([first, second, repeat].map((g) => ({ type: 'table' as const, grid: g }))).records;
    expect(rs.map((r) => [r.ref, r.lead, r.due_date])).toEqual([
      ['1', 'Head of Procurement', '2011-03-31'],
      ['2', 'Policy Officer', '2011'],
      ['3', 'CVS', '2010-12'],
    ]);
  });

  it('ignores tables that are not plans', () => {
    const g = grid([
      ['Indicator', 'Baseline', 'Target 2009/10'],
      ['NI7', '19.1%', '22%'],
    ]);
    const doc = normaliseBlocks([{ type: 'table', grid: g }]);
    expect(doc.records).toEqual([]);
    expect(doc.notes[0]).toMatch(/no plan table/);
  });
});
