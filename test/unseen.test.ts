// Plans unlike the corpus (fixtures/unseen): other column sets, header
// wordings, date styles and layouts, read through the real readers and
// normaliser and checked against their gold records.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseBlocks } from '../src/normalise/document.ts';
import { readDocx } from '../src/readers/docx.ts';
import { detectCutLine, isCutBoundary } from '../src/readers/text/cuts.ts';
import { isHeaderContinuation } from '../src/readers/text/header.ts';
import { readText, splitLines } from '../src/readers/text/index.ts';
import { looksWrapped } from '../src/readers/text/tabbed.ts';
import { fixture } from './helpers/fixtures.ts';

const UNSEEN = fixture('unseen');
const goldOf = (plan: string) => JSON.parse(readFileSync(join(UNSEEN, plan, 'gold.json'), 'utf8')) as {
  records: Array<Record<string, string | number | null>>;
};
const bytes = (plan: string, file: string) => new Uint8Array(readFileSync(join(UNSEEN, plan, file)));
const pick = (rs: Array<Record<string, unknown>>, fields: string[]) => rs.map((r) => fields.map((f) => r[f]));

describe('unseen plans: text exports with one line per row', () => {
  const plan = 'lewisham-volunteering-strategy-2010';

  it('a row whose cells begin in lower case ("by 1st April 2010") does not make the export look wrapped', () => {
    expect(looksWrapped(splitLines(readFileSync(join(UNSEEN, plan, 'source.txt'), 'utf8')))).toBe(false);
  });

  it('section rows longer than any ref stay inside the table while its rows follow', () => {
    const { records } = normaliseBlocks(readText(bytes(plan, 'source.txt')).blocks);
    const fields = ['ref', 'section', 'action', 'due', 'due_date'];
    expect(pick(records as never, fields)).toEqual(pick(goldOf(plan).records, fields));
  });

  it('two numbers side by side are not one number cut in two', () => {
    expect(isCutBoundary('by 1st September 2010', '250 staff volunteer')).toBe(false);
    expect(isCutBoundary('Plan November 2', '011-2016')).toBe(true);
    expect(detectCutLine(['3.1', 'Introduce a scheme giving staff two days a year', 'Head of HR', 'by 1st September 2010', '250 staff volunteer'])).toBeNull();
  });
});

describe('unseen plans: Word', () => {
  it('a two-row header (Responsibility over Lead and Partners, Resources over Budget and Source) maps each sub-column', async () => {
    const plan = 'north-somerset-ni7-delivery-plan';
    const { records } = normaliseBlocks((await readDocx(bytes(plan, 'plan.docx'))).blocks);
    const fields = ['ref', 'lead', 'resources', 'funding', 'status', 'due_date', 'cost_gbp', 'section'];
    expect(pick(records as never, fields)).toEqual(pick(goldOf(plan).records, fields));
  });

  it('unnumbered section rows nest under numbered ones; quarters of a financial year are dated', async () => {
    for (const plan of ['lewisham-volunteering-strategy-2010', 'kirklees-compact-action-plan-2010']) {
      const { records } = normaliseBlocks((await readDocx(bytes(plan, 'plan.docx'))).blocks);
      const fields = ['ref', 'section', 'due', 'due_date'];
      expect(pick(records as never, fields)).toEqual(pick(goldOf(plan).records, fields));
    }
  });
});

describe('unseen plans: wrapped text exports (cells cut at column stops)', () => {
  it('sub-labels under a spanning header label continue the header', () => {
    const header = ['Ref', 'Key action', 'Responsibility', '', 'Target date', 'Resources', '', 'RAG'];
    expect(isHeaderContinuation(['', '', 'Lead', 'Partners', '', 'Budget', 'Source'], header)).toBe(true);
    // nothing may stand under the empty space after the last label
    expect(isHeaderContinuation(['', '', '', '', '', '', '', '', 'Notes'], header)).toBe(false);
  });

  it('a two-row header and numbered section rows cut after their first word ("Outcome<TAB>1: ...")', () => {
    const plan = 'north-somerset-ni7-delivery-plan';
    expect(isCutBoundary('Outcome', '1: Stronger voice for the third sector')).toBe(true);
    expect(isCutBoundary('Officer', '2 days a week')).toBe(false);
    const { records } = normaliseBlocks(readText(bytes(plan, 'export.tsv')).blocks);
    const fields = ['ref', 'lead', 'resources', 'funding', 'status', 'cost_gbp'];
    expect(pick(records as never, fields)).toEqual(pick(goldOf(plan).records, fields));
    // each row under its own outcome (the damaged "Out come 3:" still counts as
    // numbered; repair mends the word later)
    expect(records.map((r) => r.section?.replace('Out come', 'Outcome'))).toEqual(goldOf(plan).records.map((r) => r.section));
  });

  it('a cell wrapped over three lines stays one row when prose cut at the same stops is wider', () => {
    const plan = 'lewisham-volunteering-strategy-2010';
    const { records } = normaliseBlocks(readText(bytes(plan, 'export.tsv')).blocks);
    const r = records.find((x) => x.ref === '2.2');
    expect([r?.lead, r?.due, r?.due_date]).toEqual(['Lewisham Strategic Partnership', 'by 31st December 2010', '2010-12-31']);
  });

  it('a label\'s last word alone under the first column continues the header; a cut section row does not', () => {
    const header = ['Action', 'Action', 'Deliverables', 'Lead officer', 'Target date', 'Budget'];
    expect(isHeaderContinuation(['No'], header)).toBe(true);
    expect(isHeaderContinuation(['Commission', 'ing for outcomes'], header)).toBe(false);
    const plan = 'cumbria-vcs-commissioning-plan-2011';
    const { records } = normaliseBlocks(readText(bytes(plan, 'export.tsv')).blocks);
    expect(records.map((r) => r.ref)).toEqual(goldOf(plan).records.map((r) => r.ref));
  });
});
