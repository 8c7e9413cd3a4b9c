// Text layouts decided from the file's own evidence, read by the real reader
// and normalised by the real pipeline stages: cells joined by " / ", one cell
// per line ending in "|", one cell per paragraph, headings cut across cells,
// and the repairs that go with them.
import { describe, expect, it } from 'vitest';
import { detectLayout, readText, splitLines } from '../src/readers/text/index.ts';
import { isCutBoundary } from '../src/readers/text/cuts.ts';
import { normaliseBlocks } from '../src/normalise/document.ts';
import { createRepairer } from '../src/repair/index.ts';
import { bytes, rowTexts, tables } from './helpers/blocks.ts';

describe('cells joined by " / "', () => {
  const text = [
    'Youth Engagement Action Plan',
    '',
    'Ref / Action / Lead Officer / Deadline',
    'YE1 / Set up a youth forum with the schools',
    '  • Forum terms agreed',
    '/ Youth Service Manager / March 2010',
    'June 2010',
    'YE2 / Publish a directory of youth groups / Communications Team / Autumn 2010',
    'Ref / Action',
  ].join('\n');

  it('is read as a joined table: rows from refs, bullets kept in their cell, a second date in the open cell, the repeated header dropped', () => {
    const lines = splitLines(text);
    expect(detectLayout(lines)).toBe('joined');
    const doc = readText(bytes(text));
    const [g] = tables(doc.blocks);
    expect(rowTexts(g)).toEqual([
      ['Ref', 'Action', 'Lead Officer', 'Deadline'],
      ['YE1', 'Set up a youth forum with the schools\n• Forum terms agreed', 'Youth Service Manager', 'March 2010\nJune 2010'],
      ['YE2', 'Publish a directory of youth groups', 'Communications Team', 'Autumn 2010'],
    ]);
    expect(doc.notes.join(' ')).toMatch(/joined by "\/"/);
    const { records } = normaliseBlocks(doc.blocks);
    expect(records.map((r) => [r.ref, r.lead])).toEqual([
      ['YE1', 'Youth Service Manager'],
      ['YE2', 'Communications Team'],
    ]);
  });

  it('splits data run onto the header and rejoins a label the mark cut in two', () => {
    const t = 'GOAL / ACTION / WHEN / Lead Officer / PartnerWe want safer parks. / Recruit park wardens / May 2012 /\n- Parks Manager\n';
    const [g] = tables(readText(bytes(t)).blocks);
    expect(rowTexts(g)[0]).toEqual(['GOAL', 'ACTION', 'WHEN', 'Lead Officer / Partner']);
    expect(rowTexts(g)[1]).toEqual(['We want safer parks.', 'Recruit park wardens', 'May 2012', '• Parks Manager']);
  });
});

describe('one cell per line ending in "|"', () => {
  it('takes lone marks as row ends and lone marks above the labels as unlabelled columns', () => {
    const t = [
      '2.0 Better Transport |',
      '|||||',
      '---|---|---|---|---|',
      '|',
      'Action |',
      'Timescale |',
      'Lead Officer |',
      '|',
      '2.1 |',
      'Run a community bus pilot |',
      '2024-2025 |',
      'Transport Team |',
      '|',
      'Survey bus users each year |',
      '2025 |',
      'Transport Team |',
      '||',
    ].join('\n');
    const doc = readText(bytes(t));
    const [g] = tables(doc.blocks);
    expect(rowTexts(g)).toEqual([
      ['', 'Action', 'Timescale', 'Lead Officer'],
      ['2.0 Better Transport'],
      ['2.1', 'Run a community bus pilot', '2024-2025', 'Transport Team'],
      ['', 'Survey bus users each year', '2025', 'Transport Team'],
    ]);
    expect(doc.notes.join(' ')).toMatch(/rule or repeated header line/);
  });
});

describe('one cell per paragraph', () => {
  it('rebuilds rows from the header and what each column holds, and says the evidence is weak', () => {
    const t = [
      'Skip to main content', '', 'Village Plan 2019', '',
      'Action', '', 'How', '', 'Who is responsible?', '', 'Timescale', '', 'Done?', '',
      'Repair the bus shelter beside the village hall', '', 'Ask the district council to replace the roof panels', '', ' ', '', 'Clerk', '', 'Spring 2020', '', 'Yes', '',
      'Plant twenty new trees on the village green', '', 'Hold a planting day with the school', '', 'Seek a grant from the tree council', '', 'Councillors', '', 'Winter 2020', '', ' ', '', ' ', '',
      'Publish a village newsletter for every household', '', 'Print two issues a year and deliver them', '', 'Editor', '', 'Twice a year', '',
    ].join('\n');
    const doc = readText(bytes(t));
    expect(doc.blocks[0]).toMatchObject({ type: 'heading', text: 'Village Plan 2019' });
    const [g] = tables(doc.blocks);
    expect(rowTexts(g).slice(1)).toEqual([
      ['Repair the bus shelter beside the village hall', 'Ask the district council to replace the roof panels', 'Clerk', 'Spring 2020', 'Yes'],
      ['Plant twenty new trees on the village green', 'Hold a planting day with the school\nSeek a grant from the tree council', 'Councillors', 'Winter 2020', ''],
      ['Publish a village newsletter for every household', 'Print two issues a year and deliver them', 'Editor', 'Twice a year', ''],
    ]);
    expect(doc.notes.join(' ')).toMatch(/weak evidence/);
    expect(doc.notes.join(' ')).toMatch(/site chrome/);
  });
});

describe('cut exports', () => {
  it('knows a numbered heading cut across cells', () => {
    expect(isCutBoundary('2. COMMU', 'NITY COHESION AND SAFETY')).toBe(true);
    expect(isCutBoundary('Strand 1', '– Monitoring and review')).toBe(true);
    expect(isCutBoundary('Status', ': DRAFT for consultation')).toBe(true);
    expect(isCutBoundary('2.', 'Hold a forum')).toBe(false);
  });

  it('reads a capitals heading cut across cells as a section, not a record', () => {
    const t = [
      'Ref\tAction\tLead\tDeadline',
      '1. SAFER STREE\tETS AND PARKS\t\t',
      '1.1\tRecruit park wardens\tParks Manager\tMay 2012',
      '\tfor the two town parks\t\t',
    ].join('\n');
    const { records } = normaliseBlocks(readText(bytes(t)).blocks);
    expect(records).toHaveLength(1);
    expect(records[0].ref).toBe('1.1');
    expect(records[0].section).toMatch(/^1\. SAFER STREE ETS AND PARKS$/);
  });
});

describe('repair', () => {
  const repairer = createRepairer(['Promote local services to residents'], {});

  it('does not join a piece to the word before it when it begins the next word', () => {
    expect(repairer.repair('shaping local s ervices', 'section').text).toBe('shaping local services');
  });

  it('reads a letter O among the digits of a date or amount as a zero', () => {
    const r = repairer.repair('due 30.09.2O09 at £250,00O', 'due');
    expect(r.text).toBe('due 30.09.2009 at £250,000');
    expect(r.repairs.map((x) => x.rule)).toEqual(['ocr-0-O', 'ocr-0-O']);
  });

  it('removes wiki bold quotes and records it', () => {
    const r = repairer.repair("'''Public Services''' - Health", 'section');
    expect(r.text).toBe('Public Services - Health');
    expect(r.repairs.map((x) => x.rule)).toEqual(['markup', 'markup']);
  });
});
