// Columns mapped from header AND content, jointly for the whole table; the one
// header vocabulary; document facts by the form of a body's name. Small
// hand-made tables and texts (invented places), through the real normaliser.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block, Grid, GridCell } from '../src/model.ts';
import { bestAssignment } from '../src/normalise/assignment.ts';
import { findBodies } from '../src/normalise/bodies.ts';
import { cellKind } from '../src/normalise/cell-kinds.ts';
import { normaliseBlocks, tableColumnMappings } from '../src/normalise/document.ts';
import { headerWordField, isHeaderLabel, isHeaderWord, mapHeader, mapHeaderRow, readLabels } from '../src/normalise/headers.ts';
import { RecordsExportSchema } from '../src/export/schema.ts';
import { cli, tempDir } from './helpers/cli.ts';
import { fixture } from './helpers/fixtures.ts';

/** A grid from rows of cells; null is covered by the cell above (merged). */
function grid(rows: Array<Array<string | null>>, explicitMerges = true): Grid {
  const cells: GridCell[] = [];
  rows.forEach((row, r) => row.forEach((text, c) => {
    if (text === null) return;
    let rowspan = 1;
    while (rows[r + rowspan]?.[c] === null) rowspan++;
    cells.push({ row: r, col: c, rowspan, colspan: 1, text });
  }));
  return {
    page: 1, pages: [1], nrows: rows.length, ncols: rows[0].length, cells, explicitMerges,
    rows: rows.map((_, i) => ({ page: 1, sourceRow: i + 1 })),
  };
}
const table = (g: Grid): Block => ({ type: 'table', grid: g });
const fields = (g: Grid) => tableColumnMappings([table(g)])[0]?.map((m) => m.field) ?? null;

describe('what a cell holds', () => {
  it.each([
    ['Mar 2011', 'date'], ["Autumn '10", 'date'], ['Ongoing', 'date'], ['31/03/2010', 'date'],
    ['£12,500', 'money'], ['Staff time', 'money'], ['Within existing resources', 'money'],
    ['G', 'rag'], ['Amber', 'rag'], ['Complete', 'rag'],
    ['1.2', 'ref'], ['3.4a', 'ref'], ['B2', 'ref'],
    ['N/A', 'na'], ['15%', 'percent'],
    ['Head of Community Services', 'body'], ['Ashcombe CVS', 'body'], ['Grants Officer', 'body'],
    ['Publish a directory of local groups and update it every year', 'sentence'],
  ])('%j is %s', (text, kind) => {
    expect(cellKind(text)).toBe(kind);
  });
});

describe('optimal assignment', () => {
  it('gives each row one column for the best total, not first come first served', () => {
    // greedy would give row 0 column 0 (5) and leave row 1 with nothing
    expect(bestAssignment([[5, 4], [4.5, 0]])).toEqual([1, 0]);
  });
  it('leaves a row unassigned when nothing gains', () => {
    expect(bestAssignment([[3, 0], [2, 0], [0, 0]])).toEqual([0, -1, -1]);
  });
});

describe('columns from header and content', () => {
  it('reads a combined "Aim / Task" column of long sentences, one per row, as the action', () => {
    const g = grid([
      ['No.', 'Aim / Task', 'Who', 'By when'],
      ['1', 'Publish a directory of local groups and keep it up to date online', 'Community Development Officer', 'Mar 2011'],
      ['2', 'Hold two funding fairs a year with the Brackenbury CVS', 'Funding Adviser', 'Jun 2011'],
      ['3', 'Train twenty new trustees through a short course in governance', 'Ashcombe CVS', 'Sept 2011'],
    ]);
    expect(fields(g)).toEqual(['ref', 'action', 'lead', 'due']);
    const [r] = normaliseBlocks([table(g)]).records;
    expect(r).toMatchObject({ section: null, ref: '1', action: 'Publish a directory of local groups and keep it up to date online', due_date: '2011-03' });
  });

  it('reads the same label as a section when its cells are short text run down the rows', () => {
    const g = grid([
      ['Aim / Task', 'Ref', 'Activity', 'Lead'],
      ['Better information', '1.1', 'Publish a directory of local groups and keep it up to date', 'Policy Officer'],
      [null, '1.2', 'Map services against the priorities of the partnership board', 'Policy Officer'],
      ['Stronger voice', '2.1', 'Set up a forum for small groups that meets every quarter', 'Ashcombe CVS'],
      [null, '2.2', 'Pay the expenses of volunteer representatives on partnership boards', 'Head of Policy'],
    ]);
    expect(fields(g)).toEqual(['section', 'ref', 'action', 'lead']);
    expect(normaliseBlocks([table(g)]).records[3]).toMatchObject({ section: 'Stronger voice', ref: '2.2' });
  });

  it('records each column with its field, confidence and what the cells hold', () => {
    const g = grid([
      ['Ref', 'Priority / Action', 'RAG'],
      ['1', 'Agree a compact with the voluntary sector and publish it widely', 'G'],
      ['2', 'Review every grant agreement against the compact code of funding', 'A'],
    ]);
    const { columns } = normaliseBlocks([table(g)]);
    expect(columns).toHaveLength(1);
    const [ref, action, rag] = columns[0].columns;
    expect(ref).toMatchObject({ col: 0, header: 'Ref', field: 'ref' });
    expect(action).toMatchObject({ header: 'Priority / Action', field: 'action' });
    expect(action.cells).toContain('sentence 100%');
    expect(rag).toMatchObject({ field: 'status' });
    for (const c of columns[0].columns) {
      expect(c.confidence).toBeGreaterThan(0.5);
      expect(c.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('maps a column without a label by its cells alone when they are clear', () => {
    const g = grid([
      ['Ref', 'Action', 'Lead', ''],
      ['1', 'Publish a directory of local groups and keep it up to date', 'Policy Officer', 'G'],
      ['2', 'Hold two funding fairs a year for small community groups', 'Funding Adviser', 'R'],
      ['3', 'Train twenty new trustees through a short course', 'Policy Officer', 'A'],
    ]);
    expect(fields(g)).toEqual(['ref', 'action', 'lead', 'status']);
  });

  it('keeps a "Progress / RAG" column whose cells start with a RAG word as the status', () => {
    const g = grid([
      ['Ref', 'Action', 'Progress / RAG'],
      ['1', 'Publish a directory of local groups and keep it up to date', 'G - published in May and sent to every group'],
      ['2', 'Hold two funding fairs a year for small community groups', 'A - one fair held, the second moved to spring'],
      ['3', 'Train twenty new trustees through a short course', 'R - no trainer found yet'],
    ]);
    expect(fields(g)).toEqual(['ref', 'action', 'status']);
    expect(normaliseBlocks([table(g)]).records[1]).toMatchObject({ status: 'A', progress: 'one fair held, the second moved to spring' });
  });

  it('fills ref and action down into an empty cell spanning rows (a merge whose start the layout misplaced)', () => {
    const g: Grid = {
      page: 1, pages: [1], nrows: 4, ncols: 3, explicitMerges: true,
      rows: [1, 2, 3, 4].map((n) => ({ page: 1, sourceRow: n })),
      cells: [
        { row: 0, col: 0, rowspan: 1, colspan: 1, text: 'Ref' }, { row: 0, col: 1, rowspan: 1, colspan: 1, text: 'Action' }, { row: 0, col: 2, rowspan: 1, colspan: 1, text: 'Output' },
        { row: 1, col: 0, rowspan: 1, colspan: 1, text: '2.' }, { row: 1, col: 1, rowspan: 1, colspan: 1, text: 'Support tenants groups through a development worker' }, { row: 1, col: 2, rowspan: 1, colspan: 1, text: 'Guidance issued' },
        { row: 2, col: 0, rowspan: 2, colspan: 1, text: '' }, { row: 2, col: 1, rowspan: 2, colspan: 1, text: '' }, { row: 2, col: 2, rowspan: 1, colspan: 1, text: 'Thirty groups supported' },
        { row: 3, col: 2, rowspan: 1, colspan: 1, text: 'Pilot evaluated' },
      ],
    };
    const recs = normaliseBlocks([table(g)]).records;
    expect(recs.map((r) => [r.ref, r.action?.slice(0, 7), r.output])).toEqual([
      ['2', 'Support', 'Guidance issued'], ['2', 'Support', 'Thirty groups supported'], ['2', 'Support', 'Pilot evaluated'],
    ]);
  });

  it('gives a field to one column only, the earlier on a tie', () => {
    expect(mapHeaderRow(['Action', 'Lead Officer', 'Lead partner', 'Timescale'])).toEqual(['action', 'lead', null, 'due']);
  });
});

describe('one header vocabulary', () => {
  it('maps labels, single words and damaged words', () => {
    expect(mapHeader('PROGRSS / COMMENTS')).toBe('progress');
    expect(headerWordField('Timescales')).toBe('due');
    expect(headerWordField('Milestnes')).toBe('milestone');
    expect(headerWordField('Brackenbury')).toBeNull();
    expect(isHeaderWord('Baseline')).toBe(true);
    expect(isHeaderWord('Develop')).toBe(false);
    expect(isHeaderLabel('Improvement Targets 2008/09')).toBe(true);
    expect(isHeaderLabel('Publish a directory')).toBe(false);
    expect(isHeaderWord('By')).toBe(true);
    expect(readLabels(['Ref', 'Baseline (2008)', 'Prog ress'])).toEqual([
      { label: 'Ref', field: 'ref', headerWords: true },
      { label: 'Baseline (2008)', field: null, headerWords: true },
      { label: 'Prog ress', field: 'progress', headerWords: true },
    ]);
  });
});

describe('bodies by the form of their names', () => {
  it.each([
    ['Owner: Ashcombe District Council', 'Ashcombe District Council', 'Ashcombe'],
    ['the London Borough of Brackenbury and its partners', 'London Borough of Brackenbury', 'Brackenbury'],
    ['Royal Borough of Kingsmere', 'Royal Borough of Kingsmere', 'Kingsmere'],
    ['funded by Lower Dunmere Parish Council', 'Lower Dunmere Parish Council', 'Lower Dunmere'],
    ['with Voluntary Action Holmcroft', 'Voluntary Action Holmcroft', 'Holmcroft'],
    ['Ashcombe Council for Voluntary Service', 'Ashcombe Council for Voluntary Service', 'Ashcombe'],
    ['Brackenbury Third Sector Partnership', 'Brackenbury Third Sector Partnership', 'Brackenbury'],
    ['FELLSIDE TOWN COUNCIL STRATEGIC PLAN', 'Fellside Town Council', 'Fellside'],
    ['The Kingsmere Metropolitan Borough Council', 'Kingsmere Metropolitan Borough Council', 'Kingsmere'],
  ])('%j names %j', (text, name, place) => {
    expect(findBodies(text)[0]).toMatchObject({ name, place });
  });

  it('does not take council tax or a council for voluntary service for a council', () => {
    expect(findBodies('funded from Second Homes Council Tax').map((b) => b.name)).toEqual([]);
  });

  const doc = (...blocks: Block[]) => normaliseBlocks(blocks).meta;
  const p = (text: string): Block => ({ type: 'paragraph', text, page: 1 });
  const h = (text: string): Block => ({ type: 'heading', text, page: 1 });

  it('takes the owner from a label before a lead partner, whether or not the place is listed', () => {
    expect(doc(h('Compact Action Plan 2011/12'), p('Owner: Ashcombe District Council'), p('Lead partner: Voluntary Action Ashcombe.')))
      .toMatchObject({ organisation: 'Ashcombe District Council', area: 'Ashcombe', period: '2011/12' });
  });

  it('takes a body named alone on the line under the title', () => {
    expect(doc(h('NI7 Delivery Plan'), p('Brackenbury County Partnership'), p('Lead partner: Brackenbury CVS')))
      .toMatchObject({ organisation: 'Brackenbury County Partnership', area: 'Brackenbury' });
  });

  it('takes a body from the title, then from the prose', () => {
    expect(doc(h('Holmcroft Partnership Volunteering Strategy'))).toMatchObject({ organisation: 'Holmcroft Partnership', area: 'Holmcroft' });
    expect(doc(h('Volunteering Plan'), p('This plan sets out how Kingsmere Metropolitan Borough Council and its partners will work.')))
      .toMatchObject({ organisation: 'Kingsmere Metropolitan Borough Council', area: 'Kingsmere' });
  });

  it('does not take a capitalised verb before "Council" for a place', () => {
    expect(doc(h('Action Plan'), p("Promote Council apps to residents."))).toMatchObject({ organisation: null, area: null });
  });

  it('leaves an owner label run into the title out of the title', () => {
    expect(doc(h('Volunteering Plan Owner: Holmcroft Borough Council'))).toMatchObject({ title: 'Volunteering Plan', organisation: 'Holmcroft Borough Council' });
  });

  it('reads a period with months', () => {
    expect(doc(h('Parish Action Plan – Dec 2018 to April 2020')).period).toBe('Dec 2018 to April 2020');
  });
});

describe('column mappings in the tables output and the export', () => {
  const docx = fixture('unseen/kirklees-compact-action-plan-2010/plan.docx');

  it('plan-ingest tables shows each column\'s field and confidence', () => {
    const out = cli(['tables', docx]);
    expect(out.status, out.stderr).toBe(0);
    const plan = JSON.parse(out.stdout).tables.find((t: { columns: unknown }) => t.columns);
    const byHeader = Object.fromEntries(plan.columns.map((c: { header: string; field: string | null }) => [c.header, c.field]));
    expect(byHeader).toMatchObject({ Ref: 'ref', Objective: 'section', Action: 'action', Lead: 'lead', Partners: null, Timescale: 'due', RAG: 'status', Progress: 'progress' });
    for (const c of plan.columns) expect(typeof c.confidence).toBe('number');
  });

  it('the export carries them in the document\'s provenance', () => {
    const db = join(tempDir(), 'cols.db');
    expect(cli(['ingest', docx, '--db', db, '--quiet', '--jobs', '0']).status).toBe(0);
    const out = cli(['export', '--db', db, '--format', 'json']);
    const [d] = RecordsExportSchema.parse(JSON.parse(out.stdout)).documents;
    const tables = d.provenance!.columns;
    expect(tables.length).toBeGreaterThan(0);
    expect(tables[0].columns.find((c) => c.header === 'Action')).toMatchObject({ field: 'action' });
    expect(tables[0].page).toBe(1);
  });
});
