// Real text copies of plans (web pages, document-sharing sites, committee
// sites): layouts told apart by each file's own evidence, read by the real
// reader and normalised by the real pipeline, on small texts written here;
// and the accuracy gate on the real copies of ../shared/corpus-real.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapColumns } from '../src/normalise/columns.ts';
import { parseDueDate } from '../src/normalise/dates.ts';
import { normaliseBlocks } from '../src/normalise/document.ts';
import { headerChoices } from '../src/normalise/headers.ts';
import { dropChrome, isChromeLine } from '../src/readers/text/chrome.ts';
import { detectLayout, readText, splitLines } from '../src/readers/text/index.ts';
import { tempDir } from './helpers/cli.ts';
import { ROOT, sharedDir } from './helpers/fixtures.ts';
import { bytes, rowTexts, tables } from './helpers/blocks.ts';

describe('cells separated by single spaces (a PDF transcript on a document-sharing site)', () => {
  const text = [
    'Upload: someone',
    '',
    '1,204 views',
    '',
    'Category:',
    '',
    'Documents',
    '',
    'Page 1: RIVERSIDE PARISH COUNCIL ACTION PLAN 2. 2.1 ACTION LEAD DEADLINE UPDATE',
    '',
    'RIVERSIDE PARISH COUNCIL ACTION PLAN',
    '',
    '2.',
    '',
    '2.1',
    '',
    'ACTION LEAD DEADLINE UPDATE',
    '',
    '2.1.1 Renew the play area fencing beside the river PC / RPC March 2015 Quotes received',
    '',
    'Survey footpaths with the ramblers and report the worst stretches to the',
    '',
    'county council',
    '',
    'PC Ongoing Two walks held',
    '',
    '2.1.2 Publish a quarterly newsletter RPC / CLK 2014/15 First issue out in May',
    '',
    'ACTION LEAD DEADLINE UPDATE',
    '',
    '2.1.3 Hold a litter pick each spring CLK Ongoing',
  ].join('\n');

  it('is read from the lead and due date in each row, wrapped lines kept in their row, chrome and repeated header out', () => {
    expect(detectLayout(splitLines(text))).toBe('spaced');
    const doc = readText(bytes(text));
    expect(doc.blocks[0]).toMatchObject({ text: 'RIVERSIDE PARISH COUNCIL ACTION PLAN' });
    const [g] = tables(doc.blocks);
    expect(rowTexts(g)).toEqual([
      ['ACTION', 'LEAD', 'DEADLINE', 'UPDATE'],
      ['2.'],
      ['2.1'],
      ['2.1.1 Renew the play area fencing beside the river', 'PC / RPC', 'March 2015', 'Quotes received'],
      ['Survey footpaths with the ramblers and report the worst stretches to the county council', 'PC', 'Ongoing', 'Two walks held'],
      ['2.1.2 Publish a quarterly newsletter', 'RPC / CLK', '2014/15', 'First issue out in May'],
      ['2.1.3 Hold a litter pick each spring', 'CLK', 'Ongoing', ''],
    ]);
    expect(doc.notes.join(' ')).toMatch(/separated by single spaces.*weak evidence/);
    expect(doc.notes.join(' ')).toMatch(/1 repeated header line/);
    expect(doc.notes.join(' ')).toMatch(/5 line\(s\) of site chrome/);
  });

  it('gives records with nested bare section numbers, refs, leads and due dates', () => {
    const { records } = normaliseBlocks(readText(bytes(text)).blocks);
    expect(records.map((r) => [r.section, r.ref, r.lead, r.due_date])).toEqual([
      ['2. > 2.1', '2.1.1', 'PC / RPC', '2015-03'],
      ['2. > 2.1', null, 'PC', null],
      ['2. > 2.1', '2.1.2', 'RPC / CLK', null],
      ['2. > 2.1', '2.1.3', 'CLK', null],
    ]);
    expect(records[0].progress).toBe('Quotes received');
  });

  it('takes labels in ordinary case and a lead named by a body or post before the due date', () => {
    const t = [
      'Hilltop Parish Plan',
      'Action Lead Officer Target Date Progress',
      '1. Improve the bus shelter on the green Parish Clerk March 2016 Quotes received',
      '2. Survey residents about speeding on the main road Head of Highways 2016/17 Survey drafted',
      '3. Set up a volunteer car scheme for hospital visits Community Transport Team Ongoing',
    ].join('\n');
    expect(detectLayout(splitLines(t))).toBe('spaced');
    const [g] = tables(readText(bytes(t)).blocks);
    expect(rowTexts(g)).toEqual([
      ['Action', 'Lead Officer', 'Target Date', 'Progress'],
      ['1. Improve the bus shelter on the green', 'Parish Clerk', 'March 2016', 'Quotes received'],
      ['2. Survey residents about speeding on the main road', 'Head of Highways', '2016/17', 'Survey drafted'],
      ['3. Set up a volunteer car scheme for hospital visits', 'Community Transport Team', 'Ongoing', ''],
    ]);
  });

  it('splits two progress columns where one cell runs into the next, and maps the later-dated one', () => {
    const t = [
      'ACTIONS OWNER TIMESCALE PROGRESS at May 2014 PROGRESS at June 2015',
      '1.1 Open a community cafe in the library PLB / LIB June 2014 Site agreed Opened in March',
      '1.2 Train ten volunteer drivers PLB 2014/15 Advert placed Eight trained so far',
    ].join('\n');
    const doc = readText(bytes(t));
    const [g] = tables(doc.blocks);
    expect(rowTexts(g)[1].slice(3)).toEqual(['Site agreed', 'Opened in March']);
    const { records } = normaliseBlocks(doc.blocks);
    expect(records.map((r) => r.progress)).toEqual(['Opened in March', 'Eight trained so far']);
  });
});

describe('fixed-width columns (a PDF laid out with spaces)', () => {
  const text = [
    'Greenfield Parish Council Action Plan 2016-2018',
    '',
    'Ref    Action                              Responsibility                    Target Date    Progress',
    '                                           Lead            Partners',
    '1.1    Repair the footpath beside the      Parish Clerk    County Council    March 2017     Quotes sought',
    '       school and add a handrail',
    '1.2    Start a monthly repair cafe in      Hall            Volunteers        June 2017      Two sessions held',
    '       the village hall                    Committee',
    '                                   Page 2',
    '2.1    Publish the parish newsletter       Editor                            Quarterly      On track',
  ].join('\n');

  it('puts pieces under the label starts (sub-labels too), rejoins wrapped cells and removes page numbers', () => {
    expect(detectLayout(splitLines(text))).toBe('fixed');
    const doc = readText(bytes(text));
    const [g] = tables(doc.blocks);
    expect(rowTexts(g).slice(1)).toEqual([
      ['1.1', 'Repair the footpath beside the school and add a handrail', 'Parish Clerk', 'County Council', 'March 2017', 'Quotes sought'],
      ['1.2', 'Start a monthly repair cafe in the village hall', 'Hall Committee', 'Volunteers', 'June 2017', 'Two sessions held'],
      ['2.1', 'Publish the parish newsletter', 'Editor', '', 'Quarterly', 'On track'],
    ]);
    expect(doc.notes.join(' ')).toMatch(/fixed character positions/);
    expect(doc.notes.join(' ')).toMatch(/1 page number line/);
    const { records } = normaliseBlocks(doc.blocks);
    expect(records.map((r) => [r.ref, r.lead, r.due_date])).toEqual([
      ['1.1', 'Parish Clerk', '2017-03'],
      ['1.2', 'Hall Committee', '2017-06'],
      ['2.1', 'Editor', null],
    ]);
  });

  it('is not taken for prose whose sentences have double spaces', () => {
    const prose = ['The council met in May.  It agreed the plan.', 'Action  Lead  Deadline  were discussed at length by members present.'].join('\n');
    expect(detectLayout(splitLines(prose))).not.toBe('fixed');
  });
});

describe('one cell per paragraph, an extra blank line for an empty cell', () => {
  // header labels three fields but not the action; unlabelled columns
  // between; the group cell stands only in the first row
  const text = [
    'Meeting documents', '', 'Monday, 3rd March, 2003', '', '',
    'Theme', '', '', 'Why', '', '', 'Lead', '', 'Target Date', '', 'Success Measures', '',
    '1. Safer Streets', '',
    '1. Install lighting in the underpass.', '', 'Residents feel unsafe after dark.', '', '', 'Highways', '', 'Oct 03', '', 'Fewer reports of crime', '', '',
    '2. Start a street warden scheme.', '', 'Wardens deter nuisance.', '', '', 'Community Safety', '', 'Jan 04', '', '', '',
    '3. Run a youth diversion programme', '', 'Young people have little to do.', '', '', 'Youth Service', '', 'Sept 04', '', 'Ten projects running', '',
  ].join('\n');

  it('opens rows at numbered items in sequence and places labels by their blank lines', () => {
    expect(detectLayout(splitLines(text))).toBe('paragraph-cells');
    const doc = readText(bytes(text));
    const [g] = tables(doc.blocks);
    const rows = rowTexts(g);
    expect(rows[0]).toEqual(['Theme', '', 'Why', '', 'Lead', 'Target Date', 'Success Measures']);
    expect(rows.slice(1)).toEqual([
      ['1. Safer Streets', '1. Install lighting in the underpass.', 'Residents feel unsafe after dark.', '', 'Highways', 'Oct 03', 'Fewer reports of crime'],
      ['', '2. Start a street warden scheme.', 'Wardens deter nuisance.', '', 'Community Safety', 'Jan 04', ''],
      ['', '3. Run a youth diversion programme', 'Young people have little to do.', '', 'Youth Service', 'Sept 04', 'Ten projects running'],
    ]);
    expect(doc.notes.join(' ')).toMatch(/extra blank line for an empty cell.*weak evidence/);
    expect(doc.notes.join(' ')).toMatch(/2 line\(s\) of site chrome/);
  });

  it('maps the unlabelled numbered column to the action and fills the group down', () => {
    const { records } = normaliseBlocks(readText(bytes(text)).blocks);
    expect(records.map((r) => [r.section, r.ref, r.action, r.lead, r.due_date])).toEqual([
      ['1. Safer Streets', '1', 'Install lighting in the underpass.', 'Highways', '2003-10'],
      ['1. Safer Streets', '2', 'Start a street warden scheme.', 'Community Safety', '2004-01'],
      ['1. Safer Streets', '3', 'Run a youth diversion programme', 'Youth Service', '2004-09'],
    ]);
  });
});

describe('cells joined by " | " (wiki markup)', () => {
  it('keeps header labels apart that name one field, and trailing empty cells end the line', () => {
    const text = [
      "'''Issue''' | '''Aims / Tasks''' | '''Progress''' | %colspan=3|'''Transport''' |",
      'Buses | Keep the Sunday service | Service kept for another year | |',
      "Parking | Mark bays outside the school | Bays marked | %colspan=3|'''Environment''' |",
      'Litter | Add two bins on the green | Bins ordered | |',
    ].join('\n');
    expect(detectLayout(splitLines(text))).toBe('joined');
    const [g] = tables(readText(bytes(text)).blocks);
    expect(g.ncols).toBe(3);
    const { records } = normaliseBlocks(readText(bytes(text)).blocks);
    // (wiki quotes are removed, and recorded, by repair)
    expect(records.map((r) => [r.section?.replace(/'''/g, ''), r.action, r.progress])).toEqual([
      ['Transport > Buses', 'Keep the Sunday service', 'Service kept for another year'],
      ['Transport > Parking', 'Mark bays outside the school', 'Bays marked'],
      ['Environment > Litter', 'Add two bins on the green', 'Bins ordered'],
    ]);
  });
});

describe('site chrome', () => {
  it('knows the furniture of document-sharing and committee sites by its grammar', () => {
    for (const t of ['Upload: jsmith', 'Post on 12-Mar-2019', 'Posted by admin', '3,401 views', '0 download', 'TRANSCRIPT', 'Click here to load reader', 'Category:', 'Page 3: ACTION PLAN ' + 'x'.repeat(200)])
      expect(isChromeLine(t), t).toBe(true);
    for (const t of ['Post-16 learning', 'Category of need', 'Page 3 shows the budget', '12 new allotments', 'Transcript of the meeting was agreed'])
      expect(isChromeLine(t), t).toBe(false);
  });

  it("drops a chrome label's value and a page count before chrome, and nothing else", () => {
    const lines = ['12', 'Click here to load reader', 'Category:', 'Reports', 'Action Plan 2015', '12'].map((text, no) => ({ text, no, page: 1 }));
    const r = dropChrome(lines);
    expect(r.lines.map((l) => l.text)).toEqual(['Action Plan 2015', '12']);
    expect(r.removed).toBe(4);
  });
});

describe('due dates of real copies', () => {
  it('gives no single date for a cell naming several different dates', () => {
    expect(parseDueDate('July September 2005')).toBeNull();
    expect(parseDueDate('March 2008\nJune 2008')).toBeNull();
    expect(parseDueDate('September/October 2005 January 2006')).toBeNull();
    expect(parseDueDate('December 2008\nDecember 2008')).toBe('2008-12');
    expect(parseDueDate('Staff may attend by March 2010')).toBe('2010-03');
  });
});

describe('columns of real copies', () => {
  const cells = (texts: string[]) => texts.map((text) => ({ text, mergedAbove: false }));

  it('reads an unlabelled code column run down the rows as the section, the next as refs', () => {
    const labels = ['', '', 'Action', 'Lead'];
    const m = mapColumns(labels, headerChoices([labels]), [
      cells(['2.1', '', '', '2.2', '']),
      cells(['2.1.1', '2.1.2', '2.1.3', '2.2.1', '2.2.2']),
      cells(['Publish the bin calendar in large print.', 'Offer assisted collections to residents who ask.', 'Review the bulky waste policy.', 'Train staff in deaf awareness.', 'Add captions to council videos.']),
      cells(['Waste Services', 'Waste Services', 'Waste Services', 'HR Manager', 'Communications Team']),
    ], false);
    expect(m.map((c) => c.field)).toEqual(['section', 'ref', 'action', 'lead']);
  });

  it('maps an indicator beside an outcome column to the output; "Action by", "By whom" to the lead; "Achieved?" to progress', () => {
    const fields = (labels: string[]) => mapColumns(labels, headerChoices([labels]), labels.map(() => []), false).map((c) => c.field);
    expect(fields(['Action', 'Performance Indicator', 'Expected Outcome'])).toEqual(['action', 'output', 'outcome']);
    expect(fields(['Action', 'Performance Indicator'])).toEqual(['action', 'outcome']);
    expect(fields(['Action', 'Action By', 'Achieved?'])).toEqual(['action', 'lead', 'progress']);
    expect(fields(['ACTION', 'BY WHOM', 'WHEN'])).toEqual(['action', 'lead', 'due']);
  });
});

interface Agg { records_f1: number; fields: number }

function evaluate(corpus: string): Agg {
  const out = join(tempDir(), 'eval.json');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/eval.ts'), '--corpus', corpus, '--formats', 'txt', '--json', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(r.status, r.stderr.slice(-2000)).toBe(0);
  return (JSON.parse(readFileSync(out, 'utf8')) as { per_format: Record<string, Agg> }).per_format.txt;
}

describe('accuracy on real copies', () => {
  // measured records F1 1.000, fields 0.982 (before: 0.667 / 0.531)
  it('real text copies of ../shared/corpus-real: records F1 >= 0.97, fields >= 0.95', () => {
    const a = evaluate(sharedDir('corpus-real'));
    expect(a.records_f1).toBeGreaterThanOrEqual(0.97);
    expect(a.fields).toBeGreaterThanOrEqual(0.95);
  }, 300_000);

  // the reference PDFs of fixtures/corpus and fixtures/unseen laid out by
  // pdftotext -layout: measured 0.995 / 0.972 (before: 0.895 / 0.872, a plan
  // whose table stood among pages of prose read as no table; earlier 0.300 / 0.225)
  it('fixed-width copies (pdftotext -layout of the fixture PDFs): records F1 >= 0.97, fields >= 0.93', () => {
    const dir = tempDir();
    for (const set of ['corpus', 'unseen']) {
      for (const slug of readdirSync(join(ROOT, 'fixtures', set), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
        const from = join(ROOT, 'fixtures', set, slug);
        mkdirSync(join(dir, slug));
        execFileSync('pdftotext', ['-layout', join(from, 'plan.pdf'), join(dir, slug, 'source.txt')]);
        copyFileSync(join(from, 'gold.json'), join(dir, slug, 'gold.json'));
      }
    }
    const a = evaluate(dir);
    expect(a.records_f1).toBeGreaterThanOrEqual(0.97);
    expect(a.fields).toBeGreaterThanOrEqual(0.93);
  }, 300_000);
});

describe('a wrapped tab export whose row is cut by a page break', () => {
  // the header repeats at the top of the next page; the action's last words
  // come on its first line, beside the row's next sub-row
  const text = [
    'No.\tAction\tOutput\tBy when\tLead officer',
    '1.\tRun a grants surgery\tSurgery held\tMay 2010\tFunding Officer',
    '\tin each ward every\tmonthly\t\t',
    '2.\tTrain trustees of small\tTen trustees\tJune 2010\tDevelopment',
    '\tcharities so that they can\ttrained\t\tManager',
    '\tmanage their accounts\t\t\t',
    'No.\tAction\tOutput\tBy when\tLead officer',
    '\tand report to funders\tGuide published\tJuly 2010\tPolicy Officer',
    '\t\tonline\t\t',
    '3.\tHold a volunteering fair\tFair held\tSept 2010\tVolunteer Centre',
    '\tin the town centre\t\t\tManager',
  ].join('\n');

  it('gives the cut cell back to the row above, and its rows below take it whole', () => {
    const { records } = normaliseBlocks(readText(new TextEncoder().encode(text)).blocks);
    const two = records.filter((r) => r.ref === '2');
    expect(two.map((r) => r.output)).toEqual(['Ten trustees trained', 'Guide published online']);
    for (const r of two) expect(r.action).toBe('Train trustees of small charities so that they can manage their accounts and report to funders');
    expect(records.find((r) => r.ref === '3')?.action).toBe('Hold a volunteering fair in the town centre');
  });
});

describe('a fixed-width table among prose', () => {
  // most lines are prose, so the file as a whole is too little split to read
  // as a table; the lines under the header are split at the columns
  const prose = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} of the introduction explains how the partners will work together over the coming year and who reports to whom.`);
  // columns at 0, 48 and 66, as pdftotext -layout sets them
  const row = (...cells: string[]) => (cells[0]!.padEnd(48) + (cells[1] ?? '').padEnd(18) + (cells[2] ?? '')).trimEnd();
  const text = [
    'Partnership Delivery Plan',
    '',
    ...prose,
    '',
    row('Action', 'Lead officer', 'Target date'),
    row('1. Publish a directory of local voluntary', 'Policy Officer', 'March 2011'),
    row('   groups and keep it up to date'),
    row('2. Hold two funding fairs for small', 'Development', 'October 2011'),
    row('   community groups', 'Manager'),
    row('3. Agree a protocol for consulting the', 'Head of Policy', 'January 2012'),
    row('   sector on budget proposals'),
    '',
    ...prose.slice(0, 6),
  ].join('\n');

  it('is read as a table, each action with its lead and date', () => {
    const bytes = new TextEncoder().encode(text);
    expect(detectLayout(splitLines(text))).toBe('fixed');
    const { records } = normaliseBlocks(readText(bytes).blocks);
    expect(records.map((r) => [r.ref, r.action, r.lead, r.due])).toEqual([
      ['1', 'Publish a directory of local voluntary groups and keep it up to date', 'Policy Officer', 'March 2011'],
      ['2', 'Hold two funding fairs for small community groups', 'Development Manager', 'October 2011'],
      ['3', 'Agree a protocol for consulting the sector on budget proposals', 'Head of Policy', 'January 2012'],
    ]);
  });
});
