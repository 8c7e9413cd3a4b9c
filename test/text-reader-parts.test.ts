// The text reader's parts on small made-up inputs: layouts other councils use
// with the same ideas (a different column set, a legend, a cut title).
import { describe, expect, it } from 'vitest';
import type { Grid } from '../src/model.ts';
import { detectCutLine } from '../src/readers/text/cuts.ts';
import { columnType, splitFlatHeader } from '../src/readers/text/flat.ts';
import { readText } from '../src/readers/text/index.ts';
import { tables } from './helpers/blocks.ts';

const enc = (s: string) => new TextEncoder().encode(s);

function rows(grid: Grid): string[][] {
  const out: string[][] = [];
  for (let r = 0; r < grid.nrows; r++) {
    const row = Array<string>(grid.ncols).fill('');
    for (const c of grid.cells.filter((x) => x.row === r)) row[c.col] = c.text;
    out.push(row);
  }
  return out;
}

describe('cut lines', () => {
  it('rejoins a title cut at column stops, keeping a leading code apart', () => {
    expect(detectCutLine(['Objective 2 : Impr', 'ove access to fun', 'ding for small gro', 'ups'])?.text).toBe(
      'Objective 2 : Impr ove access to fun ding for small gro ups',
    );
    const legend = detectCutLine(['G', 'Completed or on tr', 'ack to be complet', 'ed']);
    expect(legend?.lead?.text).toBe('G');
    expect(legend?.text).toBe('Completed or on tr ack to be complet ed');
    expect(detectCutLine(['Plan 2', '011-2016'])?.text).toBe('Plan 2011-2016');
  });

  it('leaves ordinary rows alone', () => {
    expect(detectCutLine(['1.', 'Set up a forum', 'June 2010', 'Jane Smith'])).toBeNull();
  });
});

describe('flattened plans', () => {
  it('splits a header without separators into labels and column kinds', () => {
    const labels = splitFlatHeader('Theme Action Budget Funding Source Milestones Outcomes Lead Officer');
    expect(labels).toEqual(['Theme', 'Action', 'Budget', 'Funding Source', 'Milestones', 'Outcomes', 'Lead Officer']);
    expect(labels.map(columnType)).toEqual(['section', 'action', 'resources', 'funding', 'milestone', 'outcome', 'lead']);
  });

  it('recovers columns from content on another plan', () => {
    const text = [
      'Borough Compact Action Plan 2010/11',
      'Theme Action Budget Funding Source Milestones Outcomes Lead Officer',
      '1. Stronger voice 1.1 Set up a forum for small groups £5,000 Council core budget • Forum terms agreed by June 2010',
      '• First meeting held by September 2010',
      '• 20 groups attend',
      'Jane Smith',
      '1.2 Publish a funding guide Within existing resources N/A • Guide drafted by May 2010',
      '• Guide published',
      'Funding guide John Brown',
    ].join('\n');
    const doc = readText(enc(text));
    expect(doc.blocks[0]).toMatchObject({ type: 'heading', text: 'Borough Compact Action Plan 2010/11' });
    const [grid] = tables(doc.blocks);
    expect(grid.rows[0].header).toBe(true);
    expect(rows(grid).slice(1)).toEqual([
      [
        '1. Stronger voice',
        '1.1 Set up a forum for small groups',
        '£5,000',
        'Council core budget',
        '• Forum terms agreed by June 2010\n• First meeting held by September 2010',
        '• 20 groups attend',
        'Jane Smith',
      ],
      ['', '1.2 Publish a funding guide', 'Within existing resources', 'N/A', '• Guide drafted by May 2010', '• Guide published\nFunding guide', 'John Brown'],
    ]);
    expect(grid.rows.map((r) => r.sourceRow)).toEqual([2, 3, 7]);
  });
});

describe('tab-separated exports', () => {
  it('keeps a legend as its own table and rejoins a cut section row', () => {
    const text = [
      'Status key\t\t\t',
      'R\tNot started\t\t',
      'G\tDone\t\t',
      'Ref\tAction\tLead officer\tBy when',
      'Theme 1 : Supp\torting small gr\toups to grow\t',
      '1.\tRun a funding fair for local groups\tGrants Officer\tMay 2011',
      '\tPublish a directory of support\tGrants Officer\tJuly 2011',
    ].join('\n');
    const doc = readText(enc(text));
    const [legend, plan] = tables(doc.blocks);
    expect(rows(legend)).toEqual([
      ['Status key', ''],
      ['R', 'Not started'],
      ['G', 'Done'],
    ]);
    expect(plan.rows.map((r) => !!r.header)).toEqual([true, false, false, false]);
    const section = plan.cells.filter((c) => c.row === 1);
    expect(section).toEqual([{ row: 1, col: 0, rowspan: 1, colspan: 4, text: 'Theme 1 : Supp orting small gr oups to grow' }]);
    expect(rows(plan)[3]).toEqual(['', 'Publish a directory of support', 'Grants Officer', 'July 2011']);
  });

  it('joins a row wrapped over several lines and a header wrapped over two', () => {
    const text = [
      'Action\tTask\tLead\tProgress',
      'No\t\t\tUpdate',
      '1.\tRun a funding fair\tGrants\tFair booked',
      '\tfor local groups and\tOfficer\tfor May',
      '\tpartners\t\t',
      '2.\tPublish a directory\tPolicy\tDraft ready',
      '\tof local support\tOfficer\t',
    ].join('\n');
    const doc = readText(enc(text));
    const [grid] = tables(doc.blocks);
    expect(rows(grid)).toEqual([
      ['Action No', 'Task', 'Lead', 'Progress Update'],
      ['1.', 'Run a funding fair for local groups and partners', 'Grants Officer', 'Fair booked for May'],
      ['2.', 'Publish a directory of local support', 'Policy Officer', 'Draft ready'],
    ]);
    expect(grid.rows.map((r) => r.sourceRow)).toEqual([1, 3, 6]);
  });

  it('takes the first row with several cells as the header when no labels are familiar', () => {
    const doc = readText(enc('Plan 2012\nNumber\tWhat we will do\tWho\tWhen\n1\tHold an event for groups\tSam Lee\tMay\n2\tWrite a report\tAli Khan\tJune\n'));
    expect(doc.blocks[0]).toMatchObject({ type: 'heading', text: 'Plan 2012' });
    const [grid] = tables(doc.blocks);
    expect(grid.rows.map((r) => !!r.header)).toEqual([true, false, false]);
    expect(rows(grid)[2]).toEqual(['2', 'Write a report', 'Ali Khan', 'June']);
  });
});
