import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocx } from '../src/readers/docx.ts';
import { processBytes } from '../src/pipeline/process.ts';
import { RECORD_FIELDS, InputError, type Grid } from '../src/model.ts';
import { fixture, gold, norm, plans } from './helpers/fixtures.ts';

const read = (plan: string) => readDocx(readFileSync(fixture('corpus', plan, 'plan.docx')));

describe('Word reader', () => {
  it('keeps vertical merges (vMerge) as rowspans and spans (gridSpan) as colspans', async () => {
    const doc = await read('thurrock-ni7-action-plan');
    const grid = doc.blocks.find((b) => b.type === 'table')!.grid as Grid;
    const code = grid.cells.find((c) => c.text === 'Consultation and Involvement')!;
    // gold: the CODE cell is merged over the next five data rows
    expect(code.rowspan).toBe(6);
    const section = grid.cells.find((c) => c.text === 'LOCAL PARTNERSHIP')!;
    expect(section.colspan).toBe(grid.ncols);
    expect(grid.ncols).toBe(6);
    expect(grid.explicitMerges).toBe(true);
  });

  it('marks repeating header rows and reads headings, paragraphs and several tables', async () => {
    const doc = await read('thurrock-community-engagement-2011');
    expect(doc.blocks[0]).toMatchObject({ type: 'heading', text: 'Community Engagement DRAFT Implementation Plan November 2011-2016' });
    expect(doc.blocks[1]).toMatchObject({ type: 'paragraph', text: "Document control: V3 October '11" });
    const tables = doc.blocks.filter((b) => b.type === 'table');
    expect(tables).toHaveLength(2);
    const plan = (tables[1] as { grid: Grid }).grid;
    expect(plan.rows[0].header).toBe(true);
    expect(plan.cells.filter((c) => c.row === 0).map((c) => c.text)).toEqual(
      ['Action No', 'Task and progress', 'Output', 'By When', 'Outcome', 'Resources', 'Milestones', 'Lead Officer', 'Progress Update R/A/G'],
    );
  });

  it('keeps bullets as line starts inside cells', async () => {
    const doc = await read('tower-hamlets-third-sector-2009');
    const grid = (doc.blocks.find((b) => b.type === 'table') as { grid: Grid }).grid;
    const milestones = grid.cells.find((c) => c.text.includes('CVS interim Board in place by Dec 2009'))!;
    expect(milestones.text.split('\n')).toEqual([
      '\u2022 CVS interim Board in place by Dec 2009',
      '\u2022 CVS incorporated by Jan 2010',
      '\u2022 CVS Director in post by March 2010',
      '\u2022 CVS funding strategy agreed by March 2010',
    ]);
  });

  it('reads numbered lists as numbered list blocks', async () => {
    const doc = await read('thurrock-cvs-ni7-report');
    const list = doc.blocks.find((b) => b.type === 'list');
    expect(list).toMatchObject({ type: 'list', numbered: true });
    expect((list as { items: string[] }).items[0]).toBe('Produced a document which clarifies what is meant by "Developing a Thriving Third Sector".');
  });
});

describe('Word plans end to end (reader, normalisation, repair)', () => {
  for (const plan of plans()) {
    it(`${plan}: every record equals the gold record`, async () => {
      const g = gold(plan);
      const doc = await processBytes(readFileSync(fixture('corpus', plan, 'plan.docx')));
      expect(doc.kind).toBe(g.kind);
      expect(doc.title).toBe(g.title);
      expect(doc.organisation).toBe(g.organisation);
      expect(doc.area).toBe(g.area);
      expect(doc.period).toBe(g.period);
      expect(doc.records).toHaveLength(g.records.length);
      doc.records.forEach((r, i) => {
        for (const f of RECORD_FIELDS) {
          const want = g.records[i][f];
          if (f === 'cost_gbp') expect(r.cost_gbp, `record ${i} ${f}`).toBe(want);
          else expect(norm(r[f]), `record ${i} ${f}`).toBe(norm(want));
        }
      });
      // clean text needs no repair
      expect(doc.records.flatMap((r) => r.provenance.repairs)).toEqual([]);
    });
  }
});

describe('Word files that are not plans or are broken', () => {
  it('stores a Word file without a plan table as a document with no actions and a note', async () => {
    const doc = await processBytes(readFileSync(fixture('docx', 'minutes-not-a-plan.docx')));
    expect(doc.records).toEqual([]);
    expect(doc.notes.join(' ')).toMatch(/no plan table/);
  });

  it.each([
    ['truncated.docx', /truncated/],
    ['not-a-zip.docx', /not a zip archive/],
    ['malformed-xml.docx', /malformed XML/],
    ['zip-bomb.docx', /zip bomb/],
  ])('%s is refused with a clear reason', async (name, reason) => {
    const err = await processBytes(readFileSync(fixture('bad', name)), {}, name).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(reason);
  });
});
